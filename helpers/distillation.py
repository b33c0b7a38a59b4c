"""Обвязка блокнота о дистилляции (PyTorch + transformers): выборка меток, источник модели, точность, BatchNorm, время.

Блокнот: notebooks/03_distillation_vit_mobilenet.ipynb. Данные (beans и его офлайн-замена — цифры scikit-learn) —
`helpers.data.load_beans`; число параметров учителя и ученика — `helpers.parameter_counts`.

Функция потерь, подкласс Trainer и кэш логитов учителя — в блокноте: это то, о чём лекция.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import datasets
import numpy as np
import torch

from helpers.checks import require_int
from helpers.data import require_network, resolve_data_dir

HUB_URL = "https://huggingface.co"


def labelled_subset(dataset: datasets.Dataset, per_class: int, seed: int) -> datasets.Dataset:
    """Часть набора: ровно `per_class` случайных примеров каждого класса (колонка labels), порядок исходный.

    Выбор зависит только от `seed`; набор с меньшим числом примеров у какого-то класса — ошибка.
    """
    require_int(per_class, "per_class")
    if "labels" not in dataset.column_names:
        raise ValueError(f"В наборе нет колонки labels (есть {dataset.column_names}).")
    labels = np.asarray(dataset.with_format(None)["labels"], dtype=np.int64)
    feature = dataset.features["labels"]
    num_classes = feature.num_classes if isinstance(feature, datasets.ClassLabel) else int(labels.max(initial=-1)) + 1
    counts = np.bincount(labels, minlength=num_classes)
    if num_classes == 0:
        raise ValueError("Набор пуст: не из чего выбирать примеры.")
    if counts.min() < per_class:
        rarest = int(counts.argmin())
        name = feature.names[rarest] if isinstance(feature, datasets.ClassLabel) else rarest
        raise ValueError(f"Нужно {per_class} примеров на класс, а у класса {name!r} их {int(counts[rarest])}.")
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(np.flatnonzero(labels == label), per_class, replace=False) for label in range(num_classes)]
    return dataset.select(np.sort(np.concatenate(chosen)).tolist())


def pretrained_source(data_dir: str | os.PathLike[str] | None, repo_id: str) -> str:
    """Откуда грузить модель: локальная папка DATA_DIR/<имя модели> или id на Hub (после проверки сети).

    Локальная папка — результат `save_pretrained` (модель и её image processor в одной папке).
    """
    if not isinstance(repo_id, str) or repo_id.count("/") != 1:
        raise ValueError(f"repo_id должен иметь вид 'владелец/модель', получено {repo_id!r}.")
    folder_name = repo_id.split("/")[1]
    root = resolve_data_dir(data_dir)
    if root is None:
        require_network(f"{HUB_URL}/{repo_id}", what=f"модель {repo_id} (`hf download {repo_id} "
                        f"--local-dir <DATA_DIR>/{folder_name}`)", where=f"папку <DATA_DIR>/{folder_name}")
        return repo_id
    folder = Path(root) / folder_name
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(
            f"В {str(folder)!r} нет модели (config.json). На компьютере с сетью выполните "
            f"`hf download {repo_id} --local-dir {folder}` и принесите папку сюда."
        )
    return str(folder)


def accuracy(eval_pred) -> dict[str, float]:
    """compute_metrics для Trainer: доля верных ответов, без сети (вместо evaluate.load)."""
    predictions, labels = eval_pred
    logits = predictions[0] if isinstance(predictions, tuple) else predictions
    logits, labels = np.asarray(logits), np.asarray(labels)
    if logits.ndim != 2 or len(logits) != len(labels):
        raise ValueError(f"Ожидались логиты (N, классы) и N меток, получено {logits.shape} и {labels.shape}.")
    return {"accuracy": float(np.mean(logits.argmax(axis=-1) == labels))}


def _pixel_batches(dataset: datasets.Dataset, batch_size: int):
    if "pixel_values" not in dataset.column_names:
        raise ValueError(f"В наборе нет колонки pixel_values (есть {dataset.column_names}): сначала обработайте картинки.")
    require_int(batch_size, "batch_size")
    pixels = dataset.with_format("torch")["pixel_values"]
    for start in range(0, len(dataset), batch_size):
        yield pixels[start:start + batch_size]


@torch.inference_mode()
def teacher_logits(teacher: torch.nn.Module, dataset: datasets.Dataset, batch_size: int = 64) -> torch.Tensor:
    """Логиты модели на всём наборе (колонка pixel_values): режим eval, без градиентов; результат на CPU.

    Кэш логитов учителя блокнот строит сам (это часть лекции); здесь — для точности и замеров.
    """
    teacher.eval()
    device = next(teacher.parameters()).device
    return torch.cat([teacher(pixel_values=batch.to(device)).logits.float().cpu()
                      for batch in _pixel_batches(dataset, batch_size)])


@torch.no_grad()
def recompute_batchnorm_statistics(model: torch.nn.Module, dataset: datasets.Dataset, batch_size: int = 64) -> int:
    """Пересчитывает статистики BatchNorm для режима eval по всему набору (колонка pixel_values) — «точный BN».

    Обычно eval берёт скользящие средние, накопленные во время обучения; у MobileNetV2 из transformers
    (momentum=0.997 в смысле PyTorch) это почти целиком статистика одного последнего батча. Здесь средние
    считаются заново как точное среднее по батчам набора при итоговых весах (`torch.optim.swa_utils.update_bn`);
    веса, momentum и режим модели не меняются. Возвращает число пересчитанных слоёв BatchNorm.
    """
    batches = list(_pixel_batches(dataset, batch_size))
    if not batches:
        raise ValueError("Пустой набор: статистики BatchNorm не из чего считать.")
    torch.optim.swa_utils.update_bn(batches, model, device=next(model.parameters()).device)
    return sum(isinstance(module, torch.nn.modules.batchnorm._BatchNorm) for module in model.modules())


def dataset_accuracy(model: torch.nn.Module, dataset: datasets.Dataset, batch_size: int = 64) -> float:
    """Доля верных ответов модели на всём наборе (колонки pixel_values и labels), в режиме eval.

    В отличие от `Trainer.evaluate` при `dataloader_drop_last=True`, считаются все картинки, включая неполный батч.
    """
    if "labels" not in dataset.column_names:
        raise ValueError(f"В наборе нет колонки labels (есть {dataset.column_names}).")
    logits = teacher_logits(model, dataset, batch_size)
    labels = np.asarray(dataset.with_format(None)["labels"])
    return accuracy((logits.numpy(), labels))["accuracy"]


@torch.inference_mode()
def time_per_image(model: torch.nn.Module, pixel_values: torch.Tensor, *, warmup: int = 3) -> float:
    """Среднее время (с) предсказания для одной картинки: картинки подаются по одной, как в приложении."""
    if pixel_values.ndim != 4 or len(pixel_values) <= warmup:
        raise ValueError(f"Нужен тензор (N, C, H, W) с N > warmup={warmup}, получено {tuple(pixel_values.shape)}.")
    model.eval()
    device = next(model.parameters()).device
    images = pixel_values.to(device)
    for image in images[:warmup]:
        model(pixel_values=image[None])
    if device.type == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    for image in images[warmup:]:
        model(pixel_values=image[None])
    if device.type == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - started) / (len(images) - warmup)
