"""Адрес и выпуск курса — в одном месте (helpers/environment.py), `make retarget` (tools/retarget.py) переводит на
другие одной командой: туда — всё ведёт на новый адрес и проверки структуры проходят, обратно — файлы как были."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers.environment import RELEASE, REPOSITORY, VERSION

FORK, FORK_RELEASE = "someone/fork", "v9.9.9"
# Проверки структуры, которые сверяют файлы с единственным местом (значки, строка установки, README, CITATION.cff).
STRUCTURE_CHECKS = ["tests/test_notebooks_structure.py", "tests/test_repository_files.py", "-k",
                    "test_title_cell_has_own_badges or test_setup_cell_is_plain_python "
                    "or test_readme_lists_every_notebook_with_badges or test_citation_matches_package"]


def _working_tree_files(repo: Path) -> list[str]:
    """Файлы рабочего дерева, как их видит git: отслеживаемые и новые, не игнорируемые."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=repo,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (repo / name).is_file()]


@pytest.fixture
def course_copy(repo, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """Копия рабочего дерева во временной папке и её содержимое: имя файла → байты."""
    copy = tmp_path / "course"
    files = {}
    for name in _working_tree_files(repo):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, copy / name)
        files[name] = (copy / name).read_bytes()
    return copy, files


def _run_in(copy: Path, *command: str) -> subprocess.CompletedProcess:
    """Команда Python в копии, с пакетом helpers из неё же."""
    environment = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run([sys.executable, *command], cwd=copy, env=environment, capture_output=True, text=True)


def test_version_of_package_comes_from_one_place(repo):
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"], "версия пакета — только в helpers/environment.py"
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "helpers.environment.VERSION"}
    assert RELEASE == f"v{VERSION}", "метка выпуска — v и версия пакета"


def test_retarget_to_fork_and_back(course_copy):
    copy, before = course_copy
    there = _run_in(copy, "tools/retarget.py", FORK, FORK_RELEASE)
    assert there.returncode == 0, there.stderr
    texts = {name: (copy / name).read_text(encoding="utf-8") for name in before
             if name.endswith((".py", ".ipynb", ".md", ".cff", ".toml", ".txt", ".yml"))}
    assert [name for name, text in texts.items() if REPOSITORY in text] == [], "старый адрес остался"
    assert [name for name, text in texts.items() if RELEASE in text] == [], "старая метка осталась"
    notebooks = sorted(name for name in texts if name.startswith("notebooks/"))
    for name in notebooks:
        colab = f"(https://colab.research.google.com/github/{FORK}/blob/{FORK_RELEASE}/{name})"
        binder = f"(https://mybinder.org/v2/gh/{FORK}/{FORK_RELEASE}?labpath={name.replace('/', '%2F')})"
        for text in (texts[name], texts["README.md"]):
            assert colab in text, name
            assert binder in text, name
        assert f"dl-course-ru @ git+https://github.com/{FORK}@{FORK_RELEASE}" in texts[name].replace("[rl]", ""), name
    citation = yaml.safe_load(texts["CITATION.cff"])
    assert citation["repository-code"] == f"https://github.com/{FORK}"
    assert citation["version"] == FORK_RELEASE.removeprefix("v")
    checks = _run_in(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *STRUCTURE_CHECKS)
    assert checks.returncode == 0, checks.stdout[-3000:]
    assert f"{len(notebooks) * 2 + 2} passed" in checks.stdout, "проверки структуры не исполнились"

    back = _run_in(copy, "tools/retarget.py", REPOSITORY, RELEASE)
    assert back.returncode == 0, back.stderr
    assert [name for name in before if (copy / name).read_bytes() != before[name]] == [], "путь обратно оставил след"


@pytest.mark.parametrize(("repository", "ref", "message"), [
    ("someone", "v1.0.0", "REPO: нужен адрес на GitHub вида владелец/имя"),
    ("some one/fork", "v1.0.0", "REPO: нужен адрес"),
    ("someone/..", "v1.0.0", "REPO: нужен адрес"),
    ("someone/fork", "main", "REF: нужна метка выпуска вида vX.Y.Z"),
    ("someone/fork", "1.0.0", "REF: нужна метка выпуска"),
    ("someone/fork", "v1.0.0.dev", "REF: нужна метка выпуска"),
])
def test_retarget_rejects_bad_address_or_tag(retarget, repository, ref, message):
    with pytest.raises(retarget.RetargetError, match=message):
        retarget.parse_target(repository, ref)


def test_retarget_changes_nothing_when_a_file_is_not_as_expected(retarget, course_copy):
    copy, before = course_copy
    readme = copy / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("[![Binder]", "[![Бинд]"), encoding="utf-8")
    changed = readme.read_bytes()
    with pytest.raises(retarget.RetargetError, match="README.md: пар значков Colab и Binder — найдено 0"):
        retarget.retarget(copy, FORK, FORK_RELEASE)
    assert [name for name in before if name != "README.md" and (copy / name).read_bytes() != before[name]] == []
    assert readme.read_bytes() == changed
