"""helpers.formatting и helpers.format_metrics: числа с разрядами и таблица метрик."""

from __future__ import annotations

import numpy as np
import pytest

import helpers

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
