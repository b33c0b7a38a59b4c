"""Один источник версий: environment.yml; Makefile (все пакеты), binder/ (только нужные студенту) и установленные
пакеты с ним согласны."""

from __future__ import annotations

import re
import subprocess
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement

REQUIRED = {"tensorflow", "keras", "torch", "transformers", "datasets", "accelerate", "gymnasium", "matplotlib",
            "scikit-learn", "jupyterlab", "ipywidgets", "papermill", "nbval", "pytest", "tqdm"}
DEV_TOOLS = {"papermill", "nbval", "nbconvert", "pytest", "ruff"}
MARKER = "# --- инструменты разработки"
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"


@pytest.fixture(scope="module")
def environment(repo) -> dict:
    return yaml.safe_load((repo / "environment.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pip_section(environment) -> list[str]:
    return next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))


@pytest.fixture(scope="module")
def pins(pip_section) -> list[str]:
    """Строки «пакет==версия» раздела pip, без ключей pip вроде --extra-index-url."""
    return [line for line in pip_section if not line.startswith("-")]


@pytest.fixture(scope="module")
def runtime_pins(repo, pins) -> list[str]:
    """Пакеты до метки «инструменты разработки» — то, что нужно студенту."""
    runtime_text = (repo / "environment.yml").read_text(encoding="utf-8").split(MARKER)[0]
    return [pin for pin in pins if f"- {pin}\n" in runtime_text]


@pytest.fixture(scope="module")
def requirements(pins) -> list[Requirement]:
    return [Requirement(line) for line in pins]


def make_list(repo, variable: str) -> list[str]:
    """Список пакетов, который достаёт sed из переменной Makefile `variable`."""
    command = re.search(rf"^{variable} = (.*)$", (repo / "Makefile").read_text(), flags=re.M).group(1)
    return subprocess.run(command.replace("$$", "$").replace("\\#", "#"), shell=True, cwd=repo, capture_output=True,
                          text=True, check=True).stdout.splitlines()


def test_every_package_is_pinned(requirements):
    names = set()
    for requirement in requirements:
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1, str(requirement)
        assert specifiers[0].operator == "==", str(requirement)
        names.add(requirement.name.removesuffix("-cpu"))
    assert REQUIRED <= names, REQUIRED - names


def test_torch_comes_first(requirements):
    assert requirements[0].name == "torch", "torch ставится первым (CPU-сборка), до зависящих от него пакетов"


def test_makefile_reads_the_same_list(repo, pins, runtime_pins):
    # Makefile достаёт списки sed'ом: они обязаны совпасть с разбором YAML — все пакеты и часть до метки.
    assert make_list(repo, "PIP_REQUIREMENTS") == pins
    assert make_list(repo, "RUNTIME_REQUIREMENTS") == runtime_pins


def test_marker_splits_runtime_from_dev_tools(pins, runtime_pins):
    dev = {Requirement(pin).name for pin in pins if pin not in runtime_pins}
    assert DEV_TOOLS <= dev
    assert REQUIRED - DEV_TOOLS <= {Requirement(pin).name for pin in runtime_pins}
    assert pins[:len(runtime_pins)] == runtime_pins, "инструменты разработки — после метки, одним куском"


def test_cpu_index_for_torch(pip_section):
    # Индекс PyTorch для CPU — одной строкой в начале раздела pip: её берут conda, Makefile и binder/.
    assert pip_section[0] == CPU_INDEX
    assert [line for line in pip_section if line.startswith("-")] == [CPU_INDEX]


def test_binder_has_runtime_part_only(repo, environment, runtime_pins):
    lines = (repo / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    binder_pins = [line for line in lines if line and not line.startswith(("#", "--"))]
    assert binder_pins == runtime_pins, "binder/requirements.txt устарел: выполните make binder"
    assert [line for line in lines if line.startswith("--")] == [CPU_INDEX]
    python = next(item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python="))
    runtime = (repo / "binder" / "runtime.txt").read_text().strip()
    assert runtime == "python-" + python.split("=")[1]


def test_installed_versions_match_pins(requirements):
    wrong = []
    for requirement in requirements:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        installed = metadata.version(requirement.name)
        if not requirement.specifier.contains(installed.split("+")[0]):
            wrong.append(f"{requirement.name}: установлен {installed}, нужен {requirement.specifier}")
    assert not wrong, wrong
