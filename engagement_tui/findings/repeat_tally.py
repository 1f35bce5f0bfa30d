"""Provides the counts of questions inside repeats: one answer per instance, not per interview.

A question asked once per household member has as its base the instances that answered
it ("Base: 57 household members in 20 interviews"). Which instances exist and which of their
questions applied is worked out by the interview session from each interview's answers
(the same routing the officer saw), so an answer kept for a question that skip logic hid in
that instance is left out, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from engagement_tui.findings.tally import LIST_TYPES, Tally, _blank, _hashable
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.repeats import is_instance_record, split_key


def instance_answers(
    questionnaire: Questionnaire,
    rows: Iterable[tuple[int, str, Any]],
    today: date | None = None,
) -> dict[int, dict[str, list[Any]]]:
    """Interview id -> the form's question name -> the answers its instances gave there."""
    from engagement_tui.interview.session import InterviewSession

    by_interview: dict[int, dict[str, Any]] = {}
    for interview_id, key, value in rows:
        by_interview.setdefault(interview_id, {})[key] = value
    result: dict[int, dict[str, list[Any]]] = {}
    for interview_id, answers in by_interview.items():
        session = InterviewSession(questionnaire, answers, today=today)
        kept: dict[str, list[Any]] = {}
        for key, value in session.answers.items():
            if "[" in key and not is_instance_record(key) and session.is_relevant(key):
                if not _blank(value):
                    kept.setdefault(split_key(key)[1], []).append(value)
        result[interview_id] = kept
    return result


def repeat_unit(questionnaire: Questionnaire, question: Question, count: int = 2) -> str:
    """What one instance of the question's repeat is called: "household members"."""
    repeat = questionnaire.group(questionnaire.repeats_of(question)[-1])
    words = (repeat.label or repeat.name).strip().replace("_", " ")
    if words[:1].isupper() and words[1:2].islower():
        words = words[0].lower() + words[1:]
    return words if count == 1 or words.endswith("s") else words + "s"


def tally_in_repeat(
    question: Question,
    answers: dict[int, dict[str, list[Any]]],
    group_of: dict[int, int | None],
    columns: int,
) -> tuple[Tally, list[int]]:
    """The question's counts over instances, and the interviews they come from, per column."""
    tally = Tally(columns)
    interviews = [0] * columns
    for interview_id, by_question in answers.items():
        if interview_id not in group_of:
            continue  # outside the scope (a subset)
        values = by_question.get(question.name)
        if not values:
            continue
        group = group_of[interview_id]
        targets = [0] if group is None else [0, group + 1]
        for column in targets:
            interviews[column] += 1
        for value in values:
            for column in targets:
                tally.base[column] += 1
                if question.type in LIST_TYPES and isinstance(value, list):
                    for position, option in enumerate(value):
                        tally._row(tally.values, str(option))[column] += 1
                        if question.type == "rank":
                            if position == 0:
                                tally._row(tally.first, str(option))[column] += 1
                            tally._row(tally.rank_total, str(option))[column] += position + 1
                elif question.type not in ("text",):
                    tally._row(tally.values, _hashable(value))[column] += 1
    return tally, interviews
