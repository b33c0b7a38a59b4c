"""Обвязка для табличного Q-обучения на FrozenLake: карта озера, запись эпизода, рисунок политики.

Блокнот: notebooks/04_q_learning_frozenlake.ipynb.

Сам алгоритм (ε-жадный выбор, Q-обновление, итерация по ценностям, оценка политики) живёт в блокноте.
Модуль не импортирует gymnasium: ему передают уже созданную среду.
"""

from __future__ import annotations

import os
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

ACTION_ARROWS = ("←", "↓", "→", "↑")  # порядок действий FrozenLake: 0 влево, 1 вниз, 2 вправо, 3 вверх
CELL_COLOURS = {"S": "#9ecae1", "F": "#deebf7", "H": "#3f5f8f", "G": "#fdd835"}

# Кадры rgb_array рисуются без окна; без дисплея SDL иначе печатает пугающее «error: XDG_RUNTIME_DIR…».
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")


def lake_map(env: Any) -> np.ndarray:
    """Карта озера как массив букв S/F/H/G формы (строки, столбцы)."""
    desc = getattr(env.unwrapped, "desc", None)
    if desc is None:
        raise TypeError("Ожидалась среда FrozenLake (у env.unwrapped нет карты desc).")
    return np.asarray(desc).astype(str)


def _check_policy(policy: np.ndarray, n_states: int) -> np.ndarray:
    policy = np.asarray(policy)
    if policy.shape != (n_states,) or not np.issubdtype(policy.dtype, np.integer):
        raise ValueError(f"Политика должна быть целочисленным массивом формы ({n_states},), получено {policy.shape}, {policy.dtype}.")
    if policy.min() < 0 or policy.max() >= len(ACTION_ARROWS):
        raise ValueError(f"Действия политики должны лежать в 0..{len(ACTION_ARROWS) - 1}.")
    return policy


def record_episode(env: Any, policy: np.ndarray, *, seed: int) -> tuple[list[np.ndarray], list[int], float]:
    """Проигрывает один эпизод политики в среде с render_mode='rgb_array'.

    Возвращает кадры (включая начальный), действия и итоговую награду.
    """
    if env.render_mode != "rgb_array":
        raise ValueError("Для записи кадров создайте среду с render_mode='rgb_array'.")
    policy = _check_policy(policy, env.observation_space.n)
    state, _ = env.reset(seed=seed)
    frames, actions, reward, done = [env.render()], [], 0.0, False
    while not done:
        action = int(policy[state])
        state, reward, terminated, truncated, _ = env.step(action)
        frames.append(env.render())
        actions.append(action)
        done = terminated or truncated
    return frames, actions, float(reward)


def policy_text(policy: np.ndarray, desc: np.ndarray) -> str:
    """Политика стрелками поверх карты (лунки и цель показаны буквами H и G)."""
    desc = np.asarray(desc).astype(str)
    policy = _check_policy(policy, desc.size).reshape(desc.shape)
    rows = []
    for letters, actions in zip(desc, policy, strict=True):
        rows.append(" ".join(letter if letter in "HG" else ACTION_ARROWS[action] for letter, action in zip(letters, actions, strict=True)))
    return "\n".join(rows)


def plot_policy(policy: np.ndarray, desc: np.ndarray, *, title: str, ax: Axes | None = None) -> Axes:
    """Рисует карту озера (S/F/H/G) и стрелку жадного действия в каждой клетке, кроме лунок и цели."""
    desc = np.asarray(desc).astype(str)
    policy = _check_policy(policy, desc.size).reshape(desc.shape)
    n_rows, n_cols = desc.shape
    if ax is None:
        _, ax = plt.subplots(figsize=(0.8 * n_cols + 1, 0.8 * n_rows + 1))
    for (row, col), letter in np.ndenumerate(desc):
        ax.add_patch(Rectangle((col, row), 1, 1, facecolor=CELL_COLOURS[letter], edgecolor="white"))
        if letter in "HG":
            ax.text(col + 0.5, row + 0.5, letter, ha="center", va="center", fontsize=12,
                    color="white" if letter == "H" else "black", weight="bold")
        else:
            ax.text(col + 0.5, row + 0.5, ACTION_ARROWS[policy[row, col]], ha="center", va="center", fontsize=16)
            if letter == "S":
                ax.text(col + 0.1, row + 0.2, "S", fontsize=8, weight="bold")
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    return ax
