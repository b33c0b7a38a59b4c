"""Переводит курс на другой адрес и выпуск: `make retarget REPO=владелец/имя REF=vX.Y.Z`.

Адрес репозитория и версия курса заданы в одном месте — helpers/environment.py (`REPOSITORY`, `VERSION`;
метка выпуска `RELEASE` — "v" и версия; pyproject.toml берёт версию оттуда же). Скрипт переписывает эти две
строки и пересобирает всё, что из них следует:
- значки Colab и Binder в заголовке каждого блокнота и в таблице README.md — они ведут на блокнот этой метки;
- строку установки пакета курса в первой ячейке кода каждого блокнота (`dl-course-ru @ git+https://…@метка`);
- адрес (`repository-code`, `url`) и версию (`version`) в CITATION.cff.
Запуск с теми же адресом и меткой ничего не меняет. Путь туда и обратно проверяет tests/test_retarget.py.

Запуск: `make retarget REPO=владелец/имя REF=v0.2.0` или `.venv/bin/python tools/retarget.py владелец/имя v0.2.0
[КОРЕНЬ]` (по умолчанию — этот репозиторий). Код выхода: 0 — готово, 2 — неверные аргументы или файлы.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from packaging.version import InvalidVersion, Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpers.environment import PACKAGE_NAME, badges_markdown, install_spec  # noqa: E402

USAGE = """\
Переводит значки Colab и Binder, строку установки пакета курса и CITATION.cff на другой адрес и выпуск.

Запуск:
  make retarget REPO=владелец/имя REF=vX.Y.Z
  python tools/retarget.py владелец/имя vX.Y.Z [КОРЕНЬ]

