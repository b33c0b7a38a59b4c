"""Анатомия блокнотов (CONTRIBUTING.md): значки, ячейка установки и версий, метаданные Colab, параметры, выходы,
задания, README. Адреса значков и строки установки сверяются с единственным местом — helpers/environment.py."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import subprocess
import sys
import tomllib

from packaging.requirements import Requirement

from helpers.environment import badges_markdown, binder_url, colab_url, install_spec

KEPT_OUTPUT_MARK = "NBVAL_CHECK_OUTPUT"
REQUIRED_PARAMETERS = ("PROFILE", "SEED", "OUTPUT_DIR", "DATA_DIR")
MAX_SETUP_CELL_LINES = 25


def source(cell: dict) -> str:
    return "".join(cell["source"])


def code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def tagged(notebook: dict, tag: str) -> list[dict]:
    return [cell for cell in notebook["cells"] if tag in cell.get("metadata", {}).get("tags", [])]


def test_there_are_notebooks(notebook_paths):
    assert notebook_paths, "в notebooks/ нет ни одного блокнота"
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name) for path in notebook_paths)


def test_title_cell_has_own_badges(notebook_path, load_notebook):
    title = source(load_notebook(notebook_path)["cells"][0])
    relative = f"notebooks/{notebook_path.name}"
    assert title.startswith("# "), "первая ячейка — заголовок"
    assert badges_markdown(relative) in title, "значки Colab/Binder должны вести на этот блокнот (helpers.environment)"
    links = re.findall(r"\]\((https://(?:colab\.research\.google\.com/github|mybinder\.org/v2)[^)]*)\)", title)
    assert sorted(links) == sorted([colab_url(relative), binder_url(relative)])


def test_setup_cell_is_plain_python(notebook_path, load_notebook):
    setup = source(code_cells(load_notebook(notebook_path))[0])
    assert not re.search(r"^\s*[!%]", setup, flags=re.M), "ячейка установки не должна использовать !/% (только Colab)"
    ast.parse(setup)
    assert len(setup.splitlines()) <= MAX_SETUP_CELL_LINES, "ячейка установки и версий — короткая"
    specs = re.findall(r'"(dl-course-ru[^"]*)"', setup)
    assert len(specs) == 1
    extras = re.fullmatch(r"dl-course-ru(?:\[([a-z,]+)\])? @ .*", specs[0]).group(1)
    assert specs[0] == install_spec(tuple(extras.split(",")) if extras else ())


def _imported_modules(notebook: dict) -> set[str]:
    """Пакеты верхнего уровня, которые импортирует код блокнота."""
    modules = set()
    for cell in code_cells(notebook):
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


def test_setup_cell_checks_versions_of_notebook_frameworks(notebook_path, load_notebook, repo):
    notebook = load_notebook(notebook_path)
    calls = re.findall(r"^helpers\.check_versions\((.*)\)$", source(code_cells(notebook)[0]), flags=re.M)
    assert len(calls) == 1, "ячейка установки печатает версии: helpers.check_versions(…)"
    checked = set(ast.literal_eval(f"({calls[0]},)"))
    extras = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    frameworks = {Requirement(line).name for lines in extras.values() for line in lines}
    assert checked <= frameworks, "проверяются фреймворки курса — те, что в extras pyproject.toml"
    missing = (frameworks & _imported_modules(notebook)) - checked
    assert not missing, f"блокнот импортирует {sorted(missing)}, а их версии не печатает"


def test_setup_cell_runs_outside_colab(notebook_path, load_notebook, tmp_path):
    setup = source(code_cells(load_notebook(notebook_path))[0])
    with_helpers = subprocess.run([sys.executable, "-c", setup], capture_output=True, text=True)
    assert with_helpers.returncode == 0, with_helpers.stderr
    assert with_helpers.stdout.splitlines()[1].startswith("Python "), "таблица версий начинается с Python"
    # Базовый Python без пакета курса (вне репозитория): понятная ошибка по-русски, а не синтаксис Colab.
    # PYTHONPATH тоже убираем: иначе пакет курса найдётся через него.
    clean_env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    without = subprocess.run([sys._base_executable, "-c", setup], capture_output=True, text=True, cwd=tmp_path,
                             env=clean_env)
    assert without.returncode != 0
    assert "make lab" in without.stderr


def _profile_records(notebook: dict) -> dict[str, str]:
    """Профиль → запись Params из таблицы PROFILES (как дерево ast, строкой: без комментариев и переносов)."""
    cell = next(source(cell) for cell in code_cells(notebook) if "PROFILES = {" in source(cell))
    table = next(node.value for node in ast.parse(cell).body if isinstance(node, ast.Assign)
                 and any(isinstance(target, ast.Name) and target.id == "PROFILES" for target in node.targets))
    return {key.value: ast.dump(value) for key, value in zip(table.keys, table.values, strict=True)}


def test_colab_metadata_asks_for_gpu_where_lecture_wants_one(notebook_path, load_notebook):
    notebook = load_notebook(notebook_path)
    metadata = notebook["metadata"]
    assert metadata["kernelspec"]["name"] == "python3", "Colab запускает блокнот на ядре python3"
    colab = metadata.get("colab", {})
    assert colab.get("name") == notebook_path.name, "метаданные Colab: имя блокнота"
    assert colab.get("provenance") == []
    # Лекция хочет GPU, если её профиль full крупнее cpu; где они совпадают (01, 04), видеокарта не нужна.
    profiles = _profile_records(notebook)
    if profiles["full"] != profiles["cpu"]:
        assert metadata.get("accelerator") == "GPU", "Colab должен сразу предложить среду с GPU"
        assert colab.get("gpuType") == "T4", "GPU бесплатного Colab — T4"
    else:
        assert "accelerator" not in metadata, "профиль full совпадает с cpu: GPU не нужен"
        assert "gpuType" not in colab, "профиль full совпадает с cpu: GPU не нужен"


def test_parameters_cell(notebook_path, load_notebook):
    cells = tagged(load_notebook(notebook_path), "parameters")
    assert len(cells) == 1, "ровно одна ячейка с тегом parameters"
    names = {target.id for node in ast.parse(source(cells[0])).body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)}
    assert set(REQUIRED_PARAMETERS) <= names
    assert 'os.environ.get("COURSE_PROFILE", "auto")' in source(cells[0]), \
        "профиль по умолчанию — auto (nbval задаёт профиль через окружение)"


def test_profiles_are_one_table_and_every_run_is_recorded(notebook_path, load_notebook):
    code = "\n".join(source(cell) for cell in code_cells(load_notebook(notebook_path)))
    assert code.count("helpers.resolve_profile(PROFILE)") == 1, "auto раскрывается один раз, с объявлением"
    table = re.search(r"^PROFILES = \{(.*?)^\}", code, flags=re.S | re.M)
    assert table, "размеры профилей — одна таблица PROFILES = {...}"
    assert re.findall(r'^\s*"(\w+)": Params\(', table.group(1), flags=re.M) == ["full", "cpu", "smoke"]
    assert "@dataclass(frozen=True)\nclass Params:" in code, "запись профиля — dataclass Params"
    assert "helpers.select_params(PROFILES, PROFILE" in code
    assert not re.search(r"^(\w+) = \1 or ", code, flags=re.M), "ручки берутся через select_params, не `X = X or …`"
    assert "helpers.write_run_info(" in code, "каждый запуск пишет run.json"


def test_outputs_stripped_except_kept(notebook_path, load_notebook):
    for cell in code_cells(load_notebook(notebook_path)):
        if KEPT_OUTPUT_MARK in source(cell):
            assert cell["outputs"], "сохранённый для nbval вывод пуст"
            assert cell["execution_count"] is not None, "сохранённый для nbval вывод пуст"
        else:
            assert not cell["outputs"], source(cell)[:80]
            assert cell["execution_count"] is None, source(cell)[:80]


def test_anatomy_sections(notebook_path, load_notebook):
    markdown = "\n".join(source(c) for c in load_notebook(notebook_path)["cells"] if c["cell_type"] == "markdown")
    assert "## Задания" in markdown
    assert "## Итоги" in markdown
    assert len(tagged(load_notebook(notebook_path), "exercise")) >= 3, "не меньше трёх заданий"


def _solutions(notebook: dict) -> list[str]:
    blocks = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and "<details>" in source(cell):
            blocks += re.findall(r"<details>.*?```python\n(.*?)```", source(cell), flags=re.S)
    return blocks


def _normalized_lines(code: str) -> list[str]:
    """Строки кода без пустых, комментариев и заголовков def, пробелы схлопнуты."""
    lines = (" ".join(line.split("#")[0].split()) for line in code.splitlines())
    return [line for line in lines if line and not line.startswith("def ")]


def _copied_window(solution: str, earlier: list[str], width: int = 3) -> str | None:
    """Первые `width` подряд идущих строк решения, которые уже стоят подряд в одной из ячеек `earlier`."""
    body = _normalized_lines(solution)
    width = min(width, len(body))
    for start in range(len(body) - width + 1):
        window = body[start:start + width]
        for cell in earlier:
            lines = _normalized_lines(cell)
            if any(lines[i:i + width] == window for i in range(len(lines) - width + 1)):
                return "\n".join(window)
    return None


def test_solutions_are_not_copies_of_code_above(notebook_path, load_notebook):
    notebook = load_notebook(notebook_path)
    solutions = iter(_solutions(notebook))
    earlier: list[str] = []
    for cell in notebook["cells"]:
        if "exercise" in cell.get("metadata", {}).get("tags", []):
            copied = _copied_window(next(solutions), earlier)
            assert copied is None, f"решение повторяет код выше по блокноту:\n{copied}"
        if cell["cell_type"] == "code":
            earlier.append(source(cell))


MAX_CODE_CELL_LINES = 30  # «короткие ячейки, около 25 строк»; исключения — таблица профилей и ячейки самопроверки


def test_code_cells_are_short(notebook_path, load_notebook):
    for cell in code_cells(load_notebook(notebook_path)):
        code = source(cell)
        lines = [line for line in code.splitlines() if line.strip()]
        # ячейку самопроверки тест решений исполняет целиком, одну: делить её нельзя
        if "class Params" not in code and "check" not in cell.get("metadata", {}).get("tags", []):
            assert len(lines) <= MAX_CODE_CELL_LINES, f"ячейка в {len(lines)} строк, разбейте: {lines[0][:60]}"


def test_last_code_cell_tallies_exercises(notebook_path, load_notebook):
    assert "helpers.exercise_tally()" in source(code_cells(load_notebook(notebook_path))[-1])


def test_published_solutions_pass_self_checks(notebook_path, load_notebook):
    notebook = load_notebook(notebook_path)
    solutions, checks = _solutions(notebook), tagged(notebook, "check")
    assert len(solutions) == len(tagged(notebook, "exercise")) == len(checks)
    namespace: dict = {}
    exec(source(tagged(notebook, "imports")[0]), namespace)
    for solution, check in zip(solutions, checks, strict=True):
        exec(solution, namespace)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(source(check), namespace)
        assert "✅" in printed.getvalue(), printed.getvalue()
        assert "❌" not in printed.getvalue(), printed.getvalue()


def test_readme_lists_every_notebook_with_badges(repo, notebook_paths):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for path in notebook_paths:
        assert badges_markdown(f"notebooks/{path.name}") in readme, path.name
