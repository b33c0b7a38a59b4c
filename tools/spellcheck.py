"""Проверка русского текста курса: орфография по словарю, буква ё и термины глоссария.

Что читается: markdown-ячейки блокнотов notebooks/*.ipynb и альтернативные тексты их картинок (метаданные
ячеек кода, tools/alt_text.py); комментарии и строки с кириллицей в коде блокнотов и в helpers/*.py (магии
IPython пропускаются); README.md, CONTRIBUTING.md и GLOSSARY.md (в нём — кроме столбца «не писать»).
Из Markdown и строк убираются код в `обратных кавычках`, блоки кода, формулы $…$ и $$…$$, адреса и HTML-теги.

Что проверяется:
- каждое русское слово есть в словаре OpenCorpora (pymorphy3 с pymorphy3-dicts-ru) или в списке
  слов курса tools/course_words.txt (там — начальные формы: «батч» покрывает «батчами»);
- буква ё: слово, которое словарь знает только с ё («еще», «трех»), или слово курса, записанное в списке
  с ё («сверточный»), — находка; «все» перед «равно», «ещё», «же» — тоже («всё равно»), в остальных
  случаях «все» и «всё» различает только смысл, и проверка их не трогает;
- латиница внутри русского слова (например, латинская «c» в «cлой»);
- варианты из столбца «не писать» файла GLOSSARY.md во всех формах («засеянным» ← «засеянный»).

Запуск: `.venv/bin/python tools/spellcheck.py [ФАЙЛ ...]` — без аргументов проверяется весь курс;
входит в `make lint`. Код выхода: 0 — чисто, 1 — есть находки, 2 — ошибка запуска.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS_FILE = REPO / "tools" / "course_words.txt"
GLOSSARY_FILE = REPO / "GLOSSARY.md"
MARKDOWN_FILES = ("README.md", "CONTRIBUTING.md", "GLOSSARY.md")
AVOID_HEADER = "не писать"  # столбец вариантов, которых нет в текстах курса

USAGE = """\
Проверка русского текста курса: орфография (словарь pymorphy3 + tools/course_words.txt), буква ё,
латиница внутри русских слов и термины GLOSSARY.md.

