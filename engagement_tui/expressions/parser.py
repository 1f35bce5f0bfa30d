"""Provides the parser: tokens into a syntax tree, by recursive descent over the XPath
precedence levels, checking function names, argument counts and literal regex patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ExpressionError
from .functions import LIBRARY, FunctionError, compile_regex
from .nodes import Binary, Call, Current, Literal, Logical, Negate, Node, Reference
from .tokens import CURRENT, END, NAME, NUMBER, REFERENCE, STRING, SYMBOL, Token, tokenize
from .values import to_string

LEVELS: tuple[tuple[str, ...], ...] = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)
"""Binary operators from the lowest precedence to the highest; unary minus binds tighter."""

_OPERATOR_NAMES = frozenset(
    operator for level in LEVELS for operator in level if operator.isalpha()
)
"""`and`, `or`, `div`, `mod`: never values or function names, wherever they stand."""

MAX_NESTING = 40
"""Brackets and calls deeper than this are refused, so neither parsing nor evaluating can
exhaust Python's stack; real forms nest a handful of levels."""


@dataclass(frozen=True)
class ParseResult:
    root: Node
    references: frozenset[str]
    uses_current: bool


COLUMN_PREFIX = "@"
"""A choice_filter's bare name (`state = ${state}`) reads the choice's column: it becomes a
Reference to COLUMN_PREFIX + name, a key no question name can take."""


def parse_tree(text: str, columns: bool = False) -> ParseResult:
    """Parse `text`; raise ExpressionError with the column of the first problem.

    With `columns`, bare names are a choice's columns (a choice_filter)."""
    return _Parser(text, columns).parse()


class _Parser:
    def __init__(self, text: str, columns: bool = False) -> None:
        self.text = text
        self.columns = columns
        self.tokens = tokenize(text)
        self.position = 0
        self.nesting = 0
        self.references: set[str] = set()
        self.uses_current = False

    def parse(self) -> ParseResult:
        if self._peek().kind == END:
            raise ExpressionError("empty expression", 1, self.text)
        root = self._level(0)
        token = self._peek()
        if token.kind != END:
            if token.kind == SYMBOL and token.value == ")":
                raise self._error("')' has no matching '('", token)
            raise self._error(f"expected an operator before {token.source!r}", token)
        return ParseResult(root, frozenset(self.references), self.uses_current)

    def _peek(self) -> Token:
        return self.tokens[self.position]

    def _advance(self) -> Token:
        token = self.tokens[self.position]
        if token.kind != END:
            self.position += 1
        return token

    def _error(self, message: str, token: Token) -> ExpressionError:
        return ExpressionError(message, token.column, self.text)

    def _is_symbol(self, value: str) -> bool:
        token = self._peek()
        return token.kind == SYMBOL and token.value == value

    def _level(self, index: int) -> Node:
        if index == len(LEVELS):
            return self._unary()
        operators = LEVELS[index]
        first = self._level(index + 1)
        rest: list[tuple[str, Node]] = []
        # Only here, after an operand, are names like `and` or `div` read as operators.
        while (token := self._peek()).kind in (SYMBOL, NAME) and token.value in operators:
            self._advance()
            rest.append((token.value, self._level(index + 1)))
        if not rest:
            return first
        if operators[0] in ("or", "and"):
            return Logical(operators[0], (first, *(operand for _, operand in rest)))
        return Binary(first, tuple(rest))

    def _unary(self) -> Node:
        minuses = 0
        while self._is_symbol("-"):
            self._advance()
            minuses += 1
        operand = self._primary()
        return Negate(operand, minuses % 2 == 1) if minuses else operand

    def _primary(self) -> Node:
        token = self._advance()
        if token.kind == NUMBER:
            return Literal(float(token.value))
        if token.kind == STRING:
            return Literal(token.value)
        if token.kind == REFERENCE:
            self.references.add(token.value)
            return Reference(token.value)
        if token.kind == CURRENT:
            self.uses_current = True
            return Current()
        if token.kind == SYMBOL and token.value == "(":
            self._enter(token)
            inner = self._level(0)
            self._close(token, "'('")
            self.nesting -= 1
            return inner
        if token.kind == NAME and token.value not in _OPERATOR_NAMES:
            if self._is_symbol("("):
                return self._call(token)
            if self.columns:
                return Reference(COLUMN_PREFIX + token.value)
            raise self._error(
                f"{token.value!r} is not a value: write ${{{token.value}}} for a question's "
                f"answer or {token.value}() for a function",
                token,
            )
        if token.kind == END:
            previous = self.tokens[self.position - 1] if self.position else None
            after = f" after {previous.source!r}" if previous else ""
            raise self._error(f"expected a value{after}", token)
        raise self._error(f"expected a value, found {token.source!r}", token)

    def _enter(self, token: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self._error(f"nested more than {MAX_NESTING} levels deep", token)

    def _close(self, opening: Token, what: str) -> None:
        token = self._peek()
        if token.kind == SYMBOL and token.value == ")":
            self._advance()
            return
        if token.kind == END:
            raise self._error(f"unclosed {what}", opening)
        raise self._error(f"expected ')' or an operator before {token.source!r}", token)

    def _call(self, name: Token) -> Node:
        function = LIBRARY.get(name.value)
        if function is None:
            raise self._error(f"unknown function {name.value}()", name)
        opening = self._advance()
        self._enter(opening)
        args: list[Node] = []
        starts: list[Token] = []
        if self._is_symbol(")"):
            self._advance()
        else:
            while True:
                starts.append(self._peek())
                args.append(self._level(0))
                if self._is_symbol(","):
                    self._advance()
                    continue
                if self._peek().kind == END:
                    raise self._error(f"unclosed '(' of {name.value}()", opening)
                self._close(opening, f"'(' of {name.value}()")
                break
        self.nesting -= 1
        self._check_arity(name, function.min_args, function.max_args, len(args))
        if name.value == "regex" and isinstance(args[1], Literal):
            self._check_pattern(args[1], starts[1])
        return Call(name.value, tuple(args), name.column)

    def _check_arity(self, name: Token, least: int, most: int | None, given: int) -> None:
        if least <= given and (most is None or given <= most):
            return
        if most is None:
            wanted = f"at least {least} argument{'s' if least != 1 else ''}"
        elif least == most:
            wanted = f"{least} argument{'s' if least != 1 else ''}"
        else:
            wanted = f"{least} to {most} arguments"
        raise self._error(f"{name.value}() takes {wanted}, got {given}", name)

    def _check_pattern(self, pattern: Literal, token: Token) -> None:
        """Report a bad literal regex now, at the character Python complains about."""
        try:
            compile_regex(to_string(pattern.value))
        except FunctionError as error:
            column = token.column
            if token.kind == STRING and error.position is not None:
                column += 1 + error.position  # skip the opening quote
            raise ExpressionError(error.message, column, self.text) from None
