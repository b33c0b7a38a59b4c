"""Обвязка DCGAN-блокнота (TensorFlow): папка контрольных точек и журнал обучения рядом с ними, картинки
эпох и GIF, классификатор цифр — судья качества генератора (уверенность, гистограмма классов, признаки).

Блокнот: notebooks/02_dcgan_mnist.ipynb. Данные (MNIST и его офлайн-замена) — `helpers.data.load_mnist`.

Генератор, дискриминатор, функции потерь, шаг обучения, сами контрольные точки (`tf.train.Checkpoint`,
`CheckpointManager`, `restore`) и формула расстояния Фреше живут в блокноте — это предмет лекции.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from helpers.checks import require_int
from helpers.data import cache_dir
from helpers.plots import tile_images

LOG_FILE = "training_log.json"
DRIVE_ROOT = Path("/content/drive")
COVERAGE_SHARE = 0.05  # класс «покрыт», если на него приходится не меньше 5 % сгенерированных цифр
N_CLASSES = 10
CLASSIFIER_VERSION = 1  # увеличить при смене архитектуры: старый кэш не подойдёт


# --- папка контрольных точек и журнал обучения ----------------------------------------------------

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


class TrainingLog:
    """Журнал обучения в JSON рядом с контрольными точками: итоги эпох, замеры качества, продолжения.

    Контрольная точка хранит веса и номер эпохи; журнал — то, что нужно для графиков (потери, D(x),
    D(G(z)), метрики качества), и записи о продолжениях: с какой эпохи и с какими весами обучение
    продолжилось. Журнал пишется до контрольной точки эпохи, поэтому при обрыве между ними в нём может
    оказаться лишняя запись — её отбрасывает конструктор по `epochs_done` из восстановленной точки.
    """

    def __init__(self, directory: str | os.PathLike[str], *, epochs_done: int = 0) -> None:
        """`epochs_done` — сколько эпох восстановлено из контрольной точки; 0 — журнал начинается заново."""
        require_int(epochs_done, "epochs_done (число готовых эпох)", minimum=0)
        self.directory = Path(directory)
        self.epochs: list[dict[str, Any]] = []
        self.quality: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self._last_epoch = int(epochs_done)  # следующая запись эпохи — epochs_done + 1, даже если журнал пропал
        if epochs_done and self.path.is_file():
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            self.epochs = [record for record in saved.get("epochs", []) if record["epoch"] <= epochs_done]
            self.quality = [record for record in saved.get("quality", []) if record["epoch"] <= epochs_done]
            self.resumes = list(saved.get("resumes", []))

    @property
    def path(self) -> Path:
        return self.directory / LOG_FILE

    def add_epoch(self, record: dict[str, Any]) -> None:
        """Добавляет итоги эпохи (словарь с ключом epoch, следующая по порядку эпоха) и сохраняет журнал."""
        expected = self._last_epoch + 1
        if record.get("epoch") != expected:
            raise ValueError(f"Итоги эпохи: ожидалась запись с epoch={expected}, получено {record.get('epoch')!r}.")
        self.epochs.append(record)
        self._last_epoch = expected
        self._write()

    def add_quality(self, record: dict[str, Any]) -> None:
        """Добавляет замер качества (словарь с ключом epoch; повторный замер той же эпохи заменяет старый)."""
        if "epoch" not in record:
            raise ValueError("В записи о качестве нужен ключ 'epoch'.")
        self.quality = [r for r in self.quality if r["epoch"] != record["epoch"]] + [record]
        self._write()

    def note_resume(self, *, from_epoch: int, **details: Any) -> None:
        """Запоминает, что обучение продолжено после эпохи `from_epoch` (и с какими весами — в `details`)."""
        self.resumes.append({"from_epoch": from_epoch, **details})
        self._write()

    def history(self, key: str) -> list[Any]:
        """Значения `key` по эпохам."""
        missing = [record["epoch"] for record in self.epochs if key not in record]
        if missing:
            raise KeyError(f"В журнале нет {key!r} у эпох {missing}.")
        return [record[key] for record in self.epochs]

    def _write(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".part")
        log = {"epochs": self.epochs, "quality": self.quality, "resumes": self.resumes}
        partial.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.path)


# --- картинки эпох и анимация ---------------------------------------------------------------------

def save_epoch_grid(images: np.ndarray, path: str | os.PathLike[str], *, scale: int = 4) -> Path:
    """Сохраняет сетку картинок uint8 (`helpers.plots.tile_images`, 4 в ряд) в PNG, увеличив её в `scale` раз
    (без сглаживания)."""
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


def prediction_summary(probabilities: np.ndarray) -> dict[str, Any]:
    """Что судья думает о партии картинок по своим вероятностям (N, 10).

    confidence — средняя максимальная вероятность класса; class_shares — доля картинок, отнесённых к
    каждой цифре 0–9; classes_covered — сколько цифр набрали не меньше COVERAGE_SHARE картинок.
    """
    array = np.asarray(probabilities, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != N_CLASSES or len(array) < 1:
        raise ValueError(f"Ожидались вероятности формы (N, {N_CLASSES}) с N ≥ 1, получено {array.shape}.")
    shares = np.bincount(array.argmax(axis=1), minlength=N_CLASSES) / len(array)
    return {"confidence": float(array.max(axis=1).mean()),
            "class_shares": [float(share) for share in shares],
            "classes_covered": int((shares >= COVERAGE_SHARE).sum())}


def plot_quality(records: Sequence[dict[str, Any]]) -> Figure:
    """Три графика по замерам качества: расстояние Фреше, уверенность, доли цифр (первый и последний замер).

    Замер — словарь с ключами epoch, fid, confidence, class_shares.
    """
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
