"""Provides the syntax tree of a parsed expression: small frozen dataclasses.

Runs of one precedence level (`a + b - c`) are kept flat in one node rather than as a
left-leaning tree, so a long chain costs no recursion depth when it is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = str | float | bool
"""An XPath 1.0 value: string, number or boolean (node-sets are not part of this subset)."""


@dataclass(frozen=True, slots=True)
class Literal:
    """A string or number written in the expression, or a constant folded from one."""

    value: Value


@dataclass(frozen=True, slots=True)
class Reference:
    """`${name}`: the answer to another question."""

    name: str


@dataclass(frozen=True, slots=True)
class Current:
    """`.`: the value being checked, in a constraint."""


@dataclass(frozen=True, slots=True)
class Negate:
    """One or more unary minuses; `odd` says whether the sign flips."""

    operand: Node
    odd: bool


@dataclass(frozen=True, slots=True)
class Binary:
    """`first op1 x1 op2 x2 ...`, applied left to right (comparisons and arithmetic)."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Logical:
    """`a and b and c` or `a or b or c`, evaluated with short-circuit."""

    operator: str
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; `column` is where its name starts, for run-time messages."""

    name: str
    args: tuple[Node, ...]
    column: int


Node = Literal | Reference | Current | Negate | Binary | Logical | Call
