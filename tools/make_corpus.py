"""Собирает офлайн-корпус блокнота 06: русскую прозу курса → helpers/course_prose.txt (данные пакета).

Источник — markdown-ячейки всех блокнотов notebooks/*.ipynb (по порядку номеров) и README.md; из них
убираются код, формулы, ссылки, разметка, латинские слова и строки не на русском
(`helpers.text.markdown_to_prose`, `helpers.text.russian_prose`). Файл — снимок прозы на момент сборки:
блокноты читаются только здесь, а не во время обучения (после `pip install` из git папки notebooks/ нет).

Запуск: `make corpus` (или `.venv/bin/python tools/make_corpus.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpers.data import COURSE_PROSE_FILE  # noqa: E402
from helpers.text import cyrillic_share, markdown_to_prose, notebook_prose, russian_prose  # noqa: E402

MIN_CHARS = 60_000  # меньше — символьной модели не на чем учиться (issue 13)


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
