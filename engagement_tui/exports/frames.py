"""Provides the export tables as pandas DataFrames: long, wide, labelled, data dictionary, notes.

Wide columns are named ODK-style by group path (`section/question`); a multiple choice
is one column of space-separated values plus one 0/1 column per option
(`section/question/option`), as ODK Central and Kobo export them; a ranking has the
same columns holding each option's place (1 = ranked first).
"""

from __future__ import annotations

from typing import Any

from engagement_tui.exports.records import METADATA_COLUMNS, ExportRecord
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.repeats import split_key

MULTI_TYPES = ("select_multiple", "rank")


def column_name(question: Question) -> str:
    return "/".join((*question.groups, question.name))


def _answer_questions(questionnaire: Questionnaire) -> list[Question]:
    return [q for q in questionnaire.questions if q.type != "note"]


def _main_questions(questionnaire: Questionnaire) -> list[Question]:
    """The main table's questions: those outside repeats (each repeat has its own table)."""
    questions = _answer_questions(questionnaire)
    if not questionnaire.has_repeats:
        return questions
    return [q for q in questions if not questionnaire.repeats_of(q)]


def _plain(value: Any) -> Any:
    """The value of one cell: lists space-separated, numbers kept as numbers."""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return value


def _label(questionnaire: Questionnaire, question: Question, value: Any) -> Any:
    if question.choice_list:
        choices = questionnaire.choices(question)
        if isinstance(value, list):
            return "; ".join(choices.label_for(str(v)) for v in value)
        return choices.label_for(str(value))
    return _plain(value)


def long_frame(questionnaire: Questionnaire, records: list[ExportRecord]):
    """One row per answer: interview uuid, question, value, label."""
    import pandas as pd

    rows = []
    for record in records:
        for question in _main_questions(questionnaire):
            if question.name in record.answers:
                value = record.answers[question.name]
                rows.append(
                    {
                        "uuid": record.metadata["uuid"],
                        "question": column_name(question),
                        "value": _plain(value),
                        "label": _label(questionnaire, question, value),
                    }
                )
        for key, value in record.answers.items():
            if "[" in key:  # a repeat instance's answer: its key is its ODK path
                question = questionnaire.question(split_key(key)[1])
                if question.type != "note":
                    label = _label(questionnaire, question, value)
                    rows.append(
                        {
                            "uuid": record.metadata["uuid"],
                            "question": key,
                            "value": _plain(value),
                            "label": label,
                        }
                    )
    return pd.DataFrame(rows, columns=["uuid", "question", "value", "label"], dtype=object)


def wide_frame(questionnaire: Questionnaire, records: list[ExportRecord], *, labels: bool = False):
    """One row per interview: metadata columns, then each question (and option) column."""
    import pandas as pd

    columns = list(METADATA_COLUMNS)
    if questionnaire.has_repeats:
        columns.append("KEY")  # what the repeat tables' PARENT_KEY refers to
    for question in _main_questions(questionnaire):
        columns.append(column_name(question))
        if question.type in MULTI_TYPES:
            columns += [
                f"{column_name(question)}/{n}" for n in questionnaire.choices(question).names
            ]
    rows = []
    for record in records:
        row: dict[str, Any] = dict(record.metadata)
        if questionnaire.has_repeats:
            row["KEY"] = f"uuid:{record.metadata['uuid']}"
        for question in _main_questions(questionnaire):
            path = column_name(question)
            value = record.answers.get(question.name)
            if value is None:
                continue
            row[path] = _label(questionnaire, question, value) if labels else _plain(value)
            if question.type in MULTI_TYPES:
                order = [str(v) for v in value] if isinstance(value, list) else []
                for name in questionnaire.choices(question).names:
                    if question.type == "rank":  # the option's place, 1 = first; blank if unranked
                        row[f"{path}/{name}"] = order.index(name) + 1 if name in order else None
                    else:
                        row[f"{path}/{name}"] = int(name in order)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns, dtype=object)


METADATA_MEANINGS = {
    "uuid": "Interview identifier",
    "organisation": "Organisation (pseudonymised exports: its type and region unless named)",
    "organisation_type": "Type of organisation, from the member register",
    "region": "Region, from the member register",
    "system": "Integrated care system, from the member register",
    "respondent": "Respondent (a pseudonym unless personal data was exported)",
    "role": "Respondent's role (kept only where attribution allows)",
    "attribution": "How the respondent agreed to be attributed: named, role_only, anonymous",
    "interviewer": "Interviewer",
    "mode": "How the interview was done (in person, video, phone, online survey)",
    "status": "complete, draft or withdrawn",
    "source": "interview, import or demo",
    "started_at": "When the interview started (UTC)",
    "completed_at": "When the interview was completed (UTC)",
}


def routing(questionnaire: Questionnaire, question: Question) -> str:
    """Every condition under which the question is asked: its sections' and its own."""
    conditions = []
    for name in question.groups:
        if questionnaire.has_group(name) and questionnaire.group(name).relevant.strip():
            group = questionnaire.group(name)
            conditions.append(f"section {group.label or group.name}: {group.relevant.strip()}")
    if question.relevant.strip():
        conditions.append(question.relevant.strip())
    return " AND ".join(conditions)


def dictionary_frame(questionnaire: Questionnaire):
    """The data dictionary: one row per column of the data sheet, with its routing."""
    import pandas as pd

    rows = [
        {"column": name, "question": "", "type": "metadata", "wording": meaning}
        for name, meaning in METADATA_MEANINGS.items()
    ]
    for question in _answer_questions(questionnaire):
        choices = questionnaire.choices(question).choices if question.choice_list else ()
        common = {
            "question": question.name,
            "relevance": routing(questionnaire, question),
            "constraint": question.constraint,
            "required": "yes" if question.required else "",
        }
        rows.append(
            {
                "column": column_name(question),
                "type": question.type,
                "wording": question.label,
                "choices": "; ".join(f"{c.name} = {c.label}" for c in choices),
                **common,
            }
        )
        if question.type in MULTI_TYPES:
            meaning = (
                "place given (1 = ranked first; blank = not ranked)"
                if question.type == "rank"
                else "1 = chosen, 0 = not chosen"
            )
            for choice in choices:
                rows.append(
                    {
                        "column": f"{column_name(question)}/{choice.name}",
                        "type": f"{question.type} option",
                        "wording": f"{question.label}: {choice.label} ({meaning})",
                        "choices": f"{choice.name} = {choice.label}",
                        **common,
                    }
                )
    columns = ["column", "question", "type", "wording", "choices", "relevance"]
    return pd.DataFrame(rows, columns=[*columns, "constraint", "required"], dtype=object).fillna("")


def notes_frame(records: list[ExportRecord]):
    import pandas as pd

    rows = [
        {"uuid": record.metadata["uuid"], **note} for record in records for note in record.notes
    ]
    return pd.DataFrame(
        rows, columns=["uuid", "question", "kind", "text", "created_at"], dtype=object
    )
