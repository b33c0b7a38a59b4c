"""helpers.environment: среда, сиды, профиль, папка вывода."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import numpy as np
import pytest

import helpers
from helpers.environment import Runtime


def test_import_helpers_pulls_no_framework():
    code = "import sys, helpers, helpers.rl; print(sorted(m for m in ('tensorflow', 'torch', 'keras') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


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
    assert "keras/tensorflow" in result.stdout and "torch" in result.stdout


@pytest.mark.parametrize("profile", ["full", "smoke"])
def test_check_profile_accepts(profile):
    assert helpers.check_profile(profile) == profile


@pytest.mark.parametrize("profile", ["fast", "", "SMOKE", None])
def test_check_profile_rejects(profile):
    with pytest.raises(ValueError, match="Неизвестный профиль"):
        helpers.check_profile(profile)


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
