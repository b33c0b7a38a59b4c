"""Блокнот 06: символьная LSTM — smoke-прогон (метрики, run.json), возобновление после обрыва, full без сети."""

from __future__ import annotations

import json
import math
import shutil
import time

import pytest
from papermill.exceptions import PapermillExecutionError

NOTEBOOK = "06_char_lstm.ipynb"
# Уменьшенный прогон для теста обрыва: короткий текст, 3 эпохи, короткие образцы.
SMALL = {"PROFILE": "smoke", "SEED": 42, "EPOCHS": 3, "MAX_CHARS": 12_000, "SAMPLE_LENGTH": 40,
         "MEASURE_LENGTH": 80, "SAMPLES_PER_TEMPERATURE": 1}

pytestmark = pytest.mark.notebook


def test_smoke_is_fast(smoke_run):
    _, seconds = smoke_run
    assert seconds <= 180, f"smoke-профиль шёл {seconds:.0f} с, а должен ≤ 180 с"


def test_smoke_metrics(read_metrics, smoke_run):
    # Только то, что гарантирует код: все метрики записаны и конечны, доли — в [0, 1], размеры верны.
    # Качество урока (биты на символ, знакомые слова) проверяет make lessons в профиле cpu.
    metrics = read_metrics(smoke_run[0])
    expected = {"bits_per_char_initial", "bits_per_char_final", "onehot_bytes", "index_bytes", "distinct4_t02",
                "distinct4_t10", "distinct4_greedy", "word_hit_rate", "word_hit_rate_t10", "val_word_hit_rate",
                "greedy_loop_period", "vocab_size", "epochs_done", "started_at_epoch"}
    assert expected <= set(metrics), f"нет метрик {sorted(expected - set(metrics))}"
    assert all(math.isfinite(value) for value in metrics.values())
    for key in ("distinct4_t02", "distinct4_t10", "distinct4_greedy", "word_hit_rate", "word_hit_rate_t10",
                "val_word_hit_rate"):
        assert 0 <= metrics[key] <= 1, key
    assert metrics["bits_per_char_final"] > 0
    assert metrics["onehot_bytes"] / metrics["index_bytes"] >= 10
    assert metrics["vocab_size"] > 33, "в офлайн-корпусе — русский текст: словарь не меньше алфавита"
    assert (metrics["started_at_epoch"], metrics["epochs_done"]) == (0, 4)


def test_smoke_writes_run_info_with_offline_corpus(smoke_run):
    run = json.loads((smoke_run[0] / "run.json").read_text(encoding="utf-8"))
    assert (run["profile"], run["seed"]) == ("smoke", 42)
    assert "офлайн-корпус" in run["data_source"]
    assert {"python", "numpy", "tensorflow", "keras"} <= set(run["versions"])
    assert run["elapsed_seconds"] > 0


def test_smoke_keeps_best_model_and_full_log(smoke_run):
    output_dir = smoke_run[0]
    assert (output_dir / "best.keras").is_file()
    assert not (output_dir / "backup").exists(), "после конца обучения резервная копия не нужна"
    epochs = [line.split(",")[0] for line in (output_dir / "training_log.csv").read_text().splitlines()[1:]]
    assert epochs == ["0", "1", "2", "3"]


def _epochs_done(output_dir):
    path = output_dir / "progress.json"
    return json.loads(path.read_text(encoding="utf-8"))["epochs_done"] if path.is_file() else 0


def test_training_resumes_after_interruption(read_metrics, interrupt_notebook, build_dir, run_notebook):
    output_dir = build_dir / "06_char_lstm" / "resume"
    shutil.rmtree(output_dir, ignore_errors=True)
    interrupt_notebook(NOTEBOOK, output_dir, until=lambda d: _epochs_done(d) >= 1, **SMALL)
    assert (output_dir / "backup").is_dir(), "после обрыва должна остаться резервная копия"
    assert not (output_dir / "metrics.json").exists()

    assert run_notebook(NOTEBOOK, "resume", **SMALL) == output_dir
    metrics = read_metrics(output_dir)
    assert metrics["started_at_epoch"] == 1, "повторный запуск должен продолжить со второй эпохи"
    assert metrics["epochs_done"] == SMALL["EPOCHS"]
    assert math.isfinite(metrics["bits_per_char_final"])
    epochs = [line.split(",")[0] for line in (output_dir / "training_log.csv").read_text().splitlines()[1:]]
    assert sorted(set(epochs)) == ["0", "1", "2"], "журнал должен склеить эпохи обоих запусков"


def test_full_profile_without_network_fails_fast(run_notebook, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))  # пустой кэш: текст лекции не скачан
    started = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as error:
        run_notebook(NOTEBOOK, "full-offline", PROFILE="full")
    assert "Нет доступа к https://s3.amazonaws.com/text-datasets/nietzsche.txt" in str(error.value)
    assert "DATA_DIR" in str(error.value)
    assert time.perf_counter() - started < 30
