"""Обвязка блокнота о переносе обучения (Keras): «важная таблица» лекции (тип задачи → активация → потеря),
основы из keras.applications и их веса, предобработка входа, BatchNorm, tf.data, кэш весов исходной модели.

Блокнот: notebooks/05_transfer_learning.ipynb. Данные (beans, рукописные и печатные цифры) — `helpers.data`;
число параметров — `helpers.parameter_counts`.

Импортирует Keras и TensorFlow — импортируйте модуль явно: `from helpers import transfer`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import keras
import numpy as np
import tensorflow as tf

from helpers.checks import require_int
from helpers.data import cache_dir, require_network

WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"


# --- «важная таблица» лекции: тип задачи → активация последнего слоя → функция потерь --------------
# По таблице блокнот строит голову модели (`keras.layers.Dense(units, activation)`) и выбирает функцию
# потерь для `model.compile`.

@dataclass(frozen=True)
class HeadSpec:
    """Строка таблицы: что поставить на выход сети и чем мерить ошибку."""

    task: str  # ключ из TASKS
    title: str  # тип задачи по-русски, как в лекции
    activation: str | None  # активация последнего слоя; None — без активации
    loss: str  # имя функции потерь Keras
    units: int = 0  # число выходов головы (0 — ещё не задано)


TASKS: dict[str, HeadSpec] = {
    spec.task: spec
    for spec in (
        HeadSpec("binary", "бинарная классификация", "sigmoid", "binary_crossentropy"),
        HeadSpec("multiclass", "многоклассовая однозначная классификация", "softmax", "categorical_crossentropy"),
        HeadSpec("multilabel", "многоклассовая многозначная классификация", "sigmoid", "binary_crossentropy"),
        HeadSpec("regression", "регрессия по произвольным значениям", None, "mse"),
        HeadSpec("regression_01", "регрессия по значениям в [0, 1]", "sigmoid", "mse"),
    )
}
# В лекции для регрессии в [0, 1] допускаются обе потери: «mse или binary_crossentropy».
ALTERNATIVE_LOSSES = {"regression_01": ("binary_crossentropy",)}


def head_for(task: str, outputs: int = 1, *, integer_labels: bool = False) -> HeadSpec:
    """Голова для задачи `task` с `outputs` выходами (классами или целевыми величинами).

    Для бинарной классификации выход один (вероятность класса «1»). `integer_labels=True` — метки
    многоклассовой задачи даны номерами классов, а не one-hot: тогда потеря `sparse_categorical_crossentropy`.
    """
    if task not in TASKS:
        raise ValueError(f"Неизвестный тип задачи {task!r}. Допустимые: {', '.join(TASKS)}.")
    require_int(outputs, "outputs (число выходов)")
    if task == "binary" and outputs != 1:
        raise ValueError(
            f"У бинарной классификации один выход (вероятность класса «1»), а запрошено {outputs}: "
            "для нескольких взаимоисключающих классов возьмите 'multiclass'."
        )
    if task == "multiclass" and outputs < 2:
        raise ValueError("У многоклассовой классификации нужно не меньше двух классов; для двух подойдёт и 'binary'.")
    if integer_labels and task != "multiclass":
        raise ValueError("integer_labels=True имеет смысл только для 'multiclass' (номера классов вместо one-hot).")
    spec = TASKS[task]
    loss = "sparse_categorical_crossentropy" if integer_labels else spec.loss
    return HeadSpec(spec.task, spec.title, spec.activation, loss, outputs)


def table_markdown() -> str:
    """Таблица лекции в Markdown (для показа в блокноте)."""
    rows = []
    for task, spec in TASKS.items():
        losses = " или ".join((spec.loss, *ALTERNATIVE_LOSSES.get(task, ())))
        rows.append(f"| {spec.title} | `{task}` | {spec.activation or 'нет активации'} | {losses} |")
    return "| тип задачи | ключ | активация последнего слоя | функция потерь |\n|---|---|---|---|\n" + "\n".join(rows)


# --- основы из keras.applications ----------------------------------------------------------------

@dataclass(frozen=True)
class BackboneInfo:
    """Основа из keras.applications: конструктор, файл весов ImageNet без головы и предобработка."""

    constructor: str  # имя в keras.applications
    folder: str  # папка на storage.googleapis.com
    preprocess_module: str  # модуль keras.applications с preprocess_input


BACKBONES = {
    "mobilenet_v2": BackboneInfo("MobileNetV2", "mobilenet_v2", "mobilenet_v2"),
    "resnet50": BackboneInfo("ResNet50", "resnet", "resnet50"),
}


def _backbone_info(name: str) -> BackboneInfo:
    if name not in BACKBONES:
        raise ValueError(f"Неизвестная основа {name!r}. Допустимые: {', '.join(BACKBONES)}.")
    return BACKBONES[name]


# Стороны входа, для которых у MobileNetV2 опубликованы веса ImageNet; при другой стороне
# keras.applications берёт веса для 224×224 (свёрткам размер картинки не важен).
MOBILENET_V2_WEIGHT_SIZES = (96, 128, 160, 192, 224)


def weights_file_name(name: str, image_size: int = 224, alpha: float = 1.0) -> str:
    """Имя файла весов ImageNet без головы (include_top=False), как его ищет keras.applications."""
    _backbone_info(name)
    if name == "mobilenet_v2":
        size = image_size if image_size in MOBILENET_V2_WEIGHT_SIZES else 224
        return f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{size}_no_top.h5"
    return "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"


def imagenet_weights(name: str, data_dir: Path | None, image_size: int = 224, alpha: float = 1.0) -> str:
    """Откуда брать веса ImageNet: путь к локальному файлу или "imagenet" (скачает Keras).

    Порядок: файл в DATA_DIR, файл в кэше Keras (~/.keras/models), иначе сеть. Без сети и без
    файла за несколько секунд бросает ConnectionError с адресом файла и папкой, куда его положить.
    """
    info = _backbone_info(name)
    file_name = weights_file_name(name, image_size, alpha)
    keras_cache = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "models"
    for folder in (data_dir, keras_cache):
        if folder is not None and (Path(folder) / file_name).is_file():
            return str(Path(folder) / file_name)
    url = f"{WEIGHTS_URL}{info.folder}/{file_name}"
    where = f"папку DATA_DIR (сейчас {str(data_dir)!r})" if data_dir is not None else "папку DATA_DIR"
    require_network(url, what=f"веса ImageNet для {info.constructor} — файл {file_name} ({url})", where=where)
    return "imagenet"


def preprocessing_layer(name: str) -> keras.layers.Layer:
    """Слой `preprocess_input` основы: картинки 0–255 → тот масштаб, на котором её учили."""
    info = _backbone_info(name)
    module = getattr(keras.applications, info.preprocess_module)
    return keras.layers.Lambda(module.preprocess_input, name=f"preprocess_{name}")


def set_batchnorm_momentum(model: keras.Model, momentum: float) -> int:
    """Ставит momentum всем слоям BatchNormalization модели; возвращает их число.

    По умолчанию в keras.applications momentum = 0.999: скользящие средние почти не сдвигаются
    за несколько сотен шагов, и модель, обученная с нуля на малых данных, на валидации отвечает наугад.
    """
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum должен лежать в [0, 1), получено {momentum!r}.")
    layers = [layer for layer in model._flatten_layers() if isinstance(layer, keras.layers.BatchNormalization)]
    if not layers:
        raise ValueError(f"В модели {model.name!r} нет слоёв BatchNormalization.")
    for layer in layers:
        layer.momentum = momentum
    return len(layers)


def to_dataset(images: np.ndarray, labels: np.ndarray, batch_size: int, *, shuffle: bool = False,
               seed: int = 0, repeat: bool = False) -> tf.data.Dataset:
    """tf.data из массивов: картинки (N, H, W, 3) и метки (N,), по батчам, с предзагрузкой.

    Картинки могут храниться как uint8 (вчетверо меньше памяти): в батчах они уже float32.
    `repeat=True` — бесконечный поток (каждый проход перемешан заново): длину эпохи тогда задаёт
    `fit(..., steps_per_epoch=...)`, и горстка картинок даёт столько же шагов, сколько большой набор.
    """
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(f"Картинки должны иметь форму (N, H, W, 3), получено {images.shape}.")
    if labels.shape != (images.shape[0],):
        raise ValueError(f"Меток {labels.shape}, а картинок {images.shape[0]}: нужна форма ({images.shape[0]},).")
    if images.shape[0] == 0:
        raise ValueError("Пустой набор: нет ни одной картинки.")
    require_int(batch_size, "batch_size")
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if shuffle:
        dataset = dataset.shuffle(len(labels), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        dataset = dataset.repeat()
    return dataset.batch(batch_size).map(lambda x, y: (tf.cast(x, tf.float32), y)).prefetch(tf.data.AUTOTUNE)


def split_to_arrays(split: Sequence[dict], image_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Часть набора datasets (столбцы image — PIL, labels — номер класса) → uint8 (N, S, S, 3) и метки."""
    if len(split) == 0:
        raise ValueError("Пустая часть набора данных.")
    if not {"image", "labels"} <= set(split[0]):
        raise ValueError(f"Нужны столбцы 'image' и 'labels', а есть {sorted(split[0])}.")
    images = np.stack([np.asarray(row["image"].convert("RGB").resize((image_size, image_size))) for row in split])
    return images.astype(np.uint8), np.asarray([row["labels"] for row in split], dtype=np.int64)


