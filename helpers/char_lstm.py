"""Символьная языковая модель: словарь символов, окна текста (массивом и потоком tf.data), повторяемость и циклы
в сгенерированном тексте, доля знакомых слов, обучение, которое переживает обрыв сессии (Keras).

Блокнот: notebooks/06_char_lstm.ipynb. Текст (лекции, свой файл или офлайн-корпус курса) — `helpers.data.load_text`.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from helpers.checks import require_int

# Слово — непрерывная цепочка букв (кириллица с «ё» или латиница); см. words().
_WORD = re.compile(r"[a-zа-яё]+", flags=re.I)
LOG_FILE = "training_log.csv"
PROGRESS_FILE = "progress.json"
BEST_MODEL_FILE = "best.keras"
BACKUP_DIR = "backup"


# --- текст: слова, словарь символов, окна, повторяемость и циклы ---------------------------------------

def words(text: str) -> list[str]:
    """Слова текста строчными буквами: непрерывные цепочки кириллических (с «ё») или латинских букв
    длиной от 2 символов. Цифры, пунктуация и пробелы — разделители; однобуквенные («и», «в») не слова."""
    if not isinstance(text, str):
        raise TypeError(f"words ждёт строку, получено {type(text).__name__}.")
    return [word.lower() for word in _WORD.findall(text) if len(word) >= 2]


def word_hit_rate(samples: str | Iterable[str], training_text: str) -> float:
    """Доля слов сгенерированных текстов, которые встречаются в обучающем тексте (слово — см. `words`).

    Слово на краю образца (текст начинается или кончается буквой) не считается: его начало — в затравке,
    а конец обрезан длиной образца. Доля считается по всем словам всех образцов вместе; нет слов — 0.
    """
    if isinstance(samples, str):
        samples = [samples]
    samples = list(samples)
    if not all(isinstance(sample, str) for sample in samples):
        raise TypeError("word_hit_rate ждёт строку или список строк — сгенерированные тексты.")
    vocabulary = set(words(training_text))
    if not vocabulary:
        raise ValueError("В обучающем тексте нет ни одного слова из двух и более букв: не с чем сравнивать.")
    hits = total = 0
    for sample in samples:
        spans = [match for match in _WORD.finditer(sample) if len(match.group()) >= 2]
        inner = [match.group().lower() for match in spans
                 if match.start() > 0 and match.end() < len(sample)]
        hits += sum(word in vocabulary for word in inner)
        total += len(inner)
    return hits / total if total else 0.0


class CharVocabulary:
    """Словарь символов: символ ↔ номер (номера по порядку сортировки символов)."""

    def __init__(self, chars: Iterable[str]) -> None:
        chars = sorted(set(chars))
        if not chars or any(not isinstance(char, str) or len(char) != 1 for char in chars):
            raise ValueError("Словарь строится из непустого набора одиночных символов.")
        self.chars = chars
        self.index = {char: number for number, char in enumerate(chars)}

    @classmethod
    def from_text(cls, text: str) -> CharVocabulary:
        """Словарь всех символов текста."""
        if not isinstance(text, str) or not text:
            raise ValueError("Чтобы построить словарь, нужен непустой текст.")
        return cls(text)

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """Текст → массив номеров int32; незнакомые символы — ошибка с их списком."""
        unknown = sorted(set(text) - self.index.keys())
        if unknown:
            raise ValueError(f"Символов {''.join(unknown)!r} нет в словаре: модель их никогда не видела.")
        return np.fromiter((self.index[char] for char in text), dtype=np.int32, count=len(text))

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """Номера → текст."""
        ids = np.asarray(ids)
        if ids.ndim != 1 or ids.size and (not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0
                                          or ids.max() >= len(self)):
            raise ValueError(f"decode ждёт одномерный массив номеров от 0 до {len(self) - 1}.")
        return "".join(self.chars[i] for i in ids)


def _check_window_sizes(maxlen: int, step: int) -> None:
    for name, value in (("maxlen", maxlen), ("step", step)):
        require_int(value, name)


def count_windows(n_chars: int, maxlen: int, step: int) -> int:
    """Сколько окон длины `maxlen` с шагом `step` (и символом-целью после окна) даёт текст."""
    _check_window_sizes(maxlen, step)
    if n_chars < 0:
        raise ValueError(f"Длина текста не может быть отрицательной: {n_chars}.")
    return max(0, (n_chars - maxlen - 1) // step + 1)


def make_windows(ids: np.ndarray, maxlen: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Перекрывающиеся окна номеров (n, maxlen) и символ после каждого окна (n,), как в лекции."""
    ids = np.asarray(ids)
    _check_window_sizes(maxlen, step)
    if ids.ndim != 1:
        raise ValueError(f"Нужен одномерный массив номеров символов, получена форма {ids.shape}.")
    n = count_windows(ids.size, maxlen, step)
    if n == 0:
        raise ValueError(f"Текст из {ids.size} символов короче окна ({maxlen}) плюс цель: окон нет.")
    windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], maxlen)[::step]
    return windows.copy(), ids[maxlen::step][:n].copy()


def distinct_ngram_ratio(text: str, n: int) -> float:
    """Доля различных n-грамм символов среди всех n-грамм текста (1 — ни одного повтора)."""
    require_int(n, "n")
    if len(text) < n:
        raise ValueError(f"В тексте из {len(text)} символов нет ни одной {n}-граммы.")
    grams = [text[i : i + n] for i in range(len(text) - n + 1)]
    return len(set(grams)) / len(grams)


def find_loop(text: str, *, min_repeats: int = 3) -> tuple[int, int] | None:
    """Ищет зацикливание в конце текста: (начало цикла, период) или None.

    Цикл — самый короткий период p, который хвост текста повторяет не меньше `min_repeats` раз;
    начало — самая ранняя позиция, с которой текст до конца идёт с периодом p.
    """
    require_int(min_repeats, "min_repeats", minimum=2)
    for period in range(1, len(text) // min_repeats + 1):
        tail = text[-period * min_repeats :]
        if tail == tail[:period] * min_repeats:
            start = len(text) - period * min_repeats
            while start > 0 and text[start - 1] == text[start - 1 + period]:
                start -= 1
            return start, period
    return None


# --- Keras: окна потоком tf.data, биты на символ, возобновляемое обучение --------------------------------

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
