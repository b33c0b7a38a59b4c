"""tools/make_corpus.py: как из прозы блокнотов получается офлайн-корпус блокнота 06 и что он в пакете и русский."""

from __future__ import annotations

import importlib.resources
import json

import pytest

from helpers.data import COURSE_PROSE_FILE, course_prose


def test_markdown_to_prose_drops_markup(make_corpus):
    markdown = ("# Заголовок\n[![Colab](https://x/badge.svg)](https://colab)\n**Жирный** текст со "
                "[ссылкой](https://example.org) и формулой $x^2$, `код`.\n```python\nprint(1)\n```\n"
                "| a | b |\n|---|---|\n| 1 | 2 |\n<details>скрыто</details>\n$$y = 1$$")
    prose = make_corpus.markdown_to_prose(markdown)
    assert "Заголовок" in prose
    assert "Жирный текст со ссылкой и формулой ," in prose
    assert "скрыто" in prose
    for garbage in ("http", "print", "x^2", "y = 1", "---", "**", "<details>", "Colab", "](", "код"):
        assert garbage not in prose, garbage


def test_markdown_to_prose_joins_wrapped_lines_but_keeps_lists_and_headings(make_corpus):
    markdown = "## Раздел\nПервая строка абзаца\nи его продолжение.\n\n- пункт один\n- пункт\n  два"
    assert make_corpus.markdown_to_prose(markdown).splitlines() == [
        "Раздел", "Первая строка абзаца и его продолжение.", "- пункт один", "- пункт два"]


def test_cyrillic_share(make_corpus):
    assert make_corpus.cyrillic_share("Ёжик, 2 ежа!") == 1.0
    assert make_corpus.cyrillic_share("абвг abcd") == 0.5
    assert make_corpus.cyrillic_share("123 ...") == 0.0


def test_russian_prose_keeps_russian_lines_without_latin(make_corpus):
    prose = ("Перенос обучения (transfer learning) — это когда основу берут из ImageNet, а голову учат заново.\n"
             "- G. Hinton, O. Vinyals. Distilling the Knowledge in a Neural Network, 2015.\n"
             "Слово\n"
             "Вход × 2 → выход ≈ ответ, всё – в  одном    месте…")
    assert make_corpus.russian_prose(prose).splitlines() == [
        "Перенос обучения — это когда основу берут из, а голову учат заново.",
        "Вход 2 выход ответ, всё — в одном месте...",
    ]
    with pytest.raises(ValueError, match="доля от 0 до 1"):
        make_corpus.russian_prose("текст", min_cyrillic_share=2)


def _notebook(path, *markdown):
    cells = [{"cell_type": "markdown", "source": text} for text in markdown]
    cells.append({"cell_type": "code", "source": "секрет = 1"})
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path


def test_notebook_prose_order_and_cap(make_corpus, tmp_path):
    first = _notebook(tmp_path / "a.ipynb", "Первый", "второй")
    second = _notebook(tmp_path / "b.ipynb", "Третий")
    assert make_corpus.notebook_prose([first, second]) == "Первый\nвторой\nТретий"
    assert make_corpus.notebook_prose([second, first], max_chars=5) == "Трети"


def test_notebook_prose_bad_input(make_corpus, tmp_path):
    with pytest.raises(FileNotFoundError, match="клона репозитория"):
        make_corpus.notebook_prose([tmp_path / "нет.ipynb"])
    with pytest.raises(ValueError, match="max_chars"):
        make_corpus.notebook_prose([], max_chars=0)
    with pytest.raises(ValueError, match="нет markdown"):
        make_corpus.notebook_prose([_notebook(tmp_path / "code.ipynb")])


def test_course_corpus_ships_with_the_package_and_is_russian(make_corpus):
    # Файл лежит в данных пакета (pyproject: package-data), а не читается из notebooks/ во время работы.
    shipped = importlib.resources.files("helpers").joinpath(COURSE_PROSE_FILE)
    assert shipped.is_file(), "корпус должен ехать в пакете helpers: make corpus и package-data в pyproject.toml"
    text = shipped.read_text(encoding="utf-8")
    assert len(text) >= 60_000, f"в корпусе {len(text)} символов, нужно ≥ 60 000"
    assert make_corpus.cyrillic_share(text) >= 0.98, "буквы корпуса — почти только кириллица"
    assert sum(char.isalpha() for char in text) / len(text) >= 0.7, "корпус — проза, а не цифры и знаки"
    assert len(set(text.lower())) <= 70, "словарь строчными — алфавит, цифры и пунктуация"
    for garbage in ("http", "```", "$", "`", "|", "#", "_"):
        assert garbage not in text, garbage
    assert course_prose() == text
    assert course_prose(max_chars=5000) == text[:5000]
    with pytest.raises(ValueError, match="max_chars"):
        course_prose(max_chars=0)
