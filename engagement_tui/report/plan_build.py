"""Provides the two ends of a report plan: the automatic plan `engage report plan` writes, and
the findings reshaped by a plan (`engage report --plan`), which the PDF and the DOCX then
draw alike.

    text = automatic_plan(findings, quotes, today)
    findings, overrides, narrative_md = apply_plan(plan, findings, quotes)

`quotes` are the form's verbatim quotes (store.plan_queries.quote_notes), by note id.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from engagement_tui.findings.quotes import attribution
from engagement_tui.report.plan import Plan, PlanError, Text, resolve

QUOTES_CHOSEN = 3


def _quoted(value: object) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def automatic_plan(findings: dict, quotes: list[dict], today: dt.date) -> str:
    """The plan of today's automatic report, as commented YAML for a person to edit."""
    form = findings.get("questionnaire", {})
    questions = findings.get("questions", [])
    lines = [
        f"# Report plan: {form.get('title', '')} ({form.get('form_id', '')}).",
        "# Edit freely, then build the report from it:",
        "#   engage report --plan THIS_FILE            (add --format docx for Word)",
        "# Figures in braces are live, read from the data whenever the report is built:",
        "#   {question.choice} percent choosing it ({right_approach.agree} -> 41%);",
        "#   {question.a+b} several summed; {question.favourable} the favourable side;",
        "#   :pct1 one decimal, :count how many, {question:base} the base;",
        "#   {question.mean} (n, mean, median, min, max) for a number question.",
        f"questionnaire: {form.get('form_id', '')}",
        f"title: {_quoted(form.get('title', ''))}",
        'subtitle: ""',
        f"date: {today.isoformat()}",
        "",
        "# Key points, in order: a question's own headline, or a sentence of yours.",
        "key_points:",
    ]
    by_name = {q.get("name"): q for q in questions}
    for item in findings.get("key_findings") or []:
        name = item.get("question")
        if name in by_name:
            lines.append(f"  - question: {name}    # {_short(item.get('headline', ''))}")
    scale = next((q for q in questions if q.get("favourable") and not q.get("suppressed")), None)
    if scale is not None:
        example = f"Most members ({{{scale['name']}.favourable}}) agree that ..."
        lines.append(f"  # - text: {_quoted(example)}")
    lines += [
        "",
        "# Paragraphs after the key points (Markdown: **bold**, *italic*).",
        "introduction: []",
        "",
        "# Sections of the findings, in order, and the questions each includes;",
        "# a question in no section is left out of the findings (the appendix keeps it).",
        "sections:",
    ]
    current = object()
    for question in questions:
        section = question.get("section") or "General"
        if section != current:
            current = section
            lines += [f"  - title: {_quoted(section)}", "    questions:"]
        lines.append(f"      - {question.get('name')}")
    lines += [
        "",
        "# Recommendations, numbered in the report.",
        "recommendations: []",
        "",
        "# Verbatim quotes shown, by id, attributed only as each respondent agreed.",
    ]
    chosen = [row["id"] for row in quotes[:QUOTES_CHOSEN]]
    lines.append(f"quotes: [{', '.join(str(n) for n in chosen)}]")
    for row in quotes:
        lines.append(
            f"#   {row['id']}: {_short(row['text'], 60)}  ({_short(attribution(row), 40)})"
        )
    return "\n".join(lines) + "\n"


def _question(plan: Plan, by_name: dict[str, dict], text: Text) -> dict:
    question = by_name.get(text.value)
    if question is None:
        known = ", ".join(list(by_name)[:8])
        raise PlanError(f"{plan.path}:{text.line}:{text.column}: unknown question"
                        f" {text.value!r} (questions: {known}, ...)")  # fmt: skip
    return question


def _referenced_base(text: Text, by_name: dict[str, dict]) -> Any:
    from engagement_tui.report.plan import REFERENCE

    names = {m.group(1).partition(".")[0] for m in REFERENCE.finditer(text.value)}
    bases = {by_name[name].get("base") for name in names if name in by_name}
    return bases.pop() if len(bases) == 1 else None


def apply_plan(
    plan: Plan, findings: dict, quotes: list[dict]
) -> tuple[dict, dict[str, Any], str | None]:
    """(findings reshaped by the plan, ReportSettings overrides, recommendations Markdown)."""
    questions = findings.get("questions", [])
    by_name = {q.get("name"): q for q in questions}
    shaped = dict(findings)
    overrides: dict[str, Any] = {}
    if plan.title is not None:
        overrides["title"] = resolve(plan, plan.title, by_name)
    if plan.subtitle is not None:
        overrides["programme"] = resolve(plan, plan.subtitle, by_name)
    if plan.date is not None:
        overrides["report_date"] = plan.date

    points = []
    for kind, text in plan.key_points:
        if kind == "question":
            question = _question(plan, by_name, text)
            if not question.get("headline") or question.get("suppressed"):
                raise PlanError(f"{plan.path}:{text.line}:{text.column}: {text.value} has no"
                                " headline to show (suppressed, or no answers)")  # fmt: skip
            points.append({"headline": question["headline"], "base": question.get("base")})
        else:
            points.append(
                {"headline": resolve(plan, text, by_name), "base": _referenced_base(text, by_name)}
            )
    shaped["key_findings"] = points
    shaped["key_points_chosen"] = bool(plan.key_points)
    shaped["introduction"] = [resolve(plan, text, by_name) for text in plan.introduction]

    if plan.sections:
        ordered, placed = [], set()
        for title, names, paragraphs in plan.sections:
            heading = resolve(plan, title, by_name)
            for position, name in enumerate(names):
                question = dict(_question(plan, by_name, name), section=heading)
                if position == 0:
                    question["section_intro"] = [resolve(plan, p, by_name) for p in paragraphs]
                ordered.append(question)
                placed.add(name.value)
        ordered += [dict(q, omitted=True) for q in questions if q.get("name") not in placed]
        shaped["questions"] = ordered

    narrative = []
    if plan.quotes is not None:
        shaped["questions"] = [dict(q, quotes=[]) for q in shaped["questions"]]
        bank = {str(row["id"]): row for row in quotes}
        chosen = []
        for text in plan.quotes:
            row = bank.get(text.value.strip())
            if row is None:
                raise PlanError(f"{plan.path}:{text.line}:{text.column}: no quote {text.value}"
                                " (the automatic plan lists every quote's id)")  # fmt: skip
            said = " ".join(row["text"].replace("*", "∗").split())
            who = attribution(row)
            chosen.append(f"“{said}”" + (f" — {who}" if who else ""))
        if chosen:
            narrative += ["# What members told us", *chosen]
    if plan.recommendations:
        narrative.append("# Recommendations")
        narrative += [
            f"{number}. {resolve(plan, text, by_name)}"
            for number, text in enumerate(plan.recommendations, 1)
        ]
    return shaped, overrides, ("\n\n".join(narrative) + "\n") if narrative else None
