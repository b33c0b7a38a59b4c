"""Требования для `make test-compat`: пакет курса из wheel и самые старые поддерживаемые версии фреймворков.

Самые старые версии не пишутся вторым списком: это нижние границы `>=X` из extras файла pyproject.toml
(keras, hf, rl), здесь они становятся точными `==X`. Исключение одно — torch: на машине CI сборка torch
для CPU лежит только в локальных wheel (версия из environment.yml), а любая другая версия с PyPI тянет
гигабайты пакетов CUDA. Поэтому совместимость проверяется с torch из environment.yml, а нижняя граница
torch в extras этим прогоном не проверена. numpy и прочие зависимости подбирает pip — те, что подходят
к старым версиям. Инструменты прогона (papermill, ipykernel, pytest) — точные версии из environment.yml.

Запуск (его делает `make test-compat`):
    python tools/compat_requirements.py ВЕРСИИ WHEEL > requirements.txt
ВЕРСИИ — строки раздела pip файла environment.yml (Makefile достаёт их тем же sed, что и для установки),
WHEEL — собранный wheel курса; он ставится со всеми extras. Нужна только стандартная библиотека Python 3.11.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Берутся из environment.yml, а не из нижних границ: torch — см. выше, остальное нужно только для прогона.
FROM_ENVIRONMENT = ("torch", "papermill", "ipykernel", "pytest")
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._-]+\])?(?P<specifiers>[<>=!~][^;]*)?$")
LOWER_BOUND = re.compile(r"^>=(?P<version>[0-9][0-9.]*)$")
EXACT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._-]+\])?==(?P<version>[^\s;]+)(?:\s*;.*)?$")


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def oldest_versions(pyproject: dict) -> dict[str, str]:
    """Имя пакета → его самая старая поддерживаемая версия: нижние границы всех extras pyproject.toml.

    В каждом требовании extras — ровно одна нижняя граница `>=X` (верхние допустимы): иначе самой старой версии нет.
    """
    extras = pyproject.get("project", {}).get("optional-dependencies")
    if not extras:
        raise ValueError("В pyproject.toml нет [project.optional-dependencies]: не из чего взять самые старые версии.")
    versions: dict[str, str] = {}
    for extra, requirements in extras.items():
        for requirement in requirements:
            match = REQUIREMENT.match(requirement.replace(" ", ""))
            specifiers = match["specifiers"].split(",") if match and match["specifiers"] else []
            lower = [bound["version"] for bound in map(LOWER_BOUND.match, specifiers) if bound]
            if len(lower) != 1:
                raise ValueError(f"extras {extra!r}: в требовании {requirement!r} нужна ровно одна нижняя граница "
                                 "'>=версия' — она и есть самая старая поддерживаемая версия.")
            versions[_normalized(match["name"])] = lower[0]
    return versions


def environment_pins(lines: list[str]) -> dict[str, str]:
    """Строки раздела pip файла environment.yml → имя пакета → точная версия (строки с маркером платформы — тоже)."""
    pins: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = EXACT.match(line)
        if match is None:
            raise ValueError(f"environment.yml: строка {line!r} — не точная версия вида 'имя==версия'.")
        pins.setdefault(_normalized(match["name"]), match["version"])
    return pins


def compat_requirements(pyproject: dict, environment_lines: list[str], wheel: Path) -> list[str]:
    """Строки requirements.txt: wheel курса со всеми extras и точные версии для прогона совместимости."""
    if wheel.suffix != ".whl" or not wheel.is_file():
        raise FileNotFoundError(f"Нет собранного wheel курса: {wheel} (соберите его `pip wheel --no-deps .`).")
    pins = environment_pins(environment_lines)
    missing = [name for name in FROM_ENVIRONMENT if name not in pins]
    if missing:
        raise ValueError(f"В разделе pip файла environment.yml нет точных версий {missing}.")
    versions = oldest_versions(pyproject) | {name: pins[name] for name in FROM_ENVIRONMENT}
    extras = ",".join(sorted(pyproject["project"]["optional-dependencies"]))
    header = "# Собрано tools/compat_requirements.py из pyproject.toml и environment.yml (make test-compat); не править."
    return [header, f"{wheel.resolve()}[{extras}]", *(f"{name}=={version}" for name, version in versions.items())]


def main(arguments: list[str]) -> int:
    """Печатает requirements.txt прогона совместимости; код выхода 2 — неверный запуск."""
    if len(arguments) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    pins_file, wheel = (Path(argument) for argument in arguments)
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    lines = pins_file.read_text(encoding="utf-8").splitlines()
    print("\n".join(compat_requirements(pyproject, lines, wheel)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
