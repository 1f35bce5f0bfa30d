"""Provides skip logic for findings: which conditional questions applied in each interview.

A stored answer to a question that was not relevant under that interview's answers is
left out of findings (XLSForm semantics). Re-running a whole session per interview would
cost tens of thousands of evaluations, so the questions whose relevance can vary are
grouped by the answers their conditions read (followed through other conditions and
calculations); each distinct tuple of those answers is evaluated once, with
`relevant_questions` from the session, and the result is shared by every interview
that gave the same answers. The outcome is a bit mask per interview.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
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


def dependencies(questionnaire: Questionnaire, question: Question) -> frozenset[str]:
    """Every question whose answer can change whether `question` applies."""
    pending = set().union(*(_references(text) for text in _conditions(questionnaire, question)))
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


@dataclass
class _Family:
    """Conditional questions that depend on the same answers."""

    inputs: tuple[str, ...]
    members: list[str] = field(default_factory=list)
    cache: dict[tuple[str | None, ...], frozenset[str]] = field(default_factory=dict)


class SkipPlan:
    """Relevance bits for a questionnaire's conditional questions."""

    def __init__(self, questionnaire: Questionnaire, today: date | None = None) -> None:
        self.questionnaire = questionnaire
        self.today = today
        self.bits: dict[str, tuple[int, int]] = {}
        families: dict[frozenset[str], _Family] = {}
        for question in questionnaire.questions:
            if not question.answerable or not _conditions(questionnaire, question):
                continue
            if questionnaire.has_repeats and questionnaire.repeats_of(question):
                continue  # routed per instance: counted by findings/repeat_tally.py
            inputs = dependencies(questionnaire, question)
            family = families.setdefault(inputs, _Family(tuple(sorted(inputs))))
            family.members.append(question.name)
            index = len(self.bits)
            self.bits[question.name] = divmod(index, BITS_PER_WORD)
        self.families = list(families.values())
        self.evaluations = 0

    @property
    def words(self) -> int:
        return -(-len(self.bits) // BITS_PER_WORD)

    @property
    def inputs(self) -> frozenset[str]:
        """Every answer the conditions read."""
        return frozenset().union(*(family.inputs for family in self.families))

    def mask(self, question: str) -> tuple[int, int] | None:
        return self.bits.get(question)

    def _relevant(self, family: _Family, key: tuple[str | None, ...]) -> frozenset[str]:
        cached = family.cache.get(key)
        if cached is None:
            from engagement_tui.interview.session import relevant_questions

            answers: dict[str, Any] = {
                name: json.loads(raw)
                for name, raw in zip(family.inputs, key, strict=True)
                if raw is not None
            }
            cached = relevant_questions(self.questionnaire, answers, today=self.today)
            family.cache[key] = cached
            self.evaluations += 1
        return cached

    def masks(
        self, interview_ids: Iterable[int], values: Iterable[tuple[int, str, str]]
    ) -> dict[int, list[int]]:
        """Mask words per interview, from (interview id, question, JSON value) of the inputs."""
        answers: dict[int, dict[str, str]] = defaultdict(dict)
        for interview_id, name, raw in values:
            answers[interview_id][name] = raw
        inputs = sorted(self.inputs)
        # Interviews that gave the same answers to every input share one mask.
        shared: dict[tuple[str | None, ...], list[int]] = {}
        result: dict[int, list[int]] = {}
        for interview_id in interview_ids:
            given = answers.get(interview_id, {})
            key = tuple(given.get(name) for name in inputs)
            words = shared.get(key)
            if words is None:
                words = shared[key] = self._words(given)
            result[interview_id] = words
        return result

    def _words(self, given: dict[str, str]) -> list[int]:
        words = [0] * self.words
        for family in self.families:
            relevant = self._relevant(family, tuple(given.get(name) for name in family.inputs))
            for member in family.members:
                if member in relevant:
                    word, bit = self.bits[member]
                    words[word] |= 1 << bit
        return words
