"""helpers.q_learning: карта озера, запись эпизода, рисунок политики на FrozenLake."""

from __future__ import annotations

import gymnasium as gym
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.q_learning import lake_map, plot_policy, policy_text, record_episode  # noqa: E402

# Кратчайший путь на нескользком 4×4: вправо, вправо, вниз, вниз, вниз, вправо.
SHORTEST = np.array([2, 2, 1, 0, 1, 0, 1, 0, 2, 2, 1, 0, 0, 2, 2, 0])


@pytest.fixture
def lake():
    return gym.make("FrozenLake-v1", map_name="4x4", is_slippery=False, render_mode="rgb_array")


def test_lake_map(lake):
    desc = lake_map(lake)
    assert desc.shape == (4, 4)
    assert desc[0, 0] == "S"
    assert desc[3, 3] == "G"


def test_lake_map_rejects_other_env():
    with pytest.raises(TypeError, match="FrozenLake"):
        lake_map(gym.make("CartPole-v1"))


def test_record_episode(lake):
    frames, actions, reward = record_episode(lake, SHORTEST, seed=0)
    assert actions == [2, 2, 1, 1, 1, 2]
    assert reward == 1.0
    assert len(frames) == 7
    assert frames[0].ndim == 3


def test_record_episode_needs_rgb_array():
    with pytest.raises(ValueError, match="rgb_array"):
        record_episode(gym.make("FrozenLake-v1"), SHORTEST, seed=0)


def test_policy_text_and_plot(lake):
    text = policy_text(SHORTEST, lake_map(lake))
    assert text.splitlines()[0] == "→ → ↓ ←"
    assert text.splitlines()[3].endswith("G")
    ax = plot_policy(SHORTEST, lake_map(lake), title="Политика")
    assert ax.get_title() == "Политика"
    assert len(ax.texts) == 16 + 1  # 16 клеток и буква S
    plt.close("all")
