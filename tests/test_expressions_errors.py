"""Tests for engagement_tui.expressions errors: every parse error with its column, the
run-time errors, the nesting limits, and property tests that, whatever text a form holds,
parsing and evaluating raise nothing but ExpressionError."""

from __future__ import annotations

import datetime
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.expressions import (
    FUNCTIONS,
    Expression,
    ExpressionError,
    evaluate,
    parse,
    to_string,
    truthy,
)

TODAY = datetime.date(2024, 3, 15)


PARSE_ERRORS = [
    ("${a} = ", 8, "expected a value after '='"),
    ("foo(1)", 1, "unknown function foo()"),
    ("1 + foo(1)", 5, "unknown function foo()"),
    ("jr:itext('a')", 1, "unknown function jr:itext()"),
    ("selected(${a})", 1, "selected() takes 2 arguments, got 1"),
    ("round()", 1, "round() takes 1 to 2 arguments, got 0"),
    ("concat()", 1, "concat() takes at least 1 argument, got 0"),
    ("today(1)", 1, "today() takes 0 arguments, got 1"),
    ("(1 + 2", 1, "unclosed '('"),
    ("1 + (2 * (3)", 5, "unclosed '('"),
    ("if(1, 2, 3", 3, "unclosed '(' of if()"),
    ("1 + 2)", 6, "')' has no matching '('"),
    ("'abc", 1, "unterminated string"),
    ('${a} = "abc', 8, "unterminated string"),
    ("${bad name}", 6, "' ' cannot appear in a question name"),
    ("${1a}", 3, "a question name must start with a letter or '_', not '1'"),
    ("${}", 1, "empty reference ${}"),
    ("${a", 1, "unclosed reference '${'"),
    ("$a", 1, "'$' must start a reference like ${name}"),
    ("${last-saved#a}", 1, "${last-saved#...} is not supported"),
    ("", 1, "empty expression"),
    ("   ", 1, "empty expression"),
    ("1 2", 3, "expected an operator before '2'"),
    ("${a} ${b}", 6, "expected an operator before '${b}'"),
    ("(1 2)", 4, "expected ')' or an operator before '2'"),
    ("concat(1 2)", 10, "expected ')' or an operator before '2'"),
    ("concat(1,)", 10, "expected a value, found ')'"),
    ("1 + * 2", 5, "expected a value, found '*'"),
    ("1 and and 2", 7, "expected a value, found 'and'"),
    ("age > 3", 1, "'age' is not a value"),
    ("true", 1, "'true' is not a value"),
    ("${a} == 1", 6, "use '=' to compare, not '=='"),
    ("4 / 2", 3, "use 'div' to divide"),
    ("1 | 2", 3, "use 'or' to combine conditions"),
    ("1 && 2", 3, "use 'and' to combine conditions"),
    ("!${a}", 1, "use not(...) for negation"),
    ("..", 1, "'..' (the parent) is not supported"),
    ("../", 1, "'..' (the parent) is not supported"),
    ("1 # 2", 3, "unexpected character '#'"),
    ("regex(., 'a(b')", 12, "invalid regular expression: missing ), unterminated subpattern"),
    ("regex(., '*')", 11, "invalid regular expression: nothing to repeat"),
    ("(" * 41 + "1" + ")" * 41, 41, "nested more than 40 levels deep"),
]


@pytest.mark.parametrize(("text", "column", "message"), PARSE_ERRORS)
def test_parse_errors(text: str, column: int, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith(message)
    assert error.column == column
    assert error.text == text
    assert str(error) == f"{error.message} (column {column})"
    assert isinstance(error, ValueError)


def test_errors_pickle_intact() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("foo()")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.message, copy.column, copy.text) == ("unknown function foo()", 1, "foo()")


def test_nesting_within_the_limit_parses_and_evaluates() -> None:
    assert evaluate("(" * 40 + "1" + ")" * 40, {}) == 1.0
    assert evaluate("concat(" * 39 + "'x'" + ")" * 39, {}) == "x"


def test_long_chains_need_no_deep_recursion() -> None:
    assert evaluate(" + ".join(["1"] * 5000), {}) == 5000.0
    assert evaluate(" and ".join(["1"] * 5000), {}) is True
    assert evaluate("-" * 5001 + "1", {}) == -1.0


def test_bad_regex_built_at_run_time_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("1 + regex(${text}, ${pattern})", {"text": "a", "pattern": "a(b"})
    assert caught.value.column == 5
    assert "invalid regular expression" in caught.value.message


# Property tests: whatever is typed into a form column, only ExpressionError escapes.

TOKENS = st.sampled_from(
    [
        "${a}", "${b}", "${n}", "${list}", ".", "1", "0", "2.5", ".5", "-", "+", "*", " div ",
        " mod ", " and ", " or ", "=", "!=", "<", "<=", ">", ">=", "(", ")", ",", "'x'", '""',
        "'2024-01-01'", "'('", "'a b'", *(f"{name}(" for name in FUNCTIONS), "foo(", "$",
        "${", "}", "'", "..", "/", "|", " ",
    ]
)  # fmt: skip

VALUES = st.dictionaries(
    st.sampled_from(["a", "b", "n", "list"]),
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.lists(st.sampled_from(["x", "y", "("]), max_size=3),
)


def _parse_or_none(text: str) -> Expression | None:
    try:
        return parse(text)
    except ExpressionError as error:
        assert 1 <= error.column <= len(text) + 1
        return None


def _evaluate_quietly(expression: Expression, values: dict, current: object) -> None:
    try:
        result = expression.evaluate(values, current, TODAY)
    except ExpressionError as error:
        assert 1 <= error.column <= len(expression.text)
        return
    assert isinstance(result, str | float | bool)
    truthy(result)
    to_string(result)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), VALUES, VALUES.flatmap(lambda v: st.just(v.get("a"))))
def test_any_text_raises_only_expression_error(text: str, values: dict, current: object) -> None:
    expression = _parse_or_none(text)
    if expression is not None:
        _evaluate_quietly(expression, values, current)


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=20).map("".join), VALUES, VALUES.map(lambda v: v.get("a")))
def test_token_soup_raises_only_expression_error(text: str, values: dict, current: object) -> None:
    expression = _parse_or_none(text)
    if expression is not None:
        _evaluate_quietly(expression, values, current)


def _valid_expressions() -> st.SearchStrategy[str]:
    """Expressions the grammar accepts, built from its own productions."""
    leaves = st.sampled_from(["${a}", "${n}", ".", "1", "2.5", "'x'", "''", "today()", "true()"])

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        operators = st.sampled_from(
            ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"]
        )
        binary = st.tuples(inner, operators, inner).map(" ".join)
        calls = st.sampled_from(sorted(FUNCTIONS)).flatmap(
            lambda name: st.lists(
                inner,
                min_size=FUNCTIONS[name][0],
                max_size=3 if FUNCTIONS[name][1] is None else FUNCTIONS[name][1],
            ).map(lambda args: f"{name}({', '.join(args)})")
        )
        return binary | calls | inner.map(lambda text: f"({text})") | inner.map("-{}".format)

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_valid_expressions(), VALUES, VALUES.map(lambda v: v.get("n")))
def test_grammatical_expressions_parse_and_evaluate(
    text: str, values: dict, current: object
) -> None:
    expression = parse(text)
    assert expression.references <= {"a", "n"}
    assert expression.uses_current == ("." in text.replace("2.5", ""))
    _evaluate_quietly(expression, values, current)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_print_so_they_read_back_the_same(number: float) -> None:
    text = to_string(number)
    assert "e" not in text and not text.endswith(".0")
    assert evaluate(text, {}) == number
