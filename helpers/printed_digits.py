"""Офлайн-источник для переноса обучения: печатные цифры 0–9 из шрифтов, которые поставляет matplotlib.

Цифры рисуются так же, как готовились рукописные цифры scikit-learn: чёрно-белая картинка 32×32,
сжатая блоками 4×4 до 8×8 (в каждой клетке — доля закрашенных точек), и затем увеличенная до
нужного размера, как в `helpers.digits.load_digits_images`. Чтобы печатные цифры были ближе к
почерку, штрих тоньше, цифра шире, контур слегка «гуляет» (упругое искажение, как у Симарда и др.,
2003), а у половины семёрок есть перечёркивание, как пишут от руки в Европе. И всё же одни цифры
напечатаны, а другие написаны от руки — это и есть сдвиг домена.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from helpers.checks import require_int

CANVAS = 32  # сторона чёрно-белой картинки до сжатия, как у scikit-learn
BLOCK = 4  # сжатие блоками 4×4 → 8×8
ELASTIC_ALPHA = 10.0  # размах упругого искажения, точек холста
ELASTIC_SIGMA = 3.0  # сглаживание поля смещений: чем больше, тем плавнее изгиб
# Шрифты с обычными начертаниями цифр (символьные шрифты STIX и cmex/cmsy не подходят).
FONT_FILES = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
    "STIXGeneral.ttf", "STIXGeneralBol.ttf", "STIXGeneralItalic.ttf", "STIXGeneralBolIta.ttf",
    "cmr10.ttf", "cmss10.ttf", "cmtt10.ttf", "cmb10.ttf",
)


def font_paths() -> list[Path]:
    """Пути к шрифтам из FONT_FILES в поставке matplotlib."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    paths = [folder / name for name in FONT_FILES if (folder / name).is_file()]
    if not paths:
        raise FileNotFoundError(f"В {str(folder)!r} нет шрифтов matplotlib: переустановите matplotlib.")
    return paths


def _elastic(binary: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Упругое искажение: каждая точка сдвигается по гладкому случайному полю смещений."""
    shift_y, shift_x = (ndimage.gaussian_filter(rng.uniform(-1, 1, binary.shape), ELASTIC_SIGMA) * ELASTIC_ALPHA
                        for _ in range(2))
    rows, cols = np.meshgrid(np.arange(binary.shape[0]), np.arange(binary.shape[1]), indexing="ij")
    return ndimage.map_coordinates(binary, [rows + shift_y, cols + shift_x], order=1, mode="constant")


def _render_one(digit: int, font: ImageFont.FreeTypeFont, rng: np.random.Generator) -> np.ndarray:
    """Одна цифра: чёрно-белая картинка CANVAS×CANVAS (float32, 0 или 1)."""
    big = Image.new("L", (3 * CANVAS, 3 * CANVAS), 0)
    stroke = int(rng.integers(0, 3))
    ImageDraw.Draw(big).text((CANVAS, CANVAS // 2), str(digit), fill=255, font=font, stroke_width=stroke,
                             stroke_fill=255)
    big = big.rotate(float(rng.uniform(-20, 20)), resample=Image.Resampling.BILINEAR)
    left, top, right, bottom = big.getbbox()
    glyph = big.crop((left, top, right, bottom))
    # высота цифры — 80–100 % картинки, ширина — по пропорциям с запасом вширь (но не шире картинки)
    height = int(rng.integers(int(0.8 * CANVAS), CANVAS + 1))
    width = max(2, min(CANVAS, round(glyph.width * height / glyph.height * rng.uniform(1.0, 1.8))))
    glyph = glyph.resize((width, height), Image.Resampling.BILINEAR)
    canvas = Image.new("L", (CANVAS, CANVAS), 0)
    canvas.paste(glyph, (int(rng.integers(0, CANVAS - width + 1)), int(rng.integers(0, CANVAS - height + 1))))
    binary = (np.asarray(canvas, dtype=np.float32) > 127).astype(np.float32)
    if digit == 7 and rng.random() < 0.5:  # перечёркнутая семёрка
        rows, cols = np.flatnonzero(binary.any(axis=1)), np.flatnonzero(binary.any(axis=0))
        row = int(rows[0] + (rows[-1] - rows[0]) * rng.uniform(0.45, 0.6))
        binary[row:row + int(rng.integers(1, 4)), cols[0] + (cols[-1] - cols[0]) // 5:cols[-1] + 1] = 1.0
    return (_elastic(binary, rng) > 0.5).astype(np.float32)


def render_printed_digits(count: int, size: int = 32, channels: int = 1, *,
                          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`count` печатных цифр как картинки size×size×channels (float32 в [0, 1]) и метки 0–9 (int64).

    Шрифт, толщина, поворот (±20°), размер, положение и упругое искажение цифры случайны, но
    воспроизводимы по `seed`;
    классы сбалансированы. Картинки совместимы с `helpers.digits.load_digits_images(size, channels)`.
    """
    require_int(count, "count")
    require_int(size, "size", minimum=CANVAS // BLOCK)
    if channels not in (1, 3):
        raise ValueError(f"channels должен быть 1 (оттенки серого) или 3 (RGB), получено {channels!r}.")
    rng = np.random.default_rng(seed)
    fonts = [ImageFont.truetype(str(path), size=2 * CANVAS) for path in font_paths()]
    labels = rng.permutation(np.arange(count) % 10).astype(np.int64)
    images = np.empty((count, size, size), dtype=np.float32)
    for index, digit in enumerate(labels):
        binary = _render_one(int(digit), fonts[int(rng.integers(len(fonts)))], rng)
        coarse = binary.reshape(CANVAS // BLOCK, BLOCK, CANVAS // BLOCK, BLOCK).mean(axis=(1, 3))
        images[index] = np.asarray(Image.fromarray(coarse, mode="F").resize((size, size), Image.Resampling.BILINEAR))
    images = np.clip(images, 0.0, 1.0)[..., np.newaxis]
    return np.repeat(images, channels, axis=-1), labels
