"""Офлайн-картинки: рукописные цифры scikit-learn (8×8), увеличенные до нужного размера.

Общий источник данных для smoke-профиля блокнотов с картинками: набор поставляется вместе
с scikit-learn и не требует сети.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from helpers.checks import require_int

SOURCE_SIZE = 8
SOURCE_MAX = 16.0


def load_digits_images(size: int = 28, channels: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Цифры sklearn как картинки size×size×channels, float32 в [0, 1], и метки 0–9 (int64).

    channels=3 повторяет яркость в трёх каналах (для моделей, ждущих RGB).
    """
    require_int(size, "size", minimum=SOURCE_SIZE)
    if channels not in (1, 3):
        raise ValueError(f"channels должен быть 1 (оттенки серого) или 3 (RGB), получено {channels!r}.")
    from sklearn.datasets import load_digits

    digits = load_digits()
    resized = [
        np.asarray(Image.fromarray((image / SOURCE_MAX).astype(np.float32), mode="F").resize(
            (size, size), Image.Resampling.BILINEAR))
        for image in digits.images
    ]
    images = np.clip(np.stack(resized), 0.0, 1.0).astype(np.float32)[..., np.newaxis]
    return np.repeat(images, channels, axis=-1), digits.target.astype(np.int64)
