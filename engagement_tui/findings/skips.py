"""Provides skip logic for findings: which conditional questions applied in each interview.

A stored answer to a question that was not relevant under that interview's answers is
left out of findings (XLSForm semantics). Re-running a whole session per interview would
cost tens of thousands of evaluations, so interviews are keyed on the answers the conditions
read (followed through other conditions and calculations); each distinct set of those
answers gets one pass of the session's relevance plan (`relevant_questions`: every
condition evaluated once, in dependency order), shared by every interview that gave the
same answers. The cost is linear in the answers whatever the depth of the conditions: a
chain of 2,000 conditions (q2 if q1 was answered, q3 if q2 ...) costs 2,000 evaluations
per interview, not 2,000 x 2,000. The outcome is a bit mask per interview.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from engagement_tui.interview.questionnaire import Question, Questionnaire

_REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
BITS_PER_WORD = 62
"""Bits used per mask column (SQLite integers are signed 64-bit)."""


def _references(text: str) -> set[str]:
    return set(_REFERENCE.findall(text or ""))


def _conditions(questionnaire: Questionnaire, question: Question) -> list[str]:
    """The question's own `relevant` and those of every enclosing group."""
    texts = [question.relevant]
    for name in question.groups:
        try:
            texts.append(questionnaire.group(name).relevant)
        except KeyError:
            continue
    return [text for text in texts if text.strip()]


def condition_inputs(questionnaire: Questionnaire) -> frozenset[str]:
    """Every question whose answer can change whether some question applies: those the
    conditions read, followed through the conditions and calculations of what they read.
    One walk over the whole form (each question visited once), whatever the depth."""
    pending: set[str] = set()
    for question in questionnaire.questions:
        if question.answerable:
            for text in _conditions(questionnaire, question):
                pending |= _references(text)
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen or not questionnaire.has_question(name):
            continue
        seen.add(name)
        referenced = questionnaire.question(name)
        # A hidden question reads as blank, and a calculation reads its inputs.
        for text in _conditions(questionnaire, referenced) + [referenced.calculation]:
            pending |= _references(text) - seen
    return frozenset(seen)


class SkipPlan:
    """Relevance bits for a questionnaire's conditional questions."""

    def __init__(self, questionnaire: Questionnaire, today: date | None = None) -> None:
        self.questionnaire = questionnaire
        self.today = today
        self.bits: dict[str, tuple[int, int]] = {}
        for question in questionnaire.questions:
            if not question.answerable or not _conditions(questionnaire, question):
                continue
            if questionnaire.has_repeats and questionnaire.repeats_of(question):
                continue  # routed per instance: counted by findings/repeat_tally.py
            self.bits[question.name] = divmod(len(self.bits), BITS_PER_WORD)
        self.inputs: frozenset[str] = condition_inputs(questionnaire) if self.bits else frozenset()
        """Every answer the conditions read."""
        self.evaluations = 0
        """Passes of the relevance plan: one per distinct set of input answers."""
        self.conditions_evaluated = 0
        """Conditions those passes evaluated (at most one per condition a pass)."""

    @property
    def words(self) -> int:
        return -(-len(self.bits) // BITS_PER_WORD)

    def mask(self, question: str) -> tuple[int, int] | None:
        return self.bits.get(question)

    def masks(
        self, interview_ids: Iterable[int], values: Iterable[tuple[int, str, str]]
    ) -> dict[int, list[int]]:
        """Mask words per interview, from (interview id, question, JSON value) of the inputs."""
        answers: dict[int, dict[str, str]] = defaultdict(dict)
        for interview_id, name, raw in values:
            answers[interview_id][name] = raw
        # Interviews that gave the same answers to every input share one mask.
        shared: dict[frozenset[tuple[str, str]], list[int]] = {}
        result: dict[int, list[int]] = {}
        for interview_id in interview_ids:
            given = answers.get(interview_id, {})
            key = frozenset(given.items())
            words = shared.get(key)
            if words is None:
                words = shared[key] = self._words(given)
            result[interview_id] = words
        return result

    def _words(self, given: dict[str, str]) -> list[int]:
        """One pass of the relevance plan (each condition evaluated once, in dependency
        order) over the interview's input answers, as mask words."""
        from engagement_tui.interview.relevance import plan_for

        answers: dict[str, Any] = {name: json.loads(raw) for name, raw in given.items()}
        plan = plan_for(self.questionnaire)
        before = plan.conditions_evaluated
        relevant = plan.evaluate(answers, self.today).relevant
        self.evaluations += 1
        self.conditions_evaluated += plan.conditions_evaluated - before
        words = [0] * self.words
        for member, (word, bit) in self.bits.items():
            if member in relevant:
                words[word] |= 1 << bit
        return words
