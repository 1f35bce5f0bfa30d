"""Tables of numbers and the words a membership body would publish for them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engagement_tui.findings.phrasing import (
    count_phrase,
    distribution_headline,
    headline,
    lower_first,
    natural_frequency,
    number_text,
    percent_text,
    round_half_up,
    with_article,
)


@pytest.mark.parametrize(
    ("percent", "phrase"),
    [
        (0, "none"),
        (0.4, "very few"),
        (3, "very few"),
        (5, "very few"),
        (7, "a minority"),
        (10, "one in ten"),
        (12, "just over one in ten"),
        (19, "one in five"),
        (25, "a quarter"),
        (28, "almost three in ten"),
        (33, "a third"),
        (33.3, "a third"),
        (38, "almost four in ten"),
        (44, "more than four in ten"),
        (47, "almost half"),
        (50, "half"),
        (52, "just over half"),
        (55, "more than half"),
        (58, "almost six in ten"),
        (61, "six in ten"),
        (61.4, "six in ten"),
        (60.6, "six in ten"),
        (61.5, "just over six in ten"),
        (88.4, "almost nine in ten"),
        (89.4, "nine in ten"),
        (63, "just over six in ten"),
        (66.7, "two thirds"),
        (67, "two thirds"),
        (74, "three quarters"),
        (80, "eight in ten"),
        (86, "more than eight in ten"),
        (88, "almost nine in ten"),
        (90, "the vast majority"),
        (94.9, "the vast majority"),
        (95, "almost all"),
        (99.6, "almost all"),
        (100, "all"),
    ],
)
def test_natural_frequency(percent, phrase):
    assert natural_frequency(percent) == phrase


def test_out_of_style_writes_ten_as_a_figure():
    assert natural_frequency(80, style="out of") == "eight out of 10"
    assert natural_frequency(58, style="out of") == "almost six out of 10"
    assert natural_frequency(50, style="out of") == "half"


def test_small_bases_soften_qualifiers_to_around():
    assert natural_frequency(57.1, base=7) == "around six in ten"
    assert natural_frequency(63, base=25) == "around six in ten"
    assert natural_frequency(61, base=25) == "six in ten"
    assert natural_frequency(63, base=100) == "just over six in ten"


@pytest.mark.parametrize(
    ("percent", "text"),
    [(44.0, "44%"), (0, "0%"), (0.4, "<1%"), (0.5, "1%"), (60.5, "61%"), (99.4, "99%")]
    + [(99.6, ">99%"), (100, "100%")],
)
def test_percent_text(percent, text):
    assert percent_text(percent) == text


def test_percent_text_with_one_decimal():
    assert percent_text(44.25, decimals=1) == "44.3%"
    assert percent_text(36, decimals=1) == "36.0%"


@pytest.mark.parametrize(
    ("kwargs", "sentence"),
    [
        (
            {"percent": 61, "statement": "STPs and ICSs represent the right approach"},
            "Six in ten respondents (61%) agree that STPs and ICSs represent the right approach.",
        ),
        (
            {"percent": 61, "statement": "STPs work.", "subject": "leaders"},
            "Six in ten leaders (61%) agree that STPs work.",
        ),
        (
            {"percent": 80, "statement": "a shared statutory duty is needed"}
            | {"verb": "agreed that", "style": "out of"},
            "Eight out of 10 respondents (80%) agreed that a shared statutory duty is needed.",
        ),
        (
            {"percent": 50, "statement": "funding is adequate"},
            "Half of respondents (50%) agree that funding is adequate.",
        ),
        (
            {"percent": 33.3, "statement": "x", "subject": "members"},
            "A third of members (33%) agree that x.",
        ),
        (
            {"percent": 92, "statement": "x"},
            "The vast majority of respondents (92%) agree that x.",
        ),
        ({"percent": 99.6, "statement": "x"}, "Almost all respondents (>99%) agree that x."),
        ({"percent": 100, "statement": "x"}, "All respondents (100%) agree that x."),
        ({"percent": 0, "statement": "x"}, "None of the respondents (0%) agree that x."),
        ({"percent": 0.4, "statement": "x"}, "Very few respondents (<1%) agree that x."),
        ({"percent": 7, "statement": "x"}, "A minority of respondents (7%) agree that x."),
        ({"percent": 61, "verb": "agree"}, "Six in ten respondents (61%) agree."),
        (
            {"percent": 57.1, "statement": "x", "count": 4, "base": 7},
            "Four of the seven respondents (57%) agree that x.",
        ),
        (
            {"percent": 100, "statement": "x", "count": 7, "base": 7},
            "All seven respondents (100%) agree that x.",
        ),
        (
            {"percent": 63.6, "statement": "x", "count": 14, "base": 22},
            "Around two thirds of respondents (64%) agree that x.",
        ),
    ],
)
def test_headline_sentences(kwargs, sentence):
    assert headline(**kwargs) == sentence


def test_distribution_headline_reads_like_a_published_report():
    sentence = distribution_headline(
        [("only moderate progress", 44), ("a little progress", 42)], "had been made"
    )
    assert sentence == (
        "Most respondents said only moderate progress (44%) or a little progress (42%)"
        " had been made."
    )


def test_distribution_headline_quantifiers():
    parts = [("a", 50.0), ("b", 42.0)]
    assert distribution_headline(parts).startswith("The vast majority of respondents said a (50%)")
    assert distribution_headline([("a", 30.0), ("b", 10.0)]).startswith(
        "Four in ten respondents said a (30%) or b (10%)"
    )
    three = distribution_headline([("a", 30.0), ("b", 20.0), ("c", 6.0)], subject="leaders")
    assert three == "Most leaders said a (30%), b (20%) or c (6%)."


@pytest.mark.parametrize(
    ("noun", "phrase"),
    [
        ("chief executive", "a chief executive"),
        ("NHS trust", "an NHS trust"),
        ("CCG", "a CCG"),
        ("ICS", "an ICS"),
        ("integrated care board", "an integrated care board"),
        ("university hospital", "a university hospital"),
        ("hour", "an hour"),
        ("", ""),
    ],
)
def test_with_article(noun, phrase):
    assert with_article(noun) == phrase


def test_lower_first_keeps_acronyms():
    assert lower_first("Moderate progress") == "moderate progress"
    assert lower_first("NHS trusts") == "NHS trusts"


def test_count_phrase():
    assert count_phrase(4, 7) == "four of the seven"
    assert count_phrase(0, 3) == "none of the three"
    assert count_phrase(25, 40) == "25 of the 40"


@pytest.mark.parametrize(
    ("value", "text"),
    [(5, "5"), (5.0, "5"), (5.824, "5.82"), (5.5, "5.5"), (1234567, "1,234,567"), (0.25, "0.25")],
)
def test_number_text(value, text):
    assert number_text(value) == text


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.integers(1, 10_000))
def test_every_share_gets_words_that_match_its_figure(percent, base):
    phrase = natural_frequency(percent, base=base)
    assert phrase and phrase == phrase.strip()
    sentence = headline(percent, "x", base=base, count=round(percent * base / 100))
    assert f"({percent_text(percent)})" in sentence
    assert sentence[0].isupper() and sentence.endswith(".")
    whole = round_half_up(percent)
    if 9 <= percent < 90 and base >= 30:
        # The qualifier agrees with the printed figure: "almost" below it, "over" above it.
        fractions = {
            "one in ten": 10, "one in five": 20, "a quarter": 25, "three in ten": 30,
            "a third": 100 / 3, "four in ten": 40, "half": 50, "six in ten": 60,
            "two thirds": 200 / 3, "seven in ten": 70, "three quarters": 75,
            "eight in ten": 80, "nine in ten": 90,
        }  # fmt: skip
        for qualifier in ("almost ", "just over ", "more than ", ""):
            if phrase.startswith(qualifier) and phrase[len(qualifier) :] in fractions:
                named = fractions[phrase[len(qualifier) :]]
                break
        else:
            raise AssertionError(phrase)
        if qualifier == "almost ":
            assert whole < named
        elif qualifier:
            assert whole > named
        else:
            assert abs(whole - named) <= 1
