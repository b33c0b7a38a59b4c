"""helpers.checks: самопроверка заданий."""

from __future__ import annotations

import numpy as np
import pytest

import helpers


@pytest.fixture(autouse=True)
def fresh_tally():
    helpers.reset_exercises()
    yield
    helpers.reset_exercises()


def square(x):
    return x * x


def unfinished(x):
    raise NotImplementedError


def test_check_value_pass(capsys):
    assert helpers.check_value(0.3000001, 0.3, name="сумма", hint="сложите")
    assert "✅ сумма: верно" in capsys.readouterr().out


def test_check_value_wrong_answer_raises_with_hint(capsys):
    with pytest.raises(helpers.ExerciseFailed, match="Подсказка: посмотрите"):
        helpers.check_value([1, 2], [1, 3], name="вектор", hint="посмотрите на второй элемент")
    assert "❌ вектор" in capsys.readouterr().out


def test_check_value_ellipsis_means_not_yet(capsys):
    result = helpers.check_value(..., 1, name="заготовка", hint="h")
    assert result.status == "not_yet"
    assert not result
    assert "⏳ заготовка" in capsys.readouterr().out


@pytest.mark.parametrize(("actual", "expected", "message"), [
    (np.zeros(3), np.zeros(2), "форма результата"),
    ("abc", 1.0, "ожидалось число"),
    ("да", "нет", "получено 'да'"),
])
def test_check_value_mismatch_messages(actual, expected, message):
    with pytest.raises(helpers.ExerciseFailed, match=message):
        helpers.check_value(actual, expected, name="n", hint="h")


def test_check_function_cases():
    assert helpers.check_function(square, [((2,), 4), ((np.array([1, 3]),), [1, 9])], name="квадрат", hint="x*x")
    with pytest.raises(helpers.ExerciseFailed, match="пример 2"):
        helpers.check_function(lambda x: x + x, [((2,), 4), ((3,), 9)], name="квадрат", hint="x*x")


def test_check_function_unfinished_is_not_yet():
    result = helpers.check_function(unfinished, [((1,), 1)], name="n", hint="h")
    assert result.status == "not_yet"
    assert "ещё не сделано" in result.message


def test_check_function_crash_is_a_wrong_answer():
    with pytest.raises(helpers.ExerciseFailed, match="ZeroDivisionError"):
        helpers.check_function(lambda x: 1 / 0, [((1,), 1)], name="n", hint="h")


def test_check_function_copies_arguments():
    def mutate(values):
        values.append(1)
        return len(values)

    data = []
    assert helpers.check_function(mutate, [((data,), 1), ((data,), 1)], name="n", hint="h")
    assert data == []


def test_check_function_catches_mutated_argument():
    def mutate_array(table):
        table[0] = 5
        return table

    with pytest.raises(helpers.ExerciseFailed, match="изменила свой аргумент"):
        helpers.check_function(mutate_array, [((np.zeros(2),), [5, 0])], name="n", hint="h", arguments_unchanged=True)


def test_check_function_predicate():
    assert helpers.check_function(square, [((3,), lambda r: None if r == 9 else "не 9")], name="n", hint="h")


@pytest.mark.parametrize("kwargs", [
    {"name": "", "hint": "h"},
    {"name": "n", "hint": ""},
    {"name": "n", "hint": "h", "atol": -1},
])
def test_check_value_rejects_bad_setup(kwargs):
    with pytest.raises(ValueError):
        helpers.check_value(1, 1, **kwargs)


def test_check_function_rejects_bad_setup():
    with pytest.raises(TypeError, match="нужно передать функцию"):
        helpers.check_function(42, [((1,), 1)], name="n", hint="h")
    with pytest.raises(ValueError, match="нет ни одного примера"):
        helpers.check_function(square, [], name="n", hint="h")


def test_tally_counts_done_and_not_yet(capsys):
    helpers.check_function(square, [((2,), 4)], name="Задание 1", hint="h")
    helpers.check_function(unfinished, [((1,), 1)], name="Задание 2", hint="h")
    helpers.exercise_tally()
    assert helpers.exercise_results() == {"Задание 1": "done", "Задание 2": "not_yet"}
    assert "Задания: сделано 1 из 2; ещё нет: Задание 2." in capsys.readouterr().out


def test_tally_marks_a_check_that_failed_after_passing_as_not_yet():
    helpers.check_function(square, [((2,), 4)], name="Задание 1", hint="h")
    with pytest.raises(helpers.ExerciseFailed):
        helpers.check_function(lambda x: 0, [((2,), 4)], name="Задание 1", hint="h")
    assert helpers.exercise_results() == {"Задание 1": "not_yet"}


def test_tally_before_any_check(capsys):
    helpers.exercise_tally()
    assert "ни одна самопроверка" in capsys.readouterr().out


def test_result_is_not_displayed_twice_in_jupyter():
    from IPython.core.interactiveshell import InteractiveShell

    result = helpers.check_value(1, 1, name="x", hint="y")
    # Ядро Jupyter не отправляет значение ячейки, для которого форматтер вернул пустой набор.
    assert InteractiveShell.instance().display_formatter.format(result) == ({}, {})


# ---------- require_int: одно правило для целочисленных аргументов помощников ----------


@pytest.mark.parametrize(("value", "minimum"), [(1, 1), (np.int64(5), 1), (0, 0), (2, 2)])
def test_require_int_accepts_integers_from_minimum(value, minimum):
    result = helpers.require_int(value, "n", minimum=minimum)
    assert result == value
    assert type(result) is int


@pytest.mark.parametrize(("value", "minimum"), [(0, 1), (-1, 0), (1, 2), (2.0, 1), (True, 1), ("3", 1), (None, 1)])
def test_require_int_rejects_with_russian_message(value, minimum):
    with pytest.raises(ValueError, match=rf"^batch_size: нужно целое число ≥ {minimum}, получено {value!r}\.$"):
        helpers.require_int(value, "batch_size", minimum=minimum)
