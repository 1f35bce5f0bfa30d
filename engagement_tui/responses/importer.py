"""Provides importing survey returns (ODK Central, KoboToolbox, online surveys) as interviews.

Each row of a CSV or XLSX export becomes one completed interview (mode "online survey",
source "import"), checked the way an interviewer's answers are: through the interview
session, so types, choices, constraints, required questions and skip logic all apply.
Answers to questions that are not relevant under the row's own answers are not stored
(ODK may export them) and are counted instead. The import is all or nothing: any
problem, reported with its row and column, leaves the database as it was.

Re-importing never duplicates, and never loses a return: a row's instanceID is kept as the
interview's external_id, with a hash of its content; rows already stored are skipped. The
same instanceID with different content (twice in the file, or already stored) is refused,
naming both places. A row without an instanceID is keyed on its content plus its occurrence
in the file ("sha256:...", then "...#2"), so two people who gave identical answers are two
interviews, and importing the same file again still adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from engagement_tui.interview.answer_parsing import InvalidInput
from engagement_tui.interview.questionnaire import ATTRIBUTIONS, Questionnaire
from engagement_tui.interview.repeats import split_key
from engagement_tui.interview.session import InterviewSession
from engagement_tui.interview.session_plan import session_plan
from engagement_tui.responses.columns import ColumnPlan, plan_columns
from engagement_tui.responses.files import ImportFailed, Problem, Row, Table, open_table
from engagement_tui.responses.instances import give_row, instance_of
from engagement_tui.store import Store
from engagement_tui.store.bulk_writer import BulkWriter
from engagement_tui.store.imports import NewInterview, NewOrganisation

MAX_NUMBER = 10**15
"""Numbers beyond this are typos or junk: findings would print means of `inf` from them."""
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BARE_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    imported: int
    skipped: int
    """Rows already stored by an earlier import (or repeated within the file)."""
    organisations_added: int
    ignored_not_relevant: int
    """Values left out because their question was not relevant under the row's answers."""

    def lines(self) -> list[str]:
        return [
            f"{self.imported} imported",
            f"{self.skipped} already present (skipped)",
            f"{self.organisations_added} organisations added to the register",
            f"{self.ignored_not_relevant} values ignored (not relevant)",
        ]


@dataclass(frozen=True)
class _PreparedRow:
    interview: NewInterview
    organisation: NewOrganisation | None
    ignored: int
    number: int = 0
    """The row's number in the file."""
    instance: str = ""
    """The row's instanceID ("" when the file has none for it)."""


CHUNK = 2000
"""Checked returns written together into the open transaction."""


def import_responses(
    store: Store, path: str | Path, form_id: str, *, now: datetime | None = None
) -> ImportSummary:
    """Read, check and store every row of `path`; raise ImportFailed (storing nothing).

    The file is streamed: rows are checked as they are read and written a chunk at a time
    into one transaction, committed only when every row has passed (any problem rolls it
    all back), so memory stays flat whatever the number of returns."""
    questionnaire = store.forms.load(form_id)
    if questionnaire is None:
        raise KeyError(form_id)
    with open_table(path) as stream:
        plan, problems = plan_columns(stream.columns, questionnaire, stream.where)
        checker = _Checker(plan, questionnaire, stream.where, now)
        rows = ignored = 0
        with store.imports.streaming() as writer:
            chunk: list[_PreparedRow] = []
            for row in stream.rows:
                item = checker.check(row, problems)
                if item is None:
                    continue
                rows += 1
                ignored += item.ignored
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    _write(writer, chunk, plan, stream.where, problems)
                    chunk = []
            _write(writer, chunk, plan, stream.where, problems)
            # The file's own faults first (a row with a bad cell fails its checks too).
            if stream.problems or problems:
                raise ImportFailed(stream.problems or problems)
    return ImportSummary(
        rows=rows,
        imported=writer.imported,
        skipped=writer.skipped,
        organisations_added=writer.organisations_added,
        ignored_not_relevant=ignored,
    )


