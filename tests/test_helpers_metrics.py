"""helpers.metrics: metrics.json — плоский словарь «имя → число» со слиянием."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

import helpers


def test_write_merges_with_previous(tmp_path):
    helpers.write_metrics(tmp_path, a=1, b=0.5)
    merged = helpers.write_metrics(tmp_path, b=np.float32(0.25), c=np.int64(3))
    assert merged == {"a": 1, "b": 0.25, "c": 3}
    assert json.loads((tmp_path / "metrics.json").read_text()) == merged
    assert helpers.read_metrics(tmp_path) == merged


def test_read_missing_is_empty(tmp_path):
    assert helpers.read_metrics(tmp_path) == {}


@pytest.mark.parametrize("value", ["0.5", None, [1], True])
def test_rejects_non_numbers(tmp_path, value):
    with pytest.raises(TypeError, match="должна быть числом"):
        helpers.write_metrics(tmp_path, x=value)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_rejects_non_finite(tmp_path, value):
    with pytest.raises(ValueError, match="не конечна"):
        helpers.write_metrics(tmp_path, x=value)


def test_rejects_empty_and_missing_dir(tmp_path):
    with pytest.raises(ValueError, match="ни одной метрики"):
        helpers.write_metrics(tmp_path)
    with pytest.raises(NotADirectoryError, match="не существует"):
        helpers.write_metrics(tmp_path / "нет", x=1)


def test_rejects_non_dict_file(tmp_path):
    (tmp_path / "metrics.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match="ожидался словарь"):
        helpers.read_metrics(tmp_path)


def test_rejects_bad_names(tmp_path):
    with pytest.raises(ValueError, match="идентификатором"):
        helpers.write_metrics(tmp_path, **{"две метрики": 1})


def test_write_run_info_records_the_run(tmp_path):
    info = helpers.write_run_info(tmp_path, profile="cpu", seed=3, data_source="цифры scikit-learn",
                                  started=time.time() - 2.0)
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8")) == info
    assert info["profile"] == "cpu"
    assert info["seed"] == 3
    assert info["data_source"] == "цифры scikit-learn"
    assert info["versions"]["numpy"] == np.__version__
    assert 2.0 <= info["elapsed_seconds"] < 60
    assert info["started_at"].endswith("+00:00")


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"profile": "auto"}, ValueError, "после раскрытия 'auto'"),
        ({"data_source": " "}, ValueError, "откуда взяты данные"),
        ({"started": 0.0}, ValueError, "не время начала"),
    ],
)
def test_write_run_info_rejects_bad_input(tmp_path, arguments, error, message):
    good = {"profile": "smoke", "seed": 1, "data_source": "x", "started": time.time()}
    with pytest.raises(error, match=message):
        helpers.write_run_info(tmp_path, **{**good, **arguments})


def test_write_run_info_needs_the_folder(tmp_path):
    with pytest.raises(NotADirectoryError, match="prepare_output_dir"):
        helpers.write_run_info(tmp_path / "нет", profile="cpu", seed=1, data_source="x", started=time.time())
