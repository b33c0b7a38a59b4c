"""Одномерные опыты с GAN: распределения данных, оценка плотности, оптимальный дискриминатор, рисунки.

Блокнот: notebooks/01_gan_1d_theory.ipynb.

Модуль не импортирует фреймворков: генератор, дискриминатор и шаг обучения живут в блокноте,
сюда приходят уже посчитанные массивы NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from scipy.stats import gaussian_kde, norm

from helpers.checks import require_int


def _vector(values: Sequence[float] | np.ndarray, what: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{what}: нужен непустой одномерный массив, получена форма {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what}: в массиве есть NaN или бесконечность.")
    return array


@dataclass(frozen=True)
class GaussianMixture1D:
    """Смесь одномерных нормальных распределений; одна гауссиана — смесь из одной компоненты."""

    means: tuple[float, ...]
    stds: tuple[float, ...]
    weights: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        means, stds = _vector(self.means, "means"), _vector(self.stds, "stds")
        if means.size != stds.size:
            raise ValueError(f"Средних {means.size}, а стандартных отклонений {stds.size}: нужно поровну.")
        if np.any(stds <= 0):
            raise ValueError(f"Стандартные отклонения должны быть > 0, получено {stds.tolist()}.")
        weights = np.full(means.size, 1.0 / means.size) if self.weights is None else _vector(self.weights, "weights")
        if weights.size != means.size or np.any(weights < 0) or not np.isclose(weights.sum(), 1.0):
            raise ValueError(f"Веса компонент должны быть неотрицательны, их {means.size} и в сумме 1; "
                             f"получено {weights.tolist()}.")
        object.__setattr__(self, "means", tuple(means.tolist()))
        object.__setattr__(self, "stds", tuple(stds.tolist()))
        object.__setattr__(self, "weights", tuple(weights.tolist()))

    @property
    def mean(self) -> float:
        """Математическое ожидание смеси."""
        return float(np.dot(self.weights, self.means))

    @property
    def std(self) -> float:
        """Стандартное отклонение смеси."""
        second_moment = np.dot(self.weights, np.square(self.stds) + np.square(self.means))
        return float(np.sqrt(second_moment - self.mean**2))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n независимых значений формы (n,), float32; случайность — только из `rng`."""
        require_int(n, "n (число образцов)")
        if not isinstance(rng, np.random.Generator):
            raise TypeError("Передайте генератор случайных чисел np.random.default_rng(сид).")
        component = rng.choice(len(self.means), size=n, p=self.weights)
        values = rng.normal(np.take(self.means, component), np.take(self.stds, component))
        return values.astype(np.float32)

    def pdf(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Плотность смеси в точках x."""
        x = np.asarray(x, dtype=float)
        return sum(w * norm.pdf(x, m, s) for w, m, s in zip(self.weights, self.means, self.stds, strict=True))


def density_on_grid(samples: Sequence[float] | np.ndarray, grid: Sequence[float] | np.ndarray,
                    max_samples: int = 5000) -> np.ndarray:
    """Оценка плотности образцов в точках сетки (гауссово ядро, ширина по правилу Скотта).

    Для скорости берутся первые `max_samples` образцов. Если все образцы почти совпадают
    (генератор выдаёт одну точку), ядро вырождено: тогда вся масса кладётся в ближайший узел сетки.
    """
    samples, grid = _vector(samples, "samples")[:max_samples], _vector(grid, "grid")
    if grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise ValueError("grid: нужна возрастающая сетка хотя бы из двух точек.")
    if samples.size < 2 or samples.std() < 1e-6 * max(1.0, float(np.abs(samples).max())):
        density = np.zeros_like(grid)
        density[np.argmin(np.abs(grid - samples.mean()))] = 1.0 / float(np.mean(np.diff(grid)))
        return density
    return gaussian_kde(samples)(grid)


def optimal_discriminator(p_data: Sequence[float] | np.ndarray, p_g: Sequence[float] | np.ndarray) -> np.ndarray:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)); там, где обе плотности нулевые, — NaN (не определено)."""
    p_data, p_g = _vector(p_data, "p_data"), _vector(p_g, "p_g")
    if p_data.shape != p_g.shape:
        raise ValueError(f"Плотности заданы на разных сетках: {p_data.shape} и {p_g.shape}.")
    if np.any(p_data < 0) or np.any(p_g < 0):
        raise ValueError("Плотность не может быть отрицательной.")
    total = p_data + p_g
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, p_data / np.where(total > 0, total, 1.0), np.nan)


