"""Проверяет версию Python до установки курса (первый шаг `make install`).

Подходящие версии — `python` в разделе `[tool.dl-course-ru.install]` файла pyproject.toml. Не подходит —
русское сообщение: какие версии нужны и как поставить одну из них; код выхода 1, ничего не установлено.
Скрипт запускается тем Python, который проверяет, поэтому пишется так, чтобы его понял любой Python 3.6+:
только стандартная библиотека, без tomllib и без `list[str]` в подсказках типов.

    python3 tools/check_python.py                проверить этот Python
    python3 tools/check_python.py --venv .venv   годится и готовое окружение .venv с подходящим Python
                                                 (его сделали другим Python: make install PYTHON=python3.11)
    python3 tools/check_python.py 3.10           проверить версию 3.10 (для тестов)
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "[tool.dl-course-ru.install]"
ADVICE = """Поставьте Python {tested} (на нём курс проверяется в CI):
  Debian, Ubuntu:  sudo apt install python{tested} python{tested}-venv (нет такого пакета — возьмите из PPA deadsnakes),
                   затем make install PYTHON=python{tested}
  macOS:           brew install python@{tested}, затем make install PYTHON=python{tested}
  pyenv:           pyenv install {tested} и pyenv local {tested}, затем make install
  conda:           conda env create -f environment.yml — окружение со своим Python и всеми пакетами курса (README)"""


def read_range(path: str = os.path.join(ROOT, "pyproject.toml")) -> str:
    """Строка версий Python (`python = "..."`) из раздела [tool.dl-course-ru.install] файла pyproject.toml."""
    table = None
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.split("#", 1)[0].strip()
            if line.startswith("["):
                table = line
                continue
            match = re.match(r'python\s*=\s*"([^"]+)"$', line)
            if table == TABLE and match:
                return match.group(1)
    raise ValueError(f"В {path} нет строки python = \"...\" в разделе {TABLE}.")


def read_tested(path: str = os.path.join(ROOT, "environment.yml")) -> str:
    """Версия Python, на которой курс проверяется: `- python=3.11` в environment.yml."""
    with open(path, encoding="utf-8") as file:
        for line in file:
            match = re.match(r"\s*-\s*python=(\d+\.\d+)\s*$", line)
            if match:
                return match.group(1)
    raise ValueError(f"В {path} нет строки - python=3.x.")


def parse_range(text: str) -> list:
    """Условия вида ">=3.11,<3.14" → [(">=", (3, 11)), ("<", (3, 14))]; понимает >=, >, <=, <, ==, !=."""
    clauses = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(>=|<=|==|!=|>|<)\s*(\d+)\.(\d+)\s*", part)
        if not match:
            raise ValueError(f"Не понимаю условие на версию Python {part.strip()!r} в {text!r}: "
                             "нужно вида >=3.11 или <3.14.")
        clauses.append((match.group(1), (int(match.group(2)), int(match.group(3)))))
    return clauses


def allows(clauses: list, version: tuple) -> bool:
    """Подходит ли версия (major, minor) под все условия."""
    tests = {">=": version.__ge__, ">": version.__gt__, "<=": version.__le__, "<": version.__lt__,
             "==": version.__eq__, "!=": version.__ne__}
    return all(tests[operator](bound) for operator, bound in clauses)


def describe(clauses: list) -> str:
    """Подходящие версии словами: «3.11, 3.12 или 3.13» или «3.11 и новее» без верхней границы."""
    versions = [f"3.{minor}" for minor in range(100) if allows(clauses, (3, minor))]
    if not versions:
        raise ValueError("Условиям на версию Python не подходит ни одна версия 3.x.")
    if allows(clauses, (3, 99)):
        return f"{versions[0]} и новее"
    return versions[0] if len(versions) == 1 else ", ".join(versions[:-1]) + " или " + versions[-1]


def parse_version(text: str) -> tuple:
    """Строка "3.10" или "3.10.12" → (3, 10)."""
    match = re.fullmatch(r"(\d+)\.(\d+)(\.\d+)?", text.strip())
    if not match:
        raise ValueError(f"Версия Python должна быть вида 3.11, получено {text!r}.")
    return int(match.group(1)), int(match.group(2))


def venv_version(venv: str) -> tuple:
    """(major, minor) Python окружения `venv`; не запускается — OSError с причиной по-русски."""
    python = os.path.join(venv, "bin", "python")
    try:
        # capture_output и text появились в Python 3.7, а скрипт должен договорить до конца и на 3.6.
        result = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2], sep='.')"],  # noqa: UP022
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,  # noqa: UP021
                                timeout=120)
    except OSError as error:
        raise OSError(f"{python} не запускается ({error.strerror})") from error
    if result.returncode != 0:
        raise OSError(f"{python} не запускается: {result.stderr.strip()}")
    return parse_version(result.stdout)


def refusal(version: tuple, name: str) -> str:
    """Пустая строка, если версия (major, minor) подходит курсу, иначе сообщение: какая нужна и как её поставить."""
    clauses = parse_range(read_range())
    if allows(clauses, version):
        return ""
    return (f"Этот Python не подходит курсу: {name}. Курсу нужен Python {describe(clauses)}.\n"
            "Ничего не установлено. " + ADVICE.format(tested=read_tested()))


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description="Проверить версию Python перед установкой курса.")
    parser.add_argument("version", nargs="?", help="проверить эту версию вместо своей, например 3.10")
    parser.add_argument("--venv", help="готовое окружение: его Python подходит — проверка пройдена")
    arguments = parser.parse_args(argv)
    if arguments.venv and os.path.isdir(arguments.venv):
        try:
            if not refusal(venv_version(arguments.venv), arguments.venv):
                return 0
        except OSError:
            pass  # окружение сломано: make_venv.py пересоздаст его этим Python — проверяем этот
    if arguments.version:
        version, name = parse_version(arguments.version), "Python " + arguments.version
    else:
        info = sys.version_info
        version, name = (info.major, info.minor), f"Python {info.major}.{info.minor}.{info.micro} ({sys.executable})"
    message = refusal(version, name)
    if message:
        sys.stderr.write(message + "\n")
    return 1 if message else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