def _write(
    writer: BulkWriter,
    chunk: list[_PreparedRow],
    plan: ColumnPlan,
    where: str,
    problems: list[Problem],
) -> None:
    """Write a chunk of checked rows, unless a problem already dooms the import; a row whose
    instanceID is stored with other answers becomes a problem of its own."""
    if problems or not chunk:
        return
    added = writer.add(
        [row.interview for row in chunk],
        [row.organisation for row in chunk if row.organisation is not None],
    )
    column = plan.id_columns[0] if plan.id_columns else None
    problems.extend(
        Problem(
            where,
            row.number,
            column,
            f"{row.instance} was imported before with different answers"
            f" (interview {added.conflicts[row.instance][:8]}); nothing imported",
        )
        for row in chunk
        if row.instance in added.conflicts
    )


def prepare_rows(
    table: Table, questionnaire: Questionnaire, *, now: datetime | None = None
) -> list[_PreparedRow]:
    """Every row as an interview ready to store; ImportFailed listing every problem found."""
    plan, problems = plan_columns(table.columns, questionnaire, table.where)
    checker = _Checker(plan, questionnaire, table.where, now)
    prepared = [item for row in table.rows if (item := checker.check(row, problems))]
    if problems:
        raise ImportFailed(problems)
    return prepared


class _Checker:
    """Checks rows one by one, remembering only what later rows are compared with: each
    instanceID's first row and content hash, and how often each anonymous content came."""

    def __init__(
        self, plan: ColumnPlan, questionnaire: Questionnaire, where: str, now: datetime | None
    ) -> None:
        if not plan.questions:
            # Most likely the wrong file or the wrong questionnaire: one line, not one per cell.
            message = f"no column matches a question of {questionnaire.form_id}; wrong file?"
            raise ImportFailed([Problem(where, 1, None, message)])
        self.plan = plan
        self.questionnaire = questionnaire
        self.where = where
        self.stamp = _stamp(now or datetime.now(UTC))
        self.first_with: dict[str, tuple[int, str | None]] = {}
        self.occurrences: dict[str, int] = {}

    def check(self, row: Row, problems: list[Problem]) -> _PreparedRow | None:
        """The row ready to store, or None with its problems added to `problems`."""
        item, row_problems = _prepare_row(
            row, self.plan, self.questionnaire, self.where, self.stamp
        )
        problems.extend(row_problems)
        if item is None:
            return None
        if item.instance:
            first = self.first_with.setdefault(
                item.instance, (item.number, item.interview.content_hash)
            )
            if first[1] != item.interview.content_hash:
                column = self.plan.id_columns[0] if self.plan.id_columns else None
                message = (
                    f"{item.instance} is also row {first[0]}, with different answers;"
                    " keep the right one"
                )
                problems.append(Problem(self.where, row.number, column, message))
        else:
            key = item.interview.external_id or ""
            self.occurrences[key] = count = self.occurrences.get(key, 0) + 1
            if count > 1:
                item = replace(
                    item, interview=replace(item.interview, external_id=f"{key}#{count}")
                )
        return item


def _prepare_row(
    row: Row, plan: ColumnPlan, questionnaire: Questionnaire, where: str, stamp: str
) -> tuple[_PreparedRow | None, list[Problem]]:
    problems: list[Problem] = []

    def field(name: str) -> str:
        column = plan.fields.get(name)
        return row.cells.get(column, "") if column else ""

    when = _interview_time(row, plan, where, problems)
    raws = {
        name: row.cells[column] for column, name in plan.questions.items() if row.cells.get(column)
    }
    # The whole row is given at once, the way a screen is (the one answer path's
    # `InterviewSession.give`): every value checked against the others, calculations and
    # relevance recomputed. Values of questions not relevant under the row are not stored.
    # A number too large to be an answer (1e400, twenty digits) is refused before that.
    too_big = {}
    shared = session_plan(questionnaire)
    for name, raw in raws.items():
        question = questionnaire.question(split_key(name)[1])
        try:
            value = shared.parse(question, raw)
        except InvalidInput:
            continue  # give() below says what is wrong with it
        if isinstance(value, int | float) and not isinstance(value, bool):
            if abs(value) > MAX_NUMBER:
                too_big[name] = f"a number beyond ±{MAX_NUMBER:,} is not a plausible answer"
    today = date.fromisoformat(when[:10]) if when else None
    session = InterviewSession(questionnaire, today=today)
    given = [question.name for question in questionnaire.questions if question.name in raws]
    given += [name for name in raws if "[" in name]  # repeat instances (responses/instances)
    results = give_row(session, {name: raws[name] for name in given if name not in too_big})
    ignored = sum(1 for name in given if not session.is_relevant(name))
    rejected = {name: result.message for name, result in results.items() if not result.ok}
    rejected.update(too_big)
    for name, message in rejected.items():
        problems.append(Problem(where, row.number, plan.column_of(name), message))
    if not rejected:
        named = {instance_of(name) for name in given}
        for question in session.missing_required():
            if "[" in question.name and instance_of(question.name) not in named:
                continue  # an instance the return does not name: nothing of it is asked
            column = plan.column_of(question.name) or question.name
            message = question.required_message or "required, but blank"
            problems.append(Problem(where, row.number, column, message))
    if problems:
        return None, problems

    answers = stored_answers(session)
    organisation_name = field("organisation")
    organisation = (
        NewOrganisation(organisation_name, type=field("organisation_type"), region=field("region"))
        if organisation_name
        else None
    )
    attribution = answers.get("attribution")
    digest = content_id(questionnaire.form_id, answers, {name: field(name) for name in plan.fields})
    instance = instance_id(row, plan)
    interview = NewInterview(
        form_id=questionnaire.form_id,
        answers=answers,
        organisation=organisation_name,
        respondent=field("respondent"),
        role=field("role"),
        mode="online survey",
        status="complete",
        attribution=attribution if attribution in ATTRIBUTIONS else "anonymous",
        source="import",
        external_id=instance or digest,
        content_hash=digest,
        started_at=when or stamp,
        updated_at=stamp,
        completed_at=when or stamp,
    )
    return _PreparedRow(interview, organisation, ignored, row.number, instance), []


