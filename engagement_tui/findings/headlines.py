"""Provides headlines: one published-style sentence per question, and the key findings.

The favourable side of a select_one is the choices marked `positive: true`; when none is
marked, recognised labels (Strongly agree / Agree / Tend to agree, Very / Fairly ...,
Yes) are. Agreement questions headline the favourable share with the statement; other
questions headline their strongest answer. Headline percentages are the whole-number
percentages of the results (`results.percent_of`), never recomputed.
"""

from __future__ import annotations

import re
from typing import Any

from engagement_tui.findings.phrasing import (
    distribution_headline,
    headline,
    join_or,
    lower_first,
    number_text,
    percent_text,
)
from engagement_tui.findings.results import percent_of
from engagement_tui.interview.questionnaire import Choice, Question, Questionnaire

AGREE_LABELS = frozenset(
    {
        "strongly agree",
        "agree",
        "tend to agree",
        "somewhat agree",
        "mostly agree",
        "slightly agree",
        "agree strongly",
    }
)
_VERY_FAIRLY = re.compile(r"^(very|fairly|quite|extremely)\s+(\w+)$")
_NEGATIVE_WORDS = frozenset(
    {"poor", "bad", "low", "weak", "negative", "difficult", "worried", "concerned", "unlikely"}
)
KEY_FINDINGS = 8


def _recognised(choice: Choice) -> bool:
    label = " ".join(choice.label.lower().split()).rstrip(".")
    if label in AGREE_LABELS or label == "yes":
        return True
    match = _VERY_FAIRLY.match(label)
    if not match:
        return False
    word = match.group(2)
    return word not in _NEGATIVE_WORDS and not word.startswith(("un", "dis", "in", "ir"))


def favourable_choices(questionnaire: Questionnaire, question: Question) -> list[Choice]:
    """The choices counted as the favourable side, or [] when the scale has none."""
    if question.type != "select_one":
        return []
    choices = questionnaire.choices(question).choices
    if any(choice.positive is not None for choice in choices):
        return [choice for choice in choices if choice.positive]
    favourable = [choice for choice in choices if _recognised(choice)]
    # A scale needs an unfavourable side too; "Yes" alone (no "No") is not a verdict.
    return favourable if 0 < len(favourable) < len(choices) else []


def _verb(favourable: list[Choice], statement: str, label: str) -> tuple[str, str]:
    labels = [choice.label.lower() for choice in favourable]
    if statement and any("agree" in text for text in labels):
        return "agree that", statement
    if statement and labels == ["yes"]:
        return "said that", statement
    quoted = join_or([f'"{choice.label}"' for choice in favourable])
    return f"answered {quoted}", f'to "{statement or label}"'


def select_one_headline(
    question: Question,
    results: list[dict[str, Any]],
    favourable: list[Choice],
    base: int,
    subject: str = "respondents",
) -> tuple[str, int]:
    """The sentence and the share behind it."""
    if favourable:
        names = {choice.name for choice in favourable}
        count = sum(row["count"] for row in results if row["value"] in names)
        percent = percent_of(count, base)
        verb, rest = _verb(favourable, question.statement, question.label)
        sentence = headline(percent, rest, verb=verb, count=count, base=base, subject=subject)
        return sentence, percent
    ranked = sorted(results, key=lambda row: -row["count"])
    top = [row for row in ranked[:2] if row["count"]]
    if ranked[0]["percent"] >= 50:
        top = top[:1]
    if question.statement:
        parts = [(lower_first(row["label"]), row["percent"]) for row in top]
        sentence = distribution_headline(parts, question.statement, subject=subject)
        return sentence, sum(percent for _, percent in parts)
    if len(top) == 1:
        row = top[0]
        sentence = headline(
            row["percent"],
            f'to "{question.label}"',
            verb=f'answered "{row["label"]}"',
            count=row["count"],
            base=base,
            subject=subject,
        )
        return sentence, row["percent"]
    parts = [f'"{row["label"]}" ({percent_text(row["percent"])})' for row in top]
    sentence = f'The most common answers to "{question.label}" were ' + " and ".join(parts) + "."
    return sentence, sum(row["percent"] for row in top)


