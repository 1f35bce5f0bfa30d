"""Provides parsing of raw input into the canonical answer value of each question type.

What a front end hands over (the text of an input box, a choice name, a list of choice
names, True for an acknowledgement) becomes the one value shape the model defines for the
type, or a message saying what to enter instead. Canonical values parse to themselves, so
stored answers can be checked again with the same code.

Only the type is checked here; required and constraint belong to the session, which knows
the other answers.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from engagement_tui.interview.answer_types import (
    InvalidInput,
    parse_datetime,
    parse_geopoint,
    parse_media,
    parse_points,
    parse_time,
)
from engagement_tui.interview.questionnaire import MEDIA_TYPES, ChoiceList, Question

__all__ = ["InvalidInput", "is_empty", "parse_value"]

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def is_empty(raw: Any) -> bool:
    """True for input that means 'no answer': None, blank text, an empty list, False."""
    if raw is None or raw is False:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return not raw
    return False


def parse_value(question: Question, choices: ChoiceList, raw: Any) -> Any:
    """The canonical value of non-empty `raw` for `question`; InvalidInput if it does not fit."""
    kind = question.type
    if kind in ("text", "barcode"):
        return str(raw).strip()
    if kind == "integer":
        return parse_integer(raw)
    if kind == "decimal":
        return parse_decimal(raw)
    if kind == "range":
        return parse_range(question, raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "select_one":
        return parse_choice(choices, raw)
    if kind == "select_multiple":
        return parse_multiple(choices, raw)
    if kind == "rank":
        return parse_rank(choices, raw)
    if kind == "acknowledge":
        return parse_acknowledge(raw)
    if kind == "time":
        return parse_time(raw)
    if kind == "datetime":
        return parse_datetime(raw)
    if kind == "geopoint":
        return parse_geopoint(raw)
    if kind in ("geotrace", "geoshape"):
        return parse_points(raw, shape=kind == "geoshape")
    if kind in MEDIA_TYPES:
        return parse_media(raw)
    raise InvalidInput("This question takes no answer")


def _number_text(raw: str) -> str:
    # "15%" on a percentage question is the number 15: the label asks for a percentage.
    text = raw.strip().replace(" ", "").removesuffix("%")
    # "1,250" is a thousands separator to a UK user; "1,5" is a typo, not a decimal comma.
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    return text


def parse_integer(raw: Any) -> int:
    message = "Enter a whole number"
    if isinstance(raw, bool):
        raise InvalidInput(message)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise InvalidInput(message)
    try:
        return int(_number_text(str(raw)))
    except ValueError:
        raise InvalidInput(message) from None


def parse_decimal(raw: Any) -> float:
    message = "Enter a number"
    if isinstance(raw, bool):
        raise InvalidInput(message)
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = _number_text(str(raw))
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
            raise InvalidInput(message)
        value = float(text)
    if not math.isfinite(value):
        raise InvalidInput(message)
    return value


def range_bounds(question: Question) -> tuple[float, float, float]:
    """start, end and step of a range question (XLSForm defaults 0, 10, 1)."""

    def number(key: str, default: float) -> float:
        try:
            return float(question.parameter(key, "") or default)
        except ValueError:
            return default

    step = abs(number("step", 1.0)) or 1.0
    return number("start", 0.0), number("end", 10.0), step


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def parse_range(question: Question, raw: Any) -> int | float:
    start, end, step = range_bounds(question)
    low, high = min(start, end), max(start, end)
    steps = "" if step == 1 else f" in steps of {_plain(step)}"
    message = f"Enter a number from {_plain(low)} to {_plain(high)}{steps}"
    try:
        value = parse_decimal(raw)
    except InvalidInput:
        raise InvalidInput(message) from None
    offset = (value - start) / step
    if not low - 1e-9 <= value <= high + 1e-9 or abs(offset - round(offset)) > 1e-9:
        raise InvalidInput(message)
    if start.is_integer() and step.is_integer():
        return int(round(value))
    # Snap to the step so 0.1 + 0.2 style noise never reaches the store.
    return round(start + round(offset) * step, 10)


def parse_date(raw: Any) -> str:
    """A date; an approximate one ("March 2019", "03/2019", "2019-03") is its first day."""
    message = "Enter a date as YYYY-MM-DD, DD/MM/YYYY or a month and year (March 2019)"
    if isinstance(raw, date):
        return raw.isoformat()[:10]
    text = str(raw).strip()
    iso = _ISO_DATE.fullmatch(text)
    uk = _UK_DATE.fullmatch(text)
    month_year = _month_year(text)
    try:
        if iso:
            year, month, day = (int(part) for part in iso.groups())
        elif uk:
            day, month, year = (int(part) for part in uk.groups())
        elif month_year is not None:
            (year, month), day = month_year, 1
        else:
            raise InvalidInput(message)
        return date(year, month, day).isoformat()
    except ValueError:
        raise InvalidInput(f"{text} is not a real date") from None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_NUMERIC_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})")


def _month_year(text: str) -> tuple[int, int] | None:
    """(year, month) of "March 2019", "Mar 2019", "03/2019" or "2019-03"; None otherwise."""
    named = _MONTH_YEAR.fullmatch(text)
    if named and named.group(1).lower() in _MONTHS:
        return int(named.group(2)), _MONTHS[named.group(1).lower()]
    numeric = _NUMERIC_MONTH_YEAR.fullmatch(text)
    if numeric:
        if numeric.group(1):
            return int(numeric.group(2)), int(numeric.group(1))
        return int(numeric.group(3)), int(numeric.group(4))
    return None


def _names(raw: Any) -> list[str]:
    """Choice names from a list, or from ODK's space-separated text."""
    if isinstance(raw, str):
        return raw.split()
    if isinstance(raw, list | tuple):
        return [str(item).strip() for item in raw]
    raise InvalidInput("Choose from the listed answers")


def _check_known(choices: ChoiceList, names: list[str]) -> None:
    known = choices.name_set
    unknown = [name for name in names if name not in known]
    if unknown:
        raise InvalidInput(f"Not one of the listed answers: {', '.join(unknown)}")


def parse_choice(choices: ChoiceList, raw: Any) -> str:
    name = str(raw).strip()
    _check_known(choices, [name])
    return name


def parse_multiple(choices: ChoiceList, raw: Any) -> list[str]:
    chosen = set(_names(raw))
    _check_known(choices, sorted(chosen))
    return [name for name in choices.names if name in chosen]


def parse_rank(choices: ChoiceList, raw: Any) -> list[str]:
    """A complete ranking: every option once (as ODK's rank widget gives), named by label."""
    order = _names(raw)
    _check_known(choices, order)
    repeated = [name for name in choices.names if order.count(name) > 1]
    if repeated:
        labels = "; ".join(choices.label_for(name) for name in repeated)
        raise InvalidInput(f"Each answer can be ranked once; repeated: {labels}")
    left_out = [name for name in choices.names if name not in order]
    if left_out:
        labels = "; ".join(choices.label_for(name) for name in left_out)
        raise InvalidInput(f"Rank every answer; not ranked yet: {labels}")
    return order


def parse_acknowledge(raw: Any) -> str:
    if raw is True or (isinstance(raw, str) and raw.strip().lower() in {"ok", "yes", "y", "true"}):
        return "OK"
    raise InvalidInput("Acknowledge with OK")
