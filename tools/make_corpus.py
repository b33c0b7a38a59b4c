"""Собирает офлайн-корпус блокнота 06: русскую прозу курса → helpers/course_prose.txt (данные пакета).

Источник — markdown-ячейки всех блокнотов notebooks/*.ipynb (по порядку номеров) и README.md; из них
убираются код, формулы, ссылки, разметка, латинские слова и строки не на русском (`markdown_to_prose`,
`russian_prose` ниже). Файл — снимок прозы на момент сборки: блокноты читаются только здесь, а не во время
обучения (после `pip install` из git папки notebooks/ нет); читает его `helpers.data.load_text(offline=True)`.

Запуск: `make corpus` (или `.venv/bin/python tools/make_corpus.py`).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpers.checks import require_int  # noqa: E402
from helpers.data import COURSE_PROSE_FILE  # noqa: E402

MIN_CHARS = 60_000  # меньше — символьной модели не на чем учиться (issue 13)

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
# Слово — непрерывная цепочка букв (кириллица с «ё» или латиница), как в helpers.char_lstm.words.
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


def build_corpus() -> str:
    """Русская проза всех блокнотов курса и README одной строкой."""
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    prose = notebook_prose(notebooks) + "\n" + markdown_to_prose((REPO / "README.md").read_text(encoding="utf-8"))
    return russian_prose(prose) + "\n"


def main() -> None:
    corpus = build_corpus()
    if len(corpus) < MIN_CHARS:
        raise SystemExit(f"Корпус вышел {len(corpus)} символов < {MIN_CHARS}: прозы в блокнотах стало меньше?")
    target = REPO / "helpers" / COURSE_PROSE_FILE
    target.write_text(corpus, encoding="utf-8")
    letters = sum(char.isalpha() for char in corpus)
    print(f"{target.relative_to(REPO)}: {len(corpus)} символов, {len(set(corpus.lower()))} различных (строчными), "
          f"кириллица — {cyrillic_share(corpus):.1%} букв, буквы — {letters / len(corpus):.1%} символов")


if __name__ == "__main__":
    main()
