"""Блокнот 04: Q-обучение на FrozenLake — исполнение в профилях smoke и full и проверка метрик."""

from __future__ import annotations

import time

import numpy as np
import pytest
from conftest import read_metrics, smoke_run_fixture
from papermill.exceptions import PapermillExecutionError

NOTEBOOK = "04_q_learning_frozenlake.ipynb"
# Оценка доли успехов по 1000 эпизодам: стандартная ошибка ≤ 0.016, берём 3 сигмы.
EVAL_NOISE = 0.05

pytestmark = pytest.mark.notebook


smoke_run = smoke_run_fixture(NOTEBOOK)


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 60, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 60 с"


def test_smoke_metrics(smoke_run):
    metrics = read_metrics(smoke_run[0])
    assert metrics["success_rate_4x4"] == 1.0
    for size in ("4x4", "8x8"):
        learned = metrics[f"success_rate_slippery_{size}"]
        optimal = metrics[f"optimal_success_rate_slippery_{size}"]
        assert 0.0 < learned <= optimal + EVAL_NOISE, (size, learned, optimal)
    # на 4×4 даже короткого бюджета smoke хватает, чтобы подойти к оптимуму
    assert metrics["optimal_success_rate_slippery_4x4"] - metrics["success_rate_slippery_4x4"] <= 0.10


def test_full_profile_slippery_4x4_near_optimum(run_notebook):
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
