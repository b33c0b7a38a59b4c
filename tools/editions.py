"""Два издания блокнотов курса: для студентов (без решений) и для преподавателя (с решениями в ячейках заданий).

- `build/student/` — блокноты без блоков `<details>` с решениями и их разбором и без фраз, которые на эти блоки
  ссылаются; условия заданий, ячейки-заготовки и самопроверки на месте: самопроверка печатает ⏳, пока задание не
  сделано, и последняя ячейка считает «сделано 0 из n».
- `build/teacher/` — всё, что есть в блокноте курса, а в ячейках заданий — решения из блоков `<details>`: «Run All»
  проходит все самопроверки (✅), и преподаватель видит до занятия, что всё работает.

Выходы ячеек в обоих изданиях очищены. Значки Colab и Binder ведут на ветку издания (`student`, `teacher`) этого
же репозитория: в ней блокноты издания лежат в `notebooks/` на месте блокнотов курса (как её опубликовать —
README, раздел «Издания: для студентов и для преподавателя»). В папке издания ещё README.md — список блокнотов со
значками, который можно раздать студентам.

Запуск: `make editions` (или `.venv/bin/python tools/editions.py [--out build] [--student-branch student]
[--teacher-branch teacher]`).
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpers.environment import REPOSITORY, badges_markdown  # noqa: E402

SOLUTION = re.compile(r"<details>.*?</details>\n*", flags=re.S)  # блок решения и пустые строки после него
SOLUTION_CODE = re.compile(r"```python\n(.*?)```", flags=re.S)
SOLUTION_LABEL = "«Решение»"  # так текст блокнота называет блок решения: «Решения спрятаны под «Решение» …»
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
STUB_MARKS = ("raise NotImplementedError", "...")  # заготовка задания: функция бросает NotImplementedError или `...`
EDITIONS = {
    "student": "издание для студентов",
    "teacher": "издание для преподавателя",
}
README_INTRO = {
    "student": (
        "Блокноты курса без решений заданий: ячейки заданий — заготовки, самопроверки на месте и, пока задание не "
        "сделано, печатают ⏳; последняя ячейка блокнота считает, сколько заданий сделано. Выходы ячеек очищены."
    ),
    "teacher": (
        "Блокноты курса с решениями: в ячейках заданий — решения из блоков «Решение», поэтому «Run All» проходит "
        "все самопроверки (✅); блоки «Решение» с разбором тоже на месте. Выходы ячеек очищены."
    ),
}


def _source(cell: dict) -> str:
    """Текст ячейки одной строкой."""
    return "".join(cell["source"])


def _set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def solutions(notebook: dict, name: str) -> list[str]:
    """Код решений по порядку: из каждого блока `<details>` — его единственный блок ```python."""
    codes = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for block in SOLUTION.findall(_source(cell)):
            found = SOLUTION_CODE.findall(block)
            if len(found) != 1:
                raise ValueError(f"{name}: в блоке <details> должен быть ровно один блок ```python, а их "
                                 f"{len(found)}: {block[:80]!r}")
            codes.append(found[0])
    return codes


def _function_names(code: str) -> set[str]:
    return {node.name for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}


def _exercises_with_solutions(notebook: dict, name: str) -> list[tuple[dict, str]]:
    """Пары (ячейка задания, код решения): k-е задание блокнота решает k-й блок `<details>`."""
    exercises = [cell for cell in notebook["cells"] if "exercise" in _tags(cell)]
    codes = solutions(notebook, name)
    if not exercises or len(exercises) != len(codes):
        raise ValueError(f"{name}: заданий (ячеек с тегом exercise) {len(exercises)}, а решений в <details> "
                         f"{len(codes)}; нужно поровну и не меньше одного.")
    for number, (cell, code) in enumerate(zip(exercises, codes, strict=True), start=1):
        if not any(mark in _source(cell) for mark in STUB_MARKS):
            raise ValueError(f"{name}, задание {number}: в ячейке задания должна быть заготовка "
                             f"(raise NotImplementedError или ...), а там:\n{_source(cell)}")
        missing = _function_names(_source(cell)) - _function_names(code)
        if missing:
            raise ValueError(f"{name}, задание {number}: решение не определяет {', '.join(sorted(missing))} "
                             "из заготовки — решения идут не в том порядке, что задания?")
    return list(zip(exercises, codes, strict=True))


