"""helpers.plots: кривые, сетки изображений (на экране и одной картинкой), тепловые карты."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import helpers  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_moving_average_values():
    np.testing.assert_allclose(helpers.moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5])
    np.testing.assert_allclose(helpers.moving_average([5.0], 1), [5.0])


@pytest.mark.parametrize(("values", "window", "message"), [
    ([1, 2], 0, "window: нужно целое число ≥ 1"), ([1, 2], 3, "длиннее"), ([[1, 2]], 1, "одномерный"), ([1, 2], 1.5, "window: нужно целое число"),
])
def test_moving_average_rejects(values, window, message):
    with pytest.raises(ValueError, match=message):
        helpers.moving_average(values, window)


def test_training_curves_labels_and_smoothing():
    ax = helpers.plot_training_curves({"потери": np.linspace(1, 0, 20), "точность": np.linspace(0, 1, 20)},
                                      title="Обучение", ylabel="значение", smooth=5)
    assert ax.get_title() == "Обучение"
    assert ax.get_xlabel() == "Эпоха"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["потери (среднее по 5)", "точность (среднее по 5)"]


def test_training_curves_rejects_empty():
    with pytest.raises(ValueError, match="нет ни одной"):
        helpers.plot_training_curves({}, title="x")
    with pytest.raises(ValueError, match="непустым"):
        helpers.plot_training_curves({"a": []}, title="x")


def test_image_grid_layout_and_rescaling():
    images = np.linspace(-1, 1, 10 * 4 * 4).reshape(10, 4, 4, 1)
    fig = helpers.show_image_grid(images, ncols=4, value_range=(-1, 1), titles=[str(i) for i in range(10)])
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 12
    assert len(shown) == 10
    data = shown[0].images[0].get_array()
    assert data.min() >= 0
    assert data.max() <= 1


@pytest.mark.parametrize(("images", "kwargs", "message"), [
    (np.zeros((2, 4)), {}, "ожидались изображения"),
    (np.zeros((2, 4, 4, 2)), {}, "ожидались изображения"),
    (np.zeros((0, 4, 4)), {}, "пустой"),
    (np.full((2, 4, 4), 200.0), {}, "укажите верный value_range"),
    (np.zeros((2, 4, 4)), {"titles": ["a"]}, "Подписей 1"),
    (np.zeros((2, 4, 4)), {"value_range": (1, 0)}, "high > low"),
    (np.zeros((2, 4, 4)), {"ncols": 0}, "ncols"),
])
def test_image_grid_rejects(images, kwargs, message):
    with pytest.raises(ValueError, match=message):
        helpers.show_image_grid(images, **kwargs)


def test_tile_images_layout():
    images = np.stack([np.full((2, 3), value, np.uint8) for value in (0, 50, 100, 200, 255)])
    sheet = helpers.plots.tile_images(images[..., np.newaxis], ncols=2, pad=1)
    assert sheet.shape == (3 * 3 + 1, 2 * 4 + 1)
    assert sheet[1, 1] == 0
    assert sheet[1, 5] == 50
    assert sheet[7, 1] == 255
    assert sheet[7, 5] == 128  # пустая клетка — серая


@pytest.mark.parametrize(("images", "kwargs", "message"), [
    (np.zeros((2, 4, 4), np.float32), {}, "uint8"),
    (np.zeros((2, 4, 4, 3), np.uint8), {}, "в оттенках серого"),
    (np.zeros((0, 4, 4), np.uint8), {}, "пустой набор"),
    (np.zeros((4, 4), np.uint8), {}, "ожидались изображения"),
    (np.zeros((2, 4, 4), np.uint8), {"ncols": 0}, "ncols: нужно целое число ≥ 1"),
    (np.zeros((2, 4, 4), np.uint8), {"pad": -1}, "pad: нужно целое число ≥ 0"),
])
def test_tile_images_rejects(images, kwargs, message):
    with pytest.raises(ValueError, match=message):
        helpers.plots.tile_images(images, **kwargs)


def test_heatmap_annotations():
    ax = helpers.plot_heatmap(np.array([[0.0, 1.0], [0.5, 0.25]]), row_labels=["a", "b"], col_labels=["x", "y"],
                              title="Карта")
    assert sorted(text.get_text() for text in ax.texts) == ["0.00", "0.25", "0.50", "1.00"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y"]


def test_heatmap_rejects_bad_shapes():
    with pytest.raises(ValueError, match="двумерную"):
        helpers.plot_heatmap(np.zeros(3), row_labels=[], col_labels=[], title="x")
    with pytest.raises(ValueError, match="Подписей строк"):
        helpers.plot_heatmap(np.zeros((2, 2)), row_labels=["a"], col_labels=["x", "y"], title="x")
