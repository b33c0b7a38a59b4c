"""helpers.metrics: metrics.json (плоский словарь «имя → число» со слиянием), run.json, числа с разрядами,
таблица метрик и число параметров модели."""

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


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "0"), (999, "999"), (1000, f"1{NBSP}000"), (2330944, f"2{NBSP}330{NBSP}944"),
     (-12345, f"-12{NBSP}345"), (np.int64(540042), f"540{NBSP}042")],
)
def test_group_digits(number, text):
    assert helpers.group_digits(number) == text


@pytest.mark.parametrize("value", [1.5, 1e6, "1000", True, None])
def test_group_digits_rejects_non_integers(value):
    with pytest.raises(TypeError, match="нужно целое число"):
        helpers.group_digits(value)


def test_format_metrics_aligns_and_formats():
    text = helpers.format_metrics({"teacher_params": 540042, "accuracy": np.float32(0.75), "fid": 285.31})
    assert text.splitlines() == [
        f"teacher_params  540{NBSP}042",
        "accuracy        0.75",
        "fid             285.3",
    ]


def test_format_metrics_rejects_empty_and_non_numbers():
    with pytest.raises(ValueError, match="пуст"):
        helpers.format_metrics({})
    with pytest.raises(TypeError, match="должна быть числом"):
        helpers.format_metrics({"a": "0.5"})


def test_parameter_counts_of_a_torch_model():
    torch = pytest.importorskip("torch")
    model = torch.nn.Linear(3, 2)
    assert helpers.parameter_counts(model) == {"trainable": 8, "non_trainable": 0, "total": 8}
    model.weight.requires_grad_(False)  # замороженные веса
    assert helpers.parameter_counts(model) == {"trainable": 2, "non_trainable": 6, "total": 8}


def test_parameter_counts_rejects_what_is_not_a_model():
    with pytest.raises(TypeError, match="модель Keras или PyTorch, получено list"):
        helpers.parameter_counts([1, 2, 3])
