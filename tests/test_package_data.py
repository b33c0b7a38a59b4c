"""Wheel пакета курса везёт всё, что лежит в helpers/: модули и данные пакета (офлайн-корпус, веса исходной модели).

После установки из wheel (Colab, `make test-compat`) блокноты читают только пакет: файла, которого нет в wheel,
у них нет. Сами блокноты из установленного wheel исполняет `make test-compat`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from helpers.environment import VERSION

# Что нужно setuptools для сборки, кроме пакета: pyproject.toml и файл описания (readme), лицензия.
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE")


def _package_files(repo) -> set[str]:
    """Файлы helpers/ без кэша Python и скрытых: пути, как они лежат в wheel."""
    files = set()
    for path in (repo / "helpers").rglob("*"):
        relative = path.relative_to(repo)
        if path.is_file() and "__pycache__" not in relative.parts and not path.name.startswith("."):
            files.add(relative.as_posix())
    return files


def test_wheel_ships_every_file_of_helpers_and_nothing_else(repo, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(repo / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    for name in BUILD_FILES:
        shutil.copy2(repo / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir", "-q",
                    "--wheel-dir", str(tmp_path / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    missing = _package_files(repo) - shipped
    assert not missing, f"не попали в wheel (package-data в pyproject.toml): {sorted(missing)}"
    version = VERSION  # pyproject берёт версию отсюда (dynamic)
    assert {name.split("/")[0] for name in shipped} == {"helpers", f"dl_course_ru-{version}.dist-info"}