Запуск:
  python tools/spellcheck.py              весь курс: notebooks/*.ipynb, helpers/*.py, README.md,
                                          CONTRIBUTING.md, GLOSSARY.md
  python tools/spellcheck.py ФАЙЛ ...     только эти файлы (.ipynb, .py, .md)
  python tools/spellcheck.py -h           эта справка

Находка печатается строкой «файл:место: слово — что не так (контекст)».
Код выхода: 0 — находок нет, 1 — есть находки, 2 — ошибка запуска.
Верное слово, которого нет в словаре, добавьте начальной формой в tools/course_words.txt;
опечатку и кальку исправьте в тексте; термины курса — в GLOSSARY.md."""

CYRILLIC = "А-Яа-яЁё"
STRESS = "\u0301"  # знак ударения: «бо́льшая» — одно слово
WORD = re.compile(rf"[{CYRILLIC}][{CYRILLIC}{STRESS}]*(?:-[{CYRILLIC}][{CYRILLIC}{STRESS}]*)*")
# Слово из одних букв, где есть и кириллица, и латиница: «cлой» с латинской «c».
LETTERS = re.compile(r"[^\W\d_]+")
HAS_CYRILLIC = re.compile(rf"[{CYRILLIC}]")
HAS_LATIN = re.compile(r"[A-Za-z]")
# Окончание после числа: «10-й», «2-го», «3-х» — не слово (но «2-ядерный» проверяется).
NUMBER_SUFFIX = re.compile(r"\d-?$")

# Что вырезать из Markdown (заменяется пробелами той же длины: номера строк не сдвигаются).
_MARKDOWN_SKIP = [
    re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.S | re.M),  # блок кода
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # `код`
    re.compile(r"\$\$.+?\$\$", re.S),  # $$формула$$
    re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$"),  # $формула$
    re.compile(r"\\\(.+?\\\)|\\\[.+?\\\]", re.S),  # \(формула\), \[формула\]
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # адрес ссылки ](...)
    re.compile(r"<!--.*?-->", re.S),  # комментарий HTML
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # тег HTML
    re.compile(r"&[a-z]+;|&#\d+;"),  # сущность HTML
    re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+"),  # адрес
]
# В строках и комментариях кода — только код в кавычках и адреса.
_CODE_TEXT_SKIP = [_MARKDOWN_SKIP[1], _MARKDOWN_SKIP[-1]]
# Магии IPython: строки, начинающиеся с %, ! или ?, и ячейки %%bash, %%writefile и т. п.
_LINE_MAGIC = re.compile(r"^\s*(%|!|\?)")
_PYTHON_CELL_MAGICS = {"%%time", "%%timeit", "%%capture", "%%prun"}
_REGEX_FUNCTIONS = {"compile", "sub", "subn", "search", "match", "fullmatch", "findall", "finditer", "split"}
ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# «все» перед этими словами — это «всё»: «всё равно», «всё ещё», «всё же», «всё таки»
_VSYO_BEFORE = {"равно", "ещё", "еще", "же", "таки"}


class SpellcheckError(Exception):
    """Ошибка запуска проверки: нет файла, неверный формат, нет словаря."""


@dataclass(frozen=True)
class Fragment:
    """Кусок русского текста: файл, место («ячейка 5» или пусто) и номер строки, с которой текст начинается."""

    path: str
    place: str
    text: str
    first_line: int = 1  # в .py — строка файла, в ячейке — строка ячейки


@dataclass(frozen=True)
class Finding:
    path: str
    place: str
    word: str
    problem: str
    context: str

    def __str__(self) -> str:
        return f"{self.path}:{self.place}: {self.word} — {self.problem} ({self.context})"

    def sort_key(self, order: dict[str, int]) -> tuple:
        """Порядок печати: файлы — как проверялись, внутри — по ячейке и строке."""
        return order.get(self.path, len(order)), self.path, tuple(map(int, re.findall(r"\d+", self.place)))


@dataclass(frozen=True)
class Term:
    """Строка глоссария: английский термин, термин курса, варианты «не писать»."""

    english: str
    preferred: str
    avoid: tuple[str, ...]


# ---------- извлечение текста ----------


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_markup(text: str, patterns: Sequence[re.Pattern] = tuple(_MARKDOWN_SKIP)) -> str:
    """Заменяет код, формулы, адреса и теги пробелами той же длины (переводы строк сохраняются)."""
    for pattern in patterns:
        text = pattern.sub(_blank, text)
    return text


def markdown_fragments(text: str, path: str, place: str = "") -> list[Fragment]:
    """Текст Markdown без кода, формул, адресов и тегов — один фрагмент."""
    return [Fragment(path, place, strip_markup(text))]


def _line_place(prefix: str, line: int) -> str:
    return f"{prefix}, строка {line}" if prefix else str(line)


def python_fragments(source: str, path: str, place: str = "") -> list[Fragment]:
    """Комментарии и строковые литералы (включая docstring и части f-строк) с кириллицей.

    `place` — приставка места («ячейка 5»); номер строки добавляется к ней. SyntaxError — как есть.
    """
    tree = ast.parse(source)
    patterns = {id(node.args[0]) for node in ast.walk(tree) if _is_regex_call(node) and node.args}
    fragments = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and HAS_CYRILLIC.search(token.string):
            fragments.append(Fragment(path, place, strip_markup(token.string, _CODE_TEXT_SKIP),
                                      first_line=token.start[0]))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and HAS_CYRILLIC.search(node.value)
                and id(node) not in patterns):
            fragments.append(Fragment(path, place, strip_markup(node.value, _CODE_TEXT_SKIP),
                                      first_line=node.lineno))
    return fragments


def _is_regex_call(node: ast.AST) -> bool:
    """Вызов re.compile(...), re.sub(...) и т. п.: первый аргумент — регулярное выражение, а не текст."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _REGEX_FUNCTIONS
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re")


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _without_magics(source: str) -> str | None:
    """Код ячейки с пустыми строками вместо магий IPython; None — ячейка не на Python (%%bash и т. п.)."""
    lines = source.split("\n")
    first = lines[0].strip().split()
    if first and first[0].startswith("%%"):
        if first[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines[0] = ""
    return "\n".join("" if _LINE_MAGIC.match(line) else line for line in lines)


def notebook_fragments(notebook: dict, path: str) -> list[Fragment]:
    """Фрагменты блокнота: markdown-ячейки целиком, в коде — комментарии и строки с кириллицей,
    альтернативные тексты картинок из метаданных ячеек кода ("alt", tools/alt_text.py)."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise SpellcheckError(f"{path}: это не блокнот Jupyter (нет списка cells).")
    fragments = []
    for number, cell in enumerate(notebook["cells"], start=1):
        place = f"ячейка {number}"
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            fragments.append(Fragment(path, place, strip_markup(source)))
        elif cell.get("cell_type") == "code":
            code = _without_magics(source)
            if code is None:
                continue
            try:
                fragments += python_fragments(code, path, place)
            except (SyntaxError, tokenize.TokenError) as error:
                raise SpellcheckError(f"{path}:{place}: код не разбирается как Python ({error}).") from error
        fragments += [Fragment(path, f"{place}, картинка {index}", text)
                      for index, text in enumerate(cell.get("metadata", {}).get("alt", []), start=1)]
    return fragments


def glossary_fragments(text: str, path: str) -> list[Fragment]:
    """GLOSSARY.md без столбца «не писать»: его варианты и должны быть «ошибками»."""
    lines = text.split("\n")
    avoid_column = None
    for index, line in enumerate(lines):
        cells = _table_cells(line)
        if cells is None:
            avoid_column = None
            continue
        lowered = [cell.strip().lower() for cell in cells]
        if AVOID_HEADER in lowered:
            avoid_column = lowered.index(AVOID_HEADER)
        elif avoid_column is not None and avoid_column < len(cells):
            cells[avoid_column] = " " * len(cells[avoid_column])
            lines[index] = "|" + "|".join(cells) + "|"
    return markdown_fragments("\n".join(lines), path)


def shown_path(path: Path, repo: Path = REPO) -> str:
    """Путь для находок: относительно репозитория, если файл в нём."""
    try:
        return str(Path(path).resolve().relative_to(repo.resolve()))
    except ValueError:
        return str(path)


def file_fragments(path: Path, repo: Path = REPO) -> list[Fragment]:
    """Фрагменты одного файла (.ipynb, .py, .md); путь в находках — относительно `repo`, если внутри."""
    path = Path(path)
    shown = shown_path(path, repo)
    if not path.is_file():
        raise SpellcheckError(f"Нет файла {shown}.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SpellcheckError(f"{shown}: файл не в кодировке UTF-8 ({error}).") from error
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(text)
        except json.JSONDecodeError as error:
            raise SpellcheckError(f"{shown}: блокнот не читается как JSON ({error}).") from error
        return notebook_fragments(notebook, shown)
    if path.suffix == ".py":
        try:
            return python_fragments(text, shown)
        except (SyntaxError, tokenize.TokenError) as error:
            raise SpellcheckError(f"{shown}: файл не разбирается как Python ({error}).") from error
    if path.suffix == ".md":
        return glossary_fragments(text, shown) if path.name == GLOSSARY_FILE.name else markdown_fragments(text, shown)
    raise SpellcheckError(f"{shown}: не знаю, как читать файлы {path.suffix or 'без расширения'}; "
                          "проверяются .ipynb, .py и .md.")


def course_files(repo: Path = REPO) -> list[Path]:
    """Файлы курса, которые читает проверка (без аргументов)."""
    files = sorted((repo / "notebooks").glob("*.ipynb")) + sorted((repo / "helpers").glob("*.py"))
    return files + [repo / name for name in MARKDOWN_FILES if (repo / name).is_file()]


def course_fragments(repo: Path = REPO) -> list[Fragment]:
    return [fragment for path in course_files(repo) for fragment in file_fragments(path, repo)]


def glossary_checked(fragments: Iterable[Fragment]) -> list[Fragment]:
    """Фрагменты, где ищутся варианты «не писать»: все, кроме самого глоссария (он их называет)."""
    return [fragment for fragment in fragments if Path(fragment.path).name != GLOSSARY_FILE.name]


# ---------- слова ----------


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str) -> Iterator[Word]:
    """Русские слова текста; слова через дефис — одним словом («по-русски», «мини-батч»)."""
    for match in WORD.finditer(text):
        start = match.start()
        if len(match.group(0)) <= 3 and NUMBER_SUFFIX.search(text[max(0, start - 2):start]):
            continue  # «10-й», «2-го», «3х»
        if start and text[start - 1].isalpha() or match.end() < len(text) and text[match.end()].isalpha():
            continue  # кириллица вперемешку с латиницей — это ловит mixed_script_words
        yield Word(match.group(0).replace(STRESS, ""), start, match.end())


def mixed_script_words(text: str) -> Iterator[Word]:
    """Слова, где кириллица смешана с латиницей (латинская «c» в «cлой»)."""
    for match in LETTERS.finditer(text):
        token = match.group(0)
        if HAS_CYRILLIC.search(token) and HAS_LATIN.search(token):
            yield Word(token, match.start(), match.end())


def context(text: str, word: Word, width: int = 40) -> str:
    """Текст вокруг слова в одну строку; само слово — в ⟨⟩."""
    before = " ".join(text[max(0, word.start - width):word.start].split(" ")[1:] if word.start > width
                      else text[:word.start].split(" "))
    after = text[word.end:word.end + width]
    after = after.rsplit(" ", 1)[0] if word.end + width < len(text) else after
    shown = f"{'…' if word.start > width else ''}{before}⟨{word.text}⟩{after}{'…' if word.end + width < len(text) else ''}"
    return " ".join(shown.split())


def _place(fragment: Fragment, word: Word) -> str:
    return _line_place(fragment.place, fragment.first_line + fragment.text.count("\n", 0, word.start))


# ---------- словарь ----------


def read_course_words(path: Path = WORDS_FILE) -> frozenset[str]:
    """Список терминов курса: слово в строке, после # — комментарий; строчными."""
    if not Path(path).is_file():
        raise SpellcheckError(f"Нет списка терминов курса {path}.")
    entries = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if not WORD.fullmatch(entry):
            raise SpellcheckError(f"{path}:{number}: «{entry}» — не русское слово (в списке терминов по слову в строке).")
        entries.add(entry)
    return frozenset(entries)


def _morph():
    try:
        import pymorphy3
    except ImportError as error:
        raise SpellcheckError("Нет pymorphy3: выполните make install (версии — в environment.yml).") from error
    return pymorphy3.MorphAnalyzer()


def _with_case(word: str, pattern: str) -> str:
    """`word` с регистром букв `pattern` (длины равны)."""
    return "".join(c.upper() if p.isupper() else c for c, p in zip(word, pattern, strict=True))


def _yo_from(entry: str, word: str) -> str | None:
    """`word` с ё на местах ё основы `entry`, если буквы до них совпадают («сверточного» + «свёрточный»)."""
    result = list(word)
    for index, char in enumerate(entry):
        if char == "ё":
            if index >= len(word) or word[index].lower() != "е":
                return None
            result[index] = "Ё" if word[index].isupper() else "ё"
    return "".join(result)


class Checker:
    """Проверяет слова по словарю pymorphy3 и списку терминов курса; результаты кэшируются."""

    def __init__(self, course_words: Iterable[str] | None = None, morph=None) -> None:
        self.course_words = frozenset(read_course_words() if course_words is None else
                                      (word.lower() for word in course_words))
        # основа без ё → с ё: «сверточный» → «свёрточный», если в списке курса стоит «свёрточный»
        self._yo_words = {word.replace("ё", "е"): word for word in self.course_words if "ё" in word}
        self.morph = morph or _morph()
        self._problem = cache(self._problem_uncached)
        self._lemmas = cache(self._lemmas_uncached)

    def problem(self, word: str) -> str | None:
        """Что не так со словом (None — всё в порядке)."""
        return self._problem(word)

    def _problem_uncached(self, word: str) -> str | None:
        lower = word.lower()
        if lower in self.course_words or len(lower) == 1 or (len(lower) > 2 and lower in ALPHABET):
            return None  # буква («ё»), кусок алфавита («абвгд»)
        if lower == "все-таки":
            return f"пишите с ё: «{_with_case('всё-таки', word)}»"
        if "ё" not in lower and lower.replace("е", "ё") != lower:
            listed = self._yo_words.get(lower) or next(
                (self._yo_words[form] for form in self.lemmas(lower) if form in self._yo_words), None)
            if listed is not None:
                fixed = _yo_from(listed, word)
                return f"пишите с ё: «{fixed or listed}»"
        if self.morph.word_is_known(lower, strict=True):
            return None
        if self.morph.word_is_known(lower):  # словарь знает слово только с ё
            fixed = self.morph.parse(lower)[0].word
            return f"пишите с ё: «{_with_case(fixed, word)}»" if len(fixed) == len(word) else "пишите с ё"
        if self.lemmas(lower) & self.course_words:
            return None
        if "-" in lower:  # «мини-батч»: слова целиком нет в словаре — проверяем части
            parts = word.split("-")
            bad = [(part, self.problem(part)) for part in parts if self.problem(part)]
            if not bad:
                return None
            if len(bad) < len(parts):
                return "; ".join(f"{part}: {problem}" for part, problem in bad)
        return "нет в словаре"

    def lemmas(self, word: str) -> frozenset[str]:
        """Само слово и все его начальные формы (у причастий — причастие: «засеянным» → «засеянный»)."""
        return self._lemmas(word.lower())

    def _lemmas_uncached(self, lower: str) -> frozenset[str]:
        return frozenset({lower} | {self._own_lemma(parse) for parse in self.morph.parse(lower)})

    def variant_lemmas(self, word: str) -> frozenset[str]:
        """Начальные формы слова из варианта глоссария: если оно уже начальная форма, то только оно.

        «ничья» — это «ничья», а не ещё и «ничей»; «ничьих» — и то, и другое.
        """
        lower = word.lower()
        forms = self.lemmas(lower)
        own = {self._own_lemma(parse) for parse in self.morph.parse(lower)}
        return frozenset({lower}) if lower in own else forms

    @staticmethod
    def _own_lemma(parse) -> str:
        if "COMP" in parse.tag:
            return parse.word  # «реже» — не «редкий»: сравнительная степень — своё слово
        if parse.tag.POS in ("PRTF", "PRTS"):
            full = parse.inflect({"PRTF", "sing", "masc", "nomn"})
            return full.word if full else parse.normal_form
        return parse.normal_form


def spelling_findings(fragments: Iterable[Fragment], checker: Checker) -> list[Finding]:
    """Незнакомые слова, слова без нужной ё и слова со смесью кириллицы и латиницы."""
    findings = []
    for fragment in fragments:
        for word in mixed_script_words(fragment.text):
            findings.append(Finding(fragment.path, _place(fragment, word), word.text,
                                    "латиница внутри русского слова", context(fragment.text, word)))
        found = list(words(fragment.text))
        for index, word in enumerate(found):
            after = found[index + 1] if index + 1 < len(found) else None
            problem = checker.problem(word.text)
            if (word.text.lower() == "все" and after is not None and after.text.lower() in _VSYO_BEFORE
                    and not PHRASE_BREAK.search(fragment.text[word.end:after.start])):
                problem = f"пишите с ё: «{_with_case('всё', word.text)}»"
            if problem:
                findings.append(Finding(fragment.path, _place(fragment, word), word.text, problem,
                                        context(fragment.text, word)))
    return findings


# ---------- глоссарий ----------


def _table_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")) or len(stripped) < 2:
        return None
    return stripped[1:-1].split("|")


QUOTED = re.compile(r"«([^»]+)»")
PHRASE_BREAK = re.compile(r"[^\W_]|[.!?;:()]|\n\s*\n")


def read_glossary(path: Path = GLOSSARY_FILE) -> list[Term]:
    """Строки таблиц GLOSSARY.md со столбцом «не писать»; варианты в нём — в «ёлочках»."""
    path = Path(path)
    if not path.is_file():
        raise SpellcheckError(f"Нет глоссария {path}.")
    terms, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        cells = _table_cells(line)
        if cells is None:
            header = None
            continue
        cells = [cell.strip() for cell in cells]
        if header is None:
            header = [cell.lower() for cell in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # строка |---|---|
        if AVOID_HEADER not in header:
            continue
        if len(cells) != len(header):
            raise SpellcheckError(f"{path}:{number}: в строке таблицы {len(cells)} столбцов, в заголовке {len(header)}.")
        avoid = tuple(QUOTED.findall(cells[header.index(AVOID_HEADER)]))
        terms.append(Term(cells[0], cells[1], avoid))
    if not terms:
        raise SpellcheckError(f"{path}: нет таблицы со столбцом «{AVOID_HEADER}».")
    return terms


GAP = "…"  # в варианте глоссария: здесь может стоять до MAX_GAP слов
MAX_GAP = 2


@dataclass(frozen=True)
class Phrase:
    """Вариант «не писать»: слова (множества начальных форм) и где между ними разрешена вставка."""

    variant: str
    preferred: str
    lemmas: tuple[frozenset[str], ...]
    gaps: tuple[bool, ...]  # gaps[i]: между словом i и i + 1 стоит «…»


def phrases(terms: Iterable[Term], checker: Checker) -> list[Phrase]:
    result = []
    for term in terms:
        for variant in term.avoid:
            lemmas, gaps = [], []
            for number, segment in enumerate(variant.split(GAP)):
                for index, word in enumerate(words(segment)):
                    if lemmas:
                        gaps.append(number > 0 and index == 0)
                    lemmas.append(checker.variant_lemmas(word.text))
            if lemmas:
                result.append(Phrase(variant, term.preferred, tuple(lemmas), tuple(gaps)))
    return result


def _match(phrase: Phrase, text: str, found: list[Word], lemmas: list[frozenset[str]], start: int) -> int | None:
    """Индекс последнего слова совпадения с `phrase`, начиная со слова `start`, или None."""
    if not phrase.lemmas[0] & lemmas[start]:
        return None
    position = start
    for wanted, gap in zip(phrase.lemmas[1:], phrase.gaps, strict=True):
        for step in range(1, (MAX_GAP + 2) if gap else 2):
            candidate = position + step
            if candidate >= len(found) or PHRASE_BREAK.search(text[found[candidate - 1].end:found[candidate].start]):
                return None
            if wanted & lemmas[candidate]:
                position = candidate
                break
        else:
            return None
    return position


def glossary_findings(fragments: Iterable[Fragment], terms: Iterable[Term], checker: Checker) -> list[Finding]:
    """Варианты «не писать» в любой форме: каждое слово варианта совпадает с текстом по начальной форме."""
    patterns = phrases(terms, checker)
    findings = []
    for fragment in fragments:
        found = list(words(fragment.text))
        lemmas = [checker.lemmas(word.text) for word in found]
        for start in range(len(found)):
            for phrase in patterns:
                end = _match(phrase, fragment.text, found, lemmas, start)
                if end is None:
                    continue
                shown = " ".join(re.sub(r"[*_]", "", fragment.text[found[start].start:found[end].end]).split())
                span = Word(shown, found[start].start, found[end].end)
                findings.append(Finding(fragment.path, _place(fragment, span), span.text,
                                        f"глоссарий: не «{phrase.variant}», а {phrase.preferred}",
                                        context(fragment.text, span)))
    return findings


# ---------- запуск ----------


def run(paths: Sequence[str | Path] = (), repo: Path = REPO, out=sys.stdout) -> int:
    """Проверяет файлы `paths` (пусто — весь курс), печатает находки; возвращает код выхода."""
    files = [Path(path) for path in paths] or course_files(repo)
    fragments = [fragment for path in files for fragment in file_fragments(path, repo)]
    checker = Checker()
    spelling = spelling_findings(fragments, checker)
    glossary = glossary_findings(glossary_checked(fragments), read_glossary(), checker) \
        if GLOSSARY_FILE.is_file() else []
    # слово, которое нашёл глоссарий («чекпойнт»), не повторяем как незнакомое
    covered = {(finding.path, finding.place, finding.word.lower()) for finding in glossary}
    spelling = [finding for finding in spelling if (finding.path, finding.place, finding.word.lower()) not in covered]
    order = {shown_path(path, repo): index for index, path in enumerate(files)}
    for finding in sorted(spelling + glossary, key=lambda finding: finding.sort_key(order)):
        print(finding, file=out)
    total = len(spelling) + len(glossary)
    print(f"Проверено файлов: {len(files)}; орфография и ё: {len(spelling)}, глоссарий: {len(glossary)}"
          + (" — чисто." if not total else ". Исправьте текст; верное слово, которого нет в словаре, добавьте "
             "в tools/course_words.txt; термины — в GLOSSARY.md."), file=out)
    return 1 if total else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(arg in ("-h", "--help") for arg in args):
        print(USAGE)
        return 0
    unknown = [arg for arg in args if arg.startswith("-")]
    if unknown:
        print(f"Неизвестный ключ {unknown[0]}.\n\n{USAGE}", file=sys.stderr)
        return 2
    try:
        return run(args)
    except SpellcheckError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
