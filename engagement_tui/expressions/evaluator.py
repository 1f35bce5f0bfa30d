"""Provides the evaluator: walks a syntax tree against a set of answers, with no `eval`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ExpressionError
from .functions import ENVIRONMENT_FUNCTIONS, LIBRARY, FunctionError
from .nodes import Binary, Call, Current, Literal, Logical, Negate, Node, Reference, Value
from .values import apply_operator, from_python, to_boolean, to_number


@dataclass(frozen=True)
class Context:
    """What an expression is evaluated against."""

    text: str
    """The expression itself, for messages."""
    values: Mapping[str, Any]
    current: Any
    today: datetime.date
    environment: Mapping[str, Any] | None = None
    """Function name -> callable(arguments) for version(), jr:choice-name(), property()."""


def evaluate_node(node: Node, context: Context) -> Value:
    """The XPath value of `node`; raises only ExpressionError."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Reference):
        # An unknown name reads like an unanswered question: "".
        return from_python(context.values.get(node.name))
    if isinstance(node, Current):
        return from_python(context.current)
    if isinstance(node, Binary):
        result = evaluate_node(node.first, context)
        for operator, operand in node.rest:
            result = apply_operator(operator, result, evaluate_node(operand, context))
        return result
    if isinstance(node, Logical):
        stop_at = node.operator == "or"  # `or` stops at the first true, `and` at the first false
        for operand in node.operands:
            if to_boolean(evaluate_node(operand, context)) == stop_at:
                return stop_at
        return not stop_at
    if isinstance(node, Negate):
        number = to_number(evaluate_node(node.operand, context))
        return -number if node.odd else number
    return _call(node, context)


def _call(node: Call, context: Context) -> Value:
    try:
        handler = (context.environment or {}).get(node.name)
        if handler is not None and node.name in ENVIRONMENT_FUNCTIONS:
            return handler(_LazyArguments(node.args, context))
        return LIBRARY[node.name].apply(_LazyArguments(node.args, context), context.today)
    except FunctionError as error:
        raise ExpressionError(error.message, node.column, context.text) from None


class _LazyArguments(Sequence[Value]):
    """A function's arguments, each evaluated when first read: if() and coalesce() read only
    what they need, as in ODK, so an unused branch costs nothing and cannot fail."""

    def __init__(self, nodes: tuple[Node, ...], context: Context) -> None:
        self._nodes = nodes
        self._context = context
        self._values: dict[int, Value] = {}

    def __len__(self) -> int:
        return len(self._nodes)

    def __getitem__(self, index: int) -> Value:  # type: ignore[override]
        if index not in self._values:
            # IndexError here also ends iteration over the arguments, as Sequence expects.
            self._values[index] = evaluate_node(self._nodes[index], self._context)
        return self._values[index]
