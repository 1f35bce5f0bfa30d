"""Provides one table per repeat, in ODK's shape: a row per instance, `PARENT_KEY` and `KEY`.

The main table holds one row per interview and the questions outside repeats; a repeat's
table holds one row per instance with the questions directly inside it (a nested repeat
has a table of its own). `KEY` names the instance as ODK does (`uuid:U/member[2]`,
nested `uuid:U/woman[1]/child[2]`) and `PARENT_KEY` the row it belongs to (the interview's
`uuid:U`, or the enclosing instance). A multiple choice has a 0/1 column per option (a
ranking its places), as in the main table.
"""

from __future__ import annotations

from typing import Any

from engagement_tui.exports.records import ExportRecord
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.repeats import INSTANCE

MULTI_TYPES = ("select_multiple", "rank")


def repeat_names(questionnaire: Questionnaire) -> list[str]:
    """The repeats of the questionnaire, in order: one table each."""
    return [group.name for group in questionnaire.groups if group.repeat]


def file_kind(repeat: str) -> str:
    """What a repeat's CSV is called after the export's stem: `-member.csv`, never `-wide`."""
    return f"repeat-{repeat}" if repeat in ("long", "wide") else repeat


def interview_key(record: ExportRecord) -> str:
    return f"uuid:{record.metadata['uuid']}"


def _own_questions(questionnaire: Questionnaire, repeat: str) -> list[Question]:
    return [
        q
        for q in questionnaire.questions
        if q.type != "note" and questionnaire.repeats_of(q)[-1:] == (repeat,)
    ]


def _column(question: Question, repeat: str) -> str:
    """The question's path inside its repeat (groups within the repeat, then its name)."""
    inside = question.groups[question.groups.index(repeat) + 1 :]
    # The same name in another repeat was named REPEAT.NAME by the loader: here it is NAME.
    name = question.name.removeprefix(f"{question.groups[-1]}.")
    return "/".join((*inside, name))


def _plain(value: Any) -> Any:
    return " ".join(str(v) for v in value) if isinstance(value, list) else value


def repeat_rows(
    questionnaire: Questionnaire, record: ExportRecord, repeat: str
) -> list[dict[str, Any]]:
    """The rows of `repeat`'s table for one interview, each with PARENT_KEY and KEY."""
    own = _own_questions(questionnaire, repeat)
    rows = []
    for instance in record.instances:
        path = INSTANCE.findall(instance + "/")
        if not path or path[-1][0] != repeat:
            continue
        parent = instance.rsplit("/", 1)[0] if "/" in instance else ""
        row: dict[str, Any] = {}
        for question in own:
            value = record.answers.get(f"{instance}/{question.name}")
            if value is None:
                continue
            column = _column(question, repeat)
            row[column] = _plain(value)
            if question.type in MULTI_TYPES:
                order = [str(v) for v in value] if isinstance(value, list) else []
                for name in questionnaire.choices(question).names:
                    if question.type == "rank":
                        row[f"{column}/{name}"] = order.index(name) + 1 if name in order else None
                    else:
                        row[f"{column}/{name}"] = int(name in order)
        row["PARENT_KEY"] = interview_key(record) + (f"/{parent}" if parent else "")
        row["KEY"] = f"{interview_key(record)}/{instance}"
        rows.append(row)
    return rows


def repeat_columns(questionnaire: Questionnaire, repeat: str) -> list[str]:
    columns = []
    for question in _own_questions(questionnaire, repeat):
        column = _column(question, repeat)
        columns.append(column)
        if question.type in MULTI_TYPES:
            columns += [f"{column}/{n}" for n in questionnaire.choices(question).names]
    return [*columns, "PARENT_KEY", "KEY"]


def repeat_frames(questionnaire: Questionnaire, records: list[ExportRecord]) -> dict[str, Any]:
    """Repeat name -> its table (a DataFrame), for every repeat of the questionnaire."""
    import pandas as pd

    return {
        repeat: pd.DataFrame(
            [row for record in records for row in repeat_rows(questionnaire, record, repeat)],
            columns=repeat_columns(questionnaire, repeat),
            dtype=object,
        )
        for repeat in repeat_names(questionnaire)
    }
