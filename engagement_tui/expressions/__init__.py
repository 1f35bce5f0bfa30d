"""Provides the XLSForm expression language (an XPath 1.0 subset) for relevant, constraint,
required and calculation columns: parsed once into a small tree, evaluated with no `eval`.

    >>> is_true("${age} >= 18 and selected(${roles}, 'chair')", {"age": 40, "roles": ["chair"]})
    True
    >>> evaluate("coalesce(${n}, 0) + 1", {"n": None})
    1.0

Values follow ODK: an unanswered question (None) reads as "", a select_multiple or rank
answer (a list) as its space-separated names, arithmetic on text gives NaN, and `<`/`>`
compare numbers (or two ISO dates as text). Results are XPath values: str, float or bool;
`to_string` prints a number the XPath way (3.0 -> "3").
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ExpressionError
from .evaluator import Context, evaluate_node
from .functions import FUNCTIONS
from .nodes import Node, Value
from .parser import COLUMN_PREFIX, parse_tree
from .values import to_number, to_string, truthy

__all__ = [
    "FUNCTIONS",
    "Expression",
    "ExpressionError",
    "Value",
    "evaluate",
    "is_true",
    "COLUMN_PREFIX",
    "parse",
    "parse_choice_filter",
    "to_number",
    "to_string",
    "truthy",
]


@dataclass(frozen=True)
class Expression:
    """A parsed expression, ready to evaluate any number of times."""

    text: str
    references: frozenset[str]
    """Every question named as ${name}, for dependency tracking and load-time checks."""
    uses_current: bool
    """Whether `.` (the value being checked) appears."""
    root: Node = field(repr=False)

    def evaluate(
        self,
        values: Mapping[str, Any],
        current: Any = None,
        today: datetime.date | None = None,
        environment: Mapping[str, Any] | None = None,
    ) -> Value:
        """Evaluate against answers by question name; `current` is what `.` reads;
        `environment` answers version(), jr:choice-name() and property() for a form."""
        if today is None:
            today = datetime.date.today()
        elif isinstance(today, datetime.datetime):
            today = today.date()  # today() is a date; a datetime would print its time too
        context = Context(self.text, values, current, today, environment)
        return evaluate_node(self.root, context)


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse `text` once (results are cached); raise ExpressionError if it is not valid."""
    result = parse_tree(text)
    return Expression(text, result.references, result.uses_current, result.root)


@functools.lru_cache(maxsize=1024)
def parse_choice_filter(text: str) -> Expression:
    """Parse a choice_filter, where a bare name is a column of the choice being offered
    (evaluate with COLUMN_PREFIX + column as the key of each column's value)."""
    result = parse_tree(text, columns=True)
    return Expression(text, result.references, result.uses_current, result.root)


def evaluate(
    text: str,
    values: Mapping[str, Any],
    current: Any = None,
    today: datetime.date | None = None,
) -> Value:
    """Parse and evaluate in one step."""
    return parse(text).evaluate(values, current, today)


def is_true(
    text: str,
    values: Mapping[str, Any],
    current: Any = None,
    today: datetime.date | None = None,
    environment: Mapping[str, Any] | None = None,
) -> bool:
    """Whether a relevant or constraint expression holds; an empty one always does."""
    if not text.strip():
        return True
    return truthy(parse(text).evaluate(values, current, today, environment))
