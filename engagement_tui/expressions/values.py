"""Provides XPath 1.0 value rules: conversions between string, number and boolean, and the
comparison and arithmetic operators.

App answers come in as the canonical Python shapes (see engagement_tui.interview.questionnaire)
and are turned into XPath values by `from_python`: None reads as "", lists as space-separated text.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
from decimal import Decimal
from typing import Any

from .nodes import Value

_NUMBER = re.compile(r"[ \t\r\n]*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t\r\n]*")
"""What XPath number() accepts: no exponent, no '+', no 'inf' (unlike Python's float())."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?")
"""Dates and date-times as the app stores them; two of these compare as text."""


def from_python(value: Any) -> Value:
    """Turn an app answer value into an XPath value."""
    if value is None:
        return ""
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, numbers.Real | Decimal):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
        except ValueError:  # only a signalling Decimal NaN refuses
            return math.nan
    if isinstance(value, list | tuple):
        return " ".join(to_string(from_python(item)) for item in value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def to_string(value: Value) -> str:
    """XPath string(): numbers print without a needless '.0' or exponent."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value)
    return value


def number_to_string(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number):
        return str(int(number))  # also turns -0.0 into "0"
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


_EPOCH = datetime.datetime(1970, 1, 1)


def to_number(value: Value) -> float:
    """XPath number(): text that is not a plain decimal number (including "") is NaN.

    As in ODK, a date is the number of days since 1970-01-01 and a date-time the same with
    a fraction, so `today() - ${visit} > 30` counts days.
    """
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if _NUMBER.fullmatch(value):
        return float(value)
    if _ISO_DATE.fullmatch(value):
        return days_since_epoch(value)
    return math.nan


def days_since_epoch(text: str) -> float:
    """Days (with a fraction for the time of day) from 1970-01-01 to an ISO date or date-time."""
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return math.nan
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return (moment - _EPOCH).total_seconds() / 86400


def to_boolean(value: Value) -> bool:
    """XPath boolean(): "" and 0 and NaN are false, any other string or number is true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def truthy(value: Any) -> bool:
    """XPath boolean() of an app value or an evaluation result."""
    return to_boolean(from_python(value))


def equals(left: Value, right: Value) -> bool:
    """XPath `=`: as booleans if either side is one, else as numbers if either side is one,
    else as strings."""
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float) or isinstance(right, float):
        return to_number(left) == to_number(right)  # NaN equals nothing
    return left == right


def _relational(left: Value, right: Value) -> tuple[Any, Any]:
    """The pair `<` and friends compare: numbers, or text when both are ISO dates."""
    if (
        isinstance(left, str)
        and isinstance(right, str)
        and _ISO_DATE.fullmatch(left)
        and _ISO_DATE.fullmatch(right)
    ):
        return left, right
    return to_number(left), to_number(right)


def _divide(left: float, right: float) -> float:
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        return math.copysign(math.inf, left) * math.copysign(1.0, right)
    return left / right


def _modulo(left: float, right: float) -> float:
    # XPath mod keeps the sign of the dividend, like fmod (5 mod -2 = 1, -5 mod 2 = -1).
    if right == 0 or math.isnan(left) or math.isnan(right) or math.isinf(left):
        return math.nan
    return math.fmod(left, right)


def apply_operator(operator: str, left: Value, right: Value) -> Value:
    """Apply a comparison or arithmetic operator to two XPath values."""
    if operator == "=":
        return equals(left, right)
    if operator == "!=":
        return not equals(left, right)
    if operator in ("<", "<=", ">", ">="):
        a, b = _relational(left, right)
        if operator == "<":
            return a < b
        if operator == "<=":
            return a <= b
        if operator == ">":
            return a > b
        return a >= b
    x, y = to_number(left), to_number(right)
    if operator == "+":
        return x + y
    if operator == "-":
        return x - y
    if operator == "*":
        return x * y
    if operator == "div":
        return _divide(x, y)
    if operator == "mod":
        return _modulo(x, y)
    raise AssertionError(f"the parser produced an unknown operator {operator!r}")
