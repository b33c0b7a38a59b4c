"""Обвязка Keras/TensorFlow для символьной языковой модели: окна tf.data, возобновление (текст — helpers.data.load_text)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from helpers.checks import require_int

LOG_FILE = "training_log.csv"
PROGRESS_FILE = "progress.json"
BEST_MODEL_FILE = "best.keras"
BACKUP_DIR = "backup"


def window_dataset(
    ids: np.ndarray, *, maxlen: int, step: int, batch_size: int, shuffle: bool, seed: int | None = None
) -> tf.data.Dataset:
    """Пары (окно номеров (batch, maxlen), следующий символ (batch,)) прямо из массива номеров текста.

    В памяти лежит только сам текст: окна вырезаются из него на лету, батчами, через `tf.gather`.
    При `shuffle` порядок окон новый в каждой эпохе.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"Нужен одномерный целочисленный массив номеров символов, получено {ids.dtype} {ids.shape}.")
    for name, value in (("maxlen", maxlen), ("step", step), ("batch_size", batch_size)):
        require_int(value, name)
    if ids.size <= maxlen:
        raise ValueError(f"Текст из {ids.size} символов не длиннее окна ({maxlen}): окон нет.")
    text = tf.constant(ids, dtype=tf.int32)
    starts = tf.data.Dataset.range(0, ids.size - maxlen, step)
    if shuffle:
        starts = starts.shuffle(len(starts), seed=seed, reshuffle_each_iteration=True)
    offsets = tf.range(maxlen, dtype=tf.int64)

    def cut(batch_starts: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        return tf.gather(text, batch_starts[:, None] + offsets), tf.gather(text, batch_starts + maxlen)

    return starts.batch(batch_size).map(cut, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)


class BitsPerCharacter(keras.callbacks.Callback):
    """Добавляет в журнал эпохи потери в битах на символ: loss / ln 2 (и то же для валидации)."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is None:
            return
        for prefix in ("", "val_"):
            if f"{prefix}loss" in logs:
                logs[f"{prefix}bits_per_char"] = logs[f"{prefix}loss"] / math.log(2)


class ProgressRecorder(keras.callbacks.Callback):
    """Пишет в progress.json, с какой эпохи начался этот запуск `fit` и сколько эпох уже сохранено."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.progress: dict[str, int] = {}

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        if "started_at_epoch" not in self.progress:
            self.progress = {"started_at_epoch": epoch, "epochs_done": epoch}
            self._write()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.progress["epochs_done"] = epoch + 1
        self._write()

    def _write(self) -> None:
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(self.progress), encoding="utf-8")
        partial.replace(self.path)


def read_progress(output_dir: str | os.PathLike[str]) -> dict[str, int]:
    """Содержимое progress.json (пустой словарь, если обучение ещё не начиналось)."""
    path = Path(output_dir) / PROGRESS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_training_log(output_dir: str | os.PathLike[str]) -> pd.DataFrame:
    """Журнал всех эпох (CSVLogger), склеенный по запускам: у повторённой эпохи остаётся последняя запись."""
    path = Path(output_dir) / LOG_FILE
    if not path.is_file():
        raise FileNotFoundError(f"Журнала обучения {str(path)!r} нет: сначала обучите модель.")
    log = pd.read_csv(path)
    return log.drop_duplicates("epoch", keep="last").sort_values("epoch").reset_index(drop=True)


def resumable_callbacks(output_dir: str | os.PathLike[str], *, monitor: str = "val_loss") -> list[keras.callbacks.Callback]:
    """Обратные вызовы для обучения, которое переживает обрыв сессии.

    BackupAndRestore сохраняет состояние (веса, оптимизатор, номер эпохи) после каждой эпохи и при
    повторном `fit` продолжает со следующей; ModelCheckpoint хранит лучшую по `monitor` модель;
    CSVLogger дописывает журнал эпох. Если резервной копии нет, обучение начинается заново и
    старый журнал удаляется.
    """
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        raise NotADirectoryError(f"Папки {str(output_dir)!r} нет: вызовите helpers.prepare_output_dir.")
    backup_dir, log_path = output_dir / BACKUP_DIR, output_dir / LOG_FILE
    best_so_far = None
    if backup_dir.exists() and log_path.is_file():
        best_so_far = float(read_training_log(output_dir)[monitor].min())
    else:
        log_path.unlink(missing_ok=True)
        (output_dir / PROGRESS_FILE).unlink(missing_ok=True)
    return [
        BitsPerCharacter(),  # первым: следующие вызовы уже видят биты на символ
        keras.callbacks.CSVLogger(str(log_path), append=True),
        keras.callbacks.ModelCheckpoint(str(output_dir / BEST_MODEL_FILE), monitor=monitor, save_best_only=True,
                                        initial_value_threshold=best_so_far),
        keras.callbacks.BackupAndRestore(str(backup_dir), double_checkpoint=True),
        ProgressRecorder(output_dir / PROGRESS_FILE),  # последним: эпоха уже в резервной копии
    ]
