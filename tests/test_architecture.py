"""Устройство пакета helpers и тестов по правилам README («Устройство»).

- У каждого блокнота ровно один модуль блокнота: его имя — начало имени блокнота без номера, в описании
  модуля есть строка «Блокнот: notebooks/NN_имя.ipynb», и импортирует его только этот блокнот.
- Все остальные модули общие: ими пользуются не меньше двух блокнотов.
  Кто каким модулем пользуется, выводится из кода блокнотов: `import helpers.x`, `from helpers import x`,
  `from helpers.x import …` и обращения `helpers.имя` (имя из `helpers/__init__.py` ведёт в свой модуль).
- `import helpers` быстрый (≤ 0.3 с) и не тянет TensorFlow, PyTorch и matplotlib.pyplot.
- Тесты: общее — через фикстуры conftest.py, а не `from conftest import …`; в assert — одно условие.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HELPERS = REPO / "helpers"
NOTEBOOK_LINE = re.compile(r"^Блокнот: notebooks/(\d\d_[a-z0-9_]+)\.ipynb\b", flags=re.M)
IMPORT_LIMIT_S = 0.3
HEAVY_MODULES = ("tensorflow", "keras", "torch", "transformers", "datasets", "matplotlib.pyplot")
MODULES = sorted(path.stem for path in HELPERS.glob("*.py") if path.stem != "__init__")


def module_notebook(name: str) -> str | None:
    """Блокнот модуля из строки «Блокнот: notebooks/….ipynb» его описания; None — модуль общий."""
    docstring = ast.get_docstring(ast.parse((HELPERS / f"{name}.py").read_text(encoding="utf-8"))) or ""
    found = NOTEBOOK_LINE.findall(docstring)
    assert len(found) <= 1, f"helpers/{name}.py: в описании несколько строк «Блокнот: …», а блокнот у модуля один"
    return found[0] if found else None


def facade() -> dict[str, str]:
    """Имя, доступное как `helpers.имя` → модуль, из которого его берёт helpers/__init__.py."""
    names = {}
    for node in ast.parse((HELPERS / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers."):
            names |= {alias.asname or alias.name: node.module.split(".")[1] for alias in node.names}
    return names


def _module_of(name: str, names: dict[str, str], where: str) -> str:
    if name in MODULES:
        return name
    assert name in names, f"{where}: helpers.{name} — нет ни такого модуля, ни такого имени в helpers/__init__.py"
    return names[name]


def modules_used(notebook: Path) -> set[str]:
    """Модули helpers, которыми пользуется код блокнота (см. описание теста)."""
    names, used = facade(), set()
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        where = f"{notebook.name}, ячейка {number}"
        for node in ast.walk(ast.parse("".join(cell["source"]), filename=where)):
            if isinstance(node, ast.Import):
                used |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("helpers.")}
            elif isinstance(node, ast.ImportFrom) and node.module == "helpers":
                used |= {_module_of(alias.name, names, where) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers."):
                used.add(node.module.split(".")[1])
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "helpers":
                used.add(_module_of(node.attr, names, where))
    return used


@pytest.fixture(scope="module")
def users(notebook_paths) -> dict[str, set[str]]:
    """Модуль helpers → блокноты (имена без .ipynb), которые им пользуются."""
    result: dict[str, set[str]] = {name: set() for name in MODULES}
    for path in notebook_paths:
        for name in modules_used(path):
            assert name in result, f"{path.name} импортирует helpers.{name}, а файла helpers/{name}.py нет"
            result[name].add(path.stem)
    return result


def test_helpers_has_modules_for_lectures_and_shared_ones():
    lecture = [name for name in MODULES if module_notebook(name)]
    assert lecture, "нет ни одного модуля блокнота (строка «Блокнот: notebooks/….ipynb» в описании модуля)"
    assert len(lecture) < len(MODULES), "нет ни одного общего модуля"


@pytest.mark.parametrize("name", MODULES)
def test_module_belongs_to_one_lecture_or_is_shared(name, users):
    notebook = module_notebook(name)
    if notebook is None:
        assert len(users[name]) >= 2, (
            f"helpers/{name}.py — общий модуль, а пользуется им {sorted(users[name]) or 'ни один блокнот'}: "
            "перенесите его код в модуль того блокнота (и добавьте в описание строку «Блокнот: …») или уберите")
        return
    assert (REPO / "notebooks" / f"{notebook}.ipynb").is_file(), f"helpers/{name}.py называет несуществующий {notebook}"
    assert notebook[3:].startswith(name), f"модуль блокнота {notebook} называется по блокноту, а не «{name}»"
    assert users[name] == {notebook}, (
        f"helpers/{name}.py — модуль блокнота {notebook}, а импортируют его {sorted(users[name])}: общее "
        "перенесите в общий модуль")


def test_every_notebook_has_exactly_one_lecture_module(notebook_paths):
    for path in notebook_paths:
        own = [name for name in MODULES if module_notebook(name) == path.stem]
        assert len(own) == 1, f"у блокнота {path.name} модулей блокнота {own}, а должен быть ровно один"


def test_top_level_names_come_from_shared_modules():
    lecture = {name: module_notebook(name) for name in MODULES if module_notebook(name)}
    from_lecture = sorted(name for name, module in facade().items() if module in lecture)
    assert not from_lecture, f"helpers/__init__.py берёт {from_lecture} из модулей блокнотов: это тянет их фреймворки"


# ---------- import helpers: быстро и без фреймворков ----------

_MEASURE = """
import json, sys, time
started = time.perf_counter()
import {modules}
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "loaded": sorted(m for m in {heavy!r} if m in sys.modules)}}))
"""


def _import_in_fresh_python(modules: list[str]) -> dict:
    code = _MEASURE.format(modules=", ".join(modules), heavy=HEAVY_MODULES)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_helpers_is_fast_and_loads_no_framework_or_pyplot():
    runs = [_import_in_fresh_python(["helpers"]) for _ in range(3)]
    assert runs[0]["loaded"] == [], f"import helpers загружает {runs[0]['loaded']}: импортируйте их внутри функций"
    best = min(run["seconds"] for run in runs)
    assert best <= IMPORT_LIMIT_S, f"import helpers идёт {best:.2f} с (лучшее из трёх), а должен ≤ {IMPORT_LIMIT_S} с"


def test_shared_modules_and_q_learning_load_no_framework():
    # Общие модули нужны всем блокнотам, а блокнот о Q-обучении не должен платить секунды за TensorFlow.
    shared = [f"helpers.{name}" for name in MODULES if module_notebook(name) is None]
    loaded = _import_in_fresh_python([*shared, "helpers.q_learning"])["loaded"]
    assert "tensorflow" not in loaded
    assert "torch" not in loaded
    assert "keras" not in loaded


# ---------- тесты: фикстуры вместо импорта conftest, одно условие в assert ----------

TEST_FILES = sorted(Path(__file__).parent.glob("*.py"))


@pytest.mark.parametrize("path", TEST_FILES, ids=[path.name for path in TEST_FILES])
def test_tests_take_shared_things_from_fixtures(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "conftest" not in imported, "общее для тестов — фикстуры conftest.py, а не from conftest import …"
    other_tests = sorted(name for name in imported if name and name.startswith("test_"))
    assert not other_tests, f"тест импортирует другие тесты {other_tests}: общее — в фикстуры conftest.py"


@pytest.mark.parametrize("path", TEST_FILES, ids=[path.name for path in TEST_FILES])
def test_each_assert_checks_one_thing(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    compound = [node.lineno for node in ast.walk(tree)
                if isinstance(node, ast.Assert) and isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.And)]
    assert not compound, f"assert a and b в строках {compound}: разбейте на отдельные assert — видно, что не выполнилось"
