"""Графики курса: кривые обучения, сетки изображений (на экране и одной картинкой для файла), тепловые карты.

matplotlib.pyplot импортируется при первом рисунке, а не при `import helpers` (это полсекунды).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from helpers.checks import require_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def moving_average(values: Sequence[float] | np.ndarray, window: int) -> np.ndarray:
    """Скользящее среднее по окну `window` (длина результата: len(values) − window + 1)."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"moving_average ждёт одномерный ряд, получена форма {array.shape}.")
    require_int(window, "window")
    if window > array.size:
        raise ValueError(f"Окно {window} длиннее ряда ({array.size} значений).")
    cumulative = np.cumsum(np.insert(array, 0, 0.0))
    return (cumulative[window:] - cumulative[:-window]) / window


def plot_training_curves(
    curves: Mapping[str, Sequence[float]],
    *,
    title: str,
    xlabel: str = "Эпоха",
    ylabel: str = "",
    smooth: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Рисует одну или несколько кривых обучения на общей оси.

    `curves` — подпись → значения по шагам. При `smooth=k` исходная кривая рисуется бледно,
    а поверх — скользящее среднее по k точкам.
    """
    if not curves:
        raise ValueError("plot_training_curves: нет ни одной кривой.")
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(7, 4))
    for label, values in curves.items():
        y = np.asarray(values, dtype=float)
        if y.ndim != 1 or y.size == 0:
            raise ValueError(f"Кривая {label!r} должна быть непустым одномерным рядом, форма {y.shape}.")
        x = np.arange(1, y.size + 1)
        if smooth is None:
            ax.plot(x, y, marker="o" if y.size <= 30 else None, label=label)
            continue
        smoothed = moving_average(y, smooth)
        (line,) = ax.plot(x, y, alpha=0.25)
        ax.plot(x[smooth - 1 :], smoothed, color=line.get_color(), label=f"{label} (среднее по {smooth})")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def _to_unit_range(images: np.ndarray, value_range: tuple[float, float]) -> np.ndarray:
    low, high = value_range
    if not high > low:
        raise ValueError(f"value_range=(low, high) требует high > low, получено {value_range}.")
    tolerance = 1e-3 * (high - low)
    if images.min() < low - tolerance or images.max() > high + tolerance:
        raise ValueError(
            f"Значения изображений лежат в [{images.min():.3g}, {images.max():.3g}], "
            f"а заявлен диапазон {value_range}: укажите верный value_range."
        )
    return np.clip((images - low) / (high - low), 0.0, 1.0)


def _image_stack(images: np.ndarray, what: str) -> np.ndarray:
    """Изображения (N, H, W) или (N, H, W, C), C ∈ {1, 3, 4}, с N ≥ 1; один канал (C = 1) отбрасывается."""
    array = np.asarray(images)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (3, 4) or (array.ndim == 4 and array.shape[-1] not in (3, 4)):
        raise ValueError(f"{what}: ожидались изображения формы (N, H, W) или (N, H, W, C), получено {np.shape(images)}.")
    if array.shape[0] == 0:
        raise ValueError(f"{what}: пустой набор изображений.")
    return array


def _grid_shape(count: int, ncols: int) -> tuple[int, int]:
    """(строк, столбцов) сетки из `count` изображений не шире `ncols` столбцов."""
    ncols = min(require_int(ncols, "ncols"), count)
    return -(-count // ncols), ncols


def show_image_grid(
    images: np.ndarray,
    *,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    value_range: tuple[float, float] = (0.0, 1.0),
    suptitle: str | None = None,
    cell_size: float = 1.6,
) -> Figure:
    """Показывает изображения сеткой (каждое — в своей клетке, с подписью из `titles`).

    `images`: (N, H, W) или (N, H, W, C) с C ∈ {1, 3, 4}; `value_range` — диапазон значений
    на входе, например (-1, 1) для выхода tanh: он переводится в [0, 1] для показа.
    """
    array = _image_stack(np.asarray(images, dtype=float), "show_image_grid")
    if titles is not None and len(titles) != array.shape[0]:
        raise ValueError(f"Подписей {len(titles)}, а изображений {array.shape[0]}.")
    nrows, ncols = _grid_shape(array.shape[0], ncols)
    array = _to_unit_range(array, value_range)
    fig, axes = _pyplot().subplots(nrows, ncols, figsize=(cell_size * ncols, cell_size * nrows), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= array.shape[0]:
            continue
        ax.imshow(array[index], cmap="gray" if array.ndim == 3 else None, vmin=0.0, vmax=1.0)
        if titles is not None:
            ax.set_title(titles[index], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def tile_images(images: np.ndarray, ncols: int = 4, pad: int = 2) -> np.ndarray:
    """Склеивает картинки uint8 в оттенках серого, (N, H, W) или (N, H, W, 1), в одну картинку-сетку с серыми
    промежутками.

    Для файлов (PNG, кадры GIF); на экран сетку выводит `show_image_grid`.
    """
    array = _image_stack(images, "tile_images")
    if array.ndim != 3 or array.dtype != np.uint8:
        raise ValueError(f"tile_images: ожидались картинки uint8 в оттенках серого, формы (N, H, W), получено "
                         f"{array.shape}, {array.dtype}: сначала переведите значения в 0–255.")
    nrows, ncols = _grid_shape(array.shape[0], ncols)
    pad = require_int(pad, "pad", minimum=0)
    _, height, width = array.shape
    sheet = np.full((nrows * (height + pad) + pad, ncols * (width + pad) + pad), 128, dtype=np.uint8)
    for index, image in enumerate(array):
        row, col = divmod(index, ncols)
        top, left = pad + row * (height + pad), pad + col * (width + pad)
        sheet[top:top + height, left:left + width] = image
    return sheet


def plot_heatmap(
    matrix: np.ndarray,
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    title: str,
    annotate: bool = True,
    fmt: str = ".2f",
    cmap: str = "viridis",
    ax: Axes | None = None,
) -> Axes:
    """Тепловая карта матрицы с подписями строк и столбцов и (по желанию) числами в клетках."""
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"plot_heatmap ждёт двумерную матрицу, получена форма {data.shape}.")
    if len(row_labels) != data.shape[0] or len(col_labels) != data.shape[1]:
        raise ValueError(
            f"Подписей строк/столбцов {len(row_labels)}/{len(col_labels)}, а матрица {data.shape[0]}×{data.shape[1]}."
        )
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(0.9 * data.shape[1] + 2.5, 0.4 * data.shape[0] + 1.5))
    image = ax.imshow(data, cmap=cmap, aspect="auto")
    ax.figure.colorbar(image, ax=ax)
    ax.set_xticks(range(data.shape[1]), labels=col_labels)
    ax.set_yticks(range(data.shape[0]), labels=row_labels)
    ax.set_title(title)
    if annotate:
        middle = (np.nanmax(data) + np.nanmin(data)) / 2
        for (row, col), value in np.ndenumerate(data):
            ax.text(col, row, format(value, fmt), ha="center", va="center", fontsize=8,
                    color="black" if value > middle else "white")
    return ax
