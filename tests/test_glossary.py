"""GLOSSARY.md: один термин на понятие. Варианты «не писать» не встречаются в текстах курса ни в какой форме."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def checker(spellcheck):
    return spellcheck.Checker()


@pytest.fixture(scope="module")
def terms(spellcheck, repo):
    return spellcheck.read_glossary(repo / "GLOSSARY.md")


@pytest.fixture(scope="module")
def matches(spellcheck, checker):
    """Функция: (текст, варианты «не писать») → найденные в тексте слова."""

    def find(text: str, avoid: list[str]) -> list[str]:
        term = spellcheck.Term("english", "термин", tuple(avoid))
        fragments = spellcheck.markdown_fragments(text, "x.md")
        return [finding.word for finding in spellcheck.glossary_findings(fragments, [term], checker)]

    return find


def test_glossary_is_parsed(terms):
    by_english = {term.english: term for term in terms}
    assert by_english["checkpoint"].preferred == "контрольная точка"
    assert by_english["checkpoint"].avoid == ("чекпойнт", "чекпоинт")
    assert len(terms) >= 30
    assert all(term.english and term.preferred for term in terms)


def test_preferred_terms_do_not_hit_avoid_variants(spellcheck, terms, checker):
    """Термин курса сам не должен попадать под «не писать» (иначе правило противоречит себе)."""
    fragments = [spellcheck.Fragment("GLOSSARY.md", term.english, term.preferred) for term in terms]
    clashes = spellcheck.glossary_findings(fragments, terms, checker)
    assert not clashes, "\n".join(map(str, clashes))


# ---------- как ищутся варианты ----------


def test_all_word_forms_and_any_case(matches):
    text = "Всё засеяно. Генератор, засеянным SEED. Ничьи разрываем, выбор при НИЧЬЕЙ."
    assert matches(text, ["засеянный", "ничья"]) == ["засеяно", "засеянным", "Ничьи", "НИЧЬЕЙ"]


def test_whole_words_only(matches):
    # «нескользкое» — верно; «не скользкий» ищется как два слова
    assert matches("Нескользкое озеро, а не скользкое.", ["не скользкий"]) == ["не скользкое"]
    assert matches("Выборка и предвыборка.", ["выборка"]) == ["Выборка"]


def test_phrase_words_in_order_and_within_one_sentence(matches):
    avoid = ["разделять веса"]
    assert matches("`gan` разделяет веса с обеими сетями", avoid) == ["разделяет веса"]
    assert matches("Веса разделяет слой.", avoid) == []
    assert matches("Это разделяет. Веса общие.", avoid) == []


def test_gap_marker_allows_up_to_two_words(matches):
    avoid = ["награда … редкая"]
    assert matches("Награда здесь **редкая**: одна за эпизод.", avoid) == ["Награда здесь редкая"]
    assert matches("Награда у нас тут очень редкая.", avoid) == []
    assert matches("Награда ещё реже.", avoid) == []  # сравнительная степень — не «редкая»


def test_verb_meaning_training_again_is_not_overfitting(matches):
    avoid = ["переобучать", "переобучить"]
    text = "Модель переобучается и переобучилась; переобученная модель. Никто не переобучает ImageNet."
    assert matches(text, avoid) == ["переобучает"]


# ---------- сам курс ----------


def test_course_texts_use_glossary_terms(spellcheck, terms, checker):
    """Тексты, которые читает проверка орфографии (блокноты, helpers, README), — без вариантов «не писать»."""
    fragments = spellcheck.glossary_checked(spellcheck.course_fragments())
    found = spellcheck.glossary_findings(fragments, terms, checker)
    assert not found, f"{len(found)} мест с вариантами из столбца «не писать» GLOSSARY.md:\n" + "\n".join(map(str, found))
