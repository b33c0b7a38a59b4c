import numpy as np
import pytest

from helpers.digits import load_digits_images
from helpers.printed_digits import FONT_FILES, font_paths, render_printed_digits


def test_shape_range_balance_and_seed():
    images, labels = render_printed_digits(40, 32, 3, seed=1)
    assert images.shape == (40, 32, 32, 3)
    assert images.dtype == np.float32
    assert 0.0 <= images.min()
    assert images.max() <= 1.0
    assert images.max() > 0.9
    assert np.array_equal(np.bincount(labels), np.full(10, 4))
    again, same_labels = render_printed_digits(40, 32, 3, seed=1)
    assert np.array_equal(images, again)
    assert np.array_equal(labels, same_labels)
    assert not np.array_equal(images, render_printed_digits(40, 32, 3, seed=2)[0])


def test_looks_like_sklearn_digits():
    # тот же конвейер (32×32 → блоки 4×4 → увеличение): близкая доля «чернил» на картинке
    printed, _ = render_printed_digits(200, 16)
    handwritten, _ = load_digits_images(16)
    assert printed.shape[1:] == handwritten.shape[1:]
    assert abs(printed.mean() - handwritten.mean()) < 0.1


def test_fonts_come_with_matplotlib():
    assert len(font_paths()) == len(FONT_FILES)


@pytest.mark.parametrize(
    ("count", "size", "channels", "message"),
    [(0, 32, 1, "count"), (10.0, 32, 1, "count"), (10, 4, 1, "size"), (10, 32, 2, "channels")],
)
def test_bad_input(count, size, channels, message):
    with pytest.raises(ValueError, match=message):
        render_printed_digits(count, size, channels)
