"""tools/spellcheck.py: что проверка русского текста принимает, что находит и что пропускает."""

from __future__ import annotations

import io
import json

import pytest


@pytest.fixture(scope="module")
def checker(spellcheck):
    return spellcheck.Checker()


@pytest.fixture(scope="module")
def findings(spellcheck, checker):
    """Функция: (Markdown, путь) → находки проверки орфографии."""

    def find(text: str, path: str = "x.md") -> list:
        return spellcheck.spelling_findings(spellcheck.markdown_fragments(text, path), checker)

    return find


@pytest.fixture(scope="module")
def found_words(findings):
    """Функция: Markdown → слова, которые проверка сочла ошибками."""
    return lambda text: [finding.word for finding in findings(text)]


def notebook(*cells: tuple[str, str]) -> dict:
    return {"cells": [{"cell_type": kind, "source": source, "metadata": {}} for kind, source in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


# ---------- слова, которые проверка принимает ----------


@pytest.mark.parametrize("text", [
    "Генератор и дискриминатор учатся по очереди.",
    "Ещё её всё — с ё; «все» без ё тоже слово: все эпохи.",
    "По-русски, кое-что, из-за шума.",
    "Батчами по 32, логиты учителя, свёрточного слоя, мини-батч.",  # формы слов из tools/course_words.txt
    "Генератор схлопнулся; ненасыщающаяся потеря.",
    "На 2-ядерном CPU, 10-й шаг, 3-го эпизода, буква «ё».",
    "Учитель — бо\u0301льшая модель.",  # знак ударения не разрывает слово
])
def test_accepts_correct_russian(found_words, text):
    assert found_words(text) == []


# ---------- что находит ----------


def test_flags_typo_with_place_and_context(findings):
    [finding] = findings("Первая строка.\nДискриминатр учится.", path="notebooks/x.md")
    assert finding.word == "Дискриминатр"
    assert finding.problem == "нет в словаре"
    assert str(finding).startswith("notebooks/x.md:2: Дискриминатр — нет в словаре (")
    assert "⟨Дискриминатр⟩ учится" in finding.context


@pytest.mark.parametrize(("text", "fixed"), [
    ("Еще один шаг.", "Ещё"),  # словарь знает слово только с ё
    ("из трех попыток", "трёх"),
    ("Сверточного слоя нет.", "Свёрточного"),  # в tools/course_words.txt стоит «свёрточный»
    ("Нет, все равно.", "всё"),  # «все» перед «равно», «ещё», «же» — это «всё»
    ("Все-таки учится.", "Всё-таки"),
])
def test_flags_missing_yo(findings, text, fixed):
    [finding] = findings(text)
    assert finding.problem == f"пишите с ё: «{fixed}»"


def test_flags_latin_letter_inside_russian_word(findings):
    [finding] = findings("Скрытый cлой.")  # латинская «c»
    assert finding.word == "cлой"
    assert finding.problem == "латиница внутри русского слова"


def test_hyphenated_word_names_its_bad_part(findings):
    [finding] = findings("мини-батчь")
    assert finding.problem == "батчь: нет в словаре"
    [finding] = findings("ыва-фыва")
    assert finding.problem == "нет в словаре"


# ---------- что пропускает ----------


def test_text_without_russian_words(found_words):
    assert found_words("") == []
    assert found_words("Only English, `код`.") == []


def test_skips_code_formulas_links_and_tags_in_markdown(found_words):
    text = ("Текст `опечткаа в коде` и $опечткаа_формула$, $$\\text{опечткаа}$$.\n"
            "```python\n# опечткаа в блоке кода\n```\n"
            "[ссылка](https://example.org/опечткаа) <b title='опечткаа'>жирный</b> https://ru.wiki/опечткаа")
    assert found_words(text) == []


def test_python_reads_comments_and_strings_but_not_code_or_regexes(spellcheck, checker):
    source = ('import re\n'
              'опечткаа_имя = 1  # комментарий с опечткоой\n'
              'print(f"Сообщение {опечткаа_имя} с ошибкоой")\n'
              'PATTERN = re.compile(r"[а-яё]+опечткаа")\n'
              'HELP = "команда `опечткаа --ключ` в кавычках"\n')
    fragments = spellcheck.python_fragments(source, "helpers/x.py")
    found = spellcheck.spelling_findings(fragments, checker)
    assert [(finding.word, finding.place) for finding in found] == [("опечткоой", "2"), ("ошибкоой", "3")]


def test_notebook_markdown_and_code_cells_magics_skipped(spellcheck, tmp_path, checker):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook(
        ("markdown", ["# Заголовок\n", "Ошибкаа в тексте."]),
        ("code", "%pip install опечткаа\n!echo опечткаа\nx = 1  # ошибкаа в комментарии\n"),
        ("code", "%%bash\necho 'опечткаа'\n"),
        ("raw", "опечткаа в raw-ячейке не проверяется"),
    ), ensure_ascii=False), encoding="utf-8")
    found = spellcheck.spelling_findings(spellcheck.file_fragments(path), checker)
    assert [(finding.word, finding.place) for finding in found] == [
        ("Ошибкаа", "ячейка 1, строка 2"), ("ошибкаа", "ячейка 2, строка 3")]


