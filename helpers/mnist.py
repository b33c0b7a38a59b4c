"""MNIST: канонический `tf.keras.datasets.mnist`, локальная копия (mnist.npz или четыре IDX-файла)
и офлайн-замена — рукописные цифры scikit-learn, увеличенные до 28×28.

Все источники отдают одно и то же: картинки uint8 формы (N, 28, 28) со значениями 0–255 и метки 0–9.
TensorFlow импортируется только для канонической загрузки. Какой источник взять в каком профиле,
решает `helpers.real_or_offline(PROFILE, load_real, load_offline)`: настоящие данные — `load_mnist`,
офлайн-замена — `load_offline_mnist`.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.data import require_network, resolve_data_dir, say_offline

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
IMAGE_SIZE = 28
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
IDX_MAGIC = {3: 2051, 1: 2049}  # число измерений → «магическое число» формата IDX
OFFLINE_TEST_FRACTION = 0.25


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


def _from_data_dir(data_dir: Path) -> MnistData:
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


def _from_keras() -> MnistData:
    cached = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets" / "mnist.npz"
    if not cached.is_file():
        require_network(MNIST_URL, what="mnist.npz", where="отдельную папку")
    import tensorflow as tf

    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    return MnistData(x_train, y_train, x_test, y_test, source="tf.keras.datasets.mnist")


def load_offline_mnist(seed: int = 0) -> MnistData:
    """Офлайн-замена MNIST: 1 797 рукописных цифр scikit-learn (8×8, увеличены до 28×28) в тех же форматах.

    Тестовая часть — четверть цифр, выбранная перестановкой с сидом `seed`. Сообщает о замене одной строкой.
    """
    from helpers.digits import load_digits_images

    images, labels = load_digits_images(IMAGE_SIZE, 1)
    images = np.round(images[..., 0] * 255).astype(np.uint8)
    order = np.random.default_rng(seed).permutation(len(labels))
    n_test = int(len(labels) * OFFLINE_TEST_FRACTION)
    test, train = order[:n_test], order[n_test:]
    say_offline(f"вместо MNIST — {len(labels)} рукописных цифр scikit-learn (8×8, увеличены до 28×28); "
                "настоящий MNIST — через DATA_DIR или загрузку из сети.")
    return _validated(MnistData(images[train], labels[train], images[test], labels[test],
                                source="цифры scikit-learn 28×28"))


def _validated(data: MnistData) -> MnistData:
    for name in ("x_train", "x_test"):
        images = getattr(data, name)
        if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE) or images.dtype != np.uint8:
            raise ValueError(f"{name}: ожидались картинки uint8 формы (N, 28, 28), получено {images.shape}, {images.dtype}.")
    for images, labels in ((data.x_train, data.y_train), (data.x_test, data.y_test)):
        if len(images) != len(labels):
            raise ValueError(f"Картинок {len(images)}, а меток {len(labels)}: файлы от разных наборов?")
    return MnistData(data.x_train, data.y_train.astype(np.int64), data.x_test, data.y_test.astype(np.int64),
                     data.source)


def load_mnist(data_dir: str | os.PathLike[str] | None = None) -> MnistData:
    """Загружает настоящий MNIST.

    `data_dir` — папка с mnist.npz или четырьмя IDX-файлами (можно .gz); None — `tf.keras.datasets.mnist`
    (из кэша Keras или из сети; без сети — ConnectionError за секунды, см. `require_network`).
    Нет нужных файлов в `data_dir` — FileNotFoundError с тем, что скачать и куда положить.
    """
    folder = resolve_data_dir(data_dir)
    return _validated(_from_data_dir(folder) if folder is not None else _from_keras())