def select_multiple_headline(
    question: Question, results: list[dict[str, Any]], base: int, subject: str = "respondents"
) -> tuple[str, int]:
    top = sorted(results, key=lambda row: -row["count"])[:2]
    first = top[0]
    verb = f'chose "{first["label"]}"'
    if len(top) > 1 and top[1]["count"]:
        verb += f', followed by "{top[1]["label"]}" ({percent_text(top[1]["percent"])}),'
    sentence = headline(
        first["percent"],
        f'when asked "{question.label}"',
        verb=verb,
        count=first["count"],
        base=base,
        subject=subject,
    )
    return sentence, first["percent"]


def rank_headline(
    question: Question, results: list[dict[str, Any]], base: int, subject: str = "respondents"
) -> tuple[str, int]:
    first = max(results, key=lambda row: row["count"])
    sentence = headline(
        first["percent"],
        f'first when asked "{question.label}"',
        verb=f'ranked "{first["label"]}"',
        count=first["count"],
        base=base,
        subject=subject,
    )
    return sentence, first["percent"]


def number_headline(question: Question, summary: dict[str, Any]) -> str:
    return (
        f'"{question.label}": a mean of {number_text(summary["mean"])} and a median of'
        f" {number_text(summary['median'])} (range {number_text(summary['min'])} to"
        f" {number_text(summary['max'])})."
    )


def question_headline(
    questionnaire: Questionnaire,
    question: Question,
    entry: dict[str, Any],
    subject: str = "respondents",
) -> tuple[str | None, int | None, bool]:
    """(sentence, share behind it, whether it is an agreement verdict) for a question entry."""
    results, base = entry.get("results") or [], entry["base"]
    if not base or entry.get("suppressed"):
        return None, None, False
    if question.type == "select_one" and results:
        favourable = favourable_choices(questionnaire, question)
        sentence, percent = select_one_headline(question, results, favourable, base, subject)
        return sentence, percent, bool(favourable)
    if question.type == "select_multiple" and any(row["count"] for row in results):
        return (*select_multiple_headline(question, results, base, subject), False)
    if question.type == "rank" and any(row["count"] for row in results):
        return (*rank_headline(question, results, base, subject), False)
    if question.type == "acknowledge" and results:
        count = sum(row["count"] for row in results)
        percent = percent_of(count, base)
        sentence = f'{count} of {base} {subject} ({percent}%) ticked "{question.label.strip()}"'
        return sentence.rstrip(".") + ".", percent, False
    summary = entry.get("summary")
    if summary and summary.get("n"):
        return number_headline(question, summary), None, False
    return None, None, False


def key_findings(entries: list[dict[str, Any]], limit: int = KEY_FINDINGS) -> list[dict[str, Any]]:
    """The strongest headlines: agreement verdicts first, then others, by the share behind each.

    Verdicts lead because they are what a membership body reports ("Six in ten agree
    that ..."); descriptive questions (which type of organisation, which role) follow.
    For a verdict the share is the larger side, agreeing or not (so the order among
    verdicts is their distance from 50%); for other questions the share the headline names.
    """
    candidates = []
    for entry in entries:
        percent = entry.get("headline_percent")
        if entry.get("headline") is None or percent is None:
            continue
        if entry.get("role", "finding") != "finding" or entry.get("type") == "acknowledge":
            continue  # who took part (profile), instructions and ticks are never key points
        strength = max(percent, 100 - percent) if entry.get("favourable") else percent
        candidates.append(
            {
                "question": entry["name"],
                "headline": entry["headline"],
                "percent": percent,
                "base": entry["base"],
                "strength": strength,
                "verdict": bool(entry.get("favourable")),
            }
        )
    candidates.sort(key=lambda item: (not item["verdict"], -item["strength"], item["question"]))
    return candidates[:limit]
