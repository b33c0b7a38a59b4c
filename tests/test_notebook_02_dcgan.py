"""Блокнот 02: DCGAN на MNIST — smoke-запуск, метрики и продолжение обучения после обрыва."""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pytest
import scipy.linalg

NOTEBOOK = "02_dcgan_mnist.ipynb"
# Параметры моделей из лекции (статья-источник печатает summary обеих сетей).
GENERATOR_PARAMS, DISCRIMINATOR_PARAMS = 2_330_944, 212_865
# Маленький запуск для проверки продолжения: 3 эпохи по 4 шага, качество — только до и после.
RESUME_RUN = dict(PROFILE="smoke", SEED=3, EPOCHS=3, BATCH_SIZE=16, TRAIN_IMAGES=64, QUALITY_EVERY=100)

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 180, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 180 с"


def test_smoke_metrics(read_metrics, smoke_run):
    # smoke проверяет код, а не урок: качество генератора после нескольких шагов зависит от сида
    # (пороги урока — в профиле cpu, tests/test_lessons.py::check_02)
    output_dir, _ = smoke_run
    metrics = read_metrics(output_dir)
    assert metrics["generator_params"] == GENERATOR_PARAMS
    assert metrics["discriminator_params"] == DISCRIMINATOR_PARAMS
    assert metrics["resumed_from_epoch"] == 0
    assert metrics["epochs_done"] >= 2
    for key in ("fid_initial", "fid_final", "fid_real_floor"):
        assert math.isfinite(metrics[key]), key
        assert metrics[key] >= 0, key
    assert 0.1 <= metrics["classifier_confidence_final"] <= 1.0
    assert 1 <= metrics["classes_covered"] <= 10
    assert 0.0 <= metrics["classifier_accuracy"] <= 1.0


def notebook_code_cell(load_notebook, marker: str) -> str:
    """Единственная ячейка кода блокнота, в которой есть `marker`."""
    cells = load_notebook(NOTEBOOK)["cells"]
    (source,) = [text for text in ("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
                 if marker in text]
    return source


def test_frechet_distance_cell_on_known_gaussians(load_notebook):
    # формула Фреше живёт в блокноте (её показывают студенту) — проверяем ту самую ячейку
    namespace = {"np": np, "scipy": scipy}
    exec(notebook_code_cell(load_notebook, "def frechet_distance"), namespace)
    frechet_distance = namespace["frechet_distance"]
    rng = np.random.default_rng(0)
    a = rng.standard_normal((20000, 2))
    b = rng.standard_normal((20000, 2)) * 2.0 + np.array([3.0, 0.0])
    # ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2(Σ_aΣ_b)^½) = 9 + (1 + 4 − 2·2)·2 = 11
    assert frechet_distance(a, b) == pytest.approx(11.0, rel=0.03)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    # нулевой признак (как мёртвый нейрон после ReLU): ковариация вырождена, расстояние всё равно конечно
    zeros = np.zeros((len(a), 1))
    assert frechet_distance(np.hstack([a, zeros]), np.hstack([b, zeros])) == pytest.approx(11.0, rel=0.03)


def test_smoke_run_info(smoke_run):
    output_dir, _ = smoke_run
    run = json.loads((output_dir / "run.json").read_text(encoding="utf-8"))
    assert run["profile"] == "smoke"
    assert run["seed"] == 42
    assert "scikit-learn" in run["data_source"]
    assert run["elapsed_seconds"] > 0
    assert {"tensorflow", "keras", "numpy"} <= set(run["versions"])


def test_smoke_outputs(read_metrics, smoke_run):
    output_dir, _ = smoke_run
    epochs = read_metrics(output_dir)["epochs_done"]
    assert len(list((output_dir / "epochs").glob("epoch_*.png"))) == epochs
    assert (output_dir / "dcgan_epochs.gif").stat().st_size > 0
    log = json.loads((output_dir / "checkpoints" / "training_log.json").read_text(encoding="utf-8"))
    assert [record["epoch"] for record in log["epochs"]] == list(range(1, epochs + 1))
    assert {"g_loss", "d_loss", "d_real", "d_fake"} <= set(log["epochs"][0])
    assert all(math.isfinite(record[key]) for record in log["epochs"] for key in ("g_loss", "d_loss"))
    assert log["quality"][0]["epoch"] == 0
    assert log["quality"][-1]["epoch"] == epochs
    assert log["resumes"] == []


def test_training_resumes_after_interruption(read_metrics, interrupt_notebook, build_dir, run_notebook):
    output_dir = build_dir / "02_dcgan_mnist" / "resume"
    shutil.rmtree(output_dir, ignore_errors=True)
    interrupt_notebook(NOTEBOOK, output_dir, lambda d: (d / "checkpoints" / "checkpoint").exists(), **RESUME_RUN)
    assert not (output_dir / "metrics.json").exists(), "блокнот успел дойти до конца — прерывание не проверено"

    run_notebook(NOTEBOOK, "resume", **RESUME_RUN)
    metrics = read_metrics(output_dir)
    log = json.loads((output_dir / "checkpoints" / "training_log.json").read_text(encoding="utf-8"))
    (resume,) = log["resumes"]
    resumed_from = resume["from_epoch"]
    assert 1 <= resumed_from < RESUME_RUN["EPOCHS"]
    assert metrics["resumed_from_epoch"] == resumed_from
    # продолжили с весами, сохранёнными после эпохи resumed_from, и с состоянием оптимизатора
    saved = log["epochs"][resumed_from - 1]
    assert saved["epoch"] == resumed_from
    assert resume["generator_checksum"] == pytest.approx(saved["generator_checksum"], rel=1e-9)
    steps_per_epoch = RESUME_RUN["TRAIN_IMAGES"] // RESUME_RUN["BATCH_SIZE"]
    assert resume["generator_steps"] == resumed_from * steps_per_epoch
    # эпохи не повторялись и не пропускались; контрольная точка дошла до конца
    assert [record["epoch"] for record in log["epochs"]] == list(range(1, RESUME_RUN["EPOCHS"] + 1))
    assert metrics["epochs_done"] == RESUME_RUN["EPOCHS"]
    assert len(list((output_dir / "epochs").glob("epoch_*.png"))) == RESUME_RUN["EPOCHS"]
