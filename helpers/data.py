"""Данные курса — все наборы блокнотов и то, на чём они стоят: папка кэша, локальная копия (DATA_DIR),
загрузка с проверкой суммы, правило «настоящие данные или офлайн-замена» для профилей.

Загрузчик набора, у которого есть канонический источник: `load_x(data_dir=None, *, offline=False, seed=0, …)`.
data_dir=None — канонический источник (из сети, с кэшем), папка — её локальная копия; offline=True — офлайн-замена,
которой не нужны ни сеть, ни DATA_DIR; какой вариант взять в каком профиле, решает `real_or_offline`:

- `load_mnist` — MNIST (блокнот 02); замена — рукописные цифры scikit-learn 28×28;
- `load_beans` — beans, листья фасоли (03, 05); замена — те же цифры в формате beans (03);
- `load_text` — текст для символьной модели (06); замена — русская проза курса из данных пакета.

Офлайн-источники, которые курс берёт из установленных пакетов или делает сам, — без data_dir:
`load_digits` — рукописные цифры scikit-learn, единственный источник офлайн-цифр (на нём стоят замены MNIST
и beans, и его же берёт блокнот 05); `load_printed_characters` — печатные цифры и буквы из шрифтов matplotlib (05).

Фреймворки, datasets, PIL и scipy импортируются внутри загрузчиков: `import helpers` их не тянет.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlparse

import numpy as np

from helpers.checks import require_int
from helpers.environment import RESOLVED_PROFILES

if TYPE_CHECKING:
    import datasets
    from PIL import ImageFont

DEFAULT_TIMEOUT_S = 10.0
Loaded = TypeVar("Loaded")


CACHE_ENV = "COURSE_CACHE_DIR"  # переменная окружения с папкой кэша курса


def cache_dir() -> Path:
    """Папка кэша курса: $COURSE_CACHE_DIR или ~/.cache/dl-course-ru (создаётся при вызове)."""
    path = Path(os.environ.get(CACHE_ENV, Path.home() / ".cache" / "dl-course-ru"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path | None:
    """Проверяет DATA_DIR: None — канонический источник, иначе папка обязана существовать."""
    if data_dir is None:
        return None
    path = Path(data_dir).expanduser()
    if not path.exists():
        raise FileNotFoundError(
            f"DATA_DIR={str(path)!r} не существует. Укажите папку с локальной копией данных "
            "или DATA_DIR=None, чтобы скачать данные из сети."
        )
    if not path.is_dir():
        raise NotADirectoryError(f"DATA_DIR={str(path)!r} — это файл, а нужна папка с данными.")
    return path


def require_file(data_dir: Path, name: str, source: str) -> Path:
    """Возвращает путь к файлу `name` в DATA_DIR или останавливает блокнот с подсказкой.

    `source` — откуда взять файл (адрес или описание), он попадёт в сообщение.
    """
    path = Path(data_dir) / name
    if not path.is_file():
        raise FileNotFoundError(
            f"В DATA_DIR нет файла {name!r}. Скачайте его ({source}) и положите в {str(Path(data_dir))!r}."
        )
    return path


def say_offline(what: str) -> None:
    """Печатает одну заметную строку о том, что блокнот работает на офлайн-замене данных."""
    print(f"⚠ Офлайн-вариант: {what}")


def real_or_offline(profile: str, load_real: Callable[[], Loaded], load_offline: Callable[[], Loaded]) -> Loaded:
    """Данные по правилам профилей: smoke — офлайн-замена; full — только настоящие (без сети — ошибка);
    cpu — настоящие, если их можно взять (DATA_DIR или сеть), иначе офлайн-замена и строка о причине
    (саму замену называет её загрузчик через say_offline).

    `load_real` без сети должен быстро бросать ConnectionError (см. require_network).
    """
    if profile not in RESOLVED_PROFILES:
        raise ValueError(f"real_or_offline: профиль после раскрытия 'auto' — full, cpu или smoke, получено {profile!r}.")
    if profile == "smoke":
        return load_offline()
    if profile == "full":
        return load_real()
    try:
        return load_real()
    except ConnectionError as error:
        print(f"Профиль cpu: настоящие данные недоступны, беру офлайн-замену. Причина: {error}")
        return load_offline()


def sha256_of(path: Path) -> str:
    """SHA-256 файла (читается кусками)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(
    url: str,
    filename: str,
    *,
    sha256: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Скачивает файл в кэш курса (один раз) и проверяет SHA-256, если он известен.

    Ошибка сети или неверная сумма — понятное сообщение, а не зависание.
    """
    if not url.startswith(("http://", "https://", "file://")):
        raise ValueError(f"Адрес должен начинаться с http://, https:// или file://, получено {url!r}.")
    if not filename or Path(filename).name != filename:
        raise ValueError(f"filename должен быть именем файла без папок, получено {filename!r}.")
    target = cache_dir() / filename
    if not target.exists():
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise ConnectionError(
                f"Не удалось скачать {url} ({error}). Нет сети? Скачайте файл вручную и положите "
                f"его в папку DATA_DIR (или в кэш {str(cache_dir())!r} под именем {filename!r})."
            ) from error
        partial.replace(target)
    if sha256 is not None:
        actual = sha256_of(target)
        if actual != sha256.lower():
            raise ValueError(
                f"Файл {str(target)!r} повреждён или подменён: SHA-256 {actual}, ожидалось {sha256}. "
                "Удалите его и запустите ячейку ещё раз."
            )
    return target


def require_network(url: str, *, what: str, where: str, timeout: float = 5.0) -> None:
    """Проверяет за несколько секунд, что `url` доступен; иначе — ошибка по-русски.

    Вызывается перед загрузкой библиотечными средствами (datasets, from_pretrained, keras),
    которые без сети могут долго повторять попытки. `what` — что скачать вручную,
    `where` — куда это положить (обычно папка для DATA_DIR).
    """
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"Адрес должен начинаться с http:// или https://, получено {url!r}.")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return
    except urllib.error.HTTPError:
        return  # сервер ответил (пусть и ошибкой) — сеть есть
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ConnectionError(
            f"Нет доступа к {url} ({error}). Без сети скачайте {what} на другом компьютере, положите в {where} "
            "и укажите эту папку в параметре DATA_DIR."
        ) from error


def _only_offline_or_data_dir(data_dir: object, offline: bool) -> None:
    if offline and data_dir is not None:
        raise ValueError("offline=True — офлайн-замена, ей DATA_DIR не нужен: передайте либо папку с данными, "
                         "либо offline=True.")


# --- офлайн-цифры: рукописные scikit-learn и печатные из шрифтов matplotlib -----------------------

DIGITS_SOURCE_SIZE = 8  # сторона рукописных цифр scikit-learn
DIGITS_SOURCE_MAX = 16.0  # их наибольшее значение


def _check_channels(channels: int) -> None:
    if channels not in (1, 3):
        raise ValueError(f"channels должен быть 1 (оттенки серого) или 3 (RGB), получено {channels!r}.")


def load_digits(*, size: int = 28, channels: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """1 797 рукописных цифр scikit-learn (8×8) как картинки size×size×channels, float32 в [0, 1], и метки 0–9 (int64).

    Набор поставляется вместе с scikit-learn и не требует сети. channels=3 повторяет яркость в трёх каналах
    (для моделей, ждущих RGB). Единственный источник офлайн-цифр курса.
    """
    require_int(size, "size", minimum=DIGITS_SOURCE_SIZE)
    _check_channels(channels)
    import sklearn.datasets
    from PIL import Image

    digits = sklearn.datasets.load_digits()
    resized = [
        np.asarray(Image.fromarray((image / DIGITS_SOURCE_MAX).astype(np.float32), mode="F").resize(
            (size, size), Image.Resampling.BILINEAR))
        for image in digits.images
    ]
    images = np.clip(np.stack(resized), 0.0, 1.0).astype(np.float32)[..., np.newaxis]
    return np.repeat(images, channels, axis=-1), digits.target.astype(np.int64)


# Печатные знаки рисуются так же, как готовились рукописные цифры scikit-learn: чёрно-белая картинка 32×32,
# сжатая блоками 4×4 до 8×8 (в каждой клетке — доля закрашенных точек), и затем увеличенная до нужного размера.
# Чтобы печатные знаки были ближе к почерку, штрих тоньше, знак шире, контур слегка «гуляет» (упругое
# искажение, как у Симарда и др., 2003), а у половины семёрок есть перечёркивание, как пишут от руки в Европе.
# И всё же одни цифры напечатаны, а другие написаны от руки — это и есть сдвиг домена (блокнот 05).
PRINTED_CANVAS = 32  # сторона чёрно-белой картинки до сжатия, как у scikit-learn
PRINTED_BLOCK = 4  # сжатие блоками 4×4 → 8×8
ELASTIC_ALPHA = 10.0  # размах упругого искажения, точек холста
ELASTIC_SIGMA = 3.0  # сглаживание поля смещений: чем больше, тем плавнее изгиб
DIGITS = "0123456789"
# Буквы исходной задачи блокнота 05: латиница и кириллица без букв, похожих на цифры (O, I, l, Z, S, B, G, g, q,
# б, З, Ч, Ь…), и без кириллических букв, которые пишутся как латинские (А, В, Е, К, М, Н, О, Р, С, Т, У, Х, е…):
# у каждого класса — своё начертание.
LATIN_LETTERS = "ACEFHJKLMNPQRUVWXYacdefhkmnpruvwxy"
CYRILLIC_LETTERS = "".join("Г Д Ж И Й Л П Ф Ц Ш Щ Ы Э Ю Я в г д ж и й к л м н п т ф ц ш щ ы э ю я".split())
LETTERS = LATIN_LETTERS + CYRILLIC_LETTERS
# Шрифты с обычными начертаниями цифр и букв (символьные шрифты STIX и cmex/cmsy не подходят).
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


def _fonts_by_character(characters: str) -> dict[str, list[Path]]:
    """Для каждого знака — шрифты, в которых он есть (у шрифтов Computer Modern нет кириллицы)."""
    from fontTools.ttLib import TTFont

    code_points = {path: set(TTFont(path).getBestCmap()) for path in font_paths()}
    found = {character: [path for path, points in code_points.items() if ord(character) in points]
             for character in characters}
    missing = "".join(character for character, paths in found.items() if not paths)
    if missing:
        raise ValueError(f"Знаков {missing!r} нет ни в одном шрифте matplotlib из FONT_FILES: уберите их из characters.")
    return found


def _elastic(binary: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Упругое искажение: каждая точка сдвигается по гладкому случайному полю смещений."""
    from scipy import ndimage

    shift_y, shift_x = (ndimage.gaussian_filter(rng.uniform(-1, 1, binary.shape), ELASTIC_SIGMA) * ELASTIC_ALPHA
                        for _ in range(2))
    rows, cols = np.meshgrid(np.arange(binary.shape[0]), np.arange(binary.shape[1]), indexing="ij")
    return ndimage.map_coordinates(binary, [rows + shift_y, cols + shift_x], order=1, mode="constant")


def _render_printed_character(character: str, font: ImageFont.FreeTypeFont, rng: np.random.Generator) -> np.ndarray:
    """Один знак: чёрно-белая картинка PRINTED_CANVAS×PRINTED_CANVAS (float32, 0 или 1)."""
    from PIL import Image, ImageDraw

    canvas_size = PRINTED_CANVAS
    big = Image.new("L", (3 * canvas_size, 3 * canvas_size), 0)
    stroke = int(rng.integers(0, 3))
    ImageDraw.Draw(big).text((canvas_size, canvas_size // 2), character, fill=255, font=font, stroke_width=stroke,
                             stroke_fill=255)
    big = big.rotate(float(rng.uniform(-20, 20)), resample=Image.Resampling.BILINEAR)
    left, top, right, bottom = big.getbbox()
    glyph = big.crop((left, top, right, bottom))
    # высота знака — 80–100 % картинки, ширина — по пропорциям с запасом вширь (но не шире картинки)
    height = int(rng.integers(int(0.8 * canvas_size), canvas_size + 1))
    width = max(2, min(canvas_size, round(glyph.width * height / glyph.height * rng.uniform(1.0, 1.8))))
    glyph = glyph.resize((width, height), Image.Resampling.BILINEAR)
    canvas = Image.new("L", (canvas_size, canvas_size), 0)
    canvas.paste(glyph, (int(rng.integers(0, canvas_size - width + 1)), int(rng.integers(0, canvas_size - height + 1))))
    binary = (np.asarray(canvas, dtype=np.float32) > 127).astype(np.float32)
    if character == "7" and rng.random() < 0.5:  # перечёркнутая семёрка
        rows, cols = np.flatnonzero(binary.any(axis=1)), np.flatnonzero(binary.any(axis=0))
        row = int(rows[0] + (rows[-1] - rows[0]) * rng.uniform(0.45, 0.6))
        binary[row:row + int(rng.integers(1, 4)), cols[0] + (cols[-1] - cols[0]) // 5:cols[-1] + 1] = 1.0
    return (_elastic(binary, rng) > 0.5).astype(np.float32)


def load_printed_characters(count: int, characters: str = DIGITS, *, size: int = 32, channels: int = 1,
                            seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`count` печатных знаков из `characters` как картинки size×size×channels (float32 в [0, 1]) и метки (int64).

    Метка — номер знака в строке `characters` (для DIGITS это сама цифра). Шрифт (из тех, где знак есть),
    толщина, поворот (±20°), размер, положение и упругое искажение случайны, но воспроизводимы по `seed`;
    классы сбалансированы. Картинки совместимы с `load_digits(size=…, channels=…)`.
    """
    require_int(count, "count")
    if not isinstance(characters, str) or not characters or len(set(characters)) != len(characters):
        raise ValueError(f"characters — непустая строка из разных знаков, получено {characters!r}.")
    require_int(size, "size", minimum=PRINTED_CANVAS // PRINTED_BLOCK)
    _check_channels(channels)
    from PIL import Image, ImageFont

    fonts = {character: [ImageFont.truetype(str(path), size=2 * PRINTED_CANVAS) for path in paths]
             for character, paths in _fonts_by_character(characters).items()}
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(count) % len(characters)).astype(np.int64)
    images = np.empty((count, size, size), dtype=np.float32)
    coarse_size = PRINTED_CANVAS // PRINTED_BLOCK
    for index, label in enumerate(labels):
        character = characters[label]
        choices = fonts[character]
        binary = _render_printed_character(character, choices[int(rng.integers(len(choices)))], rng)
        coarse = binary.reshape(coarse_size, PRINTED_BLOCK, coarse_size, PRINTED_BLOCK).mean(axis=(1, 3))
        images[index] = np.asarray(Image.fromarray(coarse, mode="F").resize((size, size), Image.Resampling.BILINEAR))
    images = np.clip(images, 0.0, 1.0)[..., np.newaxis]
    return np.repeat(images, channels, axis=-1), labels


# --- MNIST (блокнот 02) ---------------------------------------------------------------------------

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SIZE = 28
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
IDX_MAGIC = {3: 2051, 1: 2049}  # число измерений → «магическое число» формата IDX
MNIST_OFFLINE_TEST_FRACTION = 0.25


@dataclass(frozen=True)
class MnistData:
    """Обучающая и тестовая части: картинки uint8 (N, 28, 28), метки int64, откуда взяты."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Читает файл формата IDX (как в оригинальном MNIST), сжатый gzip или нет."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4:
        raise ValueError(f"{str(path)!r}: файл слишком короткий для формата IDX.")
    magic = int.from_bytes(raw[:4], "big")
    ndim = magic & 0xFF
    if magic != IDX_MAGIC.get(ndim):
        raise ValueError(f"{str(path)!r}: это не IDX-файл MNIST (магическое число {magic}).")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{str(path)!r}: заявлена форма {shape}, а данных {data.size} байт — файл обрезан?")
    return data.reshape(shape)


def _find_idx(data_dir: Path, stem: str) -> Path | None:
    for name in (stem, f"{stem}.gz"):
        if (data_dir / name).is_file():
            return data_dir / name
    return None


def _mnist_from_data_dir(data_dir: Path) -> MnistData:
    npz = data_dir / "mnist.npz"
    if npz.is_file():
        with np.load(npz) as arrays:
            return MnistData(*(arrays[key] for key in IDX_FILES), source=f"локальный файл {npz}")
    found = {key: _find_idx(data_dir, stem) for key, stem in IDX_FILES.items()}
    missing = [IDX_FILES[key] for key, path in found.items() if path is None]
    if missing:
        raise FileNotFoundError(
            f"В DATA_DIR={str(data_dir)!r} нет ни mnist.npz, ни IDX-файлов MNIST (не хватает: {', '.join(missing)}). "
            f"Скачайте {MNIST_URL} и положите в эту папку как mnist.npz."
        )
    arrays = {key: read_idx(path) for key, path in found.items()}
    return MnistData(**arrays, source=f"IDX-файлы в {data_dir}")


def _mnist_from_keras() -> MnistData:
    cached = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets" / "mnist.npz"
    if not cached.is_file():
        require_network(MNIST_URL, what="mnist.npz", where="отдельную папку")
    import tensorflow as tf

    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    return MnistData(x_train, y_train, x_test, y_test, source="tf.keras.datasets.mnist")


def _mnist_offline(seed: int) -> MnistData:
    """Рукописные цифры scikit-learn 28×28 в форматах MNIST; тест — четверть цифр, перестановка с сидом `seed`."""
    images, labels = load_digits(size=MNIST_SIZE, channels=1)
    images = np.round(images[..., 0] * 255).astype(np.uint8)
    order = np.random.default_rng(seed).permutation(len(labels))
    n_test = int(len(labels) * MNIST_OFFLINE_TEST_FRACTION)
    test, train = order[:n_test], order[n_test:]
    say_offline(f"вместо MNIST — {len(labels)} рукописных цифр scikit-learn (8×8, увеличены до 28×28); "
                "настоящий MNIST — через DATA_DIR или загрузку из сети.")
    return MnistData(images[train], labels[train], images[test], labels[test], source="цифры scikit-learn 28×28")


def _validated_mnist(data: MnistData) -> MnistData:
    for name in ("x_train", "x_test"):
        images = getattr(data, name)
        if images.ndim != 3 or images.shape[1:] != (MNIST_SIZE, MNIST_SIZE) or images.dtype != np.uint8:
            raise ValueError(f"{name}: ожидались картинки uint8 формы (N, 28, 28), получено {images.shape}, {images.dtype}.")
    for images, labels in ((data.x_train, data.y_train), (data.x_test, data.y_test)):
        if len(images) != len(labels):
            raise ValueError(f"Картинок {len(images)}, а меток {len(labels)}: файлы от разных наборов?")
    return MnistData(data.x_train, data.y_train.astype(np.int64), data.x_test, data.y_test.astype(np.int64),
                     data.source)


def load_mnist(data_dir: str | os.PathLike[str] | None = None, *, offline: bool = False, seed: int = 0) -> MnistData:
    """MNIST: картинки uint8 формы (N, 28, 28) со значениями 0–255 и метки 0–9 (int64), из любого источника.

    `data_dir` — папка с mnist.npz или четырьмя IDX-файлами (можно .gz); None — `tf.keras.datasets.mnist`
    (из кэша Keras или из сети; без сети — ConnectionError за секунды, см. `require_network`). Нет нужных
    файлов в `data_dir` — FileNotFoundError с тем, что скачать и куда положить.
    offline=True — офлайн-замена: 1 797 рукописных цифр scikit-learn, увеличенных до 28×28; тестовая часть —
    четверть цифр, выбранная перестановкой с сидом `seed`. О замене печатается одна строка.
    """
    _only_offline_or_data_dir(data_dir, offline)
    if offline:
        return _validated_mnist(_mnist_offline(seed))
    folder = resolve_data_dir(data_dir)
    return _validated_mnist(_mnist_from_data_dir(folder) if folder is not None else _mnist_from_keras())


# --- beans, листья фасоли (блокноты 03 и 05) -------------------------------------------------------

BEANS_HUB_ID = "beans"  # то же имя, что в лекции; на Hub набор лежит в AI-Lab-Makerere/beans
BEANS_URL = "https://huggingface.co/datasets/AI-Lab-Makerere/beans"
SPLITS = ("train", "validation", "test")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
BEANS_SUBFOLDER = "beans"  # DATA_DIR может быть самой папкой набора или содержать её под этим именем
BEANS_OFFLINE_FRACTIONS = {"validation": 0.15, "test": 0.15}  # доли офлайн-замены, остальное — train


def _where_to_put_beans(data_dir: Path | None) -> str:
    base = str(data_dir) if data_dir is not None else "папку курса (например, data/)"
    return (
        f"папку {base}/{BEANS_SUBFOLDER} — либо копию `load_dataset('beans').save_to_disk(...)`, "
        "либо папки train/, validation/, test/ с подпапками по классам"
    )


def _beans_from_image_folders(root: Path) -> datasets.DatasetDict:
    """Папки root/<сплит>/<класс>/*.jpg → DatasetDict; классы — имена подпапок по алфавиту."""
    import datasets

    missing = [split for split in SPLITS if not (root / split).is_dir()]
    if missing:
        raise FileNotFoundError(
            f"В {str(root)!r} нет папок {', '.join(missing)}. Нужны {', '.join(SPLITS)} "
            "с подпапками по классам (например, train/healthy/*.jpg)."
        )
    classes = sorted(child.name for child in (root / "train").iterdir() if child.is_dir())
    if not classes:
        raise FileNotFoundError(f"В {str(root / 'train')!r} нет подпапок с классами.")
    features = datasets.Features({"image": datasets.Image(), "labels": datasets.ClassLabel(names=classes)})
    splits = {}
    for split in SPLITS:
        unknown = sorted({child.name for child in (root / split).iterdir() if child.is_dir()} - set(classes))
        if unknown:
            raise ValueError(f"В {str(root / split)!r} есть классы {unknown}, которых нет в train: {classes}.")
        files = [(str(path), label) for label, name in enumerate(classes) if (root / split / name).is_dir()
                 for path in sorted((root / split / name).iterdir()) if path.suffix.lower() in IMAGE_SUFFIXES]
        if not files:
            raise FileNotFoundError(f"В {str(root / split)!r} нет картинок ({', '.join(IMAGE_SUFFIXES)}).")
        paths, labels = zip(*files, strict=True)
        splits[split] = datasets.Dataset.from_dict({"image": list(paths), "labels": list(labels)}, features=features)
    return datasets.DatasetDict(splits)


def _beans_from_disk(root: Path) -> datasets.DatasetDict:
    """Копия, сохранённая `DatasetDict.save_to_disk`."""
    import datasets

    loaded = datasets.load_from_disk(str(root))
    if not isinstance(loaded, datasets.DatasetDict):
        raise ValueError(f"В {str(root)!r} сохранён один сплит, а нужен DatasetDict со сплитами {SPLITS}.")
    return _standardise_beans(loaded, str(root))


def _standardise_beans(dataset: datasets.DatasetDict, origin: str) -> datasets.DatasetDict:
    """Оставляет сплиты train/validation/test и колонки image, labels (label → labels)."""
    import datasets

    missing = [split for split in SPLITS if split not in dataset]
    if missing:
        raise ValueError(f"В наборе из {origin} нет сплитов {missing}; есть {list(dataset)}.")
    result = {}
    for split in SPLITS:
        part = dataset[split]
        if "labels" not in part.column_names and "label" in part.column_names:
            part = part.rename_column("label", "labels")
        absent = {"image", "labels"} - set(part.column_names)
        if absent:
            raise ValueError(f"В сплите {split!r} из {origin} нет колонок {sorted(absent)}; есть {part.column_names}.")
        result[split] = part.select_columns(["image", "labels"])
    return datasets.DatasetDict(result)


def _beans_offline(size: int, seed: int) -> datasets.DatasetDict:
    """Цифры scikit-learn в формате beans: train/validation/test, колонки image (RGB PIL) и labels.

    Разбиение стратифицировано по классам и зависит только от `seed`.
    """
    import datasets
    from PIL import Image
    from sklearn.model_selection import train_test_split

    images, labels = load_digits(size=size, channels=3)
    validation_fraction, test_fraction = BEANS_OFFLINE_FRACTIONS["validation"], BEANS_OFFLINE_FRACTIONS["test"]
    rest, test = train_test_split(np.arange(len(labels)), test_size=test_fraction, stratify=labels, random_state=seed)
    train, validation = train_test_split(rest, test_size=validation_fraction / (1 - test_fraction),
                                         stratify=labels[rest], random_state=seed)
    features = datasets.Features({"image": datasets.Image(),
                                  "labels": datasets.ClassLabel(names=[str(d) for d in range(10)])})

    def part(chosen: np.ndarray) -> datasets.Dataset:
        pictures = [Image.fromarray((images[i] * 255).round().astype(np.uint8), mode="RGB") for i in chosen]
        return datasets.Dataset.from_dict({"image": pictures, "labels": labels[chosen].tolist()}, features=features)

    return datasets.DatasetDict({"train": part(train), "validation": part(validation), "test": part(test)})


def load_beans(data_dir: str | os.PathLike[str] | None = None, *, offline: bool = False, seed: int = 0,
               offline_size: int = 16) -> datasets.DatasetDict:
    """Набор beans: DatasetDict (train/validation/test) с колонками image (PIL) и labels (ClassLabel с именами).

    data_dir=None — скачивание `load_dataset("beans")` (сначала быстрая проверка сети: без неё
    ошибка по-русски за секунды). Иначе data_dir — папка с копией набора (или папка, в которой
    лежит подпапка `beans`): формат `save_to_disk` (есть dataset_dict.json) или картинки
    train/<класс>/*.jpg, validation/…, test/….
    offline=True — офлайн-замена в том же формате: рукописные цифры scikit-learn, RGB offline_size×offline_size,
    классы «0»–«9»; разбиение 70/15/15 стратифицировано по классам и зависит только от `seed`.
    """
    _only_offline_or_data_dir(data_dir, offline)
    if offline:
        return _beans_offline(require_int(offline_size, "offline_size", minimum=DIGITS_SOURCE_SIZE), seed)
    root = resolve_data_dir(data_dir)
    if root is None:
        require_network(BEANS_URL, what="набор beans (`load_dataset('beans').save_to_disk(...)`)",
                        where=_where_to_put_beans(None))
        import datasets

        return _standardise_beans(datasets.load_dataset(BEANS_HUB_ID), f"Hub ({BEANS_HUB_ID})")
    if (root / BEANS_SUBFOLDER).is_dir():
        root = root / BEANS_SUBFOLDER
    if (root / "dataset_dict.json").is_file():
        return _beans_from_disk(root)
    if any((root / split).is_dir() for split in SPLITS):
        return _beans_from_image_folders(root)
    raise FileNotFoundError(
        f"В {str(root)!r} не найден набор beans. Скачайте его (`load_dataset('beans')`, {BEANS_URL}) "
        f"на компьютере с сетью и положите в {_where_to_put_beans(root)}."
    )


# --- текст для символьной модели (блокнот 06) ------------------------------------------------------

NIETZSCHE_URL = "https://s3.amazonaws.com/text-datasets/nietzsche.txt"  # текст лекции в хранилище данных Keras
# Офлайн-корпус: русская проза курса (markdown-ячейки всех блокнотов и README), очищенная от кода,
# разметки, ссылок и формул. Лежит в пакете helpers (данные пакета), поэтому есть и после
# `pip install` из git, где папки notebooks/ нет. Это снимок: пересобирается командой `make corpus`.
COURSE_PROSE_FILE = "course_prose.txt"


@dataclass(frozen=True)
class TextData:
    """Текст для обучения и откуда он взят (строка для run.json)."""

    text: str
    source: str


def read_text(path: str | os.PathLike[str], *, lowercase: bool = False) -> str:
    """Читает текстовый файл: UTF-8, а если не вышло — cp1251 (частая кодировка русских текстов)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"Текстовый файл {str(path)!r} не найден.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ValueError(f"Файл {str(path)!r} пуст: языковой модели не на чем учиться.")
    return text.lower() if lowercase else text


def _check_max_chars(max_chars: int | None) -> None:
    if max_chars is not None:
        require_int(max_chars, "max_chars (или None — весь текст)")


def course_prose(max_chars: int | None = None) -> str:
    """Офлайн-корпус: русская проза курса из данных пакета helpers (не длиннее `max_chars` символов)."""
    _check_max_chars(max_chars)
    resource = importlib.resources.files("helpers").joinpath(COURSE_PROSE_FILE)
    if not resource.is_file():
        raise FileNotFoundError(
            f"В пакете helpers нет файла {COURSE_PROSE_FILE}: переустановите пакет курса "
            "(`pip install -e .` в корне репозитория) или соберите корпус командой `make corpus`."
        )
    return resource.read_text(encoding="utf-8")[:max_chars]


def _text_file(source: str | os.PathLike[str] | None, data_dir: Path | None) -> Path:
    """Путь к текстовому файлу: из DATA_DIR, локальный файл или скачанный в кэш курса (`keras.utils.get_file`)."""
    url = NIETZSCHE_URL if source is None else str(source)
    is_url = url.startswith(("http://", "https://"))
    name = Path(urlparse(url).path).name if is_url else Path(url).name
    if not name:
        raise ValueError(f"Из адреса {url!r} не понять имя файла: укажите адрес, который кончается именем файла.")
    if data_dir is not None:
        return require_file(data_dir, name, url)
    if not is_url:
        path = Path(url).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"TEXT_SOURCE={url!r}: такого файла нет. Укажите путь к .txt или адрес http(s).")
        return path
    cached = cache_dir() / "datasets" / name
    if not cached.is_file():
        require_network(url, what=f"файл {name} ({url})", where="отдельную папку")
    import keras

    return Path(keras.utils.get_file(name, origin=url, cache_dir=str(cache_dir()), cache_subdir="datasets"))


def load_text(data_dir: str | os.PathLike[str] | None = None, *, offline: bool = False,
              source: str | os.PathLike[str] | None = None, lowercase: bool = False,
              max_chars: int | None = None) -> TextData:
    """Текст для символьной языковой модели (не длиннее `max_chars` символов; `lowercase` — строчными буквами).

    `source`: None — текст лекции (Ницше), адрес http(s) — скачать через `keras.utils.get_file` (один раз,
    в кэш курса), иначе — путь к локальному файлу. Если задан `data_dir`, файл с тем же именем берётся
    оттуда, без сети. Без сети и без кэша — ConnectionError по-русски за несколько секунд. Файл читается
    в UTF-8 или cp1251 (`read_text`).
    offline=True — офлайн-замена: русская проза курса из данных пакета (`course_prose`), сеть не нужна.
    """
    _only_offline_or_data_dir(data_dir, offline)
    _check_max_chars(max_chars)
    if offline:
        if source is not None:
            raise ValueError("offline=True — проза курса из пакета: source (TEXT_SOURCE) ей не нужен.")
        prose = course_prose(max_chars=max_chars)
        return TextData(prose.lower() if lowercase else prose,
                        f"офлайн-корпус — русская проза курса ({COURSE_PROSE_FILE} из пакета helpers)")
    path = _text_file(source, resolve_data_dir(data_dir))
    return TextData(read_text(path, lowercase=lowercase)[:max_chars], f"{path.name} ({path})")
