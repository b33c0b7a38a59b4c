"""helpers.environment: среда, сиды, профиль, папка вывода."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass

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


def test_badges_point_at_the_given_branch():
    notebook = "notebooks/04_q_learning_frozenlake.ipynb"
    assert helpers.colab_url(notebook, "student") == (
        f"https://colab.research.google.com/github/{helpers.REPOSITORY}/blob/student/{notebook}")
    assert helpers.binder_url(notebook, "v1.0") == (
        f"https://mybinder.org/v2/gh/{helpers.REPOSITORY}/v1.0?labpath=notebooks%2F04_q_learning_frozenlake.ipynb")
    badges = helpers.environment.badges_markdown(notebook, "student")
    assert helpers.colab_url(notebook, "student") in badges
    assert helpers.binder_url(notebook, "student") in badges
    assert helpers.colab_url(notebook) == helpers.colab_url(notebook, helpers.environment.BRANCH)


@pytest.mark.parametrize("ref", ["", "feature/x", "student?x=1", "-main", "ветка"])
def test_badges_reject_bad_branch(ref):
    with pytest.raises(ValueError, match="Ветка или метка"):
        helpers.colab_url("notebooks/04_q_learning_frozenlake.ipynb", ref)
