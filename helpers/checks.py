"""Самопроверка заданий: говорит по-русски, что не так, и даёт подсказку.

Проверка не бросает исключений (блокнот выполняется дальше), а печатает вердикт и
возвращает `CheckResult`, который в `if` ведёт себя как bool.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

NOT_DONE = "задание ещё не выполнено (функция бросает NotImplementedError)"


@dataclass(frozen=True)
class CheckResult:
    """Итог проверки: прошла ли и что сказать студенту."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def _ipython_display_(self) -> None:
        """Вердикт уже напечатан; Jupyter не показывает его второй раз как значение ячейки."""


def _report(name: str, problem: str | None, hint: str) -> CheckResult:
    if problem is None:
        message = f"✅ {name}: верно!"
    else:
        message = f"❌ {name}: {problem}\n   Подсказка: {hint}"
    print(message)
    return CheckResult(passed=problem is None, message=message)


def _difference(actual: Any, expected: Any, atol: float) -> str | None:
    """None, если значения совпадают; иначе — описание расхождения."""
    if isinstance(expected, (np.ndarray, list, tuple)) or np.isscalar(expected) and not isinstance(expected, str):
        try:
            actual_array = np.asarray(actual, dtype=float)
            expected_array = np.asarray(expected, dtype=float)
        except (TypeError, ValueError):
            return f"ожидалось число или массив, получено {actual!r}"
        if actual_array.shape != expected_array.shape:
            return f"форма результата {actual_array.shape}, а нужна {expected_array.shape}"
        if not np.allclose(actual_array, expected_array, atol=atol, rtol=0.0, equal_nan=True):
            return f"получено {np.round(actual_array, 6).tolist()}, ожидалось {np.round(expected_array, 6).tolist()}"
        return None
    return None if actual == expected else f"получено {actual!r}, ожидалось {expected!r}"


def _validate(name: str, hint: str, atol: float) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("У проверки должно быть название (name).")
    if not isinstance(hint, str) or not hint.strip():
        raise ValueError(f"Проверке {name!r} нужна подсказка (hint).")
    if atol < 0:
        raise ValueError(f"atol должен быть ≥ 0, получено {atol}.")


def check_value(actual: Any, expected: Any, *, name: str, hint: str, atol: float = 1e-6) -> CheckResult:
    """Сравнивает ответ студента с ожидаемым (числа и массивы — с допуском `atol`)."""
    _validate(name, hint, atol)
    return _report(name, _difference(actual, expected, atol), hint)


def check_function(
    function: Callable[..., Any],
    cases: Sequence[tuple[tuple[Any, ...], Any]],
    *,
    name: str,
    hint: str,
    atol: float = 1e-6,
) -> CheckResult:
    """Вызывает функцию студента на примерах `(аргументы, ожидаемый результат)`.

    Аргументы копируются, чтобы функция не испортила их для следующих примеров.
    Ожидаемым результатом может быть и предикат `callable(результат) -> str | None`,
    который возвращает описание ошибки или None.
    """
    _validate(name, hint, atol)
    if not callable(function):
        raise TypeError(f"{name}: нужно передать функцию, получено {function!r}.")
    if not cases:
        raise ValueError(f"{name}: нет ни одного примера для проверки.")
    for number, (args, expected) in enumerate(cases, start=1):
        try:
            result = function(*copy.deepcopy(args))
        except NotImplementedError:
            return _report(name, NOT_DONE, hint)
        except Exception as error:  # ошибку студента показываем, а не пробрасываем
            return _report(name, f"на примере {number} функция упала: {type(error).__name__}: {error}", hint)
        problem = expected(result) if callable(expected) else _difference(result, expected, atol)
        if problem is not None:
            return _report(name, f"пример {number}: {problem}", hint)
    return _report(name, None, hint)
