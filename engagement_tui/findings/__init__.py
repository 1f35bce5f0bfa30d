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

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from engagement_tui.findings.disclosure import suppressed_groups
from engagement_tui.findings.headlines import favourable_choices, key_findings, question_headline
from engagement_tui.findings.redaction import Redactor
from engagement_tui.findings.repeat_tally import instance_answers, repeat_unit, tally_in_repeat
from engagement_tui.findings.results import example_quotes, percent_of, question_results
from engagement_tui.findings.roles import report_role
from engagement_tui.findings.skips import SkipPlan
from engagement_tui.findings.tally import Tally, tally_question

if TYPE_CHECKING:
    from engagement_tui.interview.questionnaire import Question, Questionnaire
    from engagement_tui.store import Store

__all__ = ["BREAKDOWN_FIELDS", "DEFAULT_THRESHOLD", "FindingsError", "compute_findings"]

DEFAULT_THRESHOLD = 5
NOT_RECORDED = "Not recorded"
BREAKDOWN_FIELDS = ("organisation_type", "region", "system", "organisation", "interviewer", "mode")


class FindingsError(Exception):
    """Something the user asked for does not exist (a form, a breakdown field)."""


def _entry_for(
    questionnaire: Questionnaire,
    question: Question,
    tally: Tally,
    column: int,
    threshold: int,
    favourable: frozenset[str] = frozenset(),
    hidden: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    base = tally.base[column]
    if base < threshold or column in hidden:
        return {"base": base, "suppressed": True}
    entry = {
        "base": base,
        "suppressed": False,
        **question_results(questionnaire, question, tally, column),
    }
    if favourable:
        count = sum(row["count"] for row in entry["results"] if row["value"] in favourable)
        entry["favourable_percent"] = percent_of(count, base)
    return entry


def _question_entry(
    questionnaire: Questionnaire,
    question: Question,
    tally: Tally,
    groups: list[str],
    by: str | None,
    threshold: int,
    subject: str,
    redactor: Redactor | None = None,
    quoted: set[str] | None = None,
) -> dict[str, Any]:
    section = questionnaire.section_of(question)
    role = report_role(questionnaire, question)
    if role == "admin":
        # Instructions and consent confirmations are never findings: listed, not counted.
        return {
            "name": question.name,
            "label": question.label,
            "type": question.type,
            "role": role,
            "section": (section.label or section.name) if section else "",
            "statement": question.statement,
            "base": tally.base[0],
            "suppressed": False,
            "results": [],
            "headline": None,
            "headline_percent": None,
        }
    favourable_names = [choice.name for choice in favourable_choices(questionnaire, question)]
    favourable = frozenset(favourable_names)
    entry: dict[str, Any] = {
        "name": question.name,
        "label": question.label,
        "type": question.type,
        "role": role,
        "section": (section.label or section.name) if section else "",
        "statement": question.statement,
        "results": [],
        **_entry_for(questionnaire, question, tally, 0, threshold, favourable),
    }
    if favourable:
        entry["favourable"] = favourable_names
    if question.type == "text" and role == "finding" and not entry["suppressed"]:
        entry["quotes"] = example_quotes(tally, redactor, seen=quoted)
    sentence, percent, _ = question_headline(questionnaire, question, entry, subject)
    entry["headline"] = sentence
    entry["headline_percent"] = percent
    if by is not None:
        # Primary and complementary suppression, decided on this question's group bases.
        bases = [tally.base[index + 1] for index in range(len(groups))]
        hidden = frozenset(index + 1 for index in suppressed_groups(bases, threshold))
        entry["breakdown"] = {
            by: {
                label: _entry_for(
                    questionnaire, question, tally, index + 1, threshold, favourable, hidden
                )
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
    subject: str = "respondents",
    today: date | None = None,
    where: Sequence[str] = (),
    language: str | None = None,
) -> dict[str, Any]:
    """Findings for every answerable question of the latest revision of `form_id`.

    `language` (one of the form's) gives questions and choices as that language writes them.

    `subject` names the people in headlines ("respondents", "leaders", "members").
    `where` ("FIELD=VALUE" strings, see store/subsets.py) limits the findings to a subset
    of the interviews; bases, suppression and breakdowns are then within the subset, and
    the dict's "subset" says what it is.
    """
    from engagement_tui.store.findings_queries import FindingsQueries

    questionnaire = store.forms.load(form_id)
    stored = store.forms.latest(form_id)
    if questionnaire is None or stored is None:
        raise FindingsError(f"no questionnaire {form_id!r} (see: engage questionnaire list)")
    if language:
        from engagement_tui.interview.translations import UnknownLanguage

        try:
            questionnaire = questionnaire.in_language(language)
        except UnknownLanguage as error:
            raise FindingsError(str(error)) from None
    queries = FindingsQueries(store.db)
    # A profile question (select_one) is a breakdown too: by each interview's own answer.
    by_answer = (
        by is not None
        and questionnaire.has_question(by)
        and questionnaire.question(by).type == "select_one"
        and report_role(questionnaire, questionnaire.question(by)) == "profile"
    )
    if by is not None and not by_answer and queries.field_expression(by) is None:
        known = ", ".join(BREAKDOWN_FIELDS)
        raise FindingsError(f"unknown breakdown field {by!r} (try one of: {known})")
    statuses = ("complete", "draft") if include_drafts else ("complete",)
    subset = _subset(store, questionnaire, where, statuses)
    plan = SkipPlan(questionnaire, today)
    # One snapshot for every count, so an officer saving answers meanwhile cannot make
    # one question's base disagree with another's.
    with queries.snapshot():
        people, organisations = queries.known_names()
        redactor = Redactor(people, organisations)
        quoted: set[str] = set()  # a report quotes the same words once
        expression = queries.answer_expression(by) if by_answer else None
        interviews = queries.interviews(form_id, statuses, by, expression)
        if subset is not None:
            interviews = [row for row in interviews if row[0] in subset.ids]
        labels = sorted({label or NOT_RECORDED for _, label in interviews}) if by else []
        codes = {label: code for code, label in enumerate(labels)}
        if by_answer:  # groups named as the choices read, in the choice list's order
            choices = questionnaire.choices(questionnaire.question(by))
            order = {name: index for index, name in enumerate(choices.names)}
            labels = sorted(labels, key=lambda name: (order.get(name, len(order)), name))
            codes = {label: code for code, label in enumerate(labels)}
            shown = [choices.label_for(name) if name != NOT_RECORDED else name for name in labels]
        else:
            shown = labels
        ids = [interview_id for interview_id, _ in interviews]
        values = queries.values_of(form_id, statuses, plan.inputs) if plan.bits else []
        masks = plan.masks(ids, values) if plan.bits else {}
        rows = (
            (
                interview_id,
                codes.get(label or NOT_RECORDED) if by else None,
                *masks.get(interview_id, []),
            )
            for interview_id, label in interviews
        )
        with queries.scope(rows, plan.words, len(labels)):
            in_repeats = (
                instance_answers(questionnaire, queries.answers_in_scope(), today)
                if questionnaire.has_repeats
                else {}
            )
            group_of = {
                interview_id: codes.get(label or NOT_RECORDED) if by else None
                for interview_id, label in interviews
            }
            entries = []
            for question in questionnaire.questions:
                if not question.answerable:
                    continue
                if questionnaire.repeats_of(question):
                    tally, asked = tally_in_repeat(question, in_repeats, group_of, 1 + len(labels))
                    unit = repeat_unit(questionnaire, question, tally.base[0])
                else:
                    tally, asked, unit = (
                        tally_question(
                            queries, form_id, question, plan.mask(question.name), 1 + len(labels)
                        ),
                        None,
                        subject,
                    )
                entry = _question_entry(
                    questionnaire,
                    question,
                    tally,
                    shown,
                    by,
                    threshold,
                    repeat_unit(questionnaire, question) if asked else subject,
                    redactor,
                    quoted,
                )
                if asked is not None:  # "Base: 57 household members in 20 interviews"
                    entry["unit"] = unit
                    entry["interviews_base"] = asked[0]
                entries.append(entry)
    result = {
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
    if subset is not None:
        result["subset"] = subset.to_dict()
    return result


def _subset(store: Store, questionnaire: Questionnaire, where: Sequence[str], statuses):
    """The subset `where` selects (None for everyone); FindingsError for a bad --where."""
    if not where:
        return None
    from engagement_tui.store.subsets import SubsetError, parse_where, select

    try:
        return select(store.db, questionnaire, parse_where(where), statuses)
    except SubsetError as error:
        raise FindingsError(str(error)) from None
