"""helpers.text: проза блокнотов для корпуса, словарь символов, окна, повторяемость, циклы, слова и доля знакомых слов."""

from __future__ import annotations

import json

import numpy as np
import pytest

from helpers.text import (
    CharVocabulary,
    count_windows,
    cyrillic_share,
    distinct_ngram_ratio,
    find_loop,
    make_windows,
    markdown_to_prose,
    notebook_prose,
    russian_prose,
    word_hit_rate,
    words,
)


def test_markdown_to_prose_drops_markup():
    markdown = ("# Заголовок\n[![Colab](https://x/badge.svg)](https://colab)\n**Жирный** текст со "
                "[ссылкой](https://example.org) и формулой $x^2$, `код`.\n```python\nprint(1)\n```\n"
                "| a | b |\n|---|---|\n| 1 | 2 |\n<details>скрыто</details>\n$$y = 1$$")
    prose = markdown_to_prose(markdown)
    assert "Заголовок" in prose
    assert "Жирный текст со ссылкой и формулой ," in prose
    assert "скрыто" in prose
    for garbage in ("http", "print", "x^2", "y = 1", "---", "**", "<details>", "Colab", "](", "код"):
        assert garbage not in prose, garbage


def test_markdown_to_prose_joins_wrapped_lines_but_keeps_lists_and_headings():
    markdown = "## Раздел\nПервая строка абзаца\nи его продолжение.\n\n- пункт один\n- пункт\n  два"
    assert markdown_to_prose(markdown).splitlines() == [
        "Раздел", "Первая строка абзаца и его продолжение.", "- пункт один", "- пункт два"]


def test_cyrillic_share():
    assert cyrillic_share("Ёжик, 2 ежа!") == 1.0
    assert cyrillic_share("абвг abcd") == 0.5
    assert cyrillic_share("123 ...") == 0.0


def test_russian_prose_keeps_russian_lines_without_latin():
    prose = ("Перенос обучения (transfer learning) — это когда основу берут из ImageNet, а голову учат заново.\n"
             "- G. Hinton, O. Vinyals. Distilling the Knowledge in a Neural Network, 2015.\n"
             "Слово\n"
             "Вход × 2 → выход ≈ ответ, всё – в  одном    месте…")
    assert russian_prose(prose).splitlines() == [
        "Перенос обучения — это когда основу берут из, а голову учат заново.",
        "Вход 2 выход ответ, всё — в одном месте...",
    ]
    with pytest.raises(ValueError, match="доля от 0 до 1"):
        russian_prose("текст", min_cyrillic_share=2)


def _notebook(path, *markdown):
    cells = [{"cell_type": "markdown", "source": text} for text in markdown]
    cells.append({"cell_type": "code", "source": "секрет = 1"})
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path


def test_notebook_prose_order_and_cap(tmp_path):
    first = _notebook(tmp_path / "a.ipynb", "Первый", "второй")
    second = _notebook(tmp_path / "b.ipynb", "Третий")
    assert notebook_prose([first, second]) == "Первый\nвторой\nТретий"
    assert notebook_prose([second, first], max_chars=5) == "Трети"


def test_notebook_prose_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="клона репозитория"):
        notebook_prose([tmp_path / "нет.ipynb"])
    with pytest.raises(ValueError, match="max_chars"):
        notebook_prose([], max_chars=0)
    with pytest.raises(ValueError, match="нет markdown"):
        notebook_prose([_notebook(tmp_path / "code.ipynb")])


def test_words_are_letter_runs_of_two_or_more():
    assert words("Ёжик-2 в тумане, and a cat; ц12ы x9") == ["ёжик", "тумане", "and", "cat"]
    assert words("") == []
    with pytest.raises(TypeError, match="строку"):
        words(None)


