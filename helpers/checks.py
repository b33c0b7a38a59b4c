"""Проверки, которые говорят по-русски, что не так: ответы на задания (самопроверка) и аргументы помощников.

Аргументы: `require_int` — одно правило «целое число не меньше …» для всех помощников курса.

Задания: проверка говорит, что не так, и даёт подсказку.

У задания три состояния:
- «ещё не сделано» — функция бросает `NotImplementedError`: проверка печатает ⏳, блокнот идёт дальше
  (так Run All проходит по блокноту, где задания ещё не решены);
- «верно» — печатает ✅;
- «неверно» — печатает ❌ с подсказкой и бросает `ExerciseFailed`: Run All останавливается на
  неверном ответе, а не проходит мимо него.

Каждая проверка записывает итог в общий список; `exercise_tally()` в конце блокнота печатает строку
«сделано / ещё нет».
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

NOT_DONE = "задание ещё не сделано (функция бросает NotImplementedError)"
Status = Literal["done", "not_yet"]
_RESULTS: dict[str, Status] = {}  # название проверки → итог последнего запуска


class ExerciseFailed(AssertionError):
    """Ответ на задание неверен; текст — что не так и подсказка."""


@dataclass(frozen=True)
class CheckResult:
    """Итог проверки, которая не упала: сделано задание или ещё нет."""

    status: Status
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "done"

    def __bool__(self) -> bool:
        return self.passed

    def _ipython_display_(self) -> None:
        """Вердикт уже напечатан; Jupyter не показывает его второй раз как значение ячейки."""


def _report(name: str, problem: str | None, hint: str, *, not_done: bool = False) -> CheckResult:
    if not_done:
        result = CheckResult("not_yet", f"⏳ {name}: {NOT_DONE}. Подсказка: {hint}")
    elif problem is None:
        result = CheckResult("done", f"✅ {name}: верно!")
    else:
        _RESULTS[name] = "not_yet"  # неверный ответ — задание ещё не сделано
        message = f"❌ {name}: {problem}\n   Подсказка: {hint}"
        print(message)
        raise ExerciseFailed(message)
    _RESULTS[name] = result.status
    print(result.message)
    return result


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


def _same(first: Any, second: Any) -> bool:
    """Совпадают ли два значения (массивы — поэлементно); нужно, чтобы заметить изменённый аргумент."""
    if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
        return np.array_equal(np.asarray(first), np.asarray(second), equal_nan=True)
    if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second, strict=True))
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(_same(first[key], second[key]) for key in first)
    return bool(first == second)


def _validate(name: str, hint: str, atol: float) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("У проверки должно быть название (name).")
    if not isinstance(hint, str) or not hint.strip():
        raise ValueError(f"Проверке {name!r} нужна подсказка (hint).")
    if atol < 0:
        raise ValueError(f"atol должен быть ≥ 0, получено {atol}.")


def check_value(actual: Any, expected: Any, *, name: str, hint: str, atol: float = 1e-6) -> CheckResult:
    """Сравнивает ответ студента с ожидаемым (числа и массивы — с допуском `atol`).

    Ответ `...` (многоточие, заготовка в задании) — «ещё не сделано».
    """
    _validate(name, hint, atol)
    if actual is Ellipsis:
        return _report(name, None, hint, not_done=True)
    return _report(name, _difference(actual, expected, atol), hint)


def check_function(
    function: Callable[..., Any],
    cases: Sequence[tuple[tuple[Any, ...], Any]],
    *,
    name: str,
    hint: str,
    atol: float = 1e-6,
    arguments_unchanged: bool = False,
) -> CheckResult:
    """Вызывает функцию студента на примерах `(аргументы, ожидаемый результат)`.

    Аргументы копируются, чтобы функция не испортила их для следующих примеров.
    `arguments_unchanged=True` — ещё и проверить, что функция не изменила свои аргументы.
    Ожидаемым результатом может быть и предикат `callable(результат) -> str | None`,
    который возвращает описание ошибки или None.
    """
    _validate(name, hint, atol)
    if not callable(function):
        raise TypeError(f"{name}: нужно передать функцию, получено {function!r}.")
    if not cases:
        raise ValueError(f"{name}: нет ни одного примера для проверки.")
    for number, (args, expected) in enumerate(cases, start=1):
        given = copy.deepcopy(args)
        try:
            result = function(*given)
        except NotImplementedError:
            return _report(name, None, hint, not_done=True)
        except Exception as error:  # ошибку студента показываем как неверный ответ
            return _report(name, f"на примере {number} функция упала: {type(error).__name__}: {error}", hint)
        if arguments_unchanged and not _same(given, args):
            return _report(name, f"пример {number}: функция изменила свой аргумент, а должна была вернуть новый "
                           "объект", hint)
        problem = expected(result) if callable(expected) else _difference(result, expected, atol)
        if problem is not None:
            return _report(name, f"пример {number}: {problem}", hint)
    return _report(name, None, hint)


def require_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """`value` как int, если это целое число (int или целое NumPy, но не bool) не меньше `minimum`.

    Иначе — ValueError по-русски с именем аргумента `name` и тем, что передали. Помощники курса
    проверяют так размеры, счётчики и число эпох до начала долгой работы.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}: нужно целое число ≥ {minimum}, получено {value!r}.")
    return int(value)


def exercise_results() -> dict[str, Status]:
    """Итоги проверок по названиям: "done" или "not_yet" (копия общего списка)."""
    return dict(_RESULTS)


def exercise_tally() -> None:
    """Печатает одну строку: сколько заданий блокнота сделано и какие ещё нет."""
    if not _RESULTS:
        print("Задания: ни одна самопроверка ещё не запускалась.")
        return
    waiting = [name for name, status in _RESULTS.items() if status == "not_yet"]
    done = len(_RESULTS) - len(waiting)
    tail = f"; ещё нет: {', '.join(waiting)}" if waiting else ""
    print(f"Задания: сделано {done} из {len(_RESULTS)}{tail}.")


def reset_exercises() -> None:
    """Забывает итоги проверок (например, между блокнотами в одном процессе)."""
    _RESULTS.clear()
