"""Обвязка DCGAN-блокнота (TensorFlow): контрольные точки и продолжение обучения, картинки эпох и GIF,
измерение качества генератора классификатором цифр (уверенность, гистограмма классов, расстояние Фреше).

Генератор, дискриминатор, функции потерь и шаг обучения живут в блокноте — это предмет лекции.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import matplotlib.pyplot as plt
import numpy as np
import scipy.linalg
import tensorflow as tf
from matplotlib.figure import Figure
from PIL import Image

from helpers.data import cache_dir

LOG_FILE = "training_log.json"
DRIVE_ROOT = Path("/content/drive")
COVERAGE_SHARE = 0.05  # класс «покрыт», если на него приходится не меньше 5 % сгенерированных цифр
N_CLASSES = 10
FRECHET_EPS = 1e-6
CLASSIFIER_VERSION = 1  # увеличить при смене архитектуры: старый кэш не подойдёт


# --- контрольные точки и продолжение обучения ---------------------------------------------------

def checkpoint_directory(output_dir: str | os.PathLike[str], *, use_drive: bool, name: str) -> Path:
    """Папка контрольных точек: OUTPUT_DIR/checkpoints или (на Colab, по желанию) Google Drive.

    На Drive точки переживают отключение Colab: MyDrive/dl-course-ru/<name>/checkpoints.
    """
    if not name or Path(name).name != name:
        raise ValueError(f"name должно быть именем папки без пути, получено {name!r}.")
    if use_drive:
        if "google.colab" not in sys.modules:
            print("USE_DRIVE=True работает только на Colab; контрольные точки остаются в OUTPUT_DIR.")
        else:
            from google.colab import drive  # type: ignore[import-not-found]

            drive.mount(str(DRIVE_ROOT))
            path = DRIVE_ROOT / "MyDrive" / "dl-course-ru" / name / "checkpoints"
            path.mkdir(parents=True, exist_ok=True)
            return path
    path = Path(output_dir) / "checkpoints"
    path.mkdir(parents=True, exist_ok=True)
    return path


def weights_checksum(model: keras.Model) -> float:
    """Отпечаток весов модели: сумма модулей всех весов (включая статистики BatchNorm)."""
    if not model.weights:
        raise ValueError(f"У модели {model.name!r} нет весов: её ещё не построили?")
    return float(sum(np.abs(weight.numpy()).astype(np.float64).sum() for weight in model.weights))


class ResumableTraining:
    """Контрольная точка каждую эпоху (`tf.train.CheckpointManager`) и журнал обучения в JSON рядом с ней.

    Журнал хранит по эпохам всё, что нужно для графиков (потери, D(x), D(G(z)), метрики качества),
    и записи о продолжениях: с какой эпохи и с какими весами обучение продолжилось.
    """

    def __init__(self, directory: str | os.PathLike[str], *, max_to_keep: int = 3, **trackables: Any) -> None:
        if not trackables:
            raise ValueError("ResumableTraining: передайте модели и оптимизаторы, которые нужно сохранять.")
        if max_to_keep < 1:
            raise ValueError(f"max_to_keep должно быть ≥ 1, получено {max_to_keep}.")
        self.directory = Path(directory)
        self.epoch = tf.Variable(0, dtype=tf.int64, trainable=False, name="epoch")
        self.checkpoint = tf.train.Checkpoint(epoch=self.epoch, **trackables)
        self.manager = tf.train.CheckpointManager(self.checkpoint, str(self.directory), max_to_keep=max_to_keep)
        self.log: dict[str, list[dict[str, Any]]] = {"epochs": [], "quality": [], "resumes": []}

    @property
    def log_path(self) -> Path:
        return self.directory / LOG_FILE

    @property
    def epochs_done(self) -> int:
        return int(self.epoch.numpy())

    def restore(self) -> int:
        """Восстанавливает последнюю контрольную точку (если есть) и журнал; возвращает число готовых эпох.

        Записи журнала новее контрольной точки (обрыв между записью журнала и точки) отбрасываются.
        """
        latest = self.manager.latest_checkpoint
        if latest is None:
            return 0
        self.checkpoint.restore(latest).assert_existing_objects_matched()
        done = self.epochs_done
        if self.log_path.is_file():
            saved = json.loads(self.log_path.read_text(encoding="utf-8"))
            self.log = {key: list(saved.get(key, [])) for key in self.log}
        self.log["epochs"] = [record for record in self.log["epochs"] if record["epoch"] <= done]
        self.log["quality"] = [record for record in self.log["quality"] if record["epoch"] <= done]
        return done

    def note_resume(self, **details: Any) -> None:
        """Запоминает в журнале, что обучение продолжено с текущей эпохи."""
        self.log["resumes"].append({"from_epoch": self.epochs_done, **details})
        self._write_log()

    def add_quality(self, record: dict[str, Any]) -> None:
        """Добавляет замер качества (словарь с ключом epoch) и сохраняет журнал."""
        if "epoch" not in record:
            raise ValueError("В записи о качестве нужен ключ 'epoch'.")
        self.log["quality"] = [r for r in self.log["quality"] if r["epoch"] != record["epoch"]] + [record]
        self._write_log()

    def finish_epoch(self, record: dict[str, Any]) -> str:
        """Записывает итоги эпохи в журнал, затем сохраняет контрольную точку; возвращает её путь."""
        epoch = self.epochs_done + 1
        self.log["epochs"].append({"epoch": epoch, **record})
        self._write_log()
        self.epoch.assign(epoch)
        return self.manager.save(checkpoint_number=epoch)

    def history(self, key: str) -> list[Any]:
        """Значения `key` по эпохам из журнала."""
        return [record[key] for record in self.log["epochs"]]

    def _write_log(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.log_path.with_suffix(".part")
        partial.write_text(json.dumps(self.log, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.log_path)


# --- картинки эпох и анимация ---------------------------------------------------------------------

def tile_images(images: np.ndarray, ncols: int = 4, pad: int = 2) -> np.ndarray:
    """Склеивает картинки uint8 (N, H, W) или (N, H, W, 1) в одну сетку с серыми промежутками."""
    array = np.asarray(images)
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim != 3 or array.dtype != np.uint8 or array.shape[0] == 0:
        raise ValueError(f"Ожидались картинки uint8 формы (N, H, W), получено {array.shape}, {array.dtype}: "
                         "сначала переведите выход генератора в 0–255.")
    if ncols < 1:
        raise ValueError(f"ncols должно быть ≥ 1, получено {ncols}.")
    count, height, width = array.shape
    nrows = -(-count // ncols)
    sheet = np.full((nrows * (height + pad) + pad, ncols * (width + pad) + pad), 128, dtype=np.uint8)
    for index, image in enumerate(array):
        row, col = divmod(index, ncols)
        top, left = pad + row * (height + pad), pad + col * (width + pad)
        sheet[top:top + height, left:left + width] = image
    return sheet


def save_epoch_grid(images: np.ndarray, path: str | os.PathLike[str], *, scale: int = 4) -> Path:
    """Сохраняет сетку картинок uint8 в PNG, увеличив каждую в `scale` раз (без сглаживания)."""
    sheet = Image.fromarray(tile_images(images))
    sheet = sheet.resize((sheet.width * scale, sheet.height * scale), Image.Resampling.NEAREST)
    path = Path(path)
    sheet.save(path)
    return path


def save_gif(frames: Sequence[str | os.PathLike[str]], path: str | os.PathLike[str], *,
             duration_ms: int = 300) -> Path:
    """Собирает PNG-кадры (по порядку) в зацикленный GIF."""
    if not frames:
        raise ValueError("save_gif: нет ни одного кадра.")
    images = [Image.open(frame).convert("L") for frame in frames]
    path = Path(path)
    images[0].save(path, save_all=True, append_images=images[1:], duration=duration_ms, loop=0)
    return path


# --- классификатор цифр и качество генератора ------------------------------------------------------

def build_classifier(name: str = "digit_classifier") -> keras.Model:
    """Маленькая CNN для цифр 28×28×1 в [0, 1]; слой `features` — признаки для расстояния Фреше."""
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(64, 3, activation="relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    features = keras.layers.Dense(64, activation="relu", name="features")(x)
    outputs = keras.layers.Dense(N_CLASSES, activation="softmax", name="digit")(features)
    return keras.Model(inputs, outputs, name=name)


def _check_images01(images: np.ndarray, what: str) -> np.ndarray:
    array = np.asarray(images, dtype=np.float32)
    if array.ndim != 4 or array.shape[1:] != (28, 28, 1):
        raise ValueError(f"{what}: ожидались картинки формы (N, 28, 28, 1), получено {array.shape}.")
    if array.size and (array.min() < -1e-3 or array.max() > 1 + 1e-3):
        raise ValueError(f"{what}: значения должны лежать в [0, 1], а лежат в [{array.min():.3g}, {array.max():.3g}].")
    return array


def _fingerprint(*arrays: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:16]


def train_or_load_classifier(x_train: np.ndarray, y_train: np.ndarray, *, epochs: int = 3,
                             seed: int = 0) -> tuple[keras.Model, bool]:
    """Классификатор цифр: из кэша курса, если он уже обучен на этих же данных; иначе обучает и кэширует.

    `x_train` — картинки (N, 28, 28, 1) в [0, 1]. Возвращает модель и True, если она взята из кэша.
    """
    x_train = _check_images01(x_train, "x_train")
    y_train = np.asarray(y_train)
    if len(x_train) != len(y_train) or len(x_train) == 0:
        raise ValueError(f"Картинок {len(x_train)}, а меток {len(y_train)}: нужны непустые наборы одной длины.")
    if y_train.min() < 0 or y_train.max() >= N_CLASSES:
        raise ValueError(f"Метки должны лежать в 0..{N_CLASSES - 1}.")
    path = cache_dir() / f"digit-classifier-{_fingerprint(x_train, y_train, np.array([epochs, seed, CLASSIFIER_VERSION]))}.keras"
    if path.is_file():
        return keras.models.load_model(path), True
    keras.utils.set_random_seed(seed)
    model = build_classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=epochs, batch_size=64, verbose=0)
    partial = path.with_name(path.stem + ".part.keras")
    model.save(partial)
    partial.replace(path)
    return model, False


def classifier_outputs(classifier: keras.Model, images: np.ndarray, batch_size: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Вероятности классов (N, 10) и признаки слоя `features` (N, d) для картинок в [0, 1]."""
    images = _check_images01(images, "images")
    both = keras.Model(classifier.input, [classifier.output, classifier.get_layer("features").output])
    # прямой вызов по частям, а не predict: predict трассирует новую функцию на каждую новую модель
    parts = [both(images[start:start + batch_size], training=False) for start in range(0, len(images), batch_size)]
    probabilities = np.concatenate([keras.ops.convert_to_numpy(part[0]) for part in parts])
    features = np.concatenate([keras.ops.convert_to_numpy(part[1]) for part in parts])
    return probabilities, features.astype(np.float64)


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    """Расстояние Фреше между гауссианами, подобранными к двум наборам признаков (как в FID).

    ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2·(Σ_a Σ_b)^{1/2}).
    """
    a, b = np.asarray(features_a, dtype=np.float64), np.asarray(features_b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"Нужны две матрицы признаков (N, d) с одинаковым d, получено {a.shape} и {b.shape}.")
    if min(len(a), len(b)) < 2:
        raise ValueError("Для ковариации нужно хотя бы по два примера в каждом наборе.")
    mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
    # малая добавка к диагонали: признаки после ReLU часто вырождены (нулевые столбцы), sqrtm это не любит
    offset = FRECHET_EPS * np.eye(a.shape[1])
    cov_a = np.atleast_2d(np.cov(a, rowvar=False)) + offset
    cov_b = np.atleast_2d(np.cov(b, rowvar=False)) + offset
    root = scipy.linalg.sqrtm(cov_a @ cov_b)
    root = np.real(root)  # мнимая часть — численный шум
    distance = np.sum((mean_a - mean_b) ** 2) + np.trace(cov_a + cov_b - 2.0 * root)
    return float(max(distance, 0.0))


