"""Блокнот 03: дистилляция ViT → MobileNetV2 — smoke-профиль (один запуск) и быстрый отказ full без сети."""

from __future__ import annotations

import json
import math
import time

import pytest
from papermill.exceptions import PapermillExecutionError

from helpers.data import require_network

NOTEBOOK = "03_distillation_vit_mobilenet.ipynb"

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 240, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 240 с"


def test_smoke_metrics(read_metrics, smoke_run):
    """Только то, что гарантирует код: все метрики записаны, конечны и в своих границах.

    Кто точнее — дистиллированный ученик или ученик с нуля — в smoke решает сид; это проверяет `make lessons`.
    """
    metrics = read_metrics(smoke_run[0])
    assert set(metrics) == {"teacher_accuracy", "student_scratch_accuracy", "student_distilled_accuracy",
                            "teacher_params", "student_params", "cached_logits_speedup"}
    assert all(math.isfinite(value) for value in metrics.values())
    for key in ("teacher_accuracy", "student_scratch_accuracy", "student_distilled_accuracy"):
        assert 0.0 <= metrics[key] <= 1.0, key
    assert metrics["teacher_params"] > metrics["student_params"] > 0, "учитель — бо́льшая модель, как в настоящей задаче"
    assert metrics["cached_logits_speedup"] > 0


def test_smoke_run_info(smoke_run):
    run = json.loads((smoke_run[0] / "run.json").read_text(encoding="utf-8"))
    assert run["profile"] == "smoke"
    assert run["seed"] == 42
    assert "цифры" in run["data_source"]
    assert {"torch", "transformers", "datasets"} <= set(run["versions"])
    assert 0 < run["elapsed_seconds"] <= smoke_run[1]


def test_full_profile_without_network_fails_fast_in_russian(run_notebook):
    try:
        require_network("https://huggingface.co", what="-", where="-", timeout=3)
    except ConnectionError:
        pass
    else:
        pytest.skip("сеть есть: full-профиль начал бы скачивать beans и ViT")
    started = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as error:
        run_notebook(NOTEBOOK, "full-offline", PROFILE="full")
    message = str(error.value)
    assert "Без сети скачайте набор beans" in message
    assert "DATA_DIR" in message
    assert time.perf_counter() - started < 30, "без сети блокнот должен останавливаться за 30 с (вместе с запуском ядра)"
