"""«Важная таблица» лекции: тип задачи → активация последнего слоя → функция потерь.

Без фреймворков: по таблице блокнот строит голову модели (`keras.layers.Dense(units, activation)`)
и выбирает функцию потерь для `model.compile`.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.checks import require_int


@dataclass(frozen=True)
class HeadSpec:
    """Строка таблицы: что поставить на выход сети и чем мерить ошибку."""

    task: str  # ключ из TASKS
    title: str  # тип задачи по-русски, как в лекции
    activation: str | None  # активация последнего слоя; None — без активации
    loss: str  # имя функции потерь Keras
    units: int = 0  # число выходов головы (0 — ещё не задано)


TASKS: dict[str, HeadSpec] = {
    spec.task: spec
    for spec in (
        HeadSpec("binary", "бинарная классификация", "sigmoid", "binary_crossentropy"),
        HeadSpec("multiclass", "многоклассовая однозначная классификация", "softmax", "categorical_crossentropy"),
        HeadSpec("multilabel", "многоклассовая многозначная классификация", "sigmoid", "binary_crossentropy"),
        HeadSpec("regression", "регрессия по произвольным значениям", None, "mse"),
        HeadSpec("regression_01", "регрессия по значениям в [0, 1]", "sigmoid", "mse"),
    )
}
# В лекции для регрессии в [0, 1] допускаются обе потери: «mse или binary_crossentropy».
ALTERNATIVE_LOSSES = {"regression_01": ("binary_crossentropy",)}


def head_for(task: str, outputs: int = 1, *, integer_labels: bool = False) -> HeadSpec:
    """Голова для задачи `task` с `outputs` выходами (классами или целевыми величинами).

    Для бинарной классификации выход один (вероятность класса «1»). `integer_labels=True` — метки
    многоклассовой задачи даны номерами классов, а не one-hot: тогда потеря `sparse_categorical_crossentropy`.
    """
    if task not in TASKS:
        raise ValueError(f"Неизвестный тип задачи {task!r}. Допустимые: {', '.join(TASKS)}.")
    require_int(outputs, "outputs (число выходов)")
    if task == "binary" and outputs != 1:
        raise ValueError(
            f"У бинарной классификации один выход (вероятность класса «1»), а запрошено {outputs}: "
            "для нескольких взаимоисключающих классов возьмите 'multiclass'."
        )
    if task == "multiclass" and outputs < 2:
        raise ValueError("У многоклассовой классификации нужно не меньше двух классов; для двух подойдёт и 'binary'.")
    if integer_labels and task != "multiclass":
        raise ValueError("integer_labels=True имеет смысл только для 'multiclass' (номера классов вместо one-hot).")
    spec = TASKS[task]
    loss = "sparse_categorical_crossentropy" if integer_labels else spec.loss
    return HeadSpec(spec.task, spec.title, spec.activation, loss, outputs)


def table_markdown() -> str:
    """Таблица лекции в Markdown (для показа в блокноте)."""
    rows = []
    for task, spec in TASKS.items():
        losses = " или ".join((spec.loss, *ALTERNATIVE_LOSSES.get(task, ())))
        rows.append(f"| {spec.title} | `{task}` | {spec.activation or 'нет активации'} | {losses} |")
    return "| тип задачи | ключ | активация последнего слоя | функция потерь |\n|---|---|---|---|\n" + "\n".join(rows)
