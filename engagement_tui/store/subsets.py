"""Provides subsets: the interviews a `--where FIELD=VALUE` (repeatable) selects.

    conditions = parse_where(["region=London", "organisation_type=NHS trust"])
    subset = select(store.db, questionnaire, conditions, statuses=("complete",))
    subset.ids          # the interview ids matching every condition
    subset.description  # "region is London and organisation type is NHS trust"

A field is a field of the interview or its organisation (organisation_type, region,
system, organisation, interviewer, mode, source), any attribute of the member register,
the questionnaire's `revision` the return was made with, or a question of the
questionnaire, whose answer must be the value (a choice may be
given by name or label; for a multiple choice, one of the answers). Values compare
without regard to case. A field that does not exist, or a value no interview has, is a
SubsetError with one line that says what there is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store.database import Database
from engagement_tui.store.findings_queries import FIXED_FIELDS


class SubsetError(Exception):
    """A --where the user typed that selects nothing or names nothing; one line."""


@dataclass(frozen=True)
class Condition:
    field: str
    value: str
    shown: str = ""
    """The value as the data spells it ("NHS trust" for nhs trust, a choice's label)."""

    @property
    def words(self) -> str:
        return f"{self.field.replace('_', ' ')} is {self.shown or self.value}"


@dataclass(frozen=True)
class Subset:
    conditions: tuple[Condition, ...]
    ids: frozenset[int]
    total: int
    """How many interviews there were before the conditions."""

    @property
    def description(self) -> str:
        return " and ".join(condition.words for condition in self.conditions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": [
                {"field": c.field, "value": c.value, "shown": c.shown or c.value}
                for c in self.conditions
            ],
            "description": self.description,
            "interviews": len(self.ids),
            "of": self.total,
        }


def parse_where(texts: Iterable[str]) -> list[Condition]:
    """FIELD=VALUE strings as conditions (SubsetError for one without '=' or a field)."""
    conditions = []
    for text in texts:
        field, equals, value = text.partition("=")
        if not equals or not field.strip():
            raise SubsetError(f"--where {text!r}: write FIELD=VALUE, e.g. region=London")
        conditions.append(Condition(field.strip(), value.strip()))
    return conditions


def _known(db: Database, sql: str, params: Sequence[Any]) -> str:
    values = sorted(
        {str(row[0]) for row in db.conn.execute(sql, params) if row[0] not in ("", None)}
    )
    shown = ", ".join(values[:12]) + (", ..." if len(values) > 12 else "")
    return shown or "none recorded"


def _question_condition(
    questionnaire: Questionnaire, condition: Condition
) -> tuple[str, tuple[Any, ...], str]:
    """SQL for 'the answer to this question is the value'; the third item is the value as
    shown (a choice's label)."""
    question = questionnaire.question(condition.field)
    value: Any = condition.value
    shown = condition.value
    if question.choice_list:
        choices = questionnaire.choices(question)
        wanted = condition.value.casefold()
        names = [
            c.name for c in choices.choices if wanted in (c.name.casefold(), c.label.casefold())
        ]
        if not names:
            labels = ", ".join(c.label for c in choices.choices)
            raise SubsetError(
                f"--where {condition.field}={condition.value}: not a choice of"
                f" {condition.field} (choices: {labels})"
            )
        value = names[0]
        shown = choices.label_for(value)
    elif question.type in ("integer", "decimal", "range"):
        try:
            value = float(condition.value) if "." in condition.value else int(condition.value)
        except ValueError:
            raise SubsetError(
                f"--where {condition.field}={condition.value}: {condition.field} takes a number"
            ) from None
    encoded = json.dumps(value)
    sql = (
        "EXISTS (SELECT 1 FROM answers a WHERE a.interview_id = i.id AND a.question = ?"
        " AND (a.value = ? OR (json_type(a.value) = 'array' AND EXISTS"
        " (SELECT 1 FROM json_each(a.value) j WHERE j.value = ?))))"
    )
    return sql, (question.name, encoded, value), shown


def _field_condition(db: Database, condition: Condition) -> tuple[str, tuple[Any, ...], str]:
    """SQL for a field of the interview, its organisation, or a register attribute."""
    if condition.field == "revision":
        expression = (
            "CAST((SELECT q.revision FROM questionnaires q WHERE q.id = i.questionnaire_id)"
            " AS TEXT)"
        )
        return f"{expression} = ?", (condition.value,), expression
    if condition.field in FIXED_FIELDS:
        expression, params = FIXED_FIELDS[condition.field], ()
    else:
        path = '$."' + condition.field.replace('"', "") + '"'
        present = db.scalar(
            "SELECT 1 FROM organisations WHERE json_extract(attributes, ?) IS NOT NULL LIMIT 1",
            (path,),
        )
        if present is None:
            return "", (), ""
        expression = "coalesce(CAST(json_extract(o.attributes, ?) AS TEXT), '')"
        params = (path,)
    return f"{expression} = ? COLLATE NOCASE", (*params, condition.value), expression


def select(
    db: Database,
    questionnaire: Questionnaire,
    conditions: Sequence[Condition],
    statuses: Sequence[str] = ("complete",),
) -> Subset:
    """The interviews of the questionnaire with one of `statuses` meeting every condition."""
    marks = ", ".join("?" for _ in statuses)
    base = (
        "FROM interviews i LEFT JOIN organisations o ON o.id = i.organisation_id"
        f" WHERE i.form_id = ? AND i.status IN ({marks})"
    )
    base_params: tuple[Any, ...] = (questionnaire.form_id, *statuses)
    total = db.scalar(f"SELECT count(*) {base}", base_params)
    clauses, params = [], list(base_params)
    resolved = []
    for condition in conditions:
        shown = ""
        if questionnaire.has_question(condition.field):
            sql, values, shown = _question_condition(questionnaire, condition)
            expression = ""
        else:
            sql, values, expression = _field_condition(db, condition)
        if not sql:
            fields = ", ".join([*FIXED_FIELDS, "a register attribute", "a question name"])
            raise SubsetError(f"--where {condition.field}=...: unknown field (try: {fields})")
        clauses.append(sql)
        params.extend(values)
        alone = db.scalar(f"SELECT count(*) {base} AND {sql}", (*base_params, *values))
        if not alone:
            known = (
                _known(db, f"SELECT {expression} {base}", (*values[:-1], *base_params))
                if expression
                else "no answer matches"
            )
            raise SubsetError(
                f"--where {condition.field}={condition.value}: no returns have it (found: {known})"
            )
        if expression:
            shown = db.scalar(
                f"SELECT {expression} {base} AND {sql} LIMIT 1",
                (*values[:-1], *base_params, *values),
            )
        resolved.append(Condition(condition.field, condition.value, str(shown or "")))
    conditions = resolved
    where = "".join(f" AND {clause}" for clause in clauses)
    ids = frozenset(row[0] for row in db.conn.execute(f"SELECT i.id {base}{where}", params))
    if not ids:
        described = " and ".join(c.words for c in conditions)
        raise SubsetError(f"no returns where {described} (each holds alone; not together)")
    return Subset(tuple(conditions), ids, total)