REPO — репозиторий на GitHub (например, my-name/dl-course-ru); REF — метка выпуска: "v" и версия пакета
(например, v0.2.0), она же станет версией пакета dl-course-ru."""

# Владелец на GitHub: буквы, цифры и дефисы, не больше 39 знаков, не с дефиса; имя — ещё точка и подчёркивание.
REPOSITORY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]+")
# Пара значков с любым адресом; группа — блокнот, на который ведёт значок Colab.
BADGES = re.compile(
    r"\[!\[Открыть в Colab\]\([^)\s]*\)\]\(https://colab\.research\.google\.com/github/[^)\s]*?/"
    r"(notebooks/[^/)\s]+\.ipynb)\) \[!\[Binder\]\([^)\s]*\)\]\(https://mybinder\.org/v2/gh/[^)\s]*\)"
)
# Строка установки пакета курса в кавычках; группа — extras через запятую.
INSTALL = re.compile(rf'"{re.escape(PACKAGE_NAME)}(?:\[([a-z0-9_,-]+)\])? @ git\+https://github\.com/[^"\s]*"')


class RetargetError(ValueError):
    """Неверный адрес или метка либо файл не того вида, что ждёт скрипт."""


def parse_target(repository: str, ref: str) -> str:
    """Проверяет адрес и метку и возвращает версию пакета из метки ("v0.2.0" → "0.2.0")."""
    if not REPOSITORY_NAME.fullmatch(repository) or repository.split("/")[1] in (".", ".."):
        raise RetargetError(f"REPO: нужен адрес на GitHub вида владелец/имя, получено {repository!r}.")
    try:
        version = str(Version(ref[1:])) if ref.startswith("v") else None
    except InvalidVersion:
        version = None
    if version is None or ref != f"v{version}":
        raise RetargetError(f"REF: нужна метка выпуска вида vX.Y.Z — 'v' и версия пакета, получено {ref!r}.")
    return version


def _substitute(text: str, pattern: re.Pattern[str], replacement: Callable[[re.Match[str]], str], *, where: str,
                what: str, count: int | None = 1) -> str:
    """`pattern` → `replacement` в `text`; `count` — сколько совпадений должно быть (None — хотя бы одно).

    `where` и `what` — для сообщения об ошибке: в каком файле и что искали.
    """
    new, found = pattern.subn(replacement, text)
    if found == 0 or (count is not None and found != count):
        need = "нужна хотя бы одна" if count is None else f"нужно ровно {count}"
        raise RetargetError(f"{where}: {what} — найдено {found}, а {need}.")
    return new


def _set_lines(text: str, values: dict[str, str], *, where: str, optional: tuple[str, ...] = ()) -> str:
    """Строки вида `ключ = "…"` (Python) и `ключ: "…"` (YAML), можно с комментарием в конце, получают новые
    значения; каждая — ровно одна, кроме ключей `optional`, которых может и не быть."""
    for key, value in values.items():
        pattern = re.compile(rf'^{re.escape(key)}( = |: )"[^"\n]*"(?=[ \t]*(?:#[^\n]*)?$)', flags=re.M)
        if key in optional and not pattern.search(text):
            continue
        text = _substitute(text, pattern, lambda match, value=value, key=key: f'{key}{match.group(1)}"{value}"',
                           where=where, what=f"строк «{key} = \"…\"» или «{key}: \"…\"»")
    return text


def _lines(text: str) -> list[str]:
    """Текст → список строк ячейки блокнота (каждая с переводом строки, кроме последней)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _retarget_notebook(text: str, name: str, repository: str, ref: str) -> str:
    notebook = json.loads(text)
    notebook_path = f"notebooks/{name}"
    title = notebook["cells"][0]
    badges = badges_markdown(notebook_path, repository=repository, release=ref)
    title["source"] = _lines(_substitute("".join(title["source"]), BADGES, lambda _: badges,
                                         where=f"{name}, заголовок", what="пар значков Colab и Binder"))
    setup = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")

    def spec(match: re.Match[str]) -> str:
        extras = tuple(match.group(1).split(",")) if match.group(1) else ()
        return f'"{install_spec(extras, repository=repository, release=ref)}"'

    setup["source"] = _lines(_substitute("".join(setup["source"]), INSTALL, spec, where=f"{name}, ячейка установки",
                                         what=f"строк установки \"{PACKAGE_NAME} @ git+https://github.com/…\""))
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def retarget(root: Path, repository: str, ref: str) -> list[Path]:
    """Переводит репозиторий в `root` на адрес `repository` и метку `ref`; возвращает изменённые файлы.

    Сначала всё проверяется и собирается в памяти, потом записывается: при ошибке файлы не трогаются.
    """
    version = parse_target(repository, ref)
    edits: dict[Path, Callable[[str], str]] = {
        root / "helpers" / "environment.py": lambda text: _set_lines(
            text, {"REPOSITORY": repository, "VERSION": version}, where="helpers/environment.py"),
        root / "README.md": lambda text: _substitute(
            text, BADGES, lambda match: badges_markdown(match.group(1), repository=repository, release=ref),
            where="README.md", what="пар значков Colab и Binder", count=None),
        root / "CITATION.cff": lambda text: _set_lines(
            text, {"repository-code": f"https://github.com/{repository}", "url": f"https://github.com/{repository}",
                   "version": version}, where="CITATION.cff", optional=("url",)),
    }
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        edits[path] = lambda text, name=path.name: _retarget_notebook(text, name, repository, ref)
    missing = [str(path.relative_to(root)) for path in edits if not path.is_file()]
    if missing:
        raise RetargetError(f"В {root} нет файлов: {', '.join(missing)}.")
    new_texts = {path: edit(path.read_text(encoding="utf-8")) for path, edit in edits.items()}
    changed = [path for path, text in new_texts.items() if text != path.read_text(encoding="utf-8")]
    for path in changed:
        path.write_text(new_texts[path], encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(argv) not in (2, 3):
        print(USAGE, file=sys.stderr)
        return 2
    root = Path(argv[2]).resolve() if len(argv) == 3 else REPO
    try:
        changed = retarget(root, argv[0], argv[1])
    except RetargetError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"изменён {path.relative_to(root)}")
    print(f"Готово: курс ведёт на {argv[0]}, выпуск {argv[1]}; изменено файлов: {len(changed)}. Значки и установка "
          f"на Colab заработают, когда метка будет на GitHub: git tag {argv[1]} && git push origin {argv[1]}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
