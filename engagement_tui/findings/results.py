"""Provides results per question type from a tally: counts, percentages of the base, summaries.

Percentages are of the base (interviews where the question applied and was answered),
computed from the exact counts and rounded once, half up, to a whole number (`percent_of`,
the one place a published percentage is made; everything else prints that integer).
For select_multiple they are of respondents, so they may sum past 100.
One function serves the whole sample and each breakdown group: `column`
picks which counts to use (0 is everyone).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

from engagement_tui.findings.disclosure import band_width, date_bin, date_resolution, number_band
from engagement_tui.findings.quotes import attribution
from engagement_tui.findings.redaction import Redactor
from engagement_tui.findings.tally import Tally
from engagement_tui.interview.questionnaire import Question, Questionnaire, theme_label

NUMBER_TYPES = frozenset({"integer", "decimal", "range"})
QUOTES_SHOWN = 3


def percent_of(count: int, base: int) -> int:
    """count as a whole percentage of base, rounded once, half up, in integers (0 if no base).

    floor(100 * count / base + 1/2) == (200 * count + base) // (2 * base): no float on the way,
    so 30/48 (62.5%) is 63 and 1/67 (1.49%) is 1 wherever it is printed.
    """
    return (200 * count + base) // (2 * base) if base else 0


def decimal_half_up(numerator: Fraction, places: int = 2) -> float:
    """An exact fraction rounded once, half up, to `places` decimals (means, mean ranks)."""
    scale = 10**places
    return round_half_up_exact(numerator * scale) / scale


def round_half_up_exact(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _ordered_values(questionnaire: Questionnaire, question: Question, tally: Tally) -> list[Any]:
    """Choice-list order first (every choice, even unchosen), then any other stored values."""
    listed = list(questionnaire.choices(question).names)
    extra = [value for value in tally.values if value not in listed]
    return listed + sorted(extra, key=str)


def choice_results(
    questionnaire: Questionnaire, question: Question, tally: Tally, column: int = 0
) -> list[dict[str, Any]]:
    """One row per choice: value, label, count, percent of the base."""
    choices = questionnaire.choices(question)
    base = tally.base[column]
    rows = []
    for value in _ordered_values(questionnaire, question, tally):
        count = tally.values.get(value, [0] * tally.columns)[column]
        row = {
            "value": value,
            "label": choices.label_for(str(value)),
            "count": count,
            "percent": percent_of(count, base),
        }
        if question.type == "rank":
            ranked = count
            row["count"] = tally.first.get(value, [0] * tally.columns)[column]
            row["percent"] = percent_of(row["count"], base)
            row["ranked"] = ranked
            total = tally.rank_total.get(value, [0] * tally.columns)[column]
            row["mean_rank"] = decimal_half_up(Fraction(total, ranked)) if ranked else None
        rows.append(row)
    return rows


def _exact(value: float) -> Fraction:
    return Fraction(value) if isinstance(value, int) else Fraction(repr(float(value)))


def number_summary(tally: Tally, column: int = 0) -> dict[str, Any]:
    """n, mean, median, min and max, computed exactly from the value counts."""
    counts = sorted(
        (value, row[column])
        for value, row in tally.values.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and row[column]
    )
    n = sum(count for _, count in counts)
    if not n:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None}

    def nth(position: int) -> float:
        seen = 0
        for value, count in counts:
            seen += count
            if position < seen:
                return value
        return counts[-1][0]

    # Exact decimals (a decimal answer is the number as typed: 0.1 is 1/10, not its binary
    # neighbour), so a mean is rounded once, from the true value.
    middle = (_exact(nth((n - 1) // 2)) + _exact(nth(n // 2))) / 2
    median = int(middle) if middle.denominator == 1 else float(middle)
    mean = sum(_exact(value) * count for value, count in counts) / n
    return {
        "n": n,
        "mean": decimal_half_up(mean),
        "median": median,
        "min": counts[0][0],
        "max": counts[-1][0],
    }


def date_results(tally: Tally, column: int = 0) -> list[dict[str, Any]]:
    """Dates counted by year, quarter or month (by the span of everyone's answers)."""
    base = tally.base[column]
    resolution = date_resolution(value for value, row in tally.values.items() if row[0])
    bins: dict[str, list[Any]] = {}
    for value, row in tally.values.items():
        key, label = date_bin(value, resolution)
        bins.setdefault(key, [label, 0])[1] += row[column]
    return [
        {"value": key, "label": label, "count": count, "percent": percent_of(count, base)}
        for key, (label, count) in sorted(bins.items())
        if count
    ]


def band_results(tally: Tally, column: int = 0) -> list[dict[str, Any]]:
    """Numbers counted in round bands (by the range of everyone's answers), lowest first."""
    base = tally.base[column]
    numbers = [
        value
        for value, row in tally.values.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and row[0]
    ]
    if not numbers:
        return []
    width = band_width(min(numbers), max(numbers))
    whole = all(isinstance(value, int) for value in tally.values)
    bands: dict[str, list[Any]] = {}
    for value in sorted(numbers):
        key, label = number_band(value, width, whole)
        bands.setdefault(key, [label, 0])[1] += tally.values[value][column]
    return [
        {"value": key, "label": label, "count": count, "percent": percent_of(count, base)}
        for key, (label, count) in bands.items()
        if count
    ]


def count_results(question: Question, tally: Tally, column: int = 0) -> list[dict[str, Any]]:
    """Dates (binned) and acknowledgements: how many gave each value."""
    if question.type == "date":
        return date_results(tally, column)
    base = tally.base[column]
    rows = []
    for value in sorted(tally.values, key=str):
        count = tally.values[value][column]
        if count:
            label = "Acknowledged" if question.type == "acknowledge" else str(value)
            rows.append(
                {"value": value, "label": label, "count": count, "percent": percent_of(count, base)}
            )
    return rows


def theme_results(tally: Tally, column: int = 0) -> list[dict[str, Any]]:
    """Each theme of the codebook: interviews coded with it, as a share of the responses."""
    base = tally.base[column]
    rows = [
        {
            "theme": name,
            "label": theme_label(name),
            "description": description,
            "count": counts[column],
            "percent": percent_of(counts[column], base),
        }
        for name, description, counts in tally.themes
    ]
    return sorted(rows, key=lambda row: -row["count"])


def example_quotes(
    tally: Tally,
    redactor: Redactor | None = None,
    limit: int = QUOTES_SHOWN,
    seen: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Up to `limit` approved quotes (interviewers' first), redacted, attributed as agreed.

    The same words from two respondents are quoted once: a report repeats no quote
    (`seen`, shared across questions, holds the words already quoted).
    """
    quotes = []
    seen = set() if seen is None else seen
    for row in tally.quotes:
        text = json.loads(row["value"])
        if not isinstance(text, str):
            continue
        key = " ".join(text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        if redactor is not None:
            text = redactor.redact(text)
        quotes.append(
            {"text": text, "attribution": attribution(row), "source": row.get("source", "answer")}
        )
        if len(quotes) == limit:
            break
    return quotes


def question_results(
    questionnaire: Questionnaire, question: Question, tally: Tally, column: int = 0
) -> dict[str, Any]:
    """The type-specific part of a question's findings: results, summary or responses."""
    if question.type in ("select_one", "select_multiple", "rank"):
        return {"results": choice_results(questionnaire, question, tally, column)}
    if question.type in NUMBER_TYPES:
        return {"results": band_results(tally, column), "summary": number_summary(tally, column)}
    if question.type == "text":
        return {
            "results": [],
            "responses": tally.base[column],
            "themes": theme_results(tally, column),
        }
    return {"results": count_results(question, tally, column)}