@dataclass(frozen=True)
class QualityReport:
    """Качество партии сгенерированных цифр глазами классификатора."""

    fid: float  # расстояние Фреше до настоящих тестовых картинок (меньше — лучше)
    confidence: float  # средняя максимальная вероятность класса (уверенность классификатора)
    class_shares: tuple[float, ...]  # доля картинок, отнесённых к каждой цифре 0–9
    classes_covered: int  # сколько цифр набрали не меньше COVERAGE_SHARE картинок

    def as_record(self, epoch: int) -> dict[str, Any]:
        """Запись для журнала обучения."""
        return {"epoch": epoch, "fid": self.fid, "confidence": self.confidence,
                "class_shares": list(self.class_shares), "classes_covered": self.classes_covered}


def measure_quality(classifier: keras.Model, generated01: np.ndarray, real_features: np.ndarray) -> QualityReport:
    """Оценивает сгенерированные картинки (в [0, 1]) по классификатору и признакам настоящих картинок."""
    if len(generated01) < 2:
        raise ValueError("Для оценки качества нужно хотя бы две сгенерированные картинки (лучше ≥ 1000).")
    probabilities, features = classifier_outputs(classifier, generated01)
    shares = np.bincount(probabilities.argmax(axis=1), minlength=N_CLASSES) / len(probabilities)
    return QualityReport(
        fid=frechet_distance(features, real_features),
        confidence=float(probabilities.max(axis=1).mean()),
        class_shares=tuple(float(share) for share in shares),
        classes_covered=int((shares >= COVERAGE_SHARE).sum()),
    )


