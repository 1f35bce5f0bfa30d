"""Provides what a new revision of a questionnaire would do to the data already held.

    changes = revision_impact(held, old, new)   # held: {interview id: {question: value}}
    for change in changes: print(change)         # "job_role: base 72 -> 0 for 120 interviews"

A question's base is the number of held interviews in which it applies (skip logic of the
revision in question, enclosing groups included) and was answered: the base findings would
print. Every question whose base differs between the two revisions is one change, so a new
`relevant`, a removed question or a renamed one is seen before it is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.interview.relevance import relevant_questions
from engagement_tui.interview.repeats import is_instance_record, split_key


@dataclass(frozen=True)
class BaseChange:
    question: str
    before: int
    after: int
    interviews: int
    removed: bool = False

    def __str__(self) -> str:
        text = (
            f"{self.question}: base {self.before} → {self.after} for {self.interviews} interviews"
        )
        return text + (" (no longer in the questionnaire)" if self.removed else "")


def bases(questionnaire: Questionnaire, held: Mapping[Any, Mapping[str, Any]]) -> dict[str, int]:
    """Per answerable question, how many held interviews it applies to and is answered in."""
    names = [question.name for question in questionnaire.questions if question.answerable]
    counts = dict.fromkeys(names, 0)
    for answers in held.values():
        relevant = relevant_questions(questionnaire, answers)
        for name in names:
            if name in relevant and answers.get(name) is not None:
                counts[name] += 1
        if questionnaire.has_repeats:  # a question inside a repeat: instances answering it
            from engagement_tui.interview.session import InterviewSession

            session = InterviewSession(questionnaire, answers)
            for key, value in session.answers.items():
                name = split_key(key)[1]
                if "[" in key and name in counts and value is not None:
                    if not is_instance_record(key) and session.is_relevant(key):
                        counts[name] += 1
    return counts


def revision_impact(
    held: Mapping[Any, Mapping[str, Any]], old: Questionnaire, new: Questionnaire
) -> list[BaseChange]:
    """The questions whose base would change if `new` replaced `old` for the `held` answers."""
    if not held:
        return []
    before, after = bases(old, held), bases(new, held)
    changes = []
    for name in [*before, *(name for name in after if name not in before)]:
        was, will = before.get(name, 0), after.get(name, 0)
        if was != will:
            changes.append(BaseChange(name, was, will, len(held), removed=name not in after))
    return changes
