"""Provides the function library: each XLSForm function with its argument counts.

Every function takes a sequence of XPath values and returns one. The evaluator computes
each argument only when a function reads it, which makes `if` and `coalesce` lazy.
A function that can fail at run time raises FunctionError, which the evaluator turns into
an ExpressionError pointing at the call.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType

from .nodes import Value
from .values import days_since_epoch, to_boolean, to_number, to_string

Arguments = Sequence[Value]


class FunctionError(Exception):
    """A run-time failure inside a function, before its column is known."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message, position)
        self.message = message
        self.position = position
        """Where in the function's text argument the problem is, if known (0-based)."""


@dataclass(frozen=True)
class Function:
    min_args: int
    max_args: int | None
    apply: Callable[[Arguments, datetime.date], Value]


def _java_classes(pattern: str) -> str:
    """Java (ODK) reads `[\\w-\\.]` as \\w, '-' or '.'; Python refuses the range: escape it."""
    out, inside, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            piece = pattern[index : index + 2]
            if inside and piece[1] in "wWdDsS" and pattern[index + 2 : index + 3] == "-":
                out.append(piece + "\\-")
                index += 3
                continue
            out.append(piece)
            index += 2
            continue
        if char == "[" and not inside:
            inside = True
        elif char == "]" and inside:
            inside = False
        out.append(char)
        index += 1
    return "".join(out)


@functools.lru_cache(maxsize=512)
def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a regex() pattern (Java's class-escape ranges read as ODK reads them);
    the message names Python's complaint."""
    try:
        return re.compile(_java_classes(pattern))
    except re.error as error:
        raise FunctionError(f"invalid regular expression: {error.msg}", error.pos) from None
    except (OverflowError, RecursionError, ValueError) as error:
        raise FunctionError(f"invalid regular expression: {error}") from None


def _items(value: Value) -> list[str]:
    # select_multiple answers are space-separated choice names.
    return to_string(value).split()


def _index(value: Value, default: int) -> int:
    """A number used as a position: truncated, NaN as 0, infinities clamped (like Java's int)."""
    number = to_number(value)
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return default if number > 0 else -default
    return int(number)


def _whole(operation: Callable[[float], int]) -> Callable[[Arguments, datetime.date], Value]:
    """Wrap floor, ceil or trunc so NaN and the infinities pass through instead of raising."""

    def apply(args: Arguments, _today: datetime.date) -> Value:
        number = to_number(args[0])
        return float(operation(number)) if math.isfinite(number) else number

    return apply


def _selected(args: Arguments, _today: datetime.date) -> Value:
    return to_string(args[1]).strip() in _items(args[0])


def _count_selected(args: Arguments, _today: datetime.date) -> Value:
    return float(len(_items(args[0])))


def _selected_at(args: Arguments, _today: datetime.date) -> Value:
    items = _items(args[0])
    number = to_number(args[1])
    if not math.isfinite(number):
        return ""
    index = int(number)
    return items[index] if 0 <= index < len(items) else ""


def _coalesce(args: Arguments, _today: datetime.date) -> Value:
    for value in args:
        if to_string(value) != "":
            return value
    return ""


def _if(args: Arguments, _today: datetime.date) -> Value:
    return args[1] if to_boolean(args[0]) else args[2]


def _substr(args: Arguments, _today: datetime.date) -> Value:
    # ODK's substr is 0-based with an exclusive end; negatives count from the end.
    text = to_string(args[0])
    start = _index(args[1], len(text))
    end = _index(args[2], len(text)) if len(args) > 2 else len(text)
    return text[start:end]


def _regex(args: Arguments, _today: datetime.date) -> Value:
    return compile_regex(to_string(args[1])).search(to_string(args[0])) is not None


def _round(args: Arguments, _today: datetime.date) -> Value:
    number = to_number(args[0])
    places = to_number(args[1]) if len(args) > 1 else 0.0
    if math.isnan(places):
        return math.nan
    if not math.isfinite(number):
        return number
    # A float has at most ~330 significant places either way; beyond that nothing changes.
    places = max(-400, min(400, _index(places, 400)))
    with localcontext() as context:
        context.prec = 1000
        # repr() first so 2.675 rounds as written (2.68), not as its binary neighbour.
        exact = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return float(exact)


def _translate(args: Arguments, _today: datetime.date) -> Value:
    text, source, target = (to_string(value) for value in args)
    table: dict[int, int | None] = {}
    for position, char in enumerate(source):
        if ord(char) not in table:  # XPath: the first occurrence wins
            table[ord(char)] = ord(target[position]) if position < len(target) else None
    return text.translate(table)


def _normalize_space(args: Arguments, _today: datetime.date) -> Value:
    return " ".join(re.split(r"[ \t\r\n]+", to_string(args[0]).strip(" \t\r\n")))


def _today(_args: Arguments, today: datetime.date) -> Value:
    return today.isoformat()


def _now(_args: Arguments, today: datetime.date) -> Value:
    clock = datetime.datetime.now().time().replace(microsecond=0)
    return datetime.datetime.combine(today, clock).isoformat()


def _decimal_date_time(args: Arguments, _today: datetime.date) -> Value:
    value = args[0]
    if isinstance(value, str):
        return days_since_epoch(value.strip()) if value.strip() else math.nan
    return to_number(value)


def _date(args: Arguments, _today: datetime.date) -> Value:
    value = args[0]
    if isinstance(value, str) and not value.strip():
        return ""
    number = to_number(value)
    if math.isnan(number) or not math.isfinite(number):
        raise FunctionError(f"date() cannot read {to_string(value)!r} as a date")
    try:
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=math.floor(number))).isoformat()
    except OverflowError:  # past year 9999 (or before year 1): no such date
        raise FunctionError(f"date() cannot read {to_string(value)!r} as a date") from None


