"""tools/editions.py: издание для студентов без решений, издание для преподавателя с решениями (make editions)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.environment import badges_markdown, binder_url, colab_url

BRANCHES = {"student": "spring-student", "teacher": "spring-teacher"}  # не ветки по умолчанию: видно, что их передали
SOLUTION_BLOCK = re.compile(r"<details>.*?</details>", flags=re.S)
# Блокнот, в котором исполняются оба издания: самый быстрый; ручки — поменьше, проверяются задания, а не урок.
EXECUTED = "04_q_learning_frozenlake.ipynb"
TINY_04 = dict(EPISODES=200, EVAL_EPISODES=100, SLIPPERY_EPISODES_4X4=200, SLIPPERY_EPISODES_8X8=200, TRAP_SEEDS=1)


def source(cell: dict) -> str:
    return "".join(cell["source"])


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def text_lines(notebook: dict) -> set[str]:
    """Все непустые строки всех ячеек, без отступов по краям."""
    return {line.strip() for cell in notebook["cells"] for line in source(cell).splitlines() if line.strip()}


@pytest.fixture(scope="module")
def built(editions, notebook_paths, tmp_path_factory) -> Path:
    """Папка с обоими изданиями, собранными из блокнотов курса."""
    out = tmp_path_factory.mktemp("editions")
    editions.write_editions(notebook_paths, out, BRANCHES)
    return out


def read_edition(built: Path, edition: str, name: str) -> dict:
    return json.loads((built / edition / name).read_text(encoding="utf-8"))


def test_both_editions_hold_every_notebook_and_a_readme(built, notebook_paths):
    for edition, branch in BRANCHES.items():
        assert sorted(path.name for path in (built / edition).iterdir()) == sorted(
            [path.name for path in notebook_paths] + ["README.md"])
        readme = (built / edition / "README.md").read_text(encoding="utf-8")
        for path in notebook_paths:
            assert badges_markdown(f"notebooks/{path.name}", release=branch) in readme, (edition, path.name)
            assert f"]({path.name})" in readme, (edition, path.name)


def test_student_edition_shows_no_solution(built, notebook_path, load_notebook):
    course = load_notebook(notebook_path)
    student = read_edition(built, "student", notebook_path.name)
    text = "\n".join(source(cell) for cell in student["cells"])
    for mark in ("<details>", "</details>", "<summary>", "«Решение»"):
        assert mark not in text, mark
    blocks = [block for cell in course["cells"] if cell["cell_type"] == "markdown"
              for block in SOLUTION_BLOCK.findall(source(cell))]
    assert len(blocks) == len([cell for cell in course["cells"] if "exercise" in tags(cell)])
    # Строки решения и его разбора, которых нет больше нигде в блокноте курса, не видны нигде в издании.
    outside = text_lines({"cells": [{"source": SOLUTION_BLOCK.sub("", source(cell))} for cell in course["cells"]]})
    shown = text_lines(student)
    for block in blocks:
        own = {line.strip() for line in block.splitlines() if line.strip()} - outside - {"```python", "```"}
        assert own, f"у решения нет своих строк: {block[:80]}"
        assert not own & shown, own & shown


def test_student_edition_keeps_tasks_stubs_and_checks(built, notebook_path, load_notebook):
    course = load_notebook(notebook_path)
    student = read_edition(built, "student", notebook_path.name)
    course_code = [(source(cell), tags(cell)) for cell in course["cells"] if cell["cell_type"] == "code"]
    assert [(source(cell), tags(cell)) for cell in student["cells"] if cell["cell_type"] == "code"] == course_code
    assert all("raise NotImplementedError" in source(cell) for cell in student["cells"] if "exercise" in tags(cell))
    # Всё, что вне блоков решения, на месте, кроме предложения об этих блоках; заголовок — со своими значками.
    markdown = "\n\n".join(source(cell) for cell in student["cells"] if cell["cell_type"] == "markdown")
    name = f"notebooks/{notebook_path.name}"
    markdown = markdown.replace(badges_markdown(name, release=BRANCHES["student"]), badges_markdown(name))
    for cell in course["cells"]:
        if cell["cell_type"] == "markdown":
            for paragraph in SOLUTION_BLOCK.sub("", source(cell)).split("\n\n"):
                if paragraph.strip() and "«Решение»" not in paragraph:
                    assert paragraph.strip() in markdown, paragraph[:120]


def test_teacher_edition_is_the_course_notebook_with_solutions_in_exercises(built, notebook_path, load_notebook):
    course = load_notebook(notebook_path)
    teacher = read_edition(built, "teacher", notebook_path.name)
    name = f"notebooks/{notebook_path.name}"
    solutions = iter(re.findall(r"<details>.*?```python\n(.*?)```", "\n".join(source(cell) for cell in course["cells"]),
                                flags=re.S))
    assert teacher["metadata"] == course["metadata"]
    assert len(teacher["cells"]) == len(course["cells"])
    for number, (ours, theirs) in enumerate(zip(teacher["cells"], course["cells"], strict=True)):
        assert ours["cell_type"] == theirs["cell_type"]
        assert ours["metadata"] == theirs["metadata"]
        if "exercise" in tags(theirs):
            assert source(ours) == next(solutions).rstrip("\n")
        elif number == 0:
            assert source(ours) == source(theirs).replace(badges_markdown(name), badges_markdown(name, release=BRANCHES["teacher"]))
        else:
            assert source(ours) == source(theirs)


@pytest.mark.parametrize("edition", list(BRANCHES))
def test_editions_are_valid_clean_and_point_at_their_branch(built, notebook_path, edition):
    notebook = read_edition(built, edition, notebook_path.name)
    nbformat.validate(nbformat.reads(json.dumps(notebook), as_version=4))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None
    name, branch = f"notebooks/{notebook_path.name}", BRANCHES[edition]
    text = "\n".join(source(cell) for cell in notebook["cells"])
    links = re.findall(r"\]\((https://(?:colab\.research\.google\.com/github|mybinder\.org/v2)[^)]*)\)", text)
    assert sorted(links) == sorted([colab_url(name, release=branch), binder_url(name, release=branch)])


def make_notebook(exercise: str, solution_block: str, *, badges: bool = True) -> dict:
    """Крошечный блокнот курса: заголовок, задание, самопроверка и блок решения."""
    title = "# Опыт\n\n" + (badges_markdown("notebooks/99_x.ipynb") if badges else "")
    cells = [nbformat.v4.new_markdown_cell(title),
             nbformat.v4.new_code_cell(exercise, metadata={"tags": ["exercise"]}),
             nbformat.v4.new_code_cell("check(my_add)", metadata={"tags": ["check"]}),
             nbformat.v4.new_markdown_cell(solution_block)]
    return json.loads(nbformat.writes(nbformat.v4.new_notebook(cells=cells)))


STUB = "def my_add(a, b):\n    raise NotImplementedError"
SOLUTION = "<details><summary>Решение</summary>\n\n```python\ndef my_add(a, b):\n    return a + b\n```\n</details>"


def test_editions_of_a_tiny_notebook(editions):
    notebook = make_notebook(STUB, "Текст до.\n\n" + SOLUTION + "\n\nТекст после.")
    student = editions.student_edition(notebook, "99_x.ipynb", "student")
    assert source(student["cells"][3]) == "Текст до.\n\nТекст после."
    assert source(student["cells"][1]) == STUB
    teacher = editions.teacher_edition(notebook, "99_x.ipynb", "teacher")
    assert source(teacher["cells"][1]) == "def my_add(a, b):\n    return a + b"
    assert source(teacher["cells"][3]) == source(notebook["cells"][3])
    assert colab_url("notebooks/99_x.ipynb", release="teacher") in source(teacher["cells"][0])


def test_student_edition_drops_sentences_about_solution_blocks_and_empty_cells(editions):
    notebook = make_notebook(STUB, SOLUTION)
    notebook["cells"].insert(1, nbformat.v4.new_markdown_cell(
        "## Задания\n\nПишите функции. Решения спрятаны под «Решение» — откройте\nпосле попытки. Проверка — ниже."))
    student = editions.student_edition(notebook, "99_x.ipynb", "student")
    assert source(student["cells"][1]) == "## Задания\n\nПишите функции. Проверка — ниже."
    assert len(student["cells"]) == 4, "ячейка, где было только решение, не нужна"


@pytest.mark.parametrize(("exercise", "solution_block", "message"), [
    ("def my_add(a, b):\n    return a + b", SOLUTION, "заготовка"),
    (STUB, "<details><summary>Решение</summary>\n\nсловами\n</details>", "ровно один блок ```python"),
    (STUB, "Решения нет.", "решений в <details> 0"),
    (STUB, SOLUTION.replace("my_add", "my_sum"), "не определяет my_add"),
])
def test_bad_notebooks_are_refused(editions, exercise, solution_block, message):
    notebook = make_notebook(exercise, solution_block)
    for build in (editions.student_edition, editions.teacher_edition):
        with pytest.raises(ValueError, match=re.escape(message)):
            build(notebook, "99_x.ipynb")


def test_bad_title_branch_and_input_are_refused(editions, tmp_path):
    with pytest.raises(ValueError, match="нет значков"):
        editions.student_edition(make_notebook(STUB, SOLUTION, badges=False), "99_x.ipynb")
    with pytest.raises(ValueError, match="Ветка или метка"):
        editions.teacher_edition(make_notebook(STUB, SOLUTION), "99_x.ipynb", "feature/x")
    with pytest.raises(ValueError, match="Нет ни одного блокнота"):
        editions.write_editions([], tmp_path, BRANCHES)
    with pytest.raises(ValueError, match="Нужны ветки"):
        editions.write_editions([], tmp_path, {"student": "student"})


def test_command_line_writes_both_editions(editions, tmp_path, capsys):
    editions.main(["--out", str(tmp_path), "--student-branch", "group-7"])
    assert "Издание для студентов" in capsys.readouterr().out
    readme = (tmp_path / "student" / "README.md").read_text(encoding="utf-8")
    assert colab_url("notebooks/04_q_learning_frozenlake.ipynb", release="group-7") in readme
    teacher = (tmp_path / "teacher" / "README.md").read_text(encoding="utf-8")
    assert colab_url("notebooks/04_q_learning_frozenlake.ipynb", release="teacher") in teacher


def executed_outputs(output_dir: Path) -> list[tuple[list[str], str]]:
    """(теги, напечатанное) каждой ячейки кода исполненного блокнота."""
    notebook = json.loads((output_dir / EXECUTED).read_text(encoding="utf-8"))
    return [(tags(cell), "".join("".join(output.get("text", "")) for output in cell["outputs"]))
            for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.notebook
@pytest.mark.parametrize(("edition", "verdict", "tally"), [
    ("student", "⏳", "Задания: сделано 0 из {n}; ещё нет:"),
    ("teacher", "✅", "Задания: сделано {n} из {n}."),
], ids=list(BRANCHES))
def test_edition_runs_and_tallies(built, build_dir, run_notebook, edition, verdict, tally):
    shutil.rmtree(build_dir / Path(EXECUTED).stem / edition, ignore_errors=True)
    outputs = executed_outputs(run_notebook(built / edition / EXECUTED, edition, PROFILE="smoke", **TINY_04))
    checks = [printed for cell_tags, printed in outputs if "check" in cell_tags]
    assert len(checks) >= 3
    for printed in checks:
        assert printed.startswith(verdict), printed
    assert tally.format(n=len(checks)) in outputs[-1][1], outputs[-1][1]
