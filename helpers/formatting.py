"""Числа для людей: разряды через неразрывный пробел, как принято в русском тексте."""

from __future__ import annotations

import numbers

DIGIT_GROUP_SEPARATOR = "\u00a0"


def group_digits(number: int) -> str:
    """Целое число с разрядами через неразрывный пробел: 2330944 → «2 330 944»."""
    if isinstance(number, bool) or not isinstance(number, numbers.Integral):
        raise TypeError(f"group_digits: нужно целое число, получено {number!r} ({type(number).__name__}).")
    return f"{int(number):,}".replace(",", DIGIT_GROUP_SEPARATOR)
