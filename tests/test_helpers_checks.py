"""helpers.checks: самопроверка заданий."""

from __future__ import annotations

import numpy as np
import pytest

import helpers


def square(x):
    return x * x


def test_check_value_pass_and_fail(capsys):
    assert helpers.check_value(0.3000001, 0.3, name="сумма", hint="сложите")
    result = helpers.check_value([1, 2], [1, 3], name="вектор", hint="посмотрите на второй элемент")
    assert not result
    out = capsys.readouterr().out
    assert "✅ сумма: верно" in out and "❌ вектор" in out and "Подсказка: посмотрите" in out


def test_check_value_shape_and_type_mismatch():
    assert "форма результата" in helpers.check_value(np.zeros(3), np.zeros(2), name="n", hint="h").message
    assert "ожидалось число" in helpers.check_value("abc", 1.0, name="n", hint="h").message
    assert not helpers.check_value("да", "нет", name="n", hint="h")


def test_check_function_cases():
    assert helpers.check_function(square, [((2,), 4), ((np.array([1, 3]),), [1, 9])], name="квадрат", hint="x*x")
    result = helpers.check_function(lambda x: x + x, [((2,), 4), ((3,), 9)], name="квадрат", hint="x*x")
    assert not result and "пример 2" in result.message


def test_check_function_reports_unfinished_and_crashes():
    def unfinished(x):
        raise NotImplementedError

    assert "ещё не выполнено" in helpers.check_function(unfinished, [((1,), 1)], name="n", hint="h").message
    crashed = helpers.check_function(lambda x: 1 / 0, [((1,), 1)], name="n", hint="h")
    assert "ZeroDivisionError" in crashed.message


def test_check_function_predicate_and_argument_copy():
    def mutate(values):
        values.append(1)
        return len(values)

    data = []
    assert helpers.check_function(mutate, [((data,), 1), ((data,), 1)], name="n", hint="h")
    assert data == []
    predicate = helpers.check_function(square, [((3,), lambda r: None if r == 9 else "не 9")], name="n", hint="h")
    assert predicate


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"name": "", "hint": "h"}, ValueError),
    ({"name": "n", "hint": ""}, ValueError),
    ({"name": "n", "hint": "h", "atol": -1}, ValueError),
])
def test_check_value_rejects_bad_setup(kwargs, error):
    with pytest.raises(error):
        helpers.check_value(1, 1, **kwargs)


def test_check_function_rejects_bad_setup():
    with pytest.raises(TypeError, match="нужно передать функцию"):
        helpers.check_function(42, [((1,), 1)], name="n", hint="h")
    with pytest.raises(ValueError, match="нет ни одного примера"):
        helpers.check_function(square, [], name="n", hint="h")


def test_result_is_not_displayed_twice_in_jupyter():
    from IPython.core.interactiveshell import InteractiveShell

    result = helpers.check_value(1, 1, name="x", hint="y")
    # Ядро Jupyter не отправляет значение ячейки, для которого форматтер вернул пустой набор.
    assert InteractiveShell.instance().display_formatter.format(result) == ({}, {})
