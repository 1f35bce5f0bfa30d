"""Provides headlines: one published-style sentence per question, and the key findings.

The favourable side of a select_one is the choices marked `positive: true`; when none is
marked, recognised labels (Strongly agree / Agree / Tend to agree, Very / Fairly ...,
Yes) are. Agreement questions headline the favourable share with the statement ("Six in
ten leaders (61%) agree that ..."); a scale of degree joins its leading categories into
one sentence ("only moderate (44%) or a little progress (42%)"); other questions headline
their strongest answers. A headline never quotes the question's wording: without a
`statement` it names the question's topic, from its name ("when asked about barriers").
Headline percentages are the whole-number percentages of the results
(`results.percent_of`), never recomputed.
"""

from __future__ import annotations

import re
from typing import Any

from engagement_tui.findings.phrasing import (
    capitalise,
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


_SET_ASIDE = ("don't know", "dont know", "not sure", "other", "not applicable", "n/a",
              "prefer not to say", "none of these", "no view")  # fmt: skip
_DEGREE = re.compile(
    r"\b(very|fairly|quite|somewhat|slightly|extremely|moderate(ly)?|little|a lot|great deal"
    r"|significant(ly)?|some|not at all|not very|no|none|strongly|mostly|partly|completely"
    r"|always|often|sometimes|rarely|never|high|low|good|poor)\b"
)


def topic(question: Question) -> str:
    """What a question is about, in a few words, from its name: "system_status" -> "system
    status". A headline names this, never the question's own wording; a coded name
    ("q12") is named as such."""
    words = question.name.replace("_", " ").replace("-", " ").split()
    if not words or any(character.isdigit() for character in question.name):
        return f"question {question.name}"
    return " ".join(words).lower()


def is_ordinal(questionnaire: Questionnaire, question: Question) -> bool:
    """Whether a select_one's choices form a scale of degree ("Significant / Moderate / A
    little / No progress", "Very / Fairly / Not very ..."), leaving out "Don't know"."""
    labels = [
        " ".join(choice.label.lower().split())
        for choice in questionnaire.choices(question).choices
        if not " ".join(choice.label.lower().split()).startswith(_SET_ASIDE)
    ]
    if len(labels) < 3:
        return False
    if len({label.split()[-1] for label in labels if label}) == 1:
        return True
    return sum(bool(_DEGREE.search(label)) for label in labels) >= len(labels) - 1


def _leading(results: list[dict[str, Any]], scale: bool) -> list[dict[str, Any]]:
    """The answer chosen most, and the next one too unless the first is a majority (on a
    scale the two leading categories are always said together)."""
    ranked = sorted((row for row in results if row["count"]), key=lambda row: -row["count"])
    return ranked[:1] if ranked and ranked[0]["percent"] >= 50 and not scale else ranked[:2]


def scale_parts(rows: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Leading categories of a scale as sentence parts, their shared last word said once:
    "only moderate progress", "a little progress" -> "only moderate (44%) or a little
    progress (42%)"."""
    labels = [lower_first(row["label"]).split() for row in rows]
    shared = len(labels) > 1 and all(len(words) > 1 for words in labels)
    shared = shared and len({words[-1].lower() for words in labels}) == 1
    parts = []
    for index, (words, row) in enumerate(zip(labels, rows, strict=True)):
        if shared and index < len(rows) - 1:
            words = words[:-1]
        parts.append((" ".join(words), row["percent"]))
    return parts


def select_one_headline(
    questionnaire: Questionnaire,
    question: Question,
    results: list[dict[str, Any]],
    favourable: list[Choice],
    base: int,
    subject: str = "respondents",
) -> tuple[str, int]:
    """The sentence and the share behind it; the question's wording is never quoted."""
    about = f"when asked about {topic(question)}"
    if favourable:
        names = {choice.name for choice in favourable}
        count = sum(row["count"] for row in results if row["value"] in names)
        percent = percent_of(count, base)
        labels = [choice.label.lower() for choice in favourable]
        statement = question.statement
        if statement and any("agree" in text for text in labels):
            verb, rest = "agree that", statement
        elif statement and labels == ["yes"]:
            verb, rest = "said that", statement
        else:
            verb = "answered " + join_or([lower_first(choice.label) for choice in favourable])
            rest = f"when asked whether {statement}" if statement else about
        sentence = headline(percent, rest, verb=verb, count=count, base=base, subject=subject)
        return sentence, percent
    scale = is_ordinal(questionnaire, question)
    top = _leading(results, scale)
    if not top:
        return headline(0, about, verb="gave no answer", subject=subject), 0
    if question.statement or scale:
        parts = scale_parts(top)
        words = " ".join(label for label, _ in parts).lower().split()
        tail = question.statement or ("" if topic(question).split()[-1] in words else about)
        sentence = distribution_headline(parts, tail, subject=subject)
        return sentence, sum(row["percent"] for row in top)
    if len(top) == 1:
        row = top[0]
        verb = f"chose {lower_first(row['label'])}"
        sentence = headline(
            row["percent"], about, verb=verb, count=row["count"], base=base, subject=subject
        )
        return sentence, row["percent"]
    named = " and ".join(
        f"{lower_first(row['label'])} ({percent_text(row['percent'])})" for row in top
    )
    sentence = f"The most common answers on {topic(question)} were {named}."
    return sentence, sum(row["percent"] for row in top)


def select_multiple_headline(
    question: Question, results: list[dict[str, Any]], base: int, subject: str = "respondents"
) -> tuple[str, int]:
    top = sorted(results, key=lambda row: -row["count"])[:2]
    first = top[0]
    verb = f"chose {lower_first(first['label'])}"
    if len(top) > 1 and top[1]["count"]:
        verb += f", followed by {lower_first(top[1]['label'])} ({percent_text(top[1]['percent'])}),"
    sentence = headline(
        first["percent"],
        f"when asked about {topic(question)}",
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
        f"first when asked about {topic(question)}",
        verb=f"ranked {lower_first(first['label'])}",
        count=first["count"],
        base=base,
        subject=subject,
    )
    return sentence, first["percent"]


_UNIT = re.compile(r"\((%|£|£k|£m|years?|months?|weeks?|days?|hours?|people|staff)\)\s*[?.]?$")


def number_unit(question: Question) -> str:
    """The unit a number question's label ends with: "... pooled? (%)" -> "%", else ""."""
    match = _UNIT.search(question.label.strip())
    return match.group(1) if match else ""


def _with_unit(value: float, unit: str) -> str:
    text = number_text(value)
    if unit.startswith("£"):
        return f"£{text}{unit[1:]}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()


def number_headline(question: Question, summary: dict[str, Any]) -> str:
    unit = number_unit(question)
    mean, median = (_with_unit(summary[key], unit) for key in ("mean", "median"))
    low, high = (_with_unit(summary[key], unit) for key in ("min", "max"))
    return (
        f"{capitalise(topic(question))}: a mean of {mean} and a median of {median}"
        f" (range {low} to {high})."
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
        sentence, percent = select_one_headline(
            questionnaire, question, results, favourable, base, subject
        )
        return sentence, percent, bool(favourable)
    if question.type == "select_multiple" and any(row["count"] for row in results):
        return (*select_multiple_headline(question, results, base, subject), False)
    if question.type == "rank" and any(row["count"] for row in results):
        return (*rank_headline(question, results, base, subject), False)
    if question.type == "acknowledge" and results:
        count = sum(row["count"] for row in results)
        percent = percent_of(count, base)
        sentence = f"{count} of {base} {subject} ({percent}%) ticked {topic(question)}."
        return sentence, percent, False
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
