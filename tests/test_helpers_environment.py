"""helpers.environment: среда, сиды, профиль, папка вывода."""

from __future__ import annotations

import os
import platform
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import helpers
from helpers.environment import Runtime


def test_detect_runtime_local_cpu(monkeypatch):
    for name in ("COLAB_RELEASE_TAG", "BINDER_SERVICE_HOST", "BINDER_REQUEST", "COLAB_TPU_ADDR", "TPU_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("shutil.which", lambda _: None)
    runtime = helpers.detect_runtime()
    assert runtime == Runtime(platform="local", accelerator="cpu")
    assert "локальный компьютер" in runtime.describe()


def test_detect_runtime_binder_and_tpu(monkeypatch):
    monkeypatch.setenv("BINDER_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("COLAB_TPU_ADDR", "grpc://x")
    assert helpers.detect_runtime() == Runtime(platform="binder", accelerator="tpu")


def test_detect_runtime_colab(monkeypatch):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release")
    assert helpers.detect_runtime().platform == "colab"


def test_set_seed_repeats_python_and_numpy():
    assert helpers.set_seed(3)[:2] == ["python", "numpy"]
    first = (random.random(), np.random.rand())
    helpers.set_seed(3)
    assert (random.random(), np.random.rand()) == first


@pytest.mark.parametrize("bad", [1.5, "42", None, True])
def test_set_seed_rejects_non_integers(bad):
    with pytest.raises(TypeError, match="SEED должен быть целым"):
        helpers.set_seed(bad)


def test_set_seed_rejects_out_of_range():
    with pytest.raises(ValueError, match="диапазоне"):
        helpers.set_seed(-1)


def test_set_seed_seeds_imported_frameworks():
    code = (
        "import torch, keras, helpers\n"
        "print(helpers.set_seed(5))\n"
        "a = torch.rand(1).item(); helpers.set_seed(5); assert a == torch.rand(1).item()\n"
    )
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert "keras/tensorflow" in result.stdout
    assert "torch" in result.stdout


@pytest.mark.parametrize("profile", ["full", "cpu", "smoke"])
def test_resolve_profile_keeps_explicit_profile(profile, capsys):
    assert helpers.resolve_profile(profile) == profile
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(("accelerator", "expected"), [("cpu", "cpu"), ("gpu", "full"), ("tpu", "full")])
def test_resolve_profile_auto_follows_accelerator(accelerator, expected, capsys):
    runtime = Runtime(platform="local", accelerator=accelerator)
    assert helpers.resolve_profile("auto", runtime) == expected
    line = capsys.readouterr().out
    assert line.count("\n") == 1, "о выборе — ровно одна строка"
    assert f"Профиль {expected!r}" in line
    assert "PROFILE =" in line, "строка говорит, как выбрать другой профиль"


def test_resolve_profile_auto_on_this_machine_is_cpu(monkeypatch):
    monkeypatch.setattr("helpers.environment._accelerator", lambda: "cpu")
    assert helpers.resolve_profile("auto") == "cpu"


@pytest.mark.parametrize("profile", ["fast", "", "SMOKE", None])
def test_resolve_profile_rejects(profile):
    with pytest.raises(ValueError, match="Неизвестный профиль"):
        helpers.resolve_profile(profile)


@dataclass(frozen=True)
class Sizes:
    epochs: int
    batch_size: int


SIZES = {"full": Sizes(epochs=100, batch_size=256), "cpu": Sizes(epochs=10, batch_size=64)}


def test_select_params_takes_profile_and_overrides():
    assert helpers.select_params(SIZES, "cpu") == Sizes(epochs=10, batch_size=64)
    assert helpers.select_params(SIZES, "cpu", epochs=None, batch_size=32) == Sizes(epochs=10, batch_size=32)
    assert SIZES["cpu"] == Sizes(epochs=10, batch_size=64), "таблица профилей не меняется"


def test_select_params_rejects_unknown_profile_and_field():
    with pytest.raises(ValueError, match="нет 'smoke'"):
        helpers.select_params(SIZES, "smoke")
    with pytest.raises(ValueError, match="нет полей \\['epoch'\\]"):
        helpers.select_params(SIZES, "cpu", epoch=3)
    with pytest.raises(TypeError, match="записью dataclass"):
        helpers.select_params({"cpu": {"epochs": 3}}, "cpu")


def test_prepare_output_dir_creates_nested(tmp_path):
    path = helpers.prepare_output_dir(tmp_path / "a" / "b")
    assert path.is_dir()


def test_prepare_output_dir_rejects_file_and_empty(tmp_path):
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(NotADirectoryError, match="это файл"):
        helpers.prepare_output_dir(file)
    with pytest.raises(ValueError, match="OUTPUT_DIR не задан"):
        helpers.prepare_output_dir("")


# --- check_versions: версии рядом с поддерживаемыми из метаданных пакета курса ---------------------------

COURSE_METADATA = """\
Metadata-Version: 2.1
Name: course-under-test
Version: 0.1.0
Requires-Python: {python}
Requires-Dist: numpy>=1.26
Provides-Extra: demo
Requires-Dist: old-lib>=2.0; extra == "demo"
Requires-Dist: fresh-lib>=1.0; extra == "demo"
Requires-Dist: absent-lib>=3.1; extra == "demo"
Requires-Dist: mathlib>=2.0; extra == "demo"
Requires-Dist: other-os-lib>=1.0; sys_platform == "no-such-os"
"""


def _write_distribution(site: Path, name: str, version: str, metadata: str | None = None,
                        top_level: str | None = None) -> None:
    """Папка NAME-VERSION.dist-info в `site`: так importlib.metadata видит установленный пакет."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(metadata or f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if top_level:
        (info / "top_level.txt").write_text(top_level + "\n")


@pytest.fixture
def course_metadata(tmp_path, monkeypatch) -> Callable[..., None]:
    """Пакет курса course-under-test и его зависимости — настоящие папки .dist-info в начале sys.path.

    old-lib 1.5 ниже поддерживаемой 2.0, fresh-lib 1.2 подходит, absent-lib не установлен, mathlib стоит
    дистрибутивом mathlib-cpu (как tensorflow-cpu вместо tensorflow). Возвращает функцию: Requires-Python → None.
    """
    monkeypatch.setattr("helpers.environment.PACKAGE_NAME", "course-under-test")

    def install(python: str = ">=3.11") -> None:
        _write_distribution(tmp_path, "course-under-test", "0.1.0", COURSE_METADATA.format(python=python))
        _write_distribution(tmp_path, "old-lib", "1.5")
        _write_distribution(tmp_path, "fresh-lib", "1.2")
        _write_distribution(tmp_path, "mathlib-cpu", "2.1", top_level="mathlib")
        monkeypatch.syspath_prepend(str(tmp_path))

    return install


def test_check_versions_warns_in_russian_below_minimum_and_when_missing(course_metadata, capsys):
    course_metadata()
    warnings = helpers.check_versions("old-lib", "fresh-lib", "absent-lib")
    assert len(warnings) == 2
    old, absent = warnings
    assert "old-lib 1.5 ниже поддерживаемой версии (>=2.0)" in old
    assert 'pip install -U "old-lib>=2.0"' in old
    assert "перезапустите ядро" in old
    assert "absent-lib не установлен" in absent
    assert 'pip install "absent-lib>=3.1"' in absent
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split() == ["пакет", "версия", "поддерживается"]
    assert printed.splitlines()[1].split()[:2] == ["Python", platform.python_version()]
    assert printed.splitlines()[3].split() == ["fresh-lib", "1.2", ">=1.0", "✅"]
    assert old in printed, "предупреждения печатаются, а не только возвращаются"


def test_check_versions_finds_package_installed_under_other_distribution(course_metadata, capsys):
    course_metadata()
    assert helpers.check_versions("mathlib") == []
    assert capsys.readouterr().out.splitlines()[2].split() == ["mathlib", "2.1", "(mathlib-cpu)", ">=2.0", "✅"]


def test_check_versions_warns_about_old_python(course_metadata):
    course_metadata(python=">=99")
    warnings = helpers.check_versions()
    assert len(warnings) == 1
    assert f"Python {platform.python_version()} ниже поддерживаемой версии (>=99)" in warnings[0]


@pytest.mark.parametrize("name", ["olt-lib", "other-os-lib", "python"])
def test_check_versions_rejects_names_outside_course_requirements(course_metadata, name):
    course_metadata()
    with pytest.raises(ValueError, match=f"'{name}': нет среди зависимостей установленного пакета курса"):
        helpers.check_versions("fresh-lib", name)


def test_check_versions_without_course_package(monkeypatch):
    monkeypatch.setattr("helpers.environment.PACKAGE_NAME", "no-such-course-package")
    with pytest.raises(ModuleNotFoundError, match="make lab"):
        helpers.check_versions("numpy")


def test_check_versions_reads_installed_course_package(capsys):
    assert helpers.check_versions("numpy") == []
    numpy_row = capsys.readouterr().out.splitlines()[2].split()
    assert numpy_row[:2] == ["numpy", np.__version__]
    assert numpy_row[-1] == "✅"


def test_badges_point_at_the_given_branch():
    notebook = "notebooks/04_q_learning_frozenlake.ipynb"
    assert helpers.colab_url(notebook, release="student") == (
        f"https://colab.research.google.com/github/{helpers.REPOSITORY}/blob/student/{notebook}")
    assert helpers.binder_url(notebook, release="v1.0") == (
        f"https://mybinder.org/v2/gh/{helpers.REPOSITORY}/v1.0?labpath=notebooks%2F04_q_learning_frozenlake.ipynb")
    badges = helpers.environment.badges_markdown(notebook, release="student")
    assert helpers.colab_url(notebook, release="student") in badges
    assert helpers.binder_url(notebook, release="student") in badges
    assert helpers.colab_url(notebook) == helpers.colab_url(notebook, release=helpers.environment.RELEASE)


@pytest.mark.parametrize("ref", ["", "feature/x", "student?x=1", "-main", "ветка"])
def test_badges_reject_bad_branch(ref):
    with pytest.raises(ValueError, match="Ветка или метка"):
        helpers.colab_url("notebooks/04_q_learning_frozenlake.ipynb", release=ref)
