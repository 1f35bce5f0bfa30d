"""Tests for engagement_tui.expressions evaluation: tables of expression, answers and result
for every operator, precedence level and function, and the "" and NaN rules of XPath.
Errors and property tests are in test_expressions_errors.py."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest

from engagement_tui.expressions import (
    FUNCTIONS,
    Expression,
    ExpressionError,
    evaluate,
    is_true,
    parse,
    to_number,
    to_string,
    truthy,
)
from engagement_tui.expressions.functions import ENVIRONMENT_FUNCTIONS

TODAY = datetime.date(2024, 3, 15)

ANSWERS = {
    "age": 42,
    "zero": 0,
    "ratio": 0.25,
    "name": "Ada Lovelace",
    "empty": None,
    "roles": ["chair", "clinical_lead"],
    "rank": ["b", "a", "c"],
    "none_picked": [],
    "sector": "trust",
    "numeric_text": "7",
    "when": "2024-01-31",
    "agreed": True,
    "refused": False,
    "ok": "OK",
}


def run(text: str, values: dict | None = None, current: object = None) -> object:
    return evaluate(text, ANSWERS if values is None else values, current, TODAY)


LITERALS_AND_REFERENCES = [
    ("1", 1.0),
    ("1.5", 1.5),
    (".5", 0.5),
    ("5.", 5.0),
    ("'single'", "single"),
    ('"double"', "double"),
    ('"it\'s"', "it's"),
    ("''", ""),
    ("${age}", 42.0),
    ("${ratio}", 0.25),
    ("${name}", "Ada Lovelace"),
    ("${empty}", ""),
    ("${never_defined}", ""),
    ("${roles}", "chair clinical_lead"),
    ("${none_picked}", ""),
    ("${agreed}", True),
    ("${ok}", "OK"),
]


@pytest.mark.parametrize(("text", "expected"), LITERALS_AND_REFERENCES)
def test_literals_and_references(text: str, expected: object) -> None:
    assert run(text) == expected


OPERATORS = [
    # arithmetic
    ("1 + 2", 3.0),
    ("5 - 7", -2.0),
    ("3 * 4", 12.0),
    ("7 div 2", 3.5),
    ("7 mod 3", 1.0),
    ("-7 mod 3", -1.0),
    ("7 mod -3", 1.0),
    ("-${age}", -42.0),
    ("- - 3", 3.0),
    ("--'3'", 3.0),
    ("${age}+1", 43.0),
    ("${age}-1", 41.0),
    ("${numeric_text} * 2", 14.0),
    # precedence and associativity
    ("1 + 2 * 3", 7.0),
    ("(1 + 2) * 3", 9.0),
    ("10 - 4 - 3", 3.0),
    ("2 * 3 mod 4", 2.0),
    ("8 div 2 div 2", 2.0),
    ("-2 * 3", -6.0),
    ("1 + 2 = 3", True),
    ("1 < 2 = 2 < 3", True),
    ("1 = 1 and 2 = 3 or 4 = 4", True),
    ("1 = 2 or 2 = 2 and 3 = 4", False),
    ("1 < 2 < 3", True),
    ("3 > 2 > 1", False),  # (3 > 2) is true, true as a number is 1, 1 > 1 is false
    # comparisons
    ("1 = 1", True),
    ("1 != 1", False),
    ("1 < 2", True),
    ("2 <= 2", True),
    ("3 > 2", True),
    ("2 >= 3", False),
    ("'a' = 'a'", True),
    ("'a' != 'b'", True),
    ("'10' = 10", True),
    ("'10.0' = 10", True),
    ("'abc' = 0", False),
    ("'b' > 'a'", False),  # relational operators compare numbers; text is NaN
    ("true() = 1", True),
    ("true() = 'x'", True),
    ("false() = ''", True),
    ("false() = 0", True),
    ("true() > false()", True),
    # dates stored as ISO text compare as text
    ("${when} < '2024-02-01'", True),
    ("${when} >= today()", False),
    ("'2024-03-15T10:00:00' > '2024-03-15'", True),
    # logic
    ("1 and 0", False),
    ("1 or 0", True),
    ("'' or 'x'", True),
    ("'' and 'x'", False),
    ("not(1 = 2)", True),
    ("${sector} = 'trust' and ${age} >= 18", True),
    # division by zero and other IEEE results
    ("1 div 0", math.inf),
    ("-1 div 0", -math.inf),
    ("1 div -0", -math.inf),
    ("1 div 0 > 1000000", True),
]


@pytest.mark.parametrize(("text", "expected"), OPERATORS)
def test_operators(text: str, expected: object) -> None:
    assert run(text) == expected


UNANSWERED_AND_NAN = [
    ("${empty} = ''", True),
    ("${empty} != ''", False),
    ("${age} = ''", False),
    ("${zero} = ''", False),
    ("${never_defined} = ''", True),
    ("${empty} > 2", False),
    ("${empty} < 2", False),
    ("${empty} = 0", False),
    ("${empty} != 0", True),
    ("${empty} + 1 = ${empty} + 1", False),  # NaN equals nothing, itself included
    ("coalesce(${empty}, 0) + 1", 1.0),
    ("if(${empty} = '', 0, ${empty}) + 5", 5.0),
    ("${none_picked} = ''", True),
    ("boolean(${empty})", False),
    ("boolean(${zero})", False),
    ("boolean(${age})", True),
    ("boolean(${name})", True),
    ("boolean('false')", True),  # a non-empty string is true, whatever it says
    ("boolean(0 div 0)", False),
]


@pytest.mark.parametrize(("text", "expected"), UNANSWERED_AND_NAN)
def test_unanswered_reads_as_empty_and_arithmetic_gives_nan(text: str, expected: object) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    "text", ["${empty} + 1", "'abc' * 2", "0 div 0", "5 mod 0", "number('1e3')", "-'x'"]
)
def test_nan_results(text: str) -> None:
    assert math.isnan(run(text))


FUNCTION_CASES = [
    ("selected(${roles}, 'chair')", True),
    ("selected(${roles}, 'chai')", False),
    ("selected(${roles}, ' chair ')", True),
    ("selected(${empty}, 'chair')", False),
    ("selected(${sector}, 'trust')", True),
    ("count-selected(${roles})", 2.0),
    ("count-selected(${empty})", 0.0),
    ("count-selected(${none_picked})", 0.0),
    ("selected-at(${rank}, 0)", "b"),
    ("selected-at(${rank}, 2)", "c"),
    ("selected-at(${rank}, 3)", ""),
    ("selected-at(${rank}, -1)", ""),
    ("selected-at(${rank}, 1.9)", "a"),
    ("selected-at(${rank}, 'x')", ""),
    ("coalesce(${empty}, 'fallback')", "fallback"),
    ("coalesce(${name}, 'fallback')", "Ada Lovelace"),
    ("coalesce(${zero}, 9)", 0.0),
    ("if(${age} > 18, 'adult', 'minor')", "adult"),
    ("if(${empty}, 'yes', 'no')", "no"),
    ("string-length(${name})", 12.0),
    ("string-length(${empty})", 0.0),
    ("string-length(${roles})", 19.0),
    ("concat('a', 1, 2.5, true())", "a12.5true"),
    ("concat(${name})", "Ada Lovelace"),
    ("concat(3.0, '|', 10 div 4, '|', 1 div 0, '|', 0 div 0)", "3|2.5|Infinity|NaN"),
    ("concat(0.0000001)", "0.0000001"),
    ("concat(-0)", "0"),
    ("contains(${name}, 'Love')", True),
    ("contains(${name}, 'love')", False),
    ("contains(${name}, '')", True),
    ("starts-with(${name}, 'Ada')", True),
    ("starts-with(${name}, 'Love')", False),
    ("ends-with(${name}, 'lace')", True),
    ("ends-with(${name}, 'Ada')", False),
    ("substr('hello', 1)", "ello"),
    ("substr('hello', 1, 3)", "el"),
    ("substr('hello', 0, 99)", "hello"),
    ("substr('hello', 3, 1)", ""),
    ("substr('hello', -3)", "llo"),
    ("substr('hello', 'x', 2)", "he"),
    ("regex(${name}, '^Ada')", True),
    ("regex(${name}, 'lace$')", True),
    ("regex(${name}, '^lace')", False),
    ("regex('AB12', '[0-9]{2}')", True),
    ("regex('', '.')", False),
    ("number('12')", 12.0),
    ("number(' 12.5 ')", 12.5),
    ("number('-3')", -3.0),
    ("number(true())", 1.0),
    ("int(3.7)", 3.0),
    ("int(-3.7)", -3.0),
    ("int('42')", 42.0),
    ("round(2.5)", 3.0),
    ("round(2.4)", 2.0),
    ("round(2.675, 2)", 2.68),
    ("round(1234, -2)", 1200.0),
    ("round(-2.5)", -3.0),
    ("round(${ratio} * 100, 1)", 25.0),
    ("today()", "2024-03-15"),
    ("true()", True),
    ("false()", False),
    ("not(true())", False),
    ("not('')", True),
    ("boolean-from-string('true')", True),
    ("boolean-from-string('1')", True),
    ("boolean-from-string('yes')", False),
    ("boolean-from-string('false')", False),
    ("normalize-space('  a \t b\n c  ')", "a b c"),
    ("string(3)", "3"),
    ("string(1.25)", "1.25"),
    ("string(false())", "false"),
    ("string(${roles})", "chair clinical_lead"),
    ("floor(2.7)", 2.0),
    ("floor(-2.2)", -3.0),
    ("ceiling(2.2)", 3.0),
    ("abs(-4)", 4.0),
    ("translate('abc', 'abc', 'AB')", "AB"),
    ("if(1, 'a', 'b') = 'a'", True),
    ("today() - ${when}", 44.0),  # days, as ODK counts them: not NaN
    ("today() - ${when} > 30", True),
    ("decimal-date-time('1970-01-02T12:00:00')", 1.5),
    ("decimal-date('1970-01-11')", 10.0),
    ("date(1)", "1970-01-02"),
    ("date(${when}) = ${when}", True),
    ("sqrt(16)", 4.0),
    ("sqrt(-1) = sqrt(-1)", False),
    ("pow(2, 10)", 1024.0),
    ("max(1, ${age}, 3)", 42.0),
    ("min(1, ${age}, 3)", 1.0),
    ("max('x', 1) = max('x', 1)", False),
    ("join(', ', ${roles})", "chair, clinical_lead"),
    ("join('-', 'a', 'b', 'c')", "a-b-c"),
    # over a repeat each instance's answer is an argument (written out by interview.repeats)
    ("count(${age}, ${missing})", 2.0),
    ("count-non-empty(${age}, ${missing}, 'x')", 2.0),
    ("sum(${age}, 1, '2')", 45.0),
    ("sum()", 0.0),
    ("format-date('2019-03-07', '%Y%m%d %e/%n/%y %b %a')", "20190307 7/3/19 Mar Thu"),
    ("format-date-time('2019-03-07T09:05:02', '%H:%M:%S %h')", "09:05:02 9"),
    ("once(${age})", 42.0),
    ("now() = concat(today(), substr(now(), 10))", True),
    ("substr(now(), 0, 10)", "2024-03-15"),
    ("regex('a-b.c', '^[\\w-\\.]+$')", True),  # Java's [\w-\.]: \w, '-' or '.'
    ("regex('a b', '^[\\w-\\.]+$')", False),
    ("pi() > 3.14159", True),
    ("exp(0)", 1.0),
    ("exp10(2)", 100.0),
    ("log(1)", 0.0),
    ("log10(1000)", 3.0),
    ("log(-1) = log(-1)", False),  # NaN outside the domain, as ODK gives
    ("sin(0)", 0.0),
    ("cos(0)", 1.0),
    ("tan(0)", 0.0),
    ("asin(1) = pi() div 2", True),
    ("acos(1)", 0.0),
    ("atan(0)", 0.0),
    ("atan2(1, 1) = pi() div 4", True),
]


@pytest.mark.parametrize(("text", "expected"), FUNCTION_CASES)
def test_functions(text: str, expected: object) -> None:
    assert run(text) == expected


def test_every_function_has_a_case() -> None:
    tested = {text.split("(")[0] for text, _ in FUNCTION_CASES} | {"boolean", "coalesce"}
    assert set(FUNCTIONS) - ENVIRONMENT_FUNCTIONS <= tested | {"indexed-repeat"}


def test_indexed_repeat_not_written_out_for_a_repeat_is_an_error_never_a_value() -> None:
    # tests/test_repeats.py runs it written out over a repeat's instances
    with pytest.raises(ExpressionError, match="indexed-repeat"):
        run("indexed-repeat(${age}, ${age}, 1)")


def test_form_functions_need_the_form_s_environment() -> None:
    for text in (
        "version()",
        "property('deviceid')",
        "jr:choice-name('a', '${q}')",
        "pulldata('people', 'name', 'key', '1')",
    ):
        with pytest.raises(ExpressionError, match="needs the questionnaire"):
            run(text)
    environment = {"version": lambda _args: "7", "property": lambda _args: ""}
    assert parse("concat(version(), property('x'))").evaluate({}, environment=environment) == "7"


@pytest.mark.parametrize("text", ["int(1 div 0)", "round(1 div 0, 2)", "floor(1 div 0)"])
def test_whole_number_functions_pass_infinity_through(text: str) -> None:
    assert run(text) == math.inf


@pytest.mark.parametrize("text", ["int(0 div 0)", "round('x')", "round(2.5, 'x')", "ceiling('')"])
def test_whole_number_functions_pass_nan_through(text: str) -> None:
    assert math.isnan(run(text))


def test_if_and_coalesce_evaluate_only_what_they_need() -> None:
    # The unused branch holds a regex built at run time that would fail if evaluated.
    values = {"pattern": "("}
    assert evaluate("if(1, 'a', regex('x', ${pattern}))", values) == "a"
    assert evaluate("coalesce('a', regex('x', ${pattern}))", values) == "a"
    assert evaluate("1 or regex('x', ${pattern})", values) is True
    assert evaluate("0 and regex('x', ${pattern})", values) is False


CURRENT_VALUE = [
    (". > 0", 5, True),
    (". > 0", -1, False),
    (". > 0", None, False),
    (". >= 18 and . <= 120", 42, True),
    ("string-length(.) <= 5", "abcdef", False),
    ("regex(., '^[A-Z]{3}$')", "NHS", True),
    ("count-selected(.) <= 2", ["a", "b", "c"], False),
    (". = ''", None, True),
    (". < ${age}", 41, True),
    (". != ${zero}", 0.0, False),
]


@pytest.mark.parametrize(("text", "current", "expected"), CURRENT_VALUE)
def test_current_value(text: str, current: object, expected: bool) -> None:
    assert run(text, current=current) is expected


def test_today_defaults_to_the_real_date() -> None:
    assert evaluate("today()", {}) == datetime.date.today().isoformat()


def test_names_that_are_operators_only_in_operator_position() -> None:
    values = {"div": 10, "mod": 3, "and": 1, "or": 0}
    assert evaluate("${div} div ${mod}", values) == pytest.approx(10 / 3)
    assert evaluate("${div} mod ${mod}", values) == 1.0
    assert evaluate("${and} and ${or}", values) is False
    assert evaluate("${and} or ${or}", values) is True
    assert evaluate("1 and(0)", {}) is False


def test_question_names_follow_ncname_rules() -> None:
    values = {"_q1": 1, "q-2": 2, "q.3": 3, "été": 4}
    assert evaluate("${_q1} + ${q-2} + ${q.3} + ${été}", values) == 10.0


def test_expression_records_references_and_current() -> None:
    expression = parse("selected(${a}, 'x') and ${b} > . or ${a} = ''")
    assert isinstance(expression, Expression)
    assert expression.references == frozenset({"a", "b"})
    assert expression.uses_current is True
    assert parse("1 + 1").references == frozenset()
    assert parse("1 + 1").uses_current is False
    assert parse("'.' = '${a}'").references == frozenset()  # inside strings is just text


def test_parse_is_cached_and_expressions_are_frozen() -> None:
    expression = parse("${a} + 1")
    assert parse("${a} + 1") is expression
    with pytest.raises(AttributeError):
        expression.text = "other"  # type: ignore[misc]
    assert expression.evaluate({"a": 2}) == 3.0
    assert expression.evaluate({"a": "x"}) != expression.evaluate({"a": "x"})  # NaN


def test_is_true() -> None:
    assert is_true("", {}) is True
    assert is_true("   ", {}) is True
    assert is_true("${age} > 40", ANSWERS) is True
    assert is_true("${empty}", ANSWERS) is False
    assert is_true(". = 'x'", {}, current="x") is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("0", True),
        ("false", True),
        (0, False),
        (0.0, False),
        (math.nan, False),
        (-1, True),
        ([], False),
        (["a"], True),
        (True, True),
        (False, False),
    ],
)
def test_truthy(value: object, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.0, "3"),
        (-2.0, "-2"),
        (0.1, "0.1"),
        (1e21, "1000000000000000000000"),
        (1.5e-7, "0.00000015"),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
        (True, "true"),
        ("x", "x"),
    ],
)
def test_to_string(value: object, expected: str) -> None:
    assert to_string(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("12", 12.0), (" -1.5 ", -1.5), (".5", 0.5), ("7.", 7.0)]
)
def test_to_number(text: str, expected: float) -> None:
    assert to_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1e3", "+1", "inf", "nan", "1_000", "١٢", "- 1"])
def test_to_number_refuses_what_xpath_refuses(text: str) -> None:
    assert math.isnan(to_number(text))


def test_app_values_of_other_shapes() -> None:
    values = {
        "big": 10**400,
        "day": datetime.date(2024, 1, 2),
        "pair": ("a", 1),
        "exact": Decimal("2.50"),
        "odd": Decimal("sNaN"),
        "thing": object,
    }
    assert evaluate("${big} > 1", values) is True
    assert evaluate("${day}", values) == "2024-01-02"
    assert evaluate("${pair}", values) == "a 1"
    assert evaluate("${exact} * 2", values) == 5.0
    assert math.isnan(evaluate("${odd}", values))
    assert evaluate("${thing}", values) == "<class 'object'>"


def test_today_accepts_a_datetime() -> None:
    now = datetime.datetime(2024, 5, 6, 7, 8, 9)
    assert parse("today()").evaluate({}, today=now) == "2024-05-06"


def test_a_date_past_the_calendar_is_an_expression_error_not_a_crash() -> None:
    for text in ("date(2932897)", "date(-1000000)"):
        with pytest.raises(ExpressionError, match="cannot read"):
            run(text)
