"""`make install`: проверка версии Python до установки, сборка torch по системе, починка сломанного окружения.

Ничего не скачивается: Makefile проверяется через `make -n` и подставной Python, tools/make_venv.py — на
окружениях во временной папке.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
SUPPORTED = "Курсу нужен Python 3.11, 3.12 или 3.13."


def run(command: list, repo: Path, **environment: str) -> subprocess.CompletedProcess:
    """Команда в корне репозитория; окружение — как у пользователя: без TORCH_INDEX, который ставит .ci/run,
    и без переменных внешнего make (make test передал бы свои TORCH=… и VENV=… вложенному make)."""
    skip = {"TORCH_INDEX", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    env = {key: value for key, value in os.environ.items() if key not in skip} | environment
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=300)


# --- версия Python ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["3.10", "3.14"])
def test_unsupported_python_gets_russian_message(repo, version):
    result = run([sys.executable, "tools/check_python.py", version], repo)
    assert result.returncode == 1
    assert f"Этот Python не подходит курсу: Python {version}. {SUPPORTED}" in result.stderr
    assert "Ничего не установлено." in result.stderr
    assert "make install PYTHON=python3.11" in result.stderr


@pytest.mark.parametrize("version", ["3.11", "3.12.4", "3.13"])
def test_supported_python_passes_silently(repo, version):
    result = run([sys.executable, "tools/check_python.py", version], repo)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_this_python_passes(repo):
    assert run([sys.executable, "tools/check_python.py"], repo).returncode == 0


def test_venv_with_supported_python_passes_with_old_system_python(repo, tmp_path):
    # Окружение сделано с PYTHON=python3.11, а python3 системы — 3.10: make install после git pull не отказывает.
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    assert run([sys.executable, "tools/check_python.py", "--venv", str(venv), "3.10"], repo).returncode == 0
    (venv / "bin" / "python").unlink()
    (venv / "bin" / "python").symlink_to(tmp_path / "removed-python")
    broken = run([sys.executable, "tools/check_python.py", "--venv", str(venv), "3.10"], repo)
    assert broken.returncode == 1
    assert SUPPORTED in broken.stderr


def test_range_reader_agrees_with_toml(repo, check_python):
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    assert check_python.read_range() == pyproject["tool"]["dl-course-ru"]["install"]["python"]


def test_install_range_covers_tested_python(repo, check_python):
    # Python из environment.yml (conda, CI) и binder/runtime.txt — из подходящих; нижняя граница — как у пакета.
    clauses = check_python.parse_range(check_python.read_range())
    tested = check_python.read_tested()
    assert check_python.allows(clauses, check_python.parse_version(tested))
    assert (repo / "binder" / "runtime.txt").read_text().strip() == f"python-{tested}"
    requires = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert [bound for operator, bound in clauses if operator == ">="] == [check_python.parse_version(requires[2:])]


def test_describe_names_every_version(check_python):
    assert check_python.describe(check_python.parse_range(">=3.11,<3.14")) == "3.11, 3.12 или 3.13"
    assert check_python.describe(check_python.parse_range(">=3.12")) == "3.12 и новее"
    assert check_python.describe(check_python.parse_range("==3.11")) == "3.11"


def test_bad_range_is_rejected(check_python):
    with pytest.raises(ValueError, match="Не понимаю условие"):
        check_python.parse_range(">=3.11,~=3")
    with pytest.raises(ValueError, match="ни одна версия"):
        check_python.describe(check_python.parse_range(">=3.12,<3.11"))


def fake_python(tmp_path: Path, version: str) -> tuple[Path, Path]:
    """Подставной Python: записывает каждый вызов в журнал; tools/check_python.py проверяет версию `version`,
    на всё остальное (создать окружение, pip) отвечает ошибкой."""
    log = tmp_path / "calls.log"
    script = tmp_path / "python"
    script.write_text(f"""#!/bin/sh
echo "$*" >> {log}
case "$1" in
  tools/check_python.py) exec {sys.executable} "$@" {version} ;;
  *) exit 97 ;;
