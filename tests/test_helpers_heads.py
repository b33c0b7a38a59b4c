import pytest

from helpers.heads import TASKS, head_for, table_markdown


@pytest.mark.parametrize(
    ("task", "outputs", "activation", "loss"),
    [
        ("binary", 1, "sigmoid", "binary_crossentropy"),
        ("multiclass", 3, "softmax", "categorical_crossentropy"),
        ("multilabel", 5, "sigmoid", "binary_crossentropy"),
        ("regression", 2, None, "mse"),
        ("regression_01", 1, "sigmoid", "mse"),
    ],
)
def test_lecture_table(task, outputs, activation, loss):
    spec = head_for(task, outputs)
    assert (spec.activation, spec.loss, spec.units) == (activation, loss, outputs)


def test_integer_labels_use_sparse_loss():
    assert head_for("multiclass", 10, integer_labels=True).loss == "sparse_categorical_crossentropy"


def test_table_lists_every_task_once():
    table = table_markdown()
    assert all(table.count(f"`{task}`") == 1 for task in TASKS)
    assert "mse или binary_crossentropy" in table
    assert "нет активации" in table


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("classification", 3), {}, "Неизвестный тип задачи"),
        (("multiclass", 0), {}, "≥ 1"),
        (("multiclass", 2.0), {}, "целое число"),
        (("binary", 2), {}, "один выход"),
        (("multiclass", 1), {}, "не меньше двух"),
        (("regression", 1), {"integer_labels": True}, "только для 'multiclass'"),
    ],
)
def test_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        head_for(*args, **kwargs)