def test_notebook_alt_texts_of_pictures_are_checked(spellcheck, checker):
    drawing = {"cell_type": "code", "source": "plt.show()\n",
               "metadata": {"alt": ["Кривая потерь падает.", "Сетка картинок с ошибкаа."]}}
    fragments = spellcheck.notebook_fragments({"cells": [drawing]}, "n.ipynb")
    found = spellcheck.spelling_findings(fragments, checker)
    assert [(finding.word, finding.place) for finding in found] == [("ошибкаа", "ячейка 1, картинка 2, строка 1")]


def test_glossary_avoid_column_is_not_spellchecked(spellcheck, tmp_path, checker):
    path = tmp_path / "GLOSSARY.md"
    path.write_text("| English | Термин курса | Не писать |\n|---|---|---|\n"
                    "| checkpoint | контрольная точка | «чекпойнт» |\n", encoding="utf-8")
    assert spellcheck.spelling_findings(spellcheck.file_fragments(path), checker) == []


# ---------- запуск и плохой ввод ----------


def test_run_prints_findings_and_exit_code(spellcheck, tmp_path):
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("Генератор рисует цифры.", encoding="utf-8")
    bad.write_text("Генератр рисует цифры.", encoding="utf-8")
    out = io.StringIO()
    assert spellcheck.run([good], out=out) == 0
    assert "чисто" in out.getvalue()
    out = io.StringIO()
    assert spellcheck.run([bad], out=out) == 1
    assert f"{bad}:1: Генератр — нет в словаре (⟨Генератр⟩ рисует цифры.)" in out.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.md", None, "Нет файла"),
    ("data.txt", "текст", "не знаю, как читать файлы .txt"),
    ("broken.ipynb", "{не json", "блокнот не читается как JSON"),
    ("list.ipynb", "[]", "это не блокнот Jupyter"),
    ("bad.py", "def (:\n", "не разбирается как Python"),
    ("latin1.md", b"\xe9t\xe9", "не в кодировке UTF-8"),
])
def test_bad_input_gives_russian_error(spellcheck, tmp_path, name, content, message, capsys):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(spellcheck.SpellcheckError, match=message):
        spellcheck.file_fragments(path)
    assert spellcheck.main([str(path)]) == 2
    assert capsys.readouterr().err.startswith("Ошибка: ")


def test_usage_is_russian(spellcheck, capsys):
    assert spellcheck.main(["-h"]) == 0
    assert "Запуск:" in capsys.readouterr().out
    assert spellcheck.main(["--verbose"]) == 2
    assert "Неизвестный ключ --verbose" in capsys.readouterr().err


def test_bad_course_word_list_entry(spellcheck, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# комментарий\nбатч\nlatin\n", encoding="utf-8")
    with pytest.raises(spellcheck.SpellcheckError, match=r"words.txt:3: «latin» — не русское слово"):
        spellcheck.read_course_words(words)


# ---------- список слов курса ----------


def test_course_words_are_unknown_to_the_dictionary(checker):
    """Слово, которое словарь и так знает, в списке лишнее: список должен оставаться маленьким и честным."""
    known = [word for word in checker.course_words if checker.morph.word_is_known(word, strict=True)]
    assert not known, f"Эти слова словарь знает — уберите их из tools/course_words.txt: {sorted(known)}"


def test_course_files_cover_notebooks_helpers_and_readme(spellcheck, repo):
    files = [path.relative_to(repo).as_posix() for path in spellcheck.course_files()]
    assert "README.md" in files
    assert "GLOSSARY.md" in files
    assert any(name.startswith("notebooks/") and name.endswith(".ipynb") for name in files)
    assert "helpers/checks.py" in files
