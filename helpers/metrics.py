"""Результаты запуска: плоский словарь «имя → число» в OUTPUT_DIR/metrics.json, паспорт запуска
в OUTPUT_DIR/run.json (профиль, сид, источник данных, версии, время) и числа для людей: разряды через
неразрывный пробел и число параметров модели (Keras или PyTorch — без импорта фреймворка)."""

from __future__ import annotations

import json
import math
import numbers
import os
import platform
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers.environment import RESOLVED_PROFILES

DIGIT_GROUP_SEPARATOR = "\u00a0"  # неразрывный пробел между разрядами, как принято в русском тексте
METRICS_FILE = "metrics.json"
RUN_FILE = "run.json"
# модуль → его версия попадает в run.json, если блокнот его импортировал
VERSIONED_MODULES = ("numpy", "tensorflow", "keras", "torch", "transformers", "datasets", "gymnasium",
                     "sklearn", "matplotlib")


def group_digits(number: int) -> str:
    """Целое число с разрядами через неразрывный пробел: 2330944 → «2 330 944»."""
    if isinstance(number, bool) or not isinstance(number, numbers.Integral):
        raise TypeError(f"group_digits: нужно целое число, получено {number!r} ({type(number).__name__}).")
    return f"{int(number):,}".replace(",", DIGIT_GROUP_SEPARATOR)


def parameter_counts(model: Any) -> dict[str, int]:
    """Число обучаемых, необучаемых и всех параметров модели Keras или PyTorch.

    Keras: веса `trainable_weights` и `non_trainable_weights` (к необучаемым относятся и замороженные слои,
    и статистики BatchNorm), `total` совпадает с `model.count_params()`. PyTorch: параметры `model.parameters()`
    с `requires_grad` и без него (статистики BatchNorm в PyTorch — не параметры и не считаются). Фреймворк не
    импортируется.
    """
    if hasattr(model, "trainable_weights") and hasattr(model, "non_trainable_weights"):  # Keras
        if not model.built:
            raise ValueError(f"Модель {model.name!r} ещё не построена: вызовите её на данных или задайте вход.")
        trainable = sum(math.prod(weight.shape) for weight in model.trainable_weights)
        frozen = sum(math.prod(weight.shape) for weight in model.non_trainable_weights)
    elif callable(getattr(model, "parameters", None)):  # PyTorch
        parameters = list(model.parameters())
        trainable = sum(parameter.numel() for parameter in parameters if parameter.requires_grad)
        frozen = sum(parameter.numel() for parameter in parameters if not parameter.requires_grad)
    else:
        raise TypeError(f"parameter_counts ждёт модель Keras или PyTorch, получено {type(model).__name__}.")
    return {"trainable": int(trainable), "non_trainable": int(frozen), "total": int(trainable + frozen)}


def _as_number(name: str, value: object) -> float | int:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"Имя метрики должно быть идентификатором (буквы, цифры, _), получено {name!r}.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Метрика {name!r} должна быть числом, получено {value!r} ({type(value).__name__}).")
    if not math.isfinite(float(value)):
        raise ValueError(f"Метрика {name!r} не конечна: {value!r}.")
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def read_metrics(output_dir: str | os.PathLike[str]) -> dict[str, float | int]:
    """Читает metrics.json из OUTPUT_DIR; если файла нет — пустой словарь."""
    path = Path(output_dir) / METRICS_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{str(path)!r}: ожидался словарь «имя → число», а там {type(data).__name__}.")
    return data


def write_metrics(output_dir: str | os.PathLike[str], **metrics: float) -> dict[str, float | int]:
    """Добавляет метрики к тому, что блокнот уже записал, и сохраняет metrics.json.

    Возвращает полный словарь после слияния.
    """
    if not metrics:
        raise ValueError("write_metrics: не передано ни одной метрики.")
    checked = {name: _as_number(name, value) for name, value in metrics.items()}
    directory = Path(output_dir)
    if not directory.is_dir():
        raise NotADirectoryError(f"Папка OUTPUT_DIR={str(directory)!r} не существует: вызовите prepare_output_dir.")
    merged = {**read_metrics(directory), **checked}
    (directory / METRICS_FILE).write_text(
        json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return merged


def format_metrics(metrics: Mapping[str, float | int]) -> str:
    """Метрики столбиком для печати: целые — с разрядами, дробные — четыре значащие цифры."""
    if not metrics:
        raise ValueError("format_metrics: словарь метрик пуст.")
    checked = {name: _as_number(name, value) for name, value in metrics.items()}
    width = max(len(name) for name in checked)
    return "\n".join(
        f"{name:{width}s}  {group_digits(value) if isinstance(value, int) else f'{value:.4g}'}"
        for name, value in checked.items()
    )


def write_run_info(output_dir: str | os.PathLike[str], *, profile: str, seed: int, data_source: str,
                   started: float) -> dict[str, object]:
    """Пишет run.json: какой профиль на деле работал, сид, источник данных, версии, время.

    `started` — `time.time()` в начале блокнота; прошедшие секунды считаются от него.
    """
    if profile not in RESOLVED_PROFILES:
        raise ValueError(f"В run.json пишется профиль после раскрытия 'auto': full, cpu или smoke, получено {profile!r}.")
    if not isinstance(data_source, str) or not data_source.strip():
        raise ValueError("data_source: опишите словами, откуда взяты данные (непустая строка).")
    elapsed = time.time() - float(started)
    if not 0 <= elapsed < 7 * 24 * 3600:
        raise ValueError(f"started={started!r} — не время начала этого запуска (прошло бы {elapsed:.0f} с).")
    directory = Path(output_dir)
    if not directory.is_dir():
        raise NotADirectoryError(f"Папка OUTPUT_DIR={str(directory)!r} не существует: вызовите prepare_output_dir.")
    versions = {"python": platform.python_version()}
    versions |= {name: str(getattr(sys.modules[name], "__version__", "?"))
                 for name in VERSIONED_MODULES if name in sys.modules}
    info = {
        "profile": profile,
        "seed": int(seed),
        "data_source": data_source,
        "versions": versions,
        "started_at": datetime.fromtimestamp(float(started), UTC).isoformat(timespec="seconds"),
        "elapsed_seconds": round(elapsed, 1),
    }
    (directory / RUN_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info