CACHE_SUBFOLDER = "transfer"
PUBLISHED_FOLDER = Path(__file__).parent / "pretrained"  # веса, которые курс поставляет в пакете
WeightsOrigin = Literal["published", "cache", "trained"]


def trained_weights_name(model: keras.Model, key: Mapping[str, object]) -> str:
    """Имя файла весов: имя модели и отпечаток ключа — всего, от чего зависят веса."""
    if not isinstance(key, Mapping) or not key:
        raise ValueError(f"key должен быть непустым словарём параметров, получено {key!r}.")
    try:
        text = json.dumps(dict(key), sort_keys=True, ensure_ascii=False)
    except TypeError as error:
        raise ValueError(f"key: значения должны быть числами, строками или списками ({error}).") from None
    digest = hashlib.sha256(f"{model.name}|{text}".encode()).hexdigest()[:16]
    return f"{model.name}-{digest}.weights.h5"


def cached_weights(model: keras.Model, key: Mapping[str, object], train: Callable[[], object]) -> WeightsOrigin:
    """Веса модели: из поставки курса, из кэша или обучением `train()` с записью в кэш.

    `key` — всё, от чего зависят веса (данные, размеры, эпохи, скорость, сид): словарь из чисел, строк,
    списков. Другой ключ — другой файл. Так исходную модель учат один раз — при подготовке курса
    (`make source-model` кладёт веса в пакет) или на вашем компьютере, — а дальше берут готовой, как
    скачанные веса ImageNet. Возвращает, откуда веса: "published", "cache" или "trained".
    """
    if not model.built:
        raise ValueError(f"Модель {model.name!r} ещё не построена: задайте вход (keras.Input) до кэширования.")
    name = trained_weights_name(model, key)
    if (PUBLISHED_FOLDER / name).is_file():
        model.load_weights(PUBLISHED_FOLDER / name)
        return "published"
    folder = cache_dir() / CACHE_SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if path.is_file():
        model.load_weights(path)
        return "cache"
    train()
    partial = path.with_name(f"{path.stem}.part.weights.h5")  # Keras требует окончание .weights.h5
    model.save_weights(partial)
    partial.replace(path)  # файл появляется целиком: прерванная запись не оставит битый кэш
    return "trained"
