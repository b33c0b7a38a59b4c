"""helpers.data: офлайн-цифры — рукописные scikit-learn (load_digits) и печатные знаки из шрифтов (load_printed_characters)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data import DIGITS, FONT_FILES, LETTERS, font_paths, load_digits, load_printed_characters


@pytest.mark.parametrize(("size", "channels"), [(28, 1), (32, 3)])
def test_handwritten_shape_range_and_labels(size, channels):
    images, labels = load_digits(size=size, channels=channels)
    assert images.shape == (len(labels), size, size, channels)
    assert images.dtype == np.float32
    assert 0.0 <= images.min()
    assert images.max() <= 1.0
    assert images.max() > 0.9
    assert set(np.unique(labels)) == set(range(10))


def test_rgb_channels_are_equal():
    images, _ = load_digits(size=16, channels=3)
    assert np.array_equal(images[..., 0], images[..., 2])


@pytest.mark.parametrize(("size", "channels", "message"), [(4, 1, "size: нужно целое число ≥ 8"), (28.0, 1, "size"), (28, 2, "channels")])
def test_handwritten_bad_input(size, channels, message):
    with pytest.raises(ValueError, match=message):
        load_digits(size=size, channels=channels)


def test_printed_shape_range_balance_and_seed():
    images, labels = load_printed_characters(40, size=32, channels=3, seed=1)
    assert images.shape == (40, 32, 32, 3)
    assert images.dtype == np.float32
    assert 0.0 <= images.min()
    assert images.max() <= 1.0
    assert images.max() > 0.9
    assert np.array_equal(np.bincount(labels), np.full(10, 4))
    again, same_labels = load_printed_characters(40, size=32, channels=3, seed=1)
    assert np.array_equal(images, again)
    assert np.array_equal(labels, same_labels)
    assert not np.array_equal(images, load_printed_characters(40, size=32, channels=3, seed=2)[0])


def test_looks_like_sklearn_digits():
    # тот же конвейер (32×32 → блоки 4×4 → увеличение): близкая доля «чернил» на картинке
    printed, _ = load_printed_characters(200, size=16)
    handwritten, _ = load_digits(size=16)
    assert printed.shape[1:] == handwritten.shape[1:]
    assert abs(printed.mean() - handwritten.mean()) < 0.1


def test_letters_render_in_fonts_that_have_them():
    # у шрифтов Computer Modern нет кириллицы: такие буквы рисуются другими шрифтами, а не пустыми квадратами
    images, labels = load_printed_characters(2 * len(LETTERS), LETTERS, size=16, seed=0)
    assert np.array_equal(np.bincount(labels), np.full(len(LETTERS), 2))
    assert (images.reshape(len(images), -1).max(axis=1) > 0.5).all()


def test_letters_differ_from_digits():
    assert not set(LETTERS) & set(DIGITS)
    assert len(set(LETTERS)) == len(LETTERS)


@pytest.mark.parametrize(("characters", "message"), [("", "непустая строка"), ("AA", "разных знаков"),
                                                     (7, "непустая строка"), ("A中", "нет ни в одном шрифте")])
def test_printed_bad_characters(characters, message):
    with pytest.raises(ValueError, match=message):
        load_printed_characters(10, characters)


def test_fonts_come_with_matplotlib():
    assert len(font_paths()) == len(FONT_FILES)


@pytest.mark.parametrize(
    ("count", "size", "channels", "message"),
    [(0, 32, 1, "count"), (10.0, 32, 1, "count"), (10, 4, 1, "size"), (10, 32, 2, "channels")],
)
def test_printed_bad_input(count, size, channels, message):
    with pytest.raises(ValueError, match=message):
        load_printed_characters(count, size=size, channels=channels)
