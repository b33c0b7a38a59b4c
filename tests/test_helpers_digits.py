import numpy as np
import pytest

from helpers.digits import load_digits_images


@pytest.mark.parametrize(("size", "channels"), [(28, 1), (32, 3)])
def test_shape_range_and_labels(size, channels):
    images, labels = load_digits_images(size, channels)
    assert images.shape == (len(labels), size, size, channels)
    assert images.dtype == np.float32
    assert 0.0 <= images.min()
    assert images.max() <= 1.0
    assert images.max() > 0.9
    assert set(np.unique(labels)) == set(range(10))


def test_rgb_channels_are_equal():
    images, _ = load_digits_images(16, 3)
    assert np.array_equal(images[..., 0], images[..., 2])


@pytest.mark.parametrize(("size", "channels", "message"), [(4, 1, "size"), (28.0, 1, "size"), (28, 2, "channels")])
def test_bad_input(size, channels, message):
    with pytest.raises(ValueError, match=message):
        load_digits_images(size, channels)
