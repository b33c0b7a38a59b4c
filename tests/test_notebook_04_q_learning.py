"""Блокнот 04: Q-обучение на FrozenLake — исполнение в профилях smoke и full и проверка метрик."""

from __future__ import annotations

import time

import numpy as np
import pytest
from papermill.exceptions import PapermillExecutionError

NOTEBOOK = "04_q_learning_frozenlake.ipynb"
# Оценка доли успехов по 1000 эпизодам: стандартная ошибка ≤ 0.016, берём 3 сигмы.
EVAL_NOISE = 0.05

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 60, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 60 с"


def test_smoke_metrics(read_metrics, smoke_run):
    metrics = read_metrics(smoke_run[0])
    assert metrics["success_rate_4x4"] == 1.0
    for size in ("4x4", "8x8"):
        learned = metrics[f"success_rate_slippery_{size}"]
        optimal = metrics[f"optimal_success_rate_slippery_{size}"]
        assert 0.0 < learned <= optimal + EVAL_NOISE, (size, learned, optimal)
    # на 4×4 даже короткого бюджета smoke хватает, чтобы подойти к оптимуму
    assert metrics["optimal_success_rate_slippery_4x4"] - metrics["success_rate_slippery_4x4"] <= 0.10


def test_smoke_trap_experiment(read_metrics, smoke_run):
    # Раздел 5: случайный выбор среди равных при нулевой таблице — случайное блуждание, которое находит
    # цель за 1000 эпизодов практически наверняка (вероятность неудачи — около 1e-6 на запуск).
    metrics = read_metrics(smoke_run[0])
    assert metrics["trap_seeds"] >= 1
    assert metrics["trapped_runs_random_ties"] == 0, metrics
    for name in ("trapped_runs_argmax_lecture_decay", "trapped_runs_argmax_fast_decay"):
        assert 0 <= metrics[name] <= metrics["trap_seeds"], (name, metrics[name])


@pytest.fixture(scope="module")
def rl_code(notebook_code) -> dict:
    """Пространство имён с кодом блокнота: ячейка импортов и ячейки с тегом rl-code."""
    return notebook_code(NOTEBOOK, "rl-code")


def test_evaluate_policy_counts_successes(rl_code):
    code = rl_code
    lake = code["gym"].make("FrozenLake-v1", map_name="4x4", is_slippery=False)
    shortest = np.array([2, 2, 1, 0, 1, 0, 1, 0, 2, 2, 1, 0, 0, 2, 2, 0])  # → → ↓ ↓ ↓ →
    assert code["evaluate_policy"](lake, shortest, episodes=5, seed=0) == 1.0
    assert code["evaluate_policy"](lake, np.zeros(16, dtype=int), episodes=3, seed=0) == 0.0  # всё время влево
    with pytest.raises(AssertionError, match="одно действие на состояние"):
        code["evaluate_policy"](lake, np.zeros(15, dtype=int), episodes=1, seed=0)


def test_argmax_ties_keep_a_greedy_agent_at_the_start(rl_code):
    # Ловушка раздела 5: без исследования и с np.argmax таблица остаётся нулевой, наград нет.
    code = rl_code
    lake = code["gym"].make("FrozenLake-v1", map_name="4x4", is_slippery=False)
    settings = dict(learning_rate=0.1, gamma=0.99, epsilon_start=0.0, epsilon_decay=1.0, epsilon_min=0.0)
    q_table, history = code["train_q_learning"](lake, episodes=3, seed=0, random_ties=False, **settings)
    assert not q_table.any()
    assert history["reward"].sum() == 0
    assert (history["steps"] == 100).all()


def test_full_profile_slippery_4x4_near_optimum(read_metrics, run_notebook):
    metrics = read_metrics(run_notebook(NOTEBOOK, "full", PROFILE="full", SEED=42))
    assert metrics["success_rate_4x4"] == 1.0
    gap = metrics["optimal_success_rate_slippery_4x4"] - metrics["success_rate_slippery_4x4"]
    assert gap <= 0.10, f"Q-обучение на скользком 4×4 отстаёт от оптимума на {gap:.3f}"


def test_same_seed_same_q_table(smoke_run, run_notebook):
    # Лекционный опыт одинаков в обоих профилях: два запуска с SEED=42 обязаны дать одну таблицу.
    full_dir = run_notebook(NOTEBOOK, "full", PROFILE="full", SEED=42)
    first = np.load(smoke_run[0] / "q_table_4x4.npy")
    second = np.load(full_dir / "q_table_4x4.npy")
    np.testing.assert_array_equal(first, second)
    other_seed = np.load(run_notebook(NOTEBOOK, "seed7", PROFILE="smoke", SEED=7) / "q_table_4x4.npy")
    assert not np.array_equal(first, other_seed), "другой SEED должен дать другую таблицу"


@pytest.mark.parametrize(
    ("run_name", "parameters", "message"),
    [
        ("bad-profile", {"PROFILE": "fast"}, "Неизвестный профиль PROFILE='fast'"),
        ("bad-data-dir", {"PROFILE": "smoke", "DATA_DIR": "/нет/такой/папки"}, "не существует"),
    ],
)
def test_bad_parameters_fail_at_once(run_notebook, run_name, parameters, message):
    started = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as error:
        run_notebook(NOTEBOOK, run_name, **parameters)
    assert message in str(error.value)
    assert time.perf_counter() - started < 30