def _numbers(args: Arguments) -> list[float]:
    """Every number among the arguments; a space-separated list counts item by item."""
    result: list[float] = []
    for value in args:
        if isinstance(value, str) and len(value.split()) > 1:
            result.extend(to_number(item) for item in value.split())
        else:
            result.append(to_number(value))
    return result


def _extreme(pick: Callable[[list[float]], float]) -> Callable[[Arguments, datetime.date], Value]:
    def apply(args: Arguments, _today: datetime.date) -> Value:
        numbers = _numbers(args)
        if not numbers or any(math.isnan(number) for number in numbers):
            return math.nan
        return pick(numbers)

    return apply


FORMAT_DATE = re.compile(r"%[YymnbdeaHhMS3]")


def _format_date(args: Arguments, _today: datetime.date) -> Value:
    """ODK's format-date(): %Y %y %m %n %b %d %e %a %H %h %M %S %3 of a date or date-time."""
    value = args[0]
    if isinstance(value, str) and not value.strip():
        return ""
    if isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.datetime.fromisoformat(text if "T" in text else text[:10])
        except ValueError:
            raise FunctionError(f"format-date() cannot read {text!r} as a date") from None
    else:
        number = to_number(value)
        if math.isnan(number) or not math.isfinite(number):
            return ""
        moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(days=number)
    parts = {
        "%Y": f"{moment.year:04d}",
        "%y": f"{moment.year % 100:02d}",
        "%m": f"{moment.month:02d}",
        "%n": str(moment.month),
        "%b": moment.strftime("%b"),
        "%d": f"{moment.day:02d}",
        "%e": str(moment.day),
        "%a": moment.strftime("%a"),
        "%H": f"{moment.hour:02d}",
        "%h": str(moment.hour),
        "%M": f"{moment.minute:02d}",
        "%S": f"{moment.second:02d}",
        "%3": f"{moment.microsecond // 1000:03d}",
    }
    return FORMAT_DATE.sub(lambda match: parts[match.group(0)], to_string(args[1]))


def _sqrt(args: Arguments, _today: datetime.date) -> Value:
    number = to_number(args[0])
    return math.sqrt(number) if number >= 0 else math.nan


def _pow(args: Arguments, _today: datetime.date) -> Value:
    try:
        return float(math.pow(to_number(args[0]), to_number(args[1])))
    except (OverflowError, ValueError):
        return math.nan


def _join(args: Arguments, _today: datetime.date) -> Value:
    items: list[str] = []
    for index in range(1, len(args)):
        text = to_string(args[index])
        items.extend(text.split() if len(args) == 2 else [text])
    return to_string(args[0]).join(items)


def _not_written_out(_args: Arguments, _today: datetime.date) -> Value:
    raise FunctionError("indexed-repeat() must name a question of a repeat and the repeat")


def _real(function: Callable[[float], float]) -> Callable[[Arguments, datetime.date], Value]:
    """A function of one number; NaN (ODK's answer) outside its domain."""

    def apply(args: Arguments, _today: datetime.date) -> Value:
        try:
            return float(function(to_number(args[0])))
        except (ValueError, OverflowError):
            return math.nan

    return apply


def _needs_the_form(_args: Arguments, _today: datetime.date) -> Value:
    raise FunctionError("this function needs the questionnaire, which is not known here")