def plot_quality(records: Sequence[dict[str, Any]]) -> Figure:
    """Три графика по замерам качества: расстояние Фреше, уверенность, доли цифр (первый и последний замер)."""
    if not records:
        raise ValueError("plot_quality: нет ни одного замера качества.")
    records = sorted(records, key=lambda record: record["epoch"])
    epochs = [record["epoch"] for record in records]
    fig, (ax_fid, ax_conf, ax_hist) = plt.subplots(1, 3, figsize=(15, 4))
    ax_fid.plot(epochs, [record["fid"] for record in records], marker="o")
    ax_fid.set(title="Расстояние Фреше до настоящих цифр", xlabel="Эпоха (0 — до обучения)", ylabel="меньше — лучше")
    ax_conf.plot(epochs, [record["confidence"] for record in records], marker="o", color="tab:green")
    ax_conf.set(title="Уверенность классификатора", xlabel="Эпоха (0 — до обучения)", ylabel="средняя макс. вероятность",
                ylim=(0, 1))
    digits = np.arange(N_CLASSES)
    for offset, record in ((-0.2, records[0]), (0.2, records[-1])):
        ax_hist.bar(digits + offset, record["class_shares"], width=0.4, label=f"эпоха {record['epoch']}")
    ax_hist.axhline(COVERAGE_SHARE, color="grey", linestyle="--", label=f"порог {COVERAGE_SHARE:.0%}")
    ax_hist.set(title="Какие цифры рисует генератор", xlabel="Цифра по мнению классификатора", ylabel="доля картинок",
                xticks=digits)
    ax_hist.legend()
    for ax in (ax_fid, ax_conf):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
