"""Provides the interview session: the headless engine both front ends drive.

An `InterviewSession` holds one interview's answers against a questionnaire and knows what
is relevant, where the interview is, which questions share a screen, how raw input becomes a
canonical value, and what to persist after each answer. It does no I/O: `give()` takes
the answers of one screen (or one survey return) at once, and `updates()` says what differs
from what was last stored (`mark_stored()`), calculations included, so a caller that commits
`updates()` can never leave out an answer or a calculation given since its last commit.

XLSForm rules apply throughout: a question that is not relevant is not required and counts
as unanswered everywhere (its stored answer is kept but left out of `values()`, progress,
review and calculations); calculations are recomputed after every answer.

Moving between screens and sections is `navigation.ScreenNavigation`; checking one answer
and the choices offered is `answer_checks.AnswerChecks`; both are mixed in here, where the
answers are kept and given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from engagement_tui.interview.answer_checks import AnswerChecks, OfferedChoices, Validation
from engagement_tui.interview.answer_parsing import InvalidInput, is_empty, parse_value
from engagement_tui.interview.navigation import ScreenNavigation, Section
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.relevance import (
    Evaluation,
    RelevancePlan,
    form_environment,
    plan_for,
    relevant_questions,
)

__all__ = [
    "InterviewSession",
    "OfferedChoices",
    "RelevancePlan",
    "Section",
    "Validation",
    "relevant_questions",
]


class InterviewSession(ScreenNavigation, AnswerChecks):
    """One interview in progress: answers, relevance, position, validation."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        position: str = "",
        today: date | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.answers: dict[str, Any] = {k: v for k, v in (answers or {}).items() if v is not None}
        self.today = today
        self._plan: RelevancePlan = plan_for(questionnaire)
        self._index = {question.name: i for i, question in enumerate(questionnaire.questions)}
        self._screen_group = {q.name: self._field_list_group(q) for q in questionnaire.questions}
        self._filter_errors: dict[str, str] = {}
        self._environment = form_environment(questionnaire)
        self._stored: dict[str, Any] = dict(self.answers)
        """What the store holds, as far as this session knows (see `mark_stored`)."""
        self._given: set[str] = set()
        """Questions answered since the last `mark_stored` (their drafts are to be dropped)."""
        self._evaluation: Evaluation = self._plan.evaluate(self.answers, today)
        self.current: Question | None = None
        self.at_end = False
        self._resume(position)

    # -- what is relevant ------------------------------------------------------------

    def _recompute(self) -> None:
        self._evaluation = self._plan.evaluate(self.answers, self.today)

    def calculations(self) -> dict[str, Any]:
        """Every calculation's current value (None when empty or not relevant)."""
        return dict(self._evaluation.calculations)

    def _answerable(self) -> list[Question]:
        return [question for question in self.visible() if question.answerable]

    # -- answers ----------------------------------------------------------------------

    def answer(self, name: str, raw: Any) -> Validation:
        """Validate and, if ok, store one answer and recompute; see `give()`."""
        return self.give({name: raw}).get(name, Validation(True))

    def give(self, raws: Mapping[str, Any]) -> dict[str, Validation]:
        """Answer several questions at once (a screen, a survey return): all or none.

        Every parseable value is applied first and relevance recomputed, so a question is
        checked (required, constraint) against the other answers given with it, the way a
        finished form is. Questions that are not relevant under those answers are left as
        they were (and reported ok with value None). If any relevant answer is refused,
        nothing changes and the result holds its message; else the answers are kept and
        calculations recomputed. Returns a Validation per question given.
        """
        before = dict(self.answers)
        for name, raw in raws.items():
            question = self.questionnaire.question(name)
            if not question.answerable:
                continue
            if is_empty(raw):
                self.answers.pop(name, None)
                continue
            try:
                choices = self.questionnaire.choices(question)
                self.answers[name] = parse_value(question, choices, raw)
            except InvalidInput:
                self.answers.pop(name, None)  # validate() below says what is wrong with it
        self._recompute()
        results: dict[str, Validation] = {}
        for name, raw in raws.items():
            if not self.questionnaire.question(name).answerable:
                # A note or read-only question: nothing to give, and a value given is refused.
                results[name] = Validation(True) if is_empty(raw) else self.validate(name, raw)
            elif self.is_relevant(name):
                results[name] = self.validate(name, raw)
            else:
                results[name] = Validation(True)
        if not all(result.ok for result in results.values()):
            self.answers = before
            self._recompute()
            return results
        restored = False
        for name in raws:  # a hidden question keeps what it had: its answer was not shown
            if self.is_relevant(name) or self.answers.get(name) == before.get(name):
                continue
            if name in before:
                self.answers[name] = before[name]
            else:
                self.answers.pop(name, None)
            restored = True
        if restored:  # only then: relevance is the costly part of a keypress
            self._recompute()
        self._given.update(name for name in raws if self.is_relevant(name))
        for calc, value in self._evaluation.calculations.items():
            if value is None:
                self.answers.pop(calc, None)
            else:
                self.answers[calc] = value
        return results

    def updates(self) -> dict[str, Any]:
        """What to store now: every answer and calculation that differs from what was last
        stored (None clears), and every question given since (even if unchanged)."""
        names = set(self._stored) | set(self.answers)
        changed = {n for n in names if self.answers.get(n) != self._stored.get(n)}
        order = {question.name: i for i, question in enumerate(self.questionnaire.questions)}
        wanted = changed | self._given
        return {n: self.answers.get(n) for n in sorted(wanted, key=lambda n: order.get(n, -1))}

    def mark_stored(self) -> None:
        """The caller committed `updates()`: that is what the store holds now."""
        self._stored = dict(self.answers)
        self._given.clear()

    # -- where the interview stands -----------------------------------------------------

    def progress(self) -> tuple[int, int]:
        """(answered, answerable visible questions); notes are not counted."""
        answerable = self._answerable()
        return sum(1 for q in answerable if self._is_answered(q)), len(answerable)

    def missing_required(self) -> list[Question]:
        return [q for q in self._answerable() if q.required and not self._is_answered(q)]

    def invalid_answers(self) -> list[tuple[Question, str]]:
        """Visible answers that no longer pass their type or constraint check."""
        problems = []
        for question in self._answerable():
            if self._is_answered(question):
                result = self.validate(question.name, self.answers[question.name])
                if not result.ok:
                    problems.append((question, result.message))
        return problems

    @property
    def is_complete(self) -> bool:
        return not self.missing_required() and not self.invalid_answers()

    def review(self) -> list[tuple[Question, Any]]:
        """Visible answerable questions with their effective values (None = unanswered)."""
        values = self._evaluation.values
        return [(question, values.get(question.name)) for question in self._answerable()]
