"""Готовит виртуальное окружение курса для `make install`: создаёт его, а сломанное удаляет и создаёт заново.

Сломанное — окружение, где Python не запускается (например, удалён Python, из которого его сделали), где нет pip
(Python без пакета python3-venv оставляет такое окружение недоделанным) или где Python неподходящей версии.
Запускается тем Python, из которого делать окружение, после tools/check_python.py.

    python3 tools/make_venv.py .venv            создать или починить
    python3 tools/make_venv.py .venv --fresh ПРИЧИНА    создать заново (make install TORCH=… с другой сборкой torch)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import check_python


def problem(venv: Path) -> str | None:
    """Что не так с окружением `venv` (по-русски) или None, если им можно пользоваться."""
    try:
        version = check_python.venv_version(str(venv))
    except OSError as error:
        return str(error)
    clauses = check_python.parse_range(check_python.read_range())
    if not check_python.allows(clauses, version):
        return f"в нём Python {version[0]}.{version[1]}, а курсу нужен Python {check_python.describe(clauses)}"
    pip = subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"], capture_output=True, text=True,
                         timeout=120)
    if pip.returncode != 0:
        return "в нём нет pip"
    return None


def remove(venv: Path, reason: str) -> None:
    """Удаляет окружение `venv`, сказав почему; папку без pyvenv.cfg (не окружение) не трогает."""
    if not (venv / "pyvenv.cfg").is_file():
        sys.exit(f"{venv} — не виртуальное окружение Python (нет pyvenv.cfg): переименуйте или удалите эту папку сами "
                 "либо выберите другую: make install VENV=путь.")
    print(f"{venv}: {reason}. Удаляю и создаю заново.", flush=True)
    shutil.rmtree(venv)


def create(venv: Path) -> None:
    """Создаёт окружение из этого Python (версию проверяет ещё раз); не вышло — удаляет недоделанное и говорит,
    что поставить."""
    info = sys.version_info
    refusal = check_python.refusal((info.major, info.minor), f"Python {info.major}.{info.minor} ({sys.executable})")
    if refusal:
        sys.exit(refusal)
    created = subprocess.run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    reason = problem(venv) if created else "python -m venv завершился с ошибкой"
    if reason is None:
        return
    shutil.rmtree(venv, ignore_errors=True)
    sys.exit(f"Не получилось создать виртуальное окружение {venv} ({reason}): у {sys.executable} нет модуля venv "
             f"или ensurepip. Debian, Ubuntu: sudo apt install python{info.major}.{info.minor}-venv; другие системы: "
             "поставьте Python с python.org, из brew, pyenv или conda. Потом снова make install. Недоделанное "
             "окружение удалено, чтобы следующий запуск не принял его за готовое.")


def main() -> None:
    parser = argparse.ArgumentParser(description="Создать или починить виртуальное окружение курса.")
    parser.add_argument("venv", type=Path, help="папка окружения, например .venv")
    parser.add_argument("--fresh", metavar="ПРИЧИНА", help="удалить готовое окружение и создать заново, назвав причину")
    arguments = parser.parse_args()
    venv = arguments.venv
    if venv.exists():
        reason = arguments.fresh or problem(venv)
        if reason is None:
            return
        remove(venv, reason)
    create(venv)


if __name__ == "__main__":
    main()
