"""`make test-compat`: ядро прогона берёт пакет курса из установленного wheel, а фреймворки — самых старых версий.

Блокноты этого прогона исполняют их собственные тесты (метка `smoke`); здесь — проверка, что прогон честный:
пакет не подхватился из репозитория, и стоят именно нижние границы extras из pyproject.toml.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

import helpers

# Печатает из ядра: откуда импортирован helpers, где site-packages и sys.prefix ядра, версии всех пакетов.
KERNEL_REPORT = """
import json, sys, sysconfig
from importlib import metadata
import helpers
print(json.dumps({"helpers": helpers.__file__, "site_packages": sysconfig.get_paths()["purelib"],
                  "prefix": sys.prefix,
                  "versions": {dist.metadata["Name"]: dist.version for dist in metadata.distributions()}}))
"""

pytestmark = [
    pytest.mark.compat,
    pytest.mark.skipif(not os.environ.get("COURSE_TEST_KERNEL"),
                       reason="только в make test-compat: ядро прогона не задано (COURSE_TEST_KERNEL)"),
]


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def kernel_report(kernel_name, notebooks_dir) -> dict:
    """Что видит ядро блокнотов, запущенное в папке блокнотов, как при их исполнении."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_REPORT)])
    NotebookClient(notebook, kernel_name=kernel_name, resources={"metadata": {"path": str(notebooks_dir)}}).execute()
    (stdout,) = [output["text"] for output in notebook.cells[0].outputs if output.get("name") == "stdout"]
    return json.loads(stdout)


def test_notebooks_are_outside_the_repository(notebooks_dir, repo):
    assert not notebooks_dir.resolve().is_relative_to(repo), f"блокноты исполняются из репозитория: {notebooks_dir}"


def test_kernel_imports_the_installed_wheel(kernel_report):
    module = Path(kernel_report["helpers"])
    assert module.is_relative_to(kernel_report["site_packages"]), f"helpers взят не из site-packages: {module}"
    assert kernel_report["prefix"] == sys.prefix, "ядро блокнотов — не из той же среды, что тесты"
    assert Path(helpers.__file__).is_relative_to(kernel_report["site_packages"]), helpers.__file__


def test_oldest_supported_versions_are_installed(kernel_report, compat_requirements, repo):
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    installed = {_normalized(name): version for name, version in kernel_report["versions"].items()}
    for name, oldest in compat_requirements.oldest_versions(pyproject).items():
        if name in compat_requirements.FROM_ENVIRONMENT:
            assert Version(installed[name]) >= Version(oldest), (name, installed[name])
        else:
            assert Version(installed[name]) == Version(oldest), (name, installed[name])
