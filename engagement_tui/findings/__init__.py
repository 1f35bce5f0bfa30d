"""Provides findings: results per question with correct bases, breakdowns and headlines.

    findings = compute_findings(store, "member_survey", by="organisation_type")

returns the JSON-ready dict of DESIGN.md ("questionnaire", "interviews", "threshold",
"questions", "key_findings"). Only completed interviews count (drafts too with
`include_drafts=True`; withdrawn never). A question's base is the interviews in which it
applied and was answered: answers stored for a question that skip logic hid are left out.
Counting happens in SQLite (see store/findings_queries.py), so a million answers never
travel into Python; bases under `threshold` are marked suppressed, without percentages.
Open questions carry their theme counts from coding (interviews coded with each theme).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from engagement_tui.findings.headlines import favourable_choices, key_findings, question_headline
from engagement_tui.findings.results import example_quotes, question_results
from engagement_tui.findings.skips import SkipPlan
from engagement_tui.findings.tally import Tally, tally_question

if TYPE_CHECKING:
    from engagement_tui.questionnaire import Question, Questionnaire
    from engagement_tui.store import Store

__all__ = ["BREAKDOWN_FIELDS", "DEFAULT_THRESHOLD", "FindingsError", "compute_findings"]

DEFAULT_THRESHOLD = 5
NOT_RECORDED = "Not recorded"
BREAKDOWN_FIELDS = ("organisation_type", "region", "system", "organisation", "interviewer", "mode")


class FindingsError(Exception):
    """Something the user asked for does not exist (a form, a breakdown field)."""


def _entry_for(
    questionnaire: Questionnaire, question: Question, tally: Tally, column: int, threshold: int
) -> dict[str, Any]:
    base = tally.base[column]
    if base < threshold:
        return {"base": base, "suppressed": True}
    return {
        "base": base,
        "suppressed": False,
        **question_results(questionnaire, question, tally, column),
    }


def _question_entry(
    questionnaire: Questionnaire,
    question: Question,
    tally: Tally,
    groups: list[str],
    by: str | None,
    threshold: int,
) -> dict[str, Any]:
    section = questionnaire.section_of(question)
    entry: dict[str, Any] = {
        "name": question.name,
        "label": question.label,
        "type": question.type,
        "section": (section.label or section.name) if section else "",
        "statement": question.statement,
        "results": [],
        **_entry_for(questionnaire, question, tally, 0, threshold),
    }
    favourable = favourable_choices(questionnaire, question)
    if favourable:
        entry["favourable"] = [choice.name for choice in favourable]
    if question.type == "text" and not entry["suppressed"]:
        entry["quotes"] = example_quotes(tally)
    sentence, percent, _ = question_headline(questionnaire, question, entry)
    entry["headline"] = sentence
    entry["headline_percent"] = None if percent is None else round(percent, 1)
    if by is not None:
        entry["breakdown"] = {
            by: {
                label: _entry_for(questionnaire, question, tally, index + 1, threshold)
                for index, label in enumerate(groups)
            }
        }
    return entry


def compute_findings(
    store: Store,
    form_id: str,
    *,
    by: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    include_drafts: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Findings for every answerable question of the latest revision of `form_id`."""
    from engagement_tui.store.findings_queries import FindingsQueries

    questionnaire = store.forms.load(form_id)
    stored = store.forms.latest(form_id)
    if questionnaire is None or stored is None:
        raise FindingsError(f"no questionnaire {form_id!r} (see: engage questionnaire list)")
    queries = FindingsQueries(store.db)
    if by is not None and queries.field_expression(by) is None:
        known = ", ".join(BREAKDOWN_FIELDS)
        raise FindingsError(f"unknown breakdown field {by!r} (try one of: {known})")
    statuses = ("complete", "draft") if include_drafts else ("complete",)
    interviews = queries.interviews(form_id, statuses, by)
    labels = sorted({label or NOT_RECORDED for _, label in interviews}) if by else []
    codes = {label: code for code, label in enumerate(labels)}

    plan = SkipPlan(questionnaire, today)
    ids = [interview_id for interview_id, _ in interviews]
    masks = plan.masks(ids, queries.values_of(form_id, statuses, plan.inputs)) if plan.bits else {}
    rows = (
        (
            interview_id,
            codes.get(label or NOT_RECORDED) if by else None,
            *masks.get(interview_id, []),
        )
        for interview_id, label in interviews
    )
    queries.open_scope(rows, plan.words, len(labels))
    try:
        entries = [
            _question_entry(
                questionnaire,
                question,
                tally_question(
                    queries, form_id, question, plan.mask(question.name), 1 + len(labels)
                ),
                labels,
                by,
                threshold,
            )
            for question in questionnaire.questions
            if question.answerable
        ]
    finally:
        queries.close_scope()
    return {
        "questionnaire": {
            "form_id": questionnaire.form_id,
            "version": questionnaire.version,
            "title": questionnaire.title,
            "revision": stored.revision,
        },
        "interviews": len(interviews),
        "threshold": threshold,
        "include_drafts": include_drafts,
        "by": by,
        "questions": entries,
        "key_findings": key_findings(entries),
    }
