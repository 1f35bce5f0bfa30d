"""Provides matching the columns of a survey export to a questionnaire's questions.

ODK Central names columns by the question's path with `-` between groups (`grp-q`),
KoboToolbox with `/` (`grp/q`, nested `a/b/q`); a plain `q` works too. A column
matches a question by its full name or by the last segment of its path. Platform
metadata (start, end, deviceid, _id, _submission_time, __version__ ...) is ignored, and
so are Kobo's one-column-per-choice copies of a select_multiple (`grp/q/choice`).
The app's own wide export (engage export) imports back too: its `uuid` is the instance
id, its per-choice and rank-place columns repeat the `grp/q` column, and its other
interview metadata (interviewer, mode, attribution...) is not an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.responses.files import Problem
from engagement_tui.responses.instances import instance_key

RESPONDENT_FIELDS: dict[str, tuple[str, ...]] = {
    "organisation": ("organisation", "organization", "organisation_name", "organization_name"),
    "organisation_type": ("organisation_type", "organization_type"),
    "region": ("region",),
    "respondent": ("respondent", "respondent_name"),
    "role": ("role", "respondent_role"),
    "interview_date": ("interview_date",),
    "instance_id": ("instanceid", "meta/instanceid", "meta-instanceid", "key", "_uuid", "uuid"),
}
"""Columns about the respondent rather than questions: field -> accepted column names."""

SUBMISSION_TIME_COLUMNS = ("end", "_submission_time", "submissiondate", "completed_at")
"""When no interview_date is given, these date the interview, in this order of preference."""

IGNORED_COLUMNS = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "submissiondate",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "edits",
        "formversion",
        # engage export's own metadata columns
        "system",
        "attribution",
        "interviewer",
        "mode",
        "source",
        "started_at",
        "completed_at",
    }
)
"""ODK and Kobo metadata columns (compared lower-case). Any column starting with `_` or
`meta/`/`meta-` is metadata too (Kobo's _id, _submission_time, __version__ ...)."""


@dataclass
class ColumnPlan:
    """What each column of a file holds."""

    questions: dict[str, str] = field(default_factory=dict)
    """Column -> question name."""
    fields: dict[str, str] = field(default_factory=dict)
    """Respondent field (see RESPONDENT_FIELDS) -> column."""
    id_columns: list[str] = field(default_factory=list)
    """Columns that may hold the submission's instanceID, the first non-blank one counts."""
    submission_time: str | None = None
    """A metadata column that can date the interview when interview_date is absent."""

    def column_of(self, question: str) -> str | None:
        for column, name in self.questions.items():
            if name == question:
                return column
        return None


INSTANCE_COLUMN = re.compile(r"\[\d+\]")
"""A repeat instance's column, as ODK and Kobo name them: `member[2]/age`."""


def _in_repeat(name: str, questionnaire: Questionnaire) -> bool:
    return bool(questionnaire.repeats_of(questionnaire.question(name)))


def _example(name: str, questionnaire: Questionnaire) -> str:
    """`member[1]/age` for a question of repeat `member` (nested: `a[1]/b[1]/q`)."""
    repeats = questionnaire.repeats_of(questionnaire.question(name))
    return "".join(f"{repeat}[1]/" for repeat in repeats) + name


def _segments(column: str) -> list[str]:
    return [part for part in column.split("/") if part]


def _question_for(column: str, questionnaire: Questionnaire) -> str | None:
    """The question a column names: full name, last `/` segment, or a `-` suffix (ODK)."""
    if questionnaire.has_question(column):
        return column
    segments = _segments(column)
    if not segments:
        return None
    last = segments[-1]
    if questionnaire.has_question(last):
        return last
    # ODK joins groups with "-", but names may contain "-" too: try the longest suffix first.
    pieces = last.split("-")
    for start in range(1, len(pieces)):
        candidate = "-".join(pieces[start:])
        if questionnaire.has_question(candidate):
            return candidate
    return None


def _is_choice_copy(column: str, questionnaire: Questionnaire) -> bool:
    """`grp/q/choice` columns (Kobo's 1/0 per choice, engage's rank places) repeat `grp/q`."""
    segments = _segments(column)
    if len(segments) < 2:
        return False
    owner = _question_for("/".join(segments[:-1]), questionnaire)
    if owner is None:
        return False
    question = questionnaire.question(owner)
    return (
        question.type in ("select_multiple", "rank")
        and segments[-1] in questionnaire.choices(question).names
    )


def _is_metadata(column: str) -> bool:
    lowered = column.lower()
    return (
        lowered in IGNORED_COLUMNS
        or lowered.startswith(("_", "meta/", "meta-", "formhub/", "formhub-"))
        or lowered.endswith(("/instancename", "-instancename"))
    )


def plan_columns(
    columns: tuple[str, ...], questionnaire: Questionnaire, where: str
) -> tuple[ColumnPlan, list[Problem]]:
    """Match every column; problems for unknown columns and two columns for one question."""
    plan = ColumnPlan()
    problems: list[Problem] = []
    by_alias = {alias: name for name, aliases in RESPONDENT_FIELDS.items() for alias in aliases}
    for column in columns:
        lowered = column.lower()
        field_name = by_alias.get(lowered)
        # A question called like a respondent field (e.g. "role") is the question.
        if field_name and not questionnaire.has_question(column):
            if field_name == "instance_id":
                # ODK Central exports both meta-instanceID and KEY; Kobo has _uuid as well.
                plan.id_columns.append(column)
            elif field_name in plan.fields:
                problems.append(
                    Problem(where, 1, column, f"same field as column {plan.fields[field_name]}")
                )
            else:
                plan.fields[field_name] = column
            continue
        if INSTANCE_COLUMN.search(column):  # a repeat instance's answer: member[2]/age
            key = instance_key(column, questionnaire)
            if key is None:
                problems.append(Problem(where, 1, column, "names no question of those repeats"))
            else:
                plan.questions[column] = key
            continue
        name = _question_for(column, questionnaire)
        if name is not None and _in_repeat(name, questionnaire):
            problems.append(
                Problem(
                    where,
                    1,
                    column,
                    f"{name} is asked once per repeat instance: name each instance's column"
                    f" as ODK does (e.g. {_example(name, questionnaire)})",
                )
            )
            continue
        if name is not None:
            if not questionnaire.question(name).answerable:
                continue  # notes and calculations: recomputed from the answers, never imported
            other = plan.column_of(name)
            if other is not None:
                problems.append(
                    Problem(where, 1, column, f"same question ({name}) as column {other}")
                )
            else:
                plan.questions[column] = name
            continue
        if _is_metadata(column) or _is_choice_copy(column, questionnaire):
            if lowered in SUBMISSION_TIME_COLUMNS and (
                plan.submission_time is None
                or SUBMISSION_TIME_COLUMNS.index(lowered)
                < SUBMISSION_TIME_COLUMNS.index(plan.submission_time.lower())
            ):
                plan.submission_time = column
            continue
        problems.append(
            Problem(
                where,
                1,
                column,
                f"unknown column: no question or respondent field of that name in"
                f" {questionnaire.form_id}",
            )
        )
    return plan, problems
