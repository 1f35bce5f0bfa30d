"""Provides the two ends of a report plan: the automatic plan `engage report plan` writes, and
the findings reshaped by a plan (`engage report --plan`), which the PDF and the DOCX then
draw alike.

    text = automatic_plan(findings, quotes, today)
    findings, overrides, narrative_md = apply_plan(plan, findings, quotes)

`quotes` are the form's quote bank (report.plan_quotes.quote_candidates), by key; a plan
prints only approved quotes, redacted, attributed as each respondent agreed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engagement_tui.report.plan import Plan, PlanError, Text, resolve
from engagement_tui.report.plan_draft import draft_from_findings, plan_text
from engagement_tui.report.plan_quotes import quote_key


def automatic_plan(findings: dict, quotes: list[dict], today: dt.date) -> str:
    """The plan of today's automatic report, as commented YAML for a person to edit."""
    return plan_text(draft_from_findings(findings, quotes, today), findings, quotes)


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
        bank = {str(row["key"]): row for row in quotes}
        chosen = []
        for text in plan.quotes:
            key = quote_key(text.value)
            row = bank.get(key)
            where = f"{plan.path}:{text.line}:{text.column}"
            if row is None:
                raise PlanError(f"{where}: no quote {text.value}"
                                " (engage quotes list names every quote's key)")  # fmt: skip
            if not row.get("approved"):
                raise PlanError(f"{where}: quote {key} is not approved"
                                f" (engage quotes approve {key})")  # fmt: skip
            said = row["redacted"].replace("*", "∗")
            who = row.get("attributed")
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