def mode_fractions(samples: Sequence[float] | np.ndarray, centers: Sequence[float], radius: float) -> np.ndarray:
    """Доля образцов в пределах `radius` от каждого центра (моды)."""
    samples, centers = _vector(samples, "samples"), _vector(centers, "centers")
    if not radius > 0:
        raise ValueError(f"radius должен быть > 0, получено {radius!r}.")
    return np.array([np.mean(np.abs(samples - center) <= radius) for center in centers])


def plot_gan_panel(
    ax: Axes,
    grid: np.ndarray,
    real_density: np.ndarray,
    fake_samples: np.ndarray,
    d_values: np.ndarray,
    *,
    title: str,
    z_quantiles: np.ndarray | None = None,
    g_of_z: np.ndarray | None = None,
    optimal_d: np.ndarray | None = None,
) -> Axes:
    """Одна панель в духе рисунка 1 статьи Goodfellow et al. (2014).

    Чёрный пунктир — плотность данных, зелёная линия — плотность генератора (каждая плотность
    поделена на свой максимум: на рисунке важна форма), синий штрих — D(x); `optimal_d` рисуется
    только там, где хотя бы одна плотность больше 1 % своего максимума. Если даны `z_quantiles` (доли от 0 до 1) и `g_of_z`, внизу рисуется отображение
    x = G(z): точки z равномерно по ширине (как в статье) соединены с G(z) на оси x.
    """
    grid = _vector(grid, "grid")
    for name, values in (("real_density", real_density), ("d_values", d_values)):
        if np.shape(values) != grid.shape:
            raise ValueError(f"{name}: форма {np.shape(values)}, а сетка {grid.shape}.")
    real_shape = np.asarray(real_density, dtype=float) / np.max(real_density)
    fake_shape = density_on_grid(fake_samples, grid)
    fake_shape = fake_shape / np.max(fake_shape)
    ax.plot(grid, 0.9 * real_shape, "k:", lw=2, label="данные $p_{data}$")
    ax.plot(grid, 0.9 * fake_shape, color="tab:green", lw=2, label="генератор $p_g$")
    ax.plot(grid, d_values, "--", color="tab:blue", lw=2, label="дискриминатор $D(x)$")
    if optimal_d is not None:
        if np.shape(optimal_d) != grid.shape:
            raise ValueError(f"optimal_d: форма {np.shape(optimal_d)}, а сетка {grid.shape}.")
        shown = np.where((real_shape > 0.01) | (fake_shape > 0.01), optimal_d, np.nan)
        ax.plot(grid, shown, color="tab:blue", lw=1, alpha=0.5, label="оптимальный $D^*(x)$")
    ax.axhline(0.5, color="grey", lw=0.5)
    bottom = 0.0
    if z_quantiles is not None and g_of_z is not None:
        z_quantiles, g_of_z = _vector(z_quantiles, "z_quantiles"), _vector(g_of_z, "g_of_z")
        if z_quantiles.shape != g_of_z.shape:
            raise ValueError("z_quantiles и g_of_z должны быть одной длины.")
        z_positions = grid[0] + z_quantiles * (grid[-1] - grid[0])
        inside = (g_of_z >= grid[0]) & (g_of_z <= grid[-1])
        for z_x, x in zip(z_positions[inside], g_of_z[inside], strict=True):
            ax.annotate("", xy=(x, -0.05), xytext=(z_x, -0.35),
                        arrowprops={"arrowstyle": "->", "color": "grey", "lw": 0.6})
        ax.text(grid[0], -0.42, "z", fontsize=9, va="top")
        ax.text(grid[0], -0.02, "x", fontsize=9, va="bottom")
        ax.axhline(-0.35, color="black", lw=0.5)
        ax.axhline(-0.05, color="black", lw=0.5)
        bottom = -0.45
    ax.set_xlim(grid[0], grid[-1])
    ax.set_ylim(bottom, 1.05)
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_title(title)
    ax.set_xlabel("x")
    return ax


def plot_density_snapshots(
    grid: np.ndarray,
    real_density: np.ndarray,
    snapshots: Sequence[tuple[str, np.ndarray]],
    *,
    title: str,
    ax: Axes | None = None,
) -> Axes:
    """Плотность данных и плотности генератора в нескольких точках обучения на одной оси."""
    grid = _vector(grid, "grid")
    if not snapshots:
        raise ValueError("plot_density_snapshots: нет ни одного снимка генератора.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    ax.fill_between(grid, real_density, color="black", alpha=0.15, label="данные $p_{data}$")
    colours = plt.cm.viridis(np.linspace(0.0, 0.85, len(snapshots)))
    for (label, samples), colour in zip(snapshots, colours, strict=True):
        ax.plot(grid, density_on_grid(samples, grid), color=colour, lw=1.8, label=label)
    ax.set_title(title)
    ax.set_xlabel("x")
    ax.set_ylabel("плотность")
    ax.legend(fontsize=8)
    return ax
