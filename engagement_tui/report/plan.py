"""Provides report plans: a YAML file the coordinator edits to shape the report.

    text = automatic_plan(findings, quotes, today)      # what `engage report plan` writes
    plan = load_plan(path)                              # PlanError "FILE:LINE:COL: ..."
    findings, overrides, narrative_md = apply_plan(plan, findings, quotes)

A plan holds the title, subtitle and date; the key points, chosen and in order (a
question's own headline, or a sentence of the coordinator's); the sections and which
questions each includes, in order, with optional paragraphs; an introduction and
recommendations; and the chosen verbatim quotes by id. In any text a figure is a live
reference to the data, so it can never drift from it:

    {right_approach.agree}             percent choosing agree, whole: "41%"
    {right_approach.agree+strongly_agree:pct1}   summed, one decimal: "61.3%"
    {right_approach.favourable}        the favourable side of a scale
    {progress.moderate:count}          how many: "31"     {progress:base}  the base
    {staff.mean}                       a number question's n, mean, median, min or max

An unknown question, choice or format, or a figure suppressed for a small base, is a
PlanError located at the reference. This module imports no reportlab.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engagement_tui.findings.phrasing import round_half_up

REFERENCE = re.compile(r"\{([^{}:\s]+)(?::([^{}\s]*))?\}")
FORMATS = ("pct", "pct1", "count", "base")
SUMMARY_KEYS = ("n", "mean", "median", "min", "max")


class PlanError(Exception):
    """A problem in a plan file, as one line: FILE:LINE:COL: what is wrong."""


@dataclass(frozen=True)
class Text:
    """A string from the plan and where it starts (1-based line and column of its first
    character), so a bad reference inside it can be located."""

    value: str
    line: int
    column: int
    exact: bool
    """Whether columns inside the value map straight onto the file (a one-line scalar)."""


@dataclass
class Plan:
    path: str
    questionnaire: str = ""
    title: Text | None = None
    subtitle: Text | None = None
    date: dt.date | None = None
    key_points: list[tuple[str, Text]] = field(default_factory=list)
    """("question", name) or ("text", sentence), in order."""
    introduction: list[Text] = field(default_factory=list)
    sections: list[tuple[Text, list[Text], list[Text]]] = field(default_factory=list)
    """(title, question names, paragraphs)."""
    recommendations: list[Text] = field(default_factory=list)
    quotes: list[Text] | None = None


# -- reading -------------------------------------------------------------------------


def _text(node, path: str) -> Text:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise PlanError(f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}:"
                        " expected text here")  # fmt: skip
    quoted = node.style in ("'", '"')
    one_line = node.start_mark.line == node.end_mark.line and node.style in (None, "'", '"')
    return Text(node.value, node.start_mark.line + 1, node.start_mark.column + 1 + quoted,
                one_line and "\\" not in node.value)  # fmt: skip


def _texts(node, path: str) -> list[Text]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return [] if node.value == "" and node.tag.endswith(":null") else [_text(node, path)]
    if not isinstance(node, yaml.SequenceNode):
        raise PlanError(f"{_where(path, node)}: expected a list")
    return [_text(item, path) for item in node.value]


def _where(path: str, node) -> str:
    return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def load_plan(path: Path) -> Plan:
    """Read and check the shape of a plan file (figures are checked by apply_plan)."""
    import yaml

    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PlanError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise PlanError(f"{path}: {error.strerror or error}") from None
    try:
        root = yaml.compose(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise PlanError(f"{where}: {error.problem or error.context}") from None
    name = str(path)
    if not isinstance(root, yaml.MappingNode):
        raise PlanError(f"{name}:1:1: a plan is a mapping (questionnaire:, title:, ...)")
    plan = Plan(name)
    for key_node, value in root.value:
        key = key_node.value
        if key == "questionnaire":
            plan.questionnaire = _text(value, name).value
        elif key in ("title", "subtitle"):
            setattr(plan, key, _text(value, name))
        elif key == "date":
            try:
                plan.date = dt.date.fromisoformat(str(value.value))
            except (ValueError, AttributeError):
                raise PlanError(f"{_where(name, value)}: a date is YYYY-MM-DD") from None
        elif key == "key_points":
            plan.key_points = _key_points(value, name)
        elif key in ("introduction", "recommendations"):
            setattr(plan, key, _texts(value, name))
        elif key == "sections":
            plan.sections = _sections(value, name)
        elif key == "quotes":
            plan.quotes = _texts(value, name)
        else:
            raise PlanError(f"{_where(name, key_node)}: unknown part {key!r} (parts: questionnaire,"
                            " title, subtitle, date, key_points, introduction, sections,"
                            " recommendations, quotes)")  # fmt: skip
    if not plan.questionnaire:
        raise PlanError(f"{name}:1:1: the plan names no questionnaire (questionnaire: FORM_ID)")
    return plan


def _mapping(node, path: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise PlanError(f"{_where(path, node)}: expected {' or '.join(allowed)}: ...")
    found = {}
    for key_node, value in node.value:
        if key_node.value not in allowed:
            raise PlanError(f"{_where(path, key_node)}: unknown key {key_node.value!r}"
                            f" (expected {', '.join(allowed)})")  # fmt: skip
        found[key_node.value] = value
    return found


def _key_points(node, path: str) -> list[tuple[str, Text]]:
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        raise PlanError(f"{_where(path, node)}: key_points is a list")
    points = []
    for item in node.value:
        entry = _mapping(item, path, ("question", "text"))
        kind = "question" if "question" in entry else "text"
        points.append((kind, _text(entry[kind], path)))
    return points


def _sections(node, path: str) -> list[tuple[Text, list[Text], list[Text]]]:
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        raise PlanError(f"{_where(path, node)}: sections is a list")
    sections = []
    for item in node.value:
        entry = _mapping(item, path, ("title", "questions", "text"))
        if "title" not in entry:
            raise PlanError(f"{_where(path, item)}: a section needs a title")
        questions = _texts(entry["questions"], path) if "questions" in entry else []
        paragraphs = _texts(entry["text"], path) if "text" in entry else []
        sections.append((_text(entry["title"], path), questions, paragraphs))
    return sections


# -- figures ---------------------------------------------------------------------------


def _at(plan: Plan, text: Text, offset: int = 0) -> str:
    if text.exact:
        return f"{plan.path}:{text.line}:{text.column + offset}"
    return f"{plan.path}:{text.line}:{text.column}"


def figure(question: dict, choices: str, fmt: str) -> str:
    """The figure a reference names, as text; ValueError says what is wrong."""
    if fmt not in ("", *FORMATS):
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    if question.get("suppressed"):
        raise ValueError(f"{question['name']} is suppressed (base {question.get('base')})")
    base = question.get("base") or 0
    if fmt == "base" or (not choices and fmt == ""):
        if fmt == "" and not choices:
            raise ValueError(f"name a choice, e.g. {{{question['name']}.CHOICE}} or :base")
        return str(base)
    summary = question.get("summary") or {}
    if choices in SUMMARY_KEYS and summary:
        value = summary.get(choices)
        return (
            "" if value is None else (f"{value:,.1f}" if isinstance(value, float) else f"{value:,}")
        )
    results = {str(row.get("value")): row for row in question.get("results") or []}
    wanted = question.get("favourable") or [] if choices == "favourable" else choices.split("+")
    unknown = [name for name in wanted if name not in results]
    if unknown or not wanted:
        known = ", ".join([*results, *(["favourable"] if question.get("favourable") else [])])
        raise ValueError(f"{question['name']} has no choice {'+'.join(unknown) or choices!r}"
                         f" (choices: {known or 'none'})")  # fmt: skip
    count = sum(results[name].get("count") or 0 for name in wanted)
    if fmt == "count":
        return f"{count:,}"
    exact = count * 100 / base if base else 0.0
    if fmt == "pct1":
        return f"{round_half_up(exact * 10) / 10:.1f}%"
    return f"{round_half_up(exact)}%"


def resolve(plan: Plan, text: Text, by_name: dict[str, dict]) -> str:
    """The text with every live reference replaced by its figure (PlanError if one is bad)."""

    def replace(match: re.Match) -> str:
        name, _, choices = match.group(1).partition(".")
        question = by_name.get(name)
        if question is None:
            raise PlanError(f"{_at(plan, text, match.start())}: unknown question {name!r}"
                            f" in {match.group(0)}")  # fmt: skip
        try:
            return figure(question, choices, match.group(2) or "")
        except ValueError as error:
            raise PlanError(
                f"{_at(plan, text, match.start())}: {match.group(0)}: {error}"
            ) from None

    return REFERENCE.sub(replace, text.value)
