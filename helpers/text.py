"""Текст для символьной языковой модели без фреймворков: корпус, словарь, окна, повторяемость."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

# Офлайн-корпус smoke-профиля: русская проза (markdown-ячейки) фиксированного набора блокнотов курса.
# Набор фиксирован, чтобы корпус не зависел от того, какие ещё блокноты появятся в папке.
PROSE_NOTEBOOKS = ("04_q_learning_frozenlake.ipynb", "06_char_lstm.ipynb")
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

_FENCED_CODE = re.compile(r"```.*?```", flags=re.S)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", flags=re.S)
_INLINE_MATH = re.compile(r"\$[^$\n]+\$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_TABLE_RULE = re.compile(r"^\s*\|?[\s|:-]*-{3,}[\s|:-]*$", flags=re.M)
_EMPHASIS = re.compile(r"[*`]")
_MARKUP = re.compile(r"[#|_>]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


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


def markdown_to_prose(markdown: str) -> str:
    """Убирает из Markdown код, формулы, ссылки и разметку, оставляя связный текст."""
    text = _FENCED_CODE.sub(" ", markdown)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _MARKUP.sub(" ", text)
    text = _SPACES.sub(" ", text)
    lines = (line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def notebook_prose(paths: Iterable[str | os.PathLike[str]], *, max_chars: int | None = None) -> str:
    """Проза из markdown-ячеек блокнотов (в заданном порядке), не длиннее `max_chars` символов."""
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise ValueError(f"max_chars должен быть целым числом ≥ 1 или None, получено {max_chars!r}.")
    parts = []
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(
                f"Нет блокнота {str(path)!r}. Офлайн-корпус берётся из блокнотов курса: запустите из "
                "клона репозитория или укажите свой текст (параметры TEXT_SOURCE / DATA_DIR)."
            )
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        parts += [markdown_to_prose("".join(cell["source"])) for cell in cells if cell["cell_type"] == "markdown"]
    text = "\n".join(part for part in parts if part)
    if not text:
        raise ValueError("В указанных блокнотах нет markdown-текста.")
    return text[:max_chars]


def course_prose(max_chars: int | None = None) -> str:
    """Офлайн-корпус: проза блокнотов PROSE_NOTEBOOKS из клона репозитория курса."""
    return notebook_prose([NOTEBOOKS_DIR / name for name in PROSE_NOTEBOOKS], max_chars=max_chars)


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
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} должен быть целым числом ≥ 1, получено {value!r}.")


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


def onehot_nbytes(n_windows: int, maxlen: int, vocab_size: int) -> int:
    """Байты лекционного прямого кодирования: x — bool (n, maxlen, V), y — bool (n, V)."""
    if min(n_windows, maxlen, vocab_size) < 0:
        raise ValueError("Размеры должны быть неотрицательными.")
    return n_windows * maxlen * vocab_size + n_windows * vocab_size


def distinct_ngram_ratio(text: str, n: int) -> float:
    """Доля различных n-грамм символов среди всех n-грамм текста (1 — ни одного повтора)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n должен быть целым числом ≥ 1, получено {n!r}.")
    if len(text) < n:
        raise ValueError(f"В тексте из {len(text)} символов нет ни одной {n}-граммы.")
    grams = [text[i : i + n] for i in range(len(text) - n + 1)]
    return len(set(grams)) / len(grams)


def find_loop(text: str, *, min_repeats: int = 3) -> tuple[int, int] | None:
    """Ищет зацикливание в конце текста: (начало цикла, период) или None.

    Цикл — самый короткий период p, который хвост текста повторяет не меньше `min_repeats` раз;
    начало — самая ранняя позиция, с которой текст до конца идёт с периодом p.
    """
    if isinstance(min_repeats, bool) or not isinstance(min_repeats, int) or min_repeats < 2:
        raise ValueError(f"min_repeats должен быть целым числом ≥ 2, получено {min_repeats!r}.")
    for period in range(1, len(text) // min_repeats + 1):
        tail = text[-period * min_repeats :]
        if tail == tail[:period] * min_repeats:
            start = len(text) - period * min_repeats
            while start > 0 and text[start - 1] == text[start - 1 + period]:
                start -= 1
            return start, period
    return None