esac
""")
    script.chmod(0o755)
    return script, log


def test_make_install_stops_on_old_python_before_anything(repo, tmp_path):
    python, log = fake_python(tmp_path, "3.10")
    venv = tmp_path / "venv"
    result = run(["make", "install", f"PYTHON={python}", f"VENV={venv}"], repo)
    assert result.returncode != 0
    assert SUPPORTED in result.stderr
    assert log.read_text().splitlines() == [f"tools/check_python.py --venv {venv}"]
    assert not venv.exists()


def test_make_install_goes_on_with_supported_python(repo, tmp_path):
    python, log = fake_python(tmp_path, "3.11")
    venv = tmp_path / "venv"
    result = run(["make", "install", f"PYTHON={python}", f"VENV={venv}"], repo)
    assert result.returncode != 0  # подставной Python не умеет создавать окружение
    assert SUPPORTED not in result.stderr
    assert log.read_text().splitlines() == [f"tools/check_python.py --venv {venv}", f"tools/make_venv.py {venv}"]


# --- какой torch ставится ----------------------------------------------------------------------------------------

def torch_command(repo: Path, tmp_path: Path, *arguments: str) -> str:
    """Строка `make -n install`, которой ставится torch (в новое окружение во временной папке)."""
    result = run(["make", "-n", "install", f"VENV={tmp_path / 'venv'}", *arguments], repo)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "grep '^torch=='" in line]
    assert len(lines) == 1, result.stdout
    return lines[0]


def test_linux_gets_cpu_torch_index_by_default(repo, tmp_path):
    assert f"pip install --index-url {CPU_INDEX} $(grep '^torch=='" in torch_command(repo, tmp_path, "SYSTEM=Linux")


@pytest.mark.parametrize("arguments", [("SYSTEM=Linux", "TORCH=cuda"), ("SYSTEM=Darwin",)],
                         ids=["linux-cuda", "macos"])
def test_cuda_and_macos_take_torch_from_pypi(repo, tmp_path, arguments):
    command = torch_command(repo, tmp_path, *arguments)
    assert "--index-url" not in command
    assert "download.pytorch.org" not in command


def test_cpu_index_comes_from_environment_yml(repo):
    pip_section = yaml.safe_load((repo / "environment.yml").read_text(encoding="utf-8"))["dependencies"][-1]["pip"]
    assert pip_section[0] == f"--extra-index-url {CPU_INDEX}"


def test_unknown_torch_build_is_rejected(repo, tmp_path):
    result = run(["make", "-n", "install", f"VENV={tmp_path / 'venv'}", "TORCH=gpu"], repo)
    assert result.returncode != 0
    assert "TORCH: нужно cpu или cuda, получено «gpu»" in result.stderr


def installed_venv(tmp_path: Path, python: Path, torch: str) -> Path:
    """Окружение, которое Makefile считает поставленным: его Python — `python`, в отметке — сборка torch."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(python)
    (venv / ".installed").write_text(f"torch={torch}\n")
    return venv


def test_installed_venv_is_left_alone(repo, tmp_path):
    venv = installed_venv(tmp_path, Path(sys.executable), "cpu")
    result = run(["make", "-n", "install", f"VENV={venv}"], repo)
    assert result.returncode == 0, result.stderr
    assert "check_python" not in result.stdout


def test_venv_with_dead_python_is_reinstalled(repo, tmp_path):
    venv = installed_venv(tmp_path, tmp_path / "removed-python", "cpu")
    result = run(["make", "-n", "install", f"VENV={venv}"], repo)
    assert f"tools/make_venv.py {venv}" in result.stdout


def test_other_torch_build_rebuilds_venv(repo, tmp_path):
    venv = installed_venv(tmp_path, Path(sys.executable), "cpu")
    result = run(["make", "-n", "install", f"VENV={venv}", "TORCH=cuda"], repo)
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "python3 tools/check_python.py" in lines  # окружение создаётся заново: проверяется python3, а не оно
    assert f'python3 tools/make_venv.py {venv} --fresh "нужен TORCH=cuda вместо поставленного torch=cpu"' in lines


# --- сломанное окружение -------------------------------------------------------------------------------------------

def run_make_venv(repo: Path, venv: Path, **environment: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "tools/make_venv.py", str(venv)], repo, **environment)


def assert_working(venv: Path) -> None:
    pip = subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr


def test_venv_with_dead_python_is_rebuilt_then_kept(repo, tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /removed\n")
    (venv / "bin" / "python").symlink_to(tmp_path / "removed-python")
    result = run_make_venv(repo, venv)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"{venv}: {venv}/bin/python не запускается \(.+\)\. Удаляю и создаю заново\.", result.stdout)
    assert_working(venv)
    (venv / "marker").write_text("")
    again = run_make_venv(repo, venv)
    assert (again.returncode, again.stdout) == (0, "")
    assert (venv / "marker").exists()


def test_venv_without_pip_is_found(tmp_path, make_venv):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    assert make_venv.problem(venv) == "в нём нет pip"


def test_python_without_venv_package_gets_apt_hint_and_no_half_venv(repo, tmp_path):
    # Как Python из Debian и Ubuntu без пакета python3.X-venv: папка с Python, но без pip, и код выхода 1.
    fake = tmp_path / "debian" / "venv"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(f"""import os, sys
target = sys.argv[1]
os.makedirs(os.path.join(target, "bin"))
os.symlink({sys.executable!r}, os.path.join(target, "bin", "python"))
open(os.path.join(target, "pyvenv.cfg"), "w").close()
sys.exit("The virtual environment was not created successfully because ensurepip is not available.")
""")
    venv = tmp_path / "venv"
    result = run_make_venv(repo, venv, PYTHONPATH=str(fake.parent))
    assert result.returncode == 1
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"Не получилось создать виртуальное окружение {venv}" in result.stderr
    assert f"sudo apt install python{version}-venv" in result.stderr
    assert not venv.exists()


def test_folder_that_is_not_a_venv_is_not_removed(repo, tmp_path):
    venv = tmp_path / "notes"
    venv.mkdir()
    (venv / "important.txt").write_text("не удалять")
    result = run_make_venv(repo, venv)
    assert result.returncode == 1
    assert "не виртуальное окружение Python" in result.stderr
    assert (venv / "important.txt").read_text() == "не удалять"
