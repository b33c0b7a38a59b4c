"""Текст для символьной языковой модели без фреймворков: корпус, словарь, окна, повторяемость, слова."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from helpers.checks import require_int

_FENCED_CODE = re.compile(r"```.*?```", flags=re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
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
# Слово — непрерывная цепочка букв (кириллица с «ё» или латиница); см. words().
_WORD = re.compile(r"[a-zа-яё]+", flags=re.I)
_LATIN = re.compile(r"[a-z]", flags=re.I)
# Что остаётся в русском корпусе: кириллица, цифры, пробел, перевод строки и обычная пунктуация.
_NOT_PROSE_CHAR = re.compile(r"[^а-яёА-ЯЁ0-9 \n.,:;!?()«»\"'—-]")
_LATIN_GROUP = re.compile(r"\s*\([^()а-яёА-ЯЁ]*\)")  # скобки без кириллицы: «(transfer learning)»
# Латинское «слово» вместе с приклеенными к нему символами, кроме пунктуации по краям: «tf.data,» → «,»
_LATIN_TOKEN = re.compile(r"(?<=[\s(«])[^\s(«а-яёА-ЯЁ]*?[a-zA-Z][^\sа-яёА-ЯЁ]*?(?=[,.;:!?)»]*(?:\s|$))|"
                          r"[^\sа-яёА-ЯЁ]*[a-zA-Z][^\sа-яёА-ЯЁ]*")
_EMPTY_BRACKETS = re.compile(r"\(\s*[,.;:]*\s*\)")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.:;!?)»])")
_REPEATED_PUNCT = re.compile(r"([,;:])(?:\s*[,;:])+")
_DASHES = str.maketrans({"–": "—", "−": "-", "…": "..."})


def _unwrap(markdown: str) -> str:
    """Склеивает строки, разбитые переносом внутри абзаца; заголовки, пункты списков и строки таблиц
    остаются отдельными строками."""
    lines: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        starts_block = not stripped or re.match(r"(#|\||[-*+] |\d+[.)] |<)", stripped)
        if lines and lines[-1].strip() and not starts_block and not lines[-1].lstrip().startswith(("#", "|")):
            lines[-1] = lines[-1].rstrip() + " " + stripped
        else:
            lines.append(line)
    return "\n".join(lines)


def markdown_to_prose(markdown: str) -> str:
    """Убирает из Markdown код (блоки и `вставки`), формулы, ссылки и разметку, оставляя связный текст;
    строки одного абзаца склеивает в одну."""
    text = _FENCED_CODE.sub(" ", markdown)
    text = _INLINE_CODE.sub(" ", text)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" ", text)
    text = _unwrap(text)
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
    if max_chars is not None:
        require_int(max_chars, "max_chars (или None — весь текст)")
    parts = []
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"Нет блокнота {str(path)!r}: корпус прозы собирается из клона репозитория курса.")
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        parts += [markdown_to_prose("".join(cell["source"])) for cell in cells if cell["cell_type"] == "markdown"]
    text = "\n".join(part for part in parts if part)
    if not text:
        raise ValueError("В указанных блокнотах нет markdown-текста.")
    return text[:max_chars]


def cyrillic_share(text: str) -> float:
    """Доля кириллических букв (с «ё») среди всех букв текста; 0, если букв нет."""
    letters = [char for char in text if char.isalpha()]
    return sum(char.lower() in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" for char in letters) / len(letters) if letters else 0.0


def russian_prose(prose: str, *, min_cyrillic_share: float = 0.8) -> str:
    """Оставляет из прозы русский текст: строки, где кириллицы среди букв не меньше `min_cyrillic_share`,
    без латинских слов (названий библиотек, формул), скобок без кириллицы и редких символов."""
    if not 0 <= min_cyrillic_share <= 1:
        raise ValueError(f"min_cyrillic_share — доля от 0 до 1, получено {min_cyrillic_share!r}.")
    kept = []
    for line in prose.translate(_DASHES).splitlines():
        line = _LATIN_GROUP.sub("", line)
        if cyrillic_share(line) < min_cyrillic_share:
            continue
        line = _LATIN_TOKEN.sub(" ", " " + line)
        line = _NOT_PROSE_CHAR.sub(" ", line)
        line = _SPACES.sub(" ", line)
        line = _EMPTY_BRACKETS.sub("", line)
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
        line = _REPEATED_PUNCT.sub(r"\1", line)
        line = _SPACES.sub(" ", line).strip(" ,;:—-")
        if len(_WORD.findall(line)) >= 3:  # обрывки из одного-двух слов — не проза
            kept.append(line)
    return "\n".join(kept)


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