def stored_answers(session: InterviewSession) -> dict[str, Any]:
    """What an interview stores: relevant answers plus the calculations that have a value."""
    questionnaire = session.questionnaire
    answers = {
        name: value
        for name, value in session.answers.items()
        if questionnaire.has_question(name)
        and questionnaire.question(name).answerable
        and session.is_relevant(name)
    }
    answers.update(
        {k: v for k, v in session.calculations().items() if v is not None and "@" not in k}
    )  # a repeat_count (`visit/@count`) is worked out again from the answers
    return answers


def instance_id(row: Row, plan: ColumnPlan) -> str:
    """The submission's instanceID ("" if none), always as `uuid:...` for a bare UUID.

    Kobo's `_uuid` column omits the prefix that `meta/instanceID` carries; normalising
    means the same submission is recognised whichever column an export has.
    """
    for column in plan.id_columns:
        value = row.cells.get(column, "")
        if value:
            return f"uuid:{value}" if _BARE_UUID.fullmatch(value) else value
    return ""


def content_id(form_id: str, answers: dict[str, Any], fields: dict[str, str]) -> str:
    """An id for a row without an instanceID: a hash of its normalised values.

    Answers are the checked, canonical values (so "green  red" and "red green" agree, and
    the header style, `grp/q` or `grp-q`, does not matter); respondent fields have their
    blanks collapsed.
    """
    normalised = {name: " ".join(value.split()) for name, value in fields.items() if value}
    canonical = json.dumps([form_id, answers, normalised], sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _interview_time(row: Row, plan: ColumnPlan, where: str, problems: list[Problem]) -> str:
    """When the interview took place, as a stored timestamp ("" when the file does not say)."""
    column = plan.fields.get("interview_date")
    if column and row.cells.get(column):
        parsed = parse_when(row.cells[column])
        if parsed is None:
            problems.append(
                Problem(where, row.number, column, "not a date: use YYYY-MM-DD or DD/MM/YYYY")
            )
            return ""
        return parsed
    column = plan.submission_time
    if column and row.cells.get(column):
        return parse_when(row.cells[column]) or ""
    return ""


def parse_when(text: str) -> str | None:
    """An ISO date or date-time, or a UK DD/MM/YYYY date, as a UTC timestamp; None if neither."""
    text = text.strip()
    uk = _UK_DATE.fullmatch(text)
    try:
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            moment = datetime(year, month, day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        if not 1900 <= moment.year <= 9998:
            return None  # a typo, and out of range for a UTC stamp near the ends of time
        return _stamp(moment)
    except (ValueError, OverflowError):
        return None


def _stamp(moment: datetime) -> str:
    """A UTC timestamp, `YYYY-MM-DDTHH:MM:SS.mmmZ` (the year always four digits)."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}" + utc.strftime("-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