ENVIRONMENT_FUNCTIONS = frozenset({"version", "jr:choice-name", "property", "pulldata"})
"""Functions answered from the questionnaire an expression runs in (its `environment`)."""

_LIBRARY: dict[str, Function] = {
    "selected": Function(2, 2, _selected),
    "count-selected": Function(1, 1, _count_selected),
    "selected-at": Function(2, 2, _selected_at),
    "coalesce": Function(2, 2, _coalesce),
    "if": Function(3, 3, _if),
    "not": Function(1, 1, lambda args, _: not to_boolean(args[0])),
    "true": Function(0, 0, lambda _args, _: True),
    "false": Function(0, 0, lambda _args, _: False),
    "boolean": Function(1, 1, lambda args, _: to_boolean(args[0])),
    "boolean-from-string": Function(
        1, 1, lambda args, _: to_string(args[0]).strip() in ("true", "1")
    ),
    "string": Function(1, 1, lambda args, _: to_string(args[0])),
    "number": Function(1, 1, lambda args, _: to_number(args[0])),
    "int": Function(1, 1, _whole(math.trunc)),
    "floor": Function(1, 1, _whole(math.floor)),
    "ceiling": Function(1, 1, _whole(math.ceil)),
    "abs": Function(1, 1, lambda args, _: abs(to_number(args[0]))),
    "round": Function(1, 2, _round),
    "string-length": Function(1, 1, lambda args, _: float(len(to_string(args[0])))),
    "concat": Function(1, None, lambda args, _: "".join(to_string(value) for value in args)),
    "contains": Function(2, 2, lambda args, _: to_string(args[1]) in to_string(args[0])),
    "starts-with": Function(
        2, 2, lambda args, _: to_string(args[0]).startswith(to_string(args[1]))
    ),
    "ends-with": Function(2, 2, lambda args, _: to_string(args[0]).endswith(to_string(args[1]))),
    "substr": Function(2, 3, _substr),
    "translate": Function(3, 3, _translate),
    "normalize-space": Function(1, 1, _normalize_space),
    "regex": Function(2, 2, _regex),
    "today": Function(0, 0, _today),
    "now": Function(0, 0, _now),
    "decimal-date-time": Function(1, 1, _decimal_date_time),
    "decimal-date": Function(1, 1, _decimal_date_time),
    "date": Function(1, 1, _date),
    "format-date": Function(2, 2, _format_date),
    "format-date-time": Function(2, 2, _format_date),
    "sqrt": Function(1, 1, _sqrt),
    "pow": Function(2, 2, _pow),
    "max": Function(1, None, _extreme(max)),
    # Over a repeat, each instance's answer is one argument (see interview.repeats).
    "count": Function(0, None, lambda args, _: float(len(args))),
    "count-non-empty": Function(
        0, None, lambda args, _: float(sum(1 for value in args if to_string(value) != ""))
    ),
    "indexed-repeat": Function(3, None, _not_written_out),
    "sum": Function(0, None, lambda args, _: float(sum(to_number(value) for value in args))),
    "min": Function(1, None, _extreme(min)),
    "join": Function(2, None, _join),
    "once": Function(1, 1, lambda args, _: args[0]),
    "version": Function(0, 0, _needs_the_form),
    "jr:choice-name": Function(2, 2, _needs_the_form),
    "property": Function(1, 1, _needs_the_form),
    "pulldata": Function(3, 5, _needs_the_form),
    "pi": Function(0, 0, lambda _args, _: math.pi),
    "exp": Function(1, 1, _real(math.exp)),
    "exp10": Function(1, 1, _real(lambda x: 10.0**x)),
    "log": Function(1, 1, _real(math.log)),
    "log10": Function(1, 1, _real(math.log10)),
    "sin": Function(1, 1, _real(math.sin)),
    "cos": Function(1, 1, _real(math.cos)),
    "tan": Function(1, 1, _real(math.tan)),
    "asin": Function(1, 1, _real(math.asin)),
    "acos": Function(1, 1, _real(math.acos)),
    "atan": Function(1, 1, _real(math.atan)),
    "atan2": Function(2, 2, lambda args, _: math.atan2(to_number(args[0]), to_number(args[1]))),
}

LIBRARY = MappingProxyType(_LIBRARY)
"""Function name -> Function."""

FUNCTIONS = MappingProxyType(
    {name: (function.min_args, function.max_args) for name, function in _LIBRARY.items()}
)
"""Function name -> (fewest arguments, most arguments or None for no limit)."""