def _without_solution_pointers(text: str) -> str:
    """Текст без предложений, которые отсылают к блокам «Решение» (в издании для студентов их нет)."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if SOLUTION_LABEL in paragraph:
            paragraph = " ".join(part for part in SENTENCE_END.split(paragraph) if SOLUTION_LABEL not in part)
        if paragraph.strip():
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _prepared(notebook: dict, name: str, branch: str) -> dict:
    """Копия блокнота с очищенными выходами и значками, которые ведут на ветку `branch`."""
    edition = copy.deepcopy(notebook)
    course_badges = badges_markdown(f"notebooks/{name}")
    title = edition["cells"][0]
    if course_badges not in _source(title):
        raise ValueError(f"{name}: в первой ячейке нет значков Colab и Binder курса ({course_badges}).")
    _set_source(title, _source(title).replace(course_badges, badges_markdown(f"notebooks/{name}", release=branch)))
    for cell in edition["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return edition


def student_edition(notebook: dict, name: str, branch: str = "student") -> dict:
    """Издание для студентов: без блоков `<details>` и отсылок к ним; заготовки и самопроверки на месте."""
    _exercises_with_solutions(notebook, name)  # заготовки на месте и решения найдены: иначе ошибка
    edition = _prepared(notebook, name, branch)
    cells = []
    for cell in edition["cells"]:
        if cell["cell_type"] == "markdown":
            text = _without_solution_pointers(SOLUTION.sub("", _source(cell))).rstrip("\n")
            if not text.strip():
                continue  # в ячейке было только решение
            _set_source(cell, text)
        cells.append(cell)
    edition["cells"] = cells
    return edition


def teacher_edition(notebook: dict, name: str, branch: str = "teacher") -> dict:
    """Издание для преподавателя: блокнот курса целиком, в ячейках заданий — решения."""
    edition = _prepared(notebook, name, branch)
    exercises = [cell for cell in edition["cells"] if "exercise" in _tags(cell)]
    for cell, (_, code) in zip(exercises, _exercises_with_solutions(notebook, name), strict=True):
        _set_source(cell, code.rstrip("\n"))
    return edition


def _title(notebook: dict) -> str:
    return _source(notebook["cells"][0]).splitlines()[0].removeprefix("# ").strip()


def edition_readme(edition: str, branch: str, notebooks: dict[str, dict]) -> str:
    """README.md папки издания: что в нём и таблица блокнотов со значками на ветку `branch`."""
    rows = "\n".join(
        f"| {name[:2]} | [{_title(notebook)}]({name}) | {badges_markdown(f'notebooks/{name}', release=branch)} |"
        for name, notebook in notebooks.items()
    )
    return (
        f"# Курс DL: {EDITIONS[edition]}\n\n{README_INTRO[edition]}\n\n"
        f"Собрано командой `make editions`. Значки открывают блокноты из ветки `{branch}` репозитория "
        f"{REPOSITORY}; как её опубликовать — README курса, раздел «Издания: для студентов и для преподавателя».\n\n"
        f"| № | блокнот | открыть |\n|---|---|---|\n{rows}\n"
    )


def write_editions(notebooks: Sequence[Path], out_dir: Path, branches: dict[str, str]) -> dict[str, list[Path]]:
    """Пишет оба издания в `out_dir/student` и `out_dir/teacher` (папки создаются заново); возвращает файлы."""
    if set(branches) != set(EDITIONS):
        raise ValueError(f"Нужны ветки для изданий {sorted(EDITIONS)}, получено {sorted(branches)}.")
    if not notebooks:
        raise ValueError("Нет ни одного блокнота: издания собирать не из чего.")
    builders = {"student": student_edition, "teacher": teacher_edition}
    sources = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in notebooks}
    written: dict[str, list[Path]] = {}
    for edition, branch in branches.items():
        folder = out_dir / edition
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        editions = {name: builders[edition](notebook, name, branch) for name, notebook in sources.items()}
        written[edition] = []
        for name, notebook in editions.items():
            path = folder / name
            path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written[edition].append(path)
        readme = folder / "README.md"
        readme.write_text(edition_readme(edition, branch, editions), encoding="utf-8")
        written[edition].append(readme)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Издания блокнотов курса: для студентов и для преподавателя.")
    parser.add_argument("--out", type=Path, default=REPO / "build", help="куда писать student/ и teacher/")
    parser.add_argument("--student-branch", default="student", help="ветка, на которую ведут значки издания студентов")
    parser.add_argument("--teacher-branch", default="teacher",
                        help="ветка, на которую ведут значки издания преподавателя")
    args = parser.parse_args(argv)
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    written = write_editions(notebooks, args.out, {"student": args.student_branch, "teacher": args.teacher_branch})
    for edition, paths in written.items():
        print(f"{EDITIONS[edition].capitalize()}: {paths[0].parent} ({len(paths) - 1} блокнотов и README.md)")


if __name__ == "__main__":
    main()
