"""Provides a report plan being shaped, and the YAML text of it that `--plan` builds from.

    draft = draft_from_findings(findings, quotes, today)     # today's automatic report
    draft = draft_from_plan(load_plan(path), findings)       # a plan file, to go on editing
    text = plan_text(draft, findings, quotes)                # what is written to the file

`engage report plan` and the app's plan screen both write `plan_text`, so the file is the
same whichever wrote it. A draft lists every candidate key point (each question's own
headline, strongest first, and the coordinator's own sentences) with whether it is
chosen; only the chosen ones, in order, reach the file. `quotes` are the rows of
`plan_quotes.quote_candidates`; the draft holds the keys of the chosen ones, in order.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from engagement_tui.findings.headlines import key_findings
from engagement_tui.report.plan import Plan, PlanError, Text, resolve

QUOTES_CHOSEN = 3
KEY_POINTS_CHOSEN = 8


@dataclass
class KeyPoint:
    kind: str
    """"question" (its own headline) or "text" (a sentence, with live figures)."""
    value: str
    """The question's name, or the sentence as written ({question.choice} references)."""
    chosen: bool = True


@dataclass
class PlanDraft:
    questionnaire: str
    title: str | None = None
    subtitle: str | None = None
    date: dt.date | None = None
    key_points: list[KeyPoint] = field(default_factory=list)
    introduction: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    """(title, question names, paragraphs), in order."""
    recommendations: list[str] = field(default_factory=list)
    quotes: list[str] | None = field(default_factory=list)
    """Keys of the chosen quotes in order (None: the plan leaves quotes as automatic)."""

    def move(self, index: int, step: int) -> int:
        """Move key point `index` by `step` places; return where it is now."""
        target = max(0, min(len(self.key_points) - 1, index + step))
        point = self.key_points.pop(index)
        self.key_points.insert(target, point)
        return target


def candidate_points(findings: dict) -> list[KeyPoint]:
    """Every question with a headline that can be a key point, strongest first; the
    automatic report's key points chosen."""
    questions = findings.get("questions", [])
    automatic = {item["question"] for item in findings.get("key_findings") or []}
    ranked = key_findings(questions, limit=len(questions))
    return [KeyPoint("question", item["question"], item["question"] in automatic)
            for item in ranked]  # fmt: skip


def draft_from_findings(findings: dict, quotes: list[dict], today: dt.date) -> PlanDraft:
    """The plan of today's automatic report: its key points, sections and approved quotes."""
    form = findings.get("questionnaire", {})
    sections: list[tuple[str, list[str], list[str]]] = []
    for question in findings.get("questions", []):
        section = question.get("section") or "General"
        if not sections or sections[-1][0] != section:
            sections.append((section, [], []))
        sections[-1][1].append(question.get("name"))
    approved = [row["key"] for row in quotes if row.get("approved")]
    return PlanDraft(
        questionnaire=form.get("form_id", ""),
        title=form.get("title", ""),
        subtitle="",
        date=today,
        key_points=candidate_points(findings),
        sections=sections,
        quotes=approved[:QUOTES_CHOSEN],
    )


def draft_from_plan(plan: Plan, findings: dict) -> PlanDraft:
    """A plan file as a draft: its key points chosen in its order, the other candidates after."""
    from engagement_tui.report.plan_quotes import quote_key

    points = [KeyPoint(kind, text.value) for kind, text in plan.key_points]
    named = {point.value for point in points if point.kind == "question"}
    points += [
        KeyPoint("question", point.value, False)
        for point in candidate_points(findings)
        if point.value not in named
    ]
    return PlanDraft(
        questionnaire=plan.questionnaire,
        title=plan.title.value if plan.title else None,
        subtitle=plan.subtitle.value if plan.subtitle else None,
        date=plan.date,
        key_points=points,
        introduction=[text.value for text in plan.introduction],
        sections=[
            (title.value, [n.value for n in names], [p.value for p in paragraphs])
            for title, names, paragraphs in plan.sections
        ],  # fmt: skip
        recommendations=[text.value for text in plan.recommendations],
        quotes=None if plan.quotes is None else [quote_key(text.value) for text in plan.quotes],
    )


