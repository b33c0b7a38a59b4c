"""Блокнот 05: перенос обучения — исполнение в профиле smoke, проверка метрик и остановки без сети."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from papermill.exceptions import PapermillExecutionError

NOTEBOOK = "05_transfer_learning.ipynb"
SMOKE_LABELS_PER_CLASS = (2, 5)  # точки кривой обучения в профиле smoke (таблица PROFILES блокнота)

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 240, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 240 с"


def test_every_metric_written(read_metrics, smoke_run):
    # smoke проверяет код, а не урок: точности должны быть записаны и лежать в [0, 1], но их величина
    # после пары эпох ничего не значит (пороги урока — в test_lessons.py, профиль cpu)
    metrics = read_metrics(smoke_run[0])
    curve = {f"acc_{stage}_at_{n}" for stage in ("scratch", "frozen", "finetuned") for n in SMOKE_LABELS_PER_CLASS}
    for key in curve | {"source_accuracy", "source_zero_shot_accuracy"}:
        assert key in metrics, key
        assert 0.0 <= metrics[key] <= 1.0, (key, metrics[key])


def test_run_info_written(smoke_run):
    run = json.loads((smoke_run[0] / "run.json").read_text(encoding="utf-8"))
    assert run["profile"] == "smoke"
    assert run["seed"] == 42
    assert "scikit-learn" in run["data_source"]
    assert run["elapsed_seconds"] > 0


def test_learning_curve_figure_saved(smoke_run):
    assert (smoke_run[0] / "learning_curve.png").stat().st_size > 0


def test_trainable_parameters_grow_with_unfreezing(read_metrics, smoke_run):
    metrics = read_metrics(smoke_run[0])
    assert 0 < metrics["trainable_params_frozen"] < metrics["trainable_params_finetuned"] < metrics["params_total"]


def test_copy_of_the_model_per_epoch(smoke_run):
    checkpoints = smoke_run[0] / "checkpoints"
    for stage in ("scratch", "frozen", "finetuned"):
        assert (checkpoints / f"{stage}-epoch01.weights.h5").is_file(), stage


def test_linear_illustration_table(read_metrics, smoke_run):
    metrics = read_metrics(smoke_run[0])
    table = {key: value for key, value in metrics.items() if key.startswith("linear_")}
    assert set(table) == {f"linear_{train}_on_{part}" for train in ("A", "B", "AB", "A_then_B") for part in "AB"}
    assert all(0.0 <= value <= 1.0 for value in table.values())
    # что утверждает текст блокнота: B почти ничего не знает про A; шаг по B улучшает B и забывает A
    assert table["linear_B_on_A"] < table["linear_A_on_A"]
    assert table["linear_A_then_B_on_B"] > table["linear_A_on_B"]
    assert table["linear_A_then_B_on_A"] < table["linear_A_on_A"]


def _network_available() -> bool:
    try:
        urllib.request.urlopen("https://storage.googleapis.com", timeout=3)
    except OSError:
        return False
    return True


def test_full_profile_without_network_stops_fast(run_notebook, tmp_path, monkeypatch):
    if _network_available():
        pytest.skip("сеть есть: проверяется только поведение без сети")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # пустой кэш Keras: весов ImageNet нет нигде
    started = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as error:
        run_notebook(NOTEBOOK, "full-offline", PROFILE="full")
    assert time.perf_counter() - started < 30
    message = str(error.value)
    assert "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5" in message
    assert "DATA_DIR" in message
    assert "Нет доступа" in message