def test_word_hit_rate_counts_inner_words_only():
    training = "Кошка сидит на ковре. Собака спит."
    # «ка» — конец слова из затравки, «сп» обрезан длиной образца: оба не считаются.
    assert word_hit_rate("ка сидит на ковре и собака сп", training) == 1.0
    assert word_hit_rate(" кошка сидт на кавре ", training) == 0.5  # «кошка», «на» — есть; «сидт», «кавре» — нет
    assert word_hit_rate([" кошка ", " сабака "], training) == 0.5  # по всем образцам вместе
    assert word_hit_rate(" ... , ", training) == 0.0  # слов нет
    assert word_hit_rate(" КОШКА ", training) == 1.0  # регистр не важен


def test_word_hit_rate_bad_input():
    with pytest.raises(ValueError, match="нет ни одного слова"):
        word_hit_rate(" кошка ", "а и 1 2")
    with pytest.raises(TypeError, match="список строк"):
        word_hit_rate([" кошка ", 3], "кошка")


def test_vocabulary_round_trip_with_cyrillic():
    vocab = CharVocabulary.from_text("ёжик в тумане")
    assert len(vocab) == len(set("ёжик в тумане"))
    assert vocab.chars == sorted(vocab.chars)
    ids = vocab.encode("жук в ёмкости"[:3] + "ик")
    assert ids.dtype == np.int32
    assert vocab.decode(ids) == "жукик"


def test_vocabulary_bad_input():
    vocab = CharVocabulary.from_text("абв")
    with pytest.raises(ValueError, match="'гд'"):
        vocab.encode("агд")
    with pytest.raises(ValueError, match="от 0 до 2"):
        vocab.decode([0, 3])
    with pytest.raises(ValueError, match="от 0 до 2"):
        vocab.decode([[0]])
    with pytest.raises(ValueError, match="непустой"):
        CharVocabulary.from_text("")
    with pytest.raises(ValueError, match="одиночных"):
        CharVocabulary(["аб"])


def test_windows_match_the_lecture_loop():
    ids = np.arange(100, 200)
    x, y = make_windows(ids, maxlen=7, step=3)
    starts = range(0, len(ids) - 7, 3)
    np.testing.assert_array_equal(x, [ids[i:i + 7] for i in starts])
    np.testing.assert_array_equal(y, [ids[i + 7] for i in starts])
    assert len(x) == count_windows(len(ids), 7, 3)
    assert x.flags.writeable


@pytest.mark.parametrize(("n_chars", "expected"), [(60, 0), (61, 1), (63, 1), (64, 2), (600_000, 199_980)])
def test_count_windows(n_chars, expected):
    assert count_windows(n_chars, 60, 3) == expected


def test_windows_bad_input():
    with pytest.raises(ValueError, match="maxlen"):
        make_windows(np.arange(10), 0, 1)
    with pytest.raises(ValueError, match="step"):
        count_windows(10, 3, 1.5)
    with pytest.raises(ValueError, match="одномерный"):
        make_windows(np.zeros((3, 3), dtype=int), 2, 1)
    with pytest.raises(ValueError, match="окон нет"):
        make_windows(np.arange(5), 5, 1)
    with pytest.raises(ValueError, match="отрицательной"):
        count_windows(-1, 3, 1)


def test_distinct_ngram_ratio():
    assert distinct_ngram_ratio("abcdef", 4) == 1.0
    assert distinct_ngram_ratio("aaaaaa", 4) == pytest.approx(1 / 3)
    assert distinct_ngram_ratio("abab", 2) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="нет ни одной"):
        distinct_ngram_ratio("abc", 4)
    with pytest.raises(ValueError, match="n: нужно целое число ≥ 1"):
        distinct_ngram_ratio("abc", 0)


def test_find_loop():
    assert find_loop("начало, и то и то и то и то") == (7, 5)
    assert find_loop("ааааа") == (0, 1)
    assert find_loop("без повторов в конце") is None
    assert find_loop("xyxy", min_repeats=3) is None
    with pytest.raises(ValueError, match="min_repeats"):
        find_loop("abab", min_repeats=1)