def point_text(point: KeyPoint, findings: dict) -> str:
    """What a key point reads as in the report now (a bad reference: what is wrong)."""
    by_name = {q.get("name"): q for q in findings.get("questions", [])}
    if point.kind == "question":
        question = by_name.get(point.value) or {}
        return question.get("headline") or f"{point.value}: no headline"
    try:
        return resolve(Plan("key point"), Text(point.value, 1, 1, False), by_name)
    except PlanError as error:
        return f"{point.value}  ({str(error).split(': ', 1)[-1]})"


def _quoted(value: object) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _texts(name: str, values: list[str], indent: str = "") -> list[str]:
    if not values:
        return [f"{indent}{name}: []"]
    return [f"{indent}{name}:", *(f"{indent}  - {_quoted(value)}" for value in values)]


HEADER = """\
# Report plan: {title} ({form_id}).
# Edit freely, then build the report from it:
#   engage report --plan THIS_FILE            (add --format docx for Word)
# Figures in braces are live, read from the data whenever the report is built:
#   {{question.choice}} percent choosing it ({{right_approach.agree}} -> 41%);
#   {{question.a+b}} several summed; {{question.favourable}} the favourable side;
#   :pct1 one decimal, :count how many, {{question:base}} the base;
#   {{question.mean}} (n, mean, median, min, max) for a number question."""


def plan_text(draft: PlanDraft, findings: dict, quotes: list[dict]) -> str:
    """The draft as commented YAML for a person to edit; `load_plan` reads it back."""
    form = findings.get("questionnaire", {})
    questions = findings.get("questions", [])
    lines = [
        HEADER.format(title=form.get("title", ""), form_id=draft.questionnaire),
        f"questionnaire: {draft.questionnaire}",
    ]
    for name in ("title", "subtitle"):
        if getattr(draft, name) is not None:
            lines.append(f"{name}: {_quoted(getattr(draft, name))}")
    if draft.date is not None:
        lines.append(f"date: {draft.date.isoformat()}")
    lines += ["", "# Key points, in order: a question's own headline, or a sentence of yours."]
    chosen = [point for point in draft.key_points if point.chosen]
    lines.append("key_points:" if chosen else "key_points: []")
    for point in chosen:
        if point.kind == "question":
            lines.append(f"  - question: {point.value}    # {_short(point_text(point, findings))}")
        else:
            lines.append(f"  - text: {_quoted(point.value)}")
    scale = next((q for q in questions if q.get("favourable") and not q.get("suppressed")), None)
    if scale is not None:
        example = f"Most members ({{{scale['name']}.favourable}}) agree that ..."
        lines.append(f"  # - text: {_quoted(example)}")
    lines += ["", "# Paragraphs after the key points (Markdown: **bold**, *italic*)."]
    lines += _texts("introduction", draft.introduction)
    lines += [
        "",
        "# Sections of the findings, in order, and the questions each includes;",
        "# a question in no section is left out of the findings (the appendix keeps it).",
        "sections:" if draft.sections else "sections: []",
    ]
    for title, names, paragraphs in draft.sections:
        lines.append(f"  - title: {_quoted(title)}")
        if paragraphs:
            lines += _texts("text", paragraphs, "    ")
        lines.append("    questions:" if names else "    questions: []")
        lines += [f"      - {name}" for name in names]
    lines += ["", "# Recommendations, numbered in the report."]
    lines += _texts("recommendations", draft.recommendations)
    lines += [
        "",
        "# Verbatim quotes shown, in order, by key (engage quotes list); only approved",
        "# quotes are printed (engage quotes approve KEY), redacted, attributed as agreed.",
    ]
    if draft.quotes is not None:
        lines += _texts("quotes", draft.quotes)
    for row in quotes:
        status = "approved" if row.get("approved") else "pending"
        who = f"  ({_short(row['attributed'], 40)})" if row.get("attributed") else ""
        lines.append(f"#   {row['key']} {status}: {_short(row['redacted'], 60)}{who}")
    return "\n".join(lines) + "\n"
