"""Binder: binder/requirements.txt ставится в свежий venv, пакеты курса импортируются, профиль по умолчанию — cpu.

`make test-binder` (вне make test, его вызывает .ci/run): несколько минут и 3–4 ГБ на диске во временной папке,
которая удаляется после теста. Печатает размер окружения и самые большие пакеты.

Индекс PyTorch из requirements.txt берётся как есть. Пустая переменная окружения TORCH_INDEX (её ставит .ci/run
на машине, которая до этого индекса не достаёт, а torch для CPU получает из настроек своего pip) убирает строку
индекса — так же, как в make install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.binder

# Пакеты, которые блокноты импортируют, и те, что нужны JupyterLab на Binder.
IMPORTS = ["tensorflow", "keras", "torch", "transformers", "datasets", "accelerate", "gymnasium", "matplotlib",
           "sklearn", "scipy", "pandas", "PIL", "tqdm", "jupyterlab", "ipykernel", "ipywidgets", "helpers"]
# Инструменты разработки из environment.yml, которые не приходят и зависимостями пакетов студента.
DEV_TOOLS = ["pytest", "ruff", "nbval", "papermill", "pymorphy3"]
SIZE_GOAL_GB = 2.5  # цель из issue 16

CHECK = """
import importlib, importlib.metadata as metadata, json, os, sys
modules = {name: importlib.import_module(name) for name in sys.argv[1].split(",")}
import helpers
os.environ["BINDER_SERVICE_HOST"] = "test"
print(json.dumps({
    "versions": {name: getattr(module, "__version__", "") for name, module in modules.items()},
    "torch_cuda": modules["torch"].version.cuda,
    "platform": helpers.detect_runtime().platform,
    "profile": helpers.resolve_profile("auto"),
    "dev_tools": [name for name in sys.argv[2].split(",") if importlib.util.find_spec(name)],
    "sizes": {dist.metadata["Name"]: sum(path.locate().stat().st_size for path in dist.files or []
                                        if path.locate().is_file()) for dist in metadata.distributions()},
}))
"""


def requirements(repo, tmp_path):
    """binder/requirements.txt; при пустом TORCH_INDEX — без строки индекса PyTorch (см. описание модуля)."""
    lines = (repo / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    if os.environ.get("TORCH_INDEX") == "":
        lines = [line for line in lines if not line.startswith("--extra-index-url")]
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def folder_size(path) -> int:
    return sum(entry.stat(follow_symlinks=False).st_size for entry in path.rglob("*") if not entry.is_symlink()
               and entry.is_file())


def test_binder_requirements_install_and_import(repo, tmp_path):
    runtime = (repo / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", \
        f"Binder ставит {runtime}, а тест запущен на Python {sys.version}: размеры и колёса были бы другими"
    venv, log = tmp_path / "venv", tmp_path / "pip.log"
    python = venv / "bin" / "python"
    try:
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        with open(log, "w") as output:
            for arguments in (["-r", requirements(repo, tmp_path)], ["--no-deps", "-e", repo]):  # как binder/postBuild
                installed = subprocess.run([python, "-m", "pip", "install", *arguments], stdout=output,
                                           stderr=subprocess.STDOUT)
                assert installed.returncode == 0, log.read_text()[-4000:]
        install_seconds = time.monotonic() - start
        checked = subprocess.run([python, "-c", CHECK, ",".join(IMPORTS), ",".join(DEV_TOOLS)], capture_output=True,
                                 text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"), cwd=tmp_path)
        assert checked.returncode == 0, checked.stderr[-4000:]
        report = json.loads(checked.stdout.splitlines()[-1])
        total = folder_size(venv)
    finally:
        shutil.rmtree(venv, ignore_errors=True)

    largest = sorted(report["sizes"].items(), key=lambda item: -item[1])[:8]
    verdict = "в пределах цели" if total <= SIZE_GOAL_GB * 1e9 else "больше цели"
    print(f"\nBinder: установка {install_seconds:.0f} с; окружение {total / 1e9:.2f} ГБ — {verdict} {SIZE_GOAL_GB} ГБ "
          "из issue 16 (размер только печатается: без TensorFlow и PyTorch курса нет). Больше всего места занимают:")
    for name, size in largest:
        print(f"  {name:<24} {size / 1e6:8.0f} МБ")
    print("  версии: " + ", ".join(f"{name} {version}" for name, version in report["versions"].items() if version))

    assert report["dev_tools"] == [], "в Binder попали инструменты разработки"
    assert report["torch_cuda"] is None, "в Binder должна стоять сборка torch для CPU"
    assert report["platform"] == "binder"
    assert report["profile"] == "cpu", "на Binder (без GPU) профиль auto должен выбрать cpu"
