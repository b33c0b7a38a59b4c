"""helpers.gan_1d: распределения, оценка плотности, оптимальный дискриминатор, доли мод, рисунки."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.gan_1d import (  # noqa: E402
    GaussianMixture1D,
    density_on_grid,
    mode_fractions,
    optimal_discriminator,
    plot_density_snapshots,
    plot_gan_panel,
)


def test_single_gaussian_moments_and_pdf():
    data = GaussianMixture1D(means=(3.0,), stds=(0.5,))
    assert data.weights == (1.0,)
    assert data.mean == 3.0
    assert data.std == pytest.approx(0.5)
    grid = np.linspace(-2, 8, 2001)
    assert np.trapezoid(data.pdf(grid), grid) == pytest.approx(1.0, abs=1e-6)
    assert data.pdf([3.0])[0] == pytest.approx(1 / (0.5 * np.sqrt(2 * np.pi)))


def test_mixture_moments_match_samples():
    mixture = GaussianMixture1D(means=(0.0, 6.0), stds=(0.3, 0.3))
    assert mixture.mean == pytest.approx(3.0)
    assert mixture.std == pytest.approx(np.sqrt(9 + 0.09))
    samples = mixture.sample(40_000, np.random.default_rng(0))
    assert samples.dtype == np.float32
    assert samples.shape == (40_000,)
    assert samples.mean() == pytest.approx(3.0, abs=0.05)
    assert samples.std() == pytest.approx(mixture.std, abs=0.05)


def test_sampling_is_reproducible_from_rng():
    mixture = GaussianMixture1D(means=(0.0, 6.0), stds=(0.3, 0.3), weights=(0.25, 0.75))
    first = mixture.sample(100, np.random.default_rng(5))
    np.testing.assert_array_equal(first, mixture.sample(100, np.random.default_rng(5)))
    assert not np.array_equal(first, mixture.sample(100, np.random.default_rng(6)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"means": (0.0, 1.0), "stds": (1.0,)}, "поровну"),
        ({"means": (0.0,), "stds": (0.0,)}, "> 0"),
        ({"means": (0.0, 1.0), "stds": (1.0, 1.0), "weights": (0.7, 0.7)}, "в сумме 1"),
        ({"means": (), "stds": ()}, "непустой"),
        ({"means": (float("nan"),), "stds": (1.0,)}, "NaN"),
    ],
)
def test_mixture_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GaussianMixture1D(**kwargs)


def test_sample_rejects_bad_input():
    data = GaussianMixture1D(means=(0.0,), stds=(1.0,))
    with pytest.raises(ValueError, match="целое число"):
        data.sample(0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="default_rng"):
        data.sample(10, 42)


def test_density_on_grid_integrates_to_one_and_follows_the_data():
    samples = np.random.default_rng(0).normal(3.0, 0.5, 5000)
    grid = np.linspace(0, 6, 601)
    density = density_on_grid(samples, grid)
    assert np.trapezoid(density, grid) == pytest.approx(1.0, abs=0.01)
    assert grid[np.argmax(density)] == pytest.approx(3.0, abs=0.15)


def test_density_of_a_collapsed_generator_is_a_spike():
    grid = np.linspace(0, 6, 601)
    density = density_on_grid(np.full(100, 2.0), grid)
    assert np.count_nonzero(density) == 1
    assert grid[np.argmax(density)] == pytest.approx(2.0)
    assert np.trapezoid(density, grid) == pytest.approx(1.0, rel=0.05)


def test_density_on_grid_rejects_bad_grid():
    with pytest.raises(ValueError, match="возрастающая"):
        density_on_grid([1.0, 2.0], [3.0, 1.0])
    with pytest.raises(ValueError, match="одномерный"):
        density_on_grid(np.ones((2, 2)), [0.0, 1.0])


def test_optimal_discriminator():
    d_star = optimal_discriminator([1.0, 0.2, 0.0, 0.0], [1.0, 0.6, 0.5, 0.0])
    np.testing.assert_allclose(d_star[:3], [0.5, 0.25, 0.0])
    assert np.isnan(d_star[3]), "там, где обе плотности нулевые, D* не определён"


def test_optimal_discriminator_rejects_bad_input():
    with pytest.raises(ValueError, match="разных сетках"):
        optimal_discriminator([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="отрицательной"):
        optimal_discriminator([1.0, -0.1], [1.0, 1.0])


def test_mode_fractions():
    samples = np.array([0.1, -0.2, 0.0, 5.9, 3.0])
    np.testing.assert_allclose(mode_fractions(samples, (0.0, 6.0), radius=0.5), [0.6, 0.2])
    with pytest.raises(ValueError, match="radius"):
        mode_fractions(samples, (0.0,), radius=0.0)


def test_plot_gan_panel_draws_all_curves():
    grid = np.linspace(0, 6, 200)
    real = GaussianMixture1D(means=(3.0,), stds=(0.5,)).pdf(grid)
    fake = np.random.default_rng(0).normal(2.0, 0.5, 1000)
    _, ax = plt.subplots()
    plot_gan_panel(ax, grid, real, fake, np.full_like(grid, 0.5), title="панель", z_quantiles=np.linspace(0.1, 0.9, 5),
                   g_of_z=np.linspace(1, 3, 5), optimal_d=optimal_discriminator(real, density_on_grid(fake, grid)))
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"данные $p_{data}$", "генератор $p_g$", "дискриминатор $D(x)$", "оптимальный $D^*(x)$"} <= set(labels)
    assert len(ax.texts) == 5 + 2  # 5 стрелок z → G(z) и подписи осей z, x
    assert ax.get_title() == "панель"
    plt.close("all")


def test_plot_gan_panel_rejects_mismatched_shapes():
    grid = np.linspace(0, 6, 200)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="d_values"):
        plot_gan_panel(ax, grid, np.ones(200), np.ones(10), np.ones(199), title="t")
    with pytest.raises(ValueError, match="одной длины"):
        plot_gan_panel(ax, grid, np.ones(200), np.arange(10.0), np.ones(200), title="t",
                       z_quantiles=np.ones(3), g_of_z=np.ones(4))
    plt.close("all")


def test_plot_density_snapshots():
    grid = np.linspace(-1, 7, 100)
    ax = plot_density_snapshots(grid, np.ones(100), [("итерация 0", np.arange(10.0))], title="снимки")
    assert ax.get_title() == "снимки"
    assert len(ax.get_lines()) == 1
    with pytest.raises(ValueError, match="ни одного снимка"):
        plot_density_snapshots(grid, np.ones(100), [], title="снимки")
    plt.close("all")
