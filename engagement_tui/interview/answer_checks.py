"""Provides the checks on one answer: parsing, required, constraint, and the choices offered.

`AnswerChecks` is the part of `InterviewSession` that turns raw input into a canonical value
and says whether it may be kept (`validate`), gives a question's default, and keeps a
question's choices to its `choice_filter` (`choices_for`, `offered`). Form rules that fail to
evaluate are never taken as met: they are refused with a message, and reported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from engagement_tui.expressions import (
    COLUMN_PREFIX,
    ExpressionError,
    is_true,
    parse_choice_filter,
    truthy,
)
from engagement_tui.interview.answer_parsing import InvalidInput, is_empty, parse_value
from engagement_tui.interview.questionnaire import ChoiceList, Question, Questionnaire

if TYPE_CHECKING:
    from engagement_tui.interview.relevance import Evaluation

_log = logging.getLogger("engagement_tui.interview.session")

__all__ = ["AnswerChecks", "OfferedChoices", "Validation"]


@dataclass(frozen=True)
class Validation:
    """The outcome of checking one raw input."""

    ok: bool
    message: str = ""
    """Why not ok, in words an interviewer can act on."""
    value: Any = None
    """The normalised canonical value when ok (None = cleared)."""


class AnswerChecks:
    """Validation, defaults and offered choices of a session (mixed into InterviewSession)."""

    questionnaire: Questionnaire
    today: date | None
    _filter_errors: dict[str, str]
    _environment: Any
    _evaluation: Evaluation

    def values(self) -> dict[str, Any]:
        """What expressions see: answers of relevant questions plus current calculations."""
        return dict(self._evaluation.values)

    def is_relevant(self, name: str) -> bool:
        """The question's relevant and every enclosing group's relevant hold."""
        return name in self._evaluation.relevant

    def default_for(self, name: str) -> Any:
        """The question's `default` as a canonical value to pre-fill; None if it has none."""
        question = self.questionnaire.question(name)
        text = question.default.strip()
        if not text:
            return None
        if question.type == "date" and text.replace(" ", "") == "today()":
            return (self.today or date.today()).isoformat()
        try:
            return parse_value(question, self.choices_for(name), text)
        except InvalidInput:
            return None

    def validate(self, name: str, raw: Any) -> Validation:
        """Parse `raw` into the canonical value, then check type, required and constraint."""
        question = self.questionnaire.question(name)
        if not question.answerable:
            return Validation(False, "This question takes no answer")
        if is_empty(raw):
            if question.required and self.is_relevant(name):
                return Validation(False, question.required_message or "This question is required")
            return Validation(True)
        try:
            value = parse_value(question, self.choices_for(name), raw)
        except InvalidInput as problem:
            return Validation(False, str(problem))
        if question.constraint.strip():
            holds = self._constraint_holds(question, value)
            if isinstance(holds, str):
                return Validation(False, holds)
            if not holds:
                message = question.constraint_message or "This answer is not allowed here"
                return Validation(False, message)
        return Validation(True, value=value)

    def _constraint_holds(self, question: Question, value: Any) -> bool | str:
        """True or False, or why the constraint failed to evaluate (never taken as met)."""
        values = self.values()
        values[question.name] = value
        try:
            return is_true(
                question.constraint, values, value, self.today, environment=self._environment
            )
        except ExpressionError as error:
            _log.warning("constraint of %s failed: %s", question.name, error)
            return (
                f"The form's rule for this answer cannot be checked ({error});"
                " tell the form's author"
            )

    def expression_errors(self) -> dict[str, str]:
        """Questions whose relevant, calculation or choice_filter failed, and why (logged)."""
        return {**self._evaluation.errors, **self._filter_errors}

    def choices_for(self, name: str) -> ChoiceList:
        """The choices offered now: the question's list, kept to its choice_filter if any.

        A filter that fails offers nothing (never everything) and is reported."""
        question = self.questionnaire.question(name)
        choices = self.questionnaire.choices(question)
        self._filter_errors.pop(name, None)
        if not question.choice_filter.strip():
            return choices
        try:
            expression = parse_choice_filter(question.choice_filter)
            values = self.values()
            kept = []
            for choice in choices.choices:
                scope = dict(values)
                scope[COLUMN_PREFIX + "name"] = choice.name
                scope[COLUMN_PREFIX + "label"] = choice.label
                scope.update((COLUMN_PREFIX + key, value) for key, value in choice.filters)
                if truthy(expression.evaluate(scope, None, self.today, self._environment)):
                    kept.append(choice)
        except ExpressionError as error:
            self._filter_errors[name] = f"choice_filter: {error}"
            _log.warning("choice_filter of %s failed: %s", name, error)
            return ChoiceList(choices.name, ())
        return ChoiceList(choices.name, tuple(kept))

    def offered(self) -> OfferedChoices:
        """The questionnaire as a front end reads it, with each question's choices filtered."""
        return OfferedChoices(self)


class OfferedChoices:
    """Reads like the session's questionnaire, but `choices()` gives the choices offered now."""

    def __init__(self, session: AnswerChecks) -> None:
        self._session = session

    def choices(self, question: Question) -> ChoiceList:
        return self._session.choices_for(question.name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session.questionnaire, name)
