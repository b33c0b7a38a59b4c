"""Блокнот 01: GAN на одномерной гауссиане — smoke-профиль, метрики, воспроизводимость, неверный профиль."""

from __future__ import annotations

import time

import numpy as np
import pytest
from papermill.exceptions import PapermillExecutionError

NOTEBOOK = "01_gan_1d_theory.ipynb"

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 60, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 60 с"


def test_smoke_generator_reaches_the_data(read_metrics, smoke_run):
    metrics = read_metrics(smoke_run[0])
    assert metrics["wasserstein_final"] < 0.25 * metrics["wasserstein_initial"], metrics


def test_smoke_discriminator_is_near_one_half(read_metrics, smoke_run):
    metrics = read_metrics(smoke_run[0])
    for name in ("d_real_mean_final", "d_fake_mean_final"):
        assert 0.35 <= metrics[name] <= 0.65, (name, metrics[name])


def test_smoke_mixture_shows_mode_collapse(read_metrics, smoke_run):
    # Рисунок раздела 9 утверждает: генератор покрывает одну моду из двух.
    metrics = read_metrics(smoke_run[0])
    covered = sorted([metrics["collapse_mode_fraction_first"], metrics["collapse_mode_fraction_second"]])
    assert covered[0] < 0.05, covered
    assert covered[1] > 0.9, covered


@pytest.fixture(scope="module")
def gan_code(notebook_code) -> dict:
    """Пространство имён с кодом блокнота: ячейка импортов и ячейки с тегом gan-code."""
    return notebook_code(NOTEBOOK, "gan-code")


def test_same_seed_same_result(gan_code):
    code = gan_code
    data = code["GaussianMixture1D"](means=(3.0,), stds=(0.5,))
    grid = np.linspace(-2.0, 6.0, 50)
    setup = dict(latent_dim=1, generator_hidden=8, discriminator_hidden=8, batch_size=64, learning_rate=1e-3,
                 beta_1=0.5, train_size=1000, eval_size=500)

    def final_state(seed):
        run = code["run_experiment"](data, grid, seed=seed, iterations=30, k=2, record_at={30}, **setup)
        return run["snapshots"][-1]["fake"], run["discriminator"].get_weights(), run["history"]["d_loss"]

    first, again, other = final_state(7), final_state(7), final_state(8)
    np.testing.assert_array_equal(first[0], again[0])
    for left, right in zip(first[1], again[1], strict=True):
        np.testing.assert_array_equal(left, right)
    np.testing.assert_array_equal(first[2], again[2])
    assert not np.array_equal(first[0], other[0]), "другой сид должен дать другой генератор"


def test_wrong_profile_fails_fast(run_notebook):
    started = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as error:
        run_notebook(NOTEBOOK, "bad-profile", PROFILE="fast")
    assert "Неизвестный профиль PROFILE='fast'" in str(error.value)
    assert time.perf_counter() - started < 30
