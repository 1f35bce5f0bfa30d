"""Provides `SessionPlan`: what every interview session of one questionnaire shares.

A session is made per interview (and per survey return on import: 100,000 of them), so the
work that depends only on the questionnaire is done once here and shared: the relevance
plan, each question's place and field-list screen, the expression environment, the outcome
of no answers at all, and memos of parsed answers and constraint outcomes. Parsing is a pure
function of the question and the raw text when the question offers its whole choice list,
so "agree" for `right_approach` is parsed (and its choice looked up) once per questionnaire,
not once per return; a constraint's outcome is fixed by the value checked and the answers
it refers to.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any

from engagement_tui.expressions import Expression, ExpressionError, parse, truthy
from engagement_tui.interview.answer_parsing import InvalidInput, parse_value
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.relevance import (
    VOLATILE_FUNCTIONS,
    Evaluation,
    RelevancePlan,
    form_environment,
    per_questionnaire,
    plan_for,
)

_MEMO_LIMIT = 200_000
"""Parsed values kept per questionnaire (free text is never kept: it seldom repeats)."""
_UNMEMOISED_TYPES = frozenset({"text", "barcode"})
"""Types whose parsing is a strip: a memo would only hold every distinct text."""


class SessionPlan:
    """The questionnaire-only part of every session of `questionnaire`."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.relevance: RelevancePlan = plan_for(questionnaire)
        self.index = {question.name: i for i, question in enumerate(questionnaire.questions)}
        self.screen_group = {q.name: self._field_list_group(q) for q in questionnaire.questions}
        self.environment = form_environment(questionnaire)
        self._parsed: dict[tuple[str, str], Any] = {}
        self._constraints: dict[str, Expression | ExpressionError] = {}
        self._held: dict[tuple, bool] = {}
        self._empty: dict[date, Evaluation] = {}

    def empty_evaluation(self, today: date) -> Evaluation:
        """The relevance pass over no answers (every new session starts there); shared, so
        never to be changed by its reader."""
        evaluation = self._empty.get(today)
        if evaluation is None:
            evaluation = self._empty[today] = self.relevance.evaluate({}, today)
        return evaluation

    def constraint_holds(
        self, question: Question, values: Mapping[str, Any], value: Any, today: date, environment
    ) -> bool:
        """Whether the question's constraint holds for `value` given the other `values`;
        raises ExpressionError when it cannot be evaluated."""
        expression = self._constraints.get(question.name)
        if expression is None:
            try:
                expression = parse(question.constraint)
            except ExpressionError as error:
                expression = error
            self._constraints[question.name] = expression
        if isinstance(expression, ExpressionError):
            raise expression
        name = question.name
        volatile = any(word in expression.text for word in VOLATILE_FUNCTIONS)
        key = None
        if not volatile:
            key = (
                name,
                today,
                _frozen(value),
                *[
                    _frozen(value if ref == name else values.get(ref))
                    for ref in expression.references
                ],
            )
            held = self._held.get(key)
            if held is not None:
                return held
        scope = dict(values)
        scope[name] = value
        held = truthy(expression.evaluate(scope, value, today, environment))
        if key is not None:
            if len(self._held) >= _MEMO_LIMIT:
                self._held.clear()
            self._held[key] = held
        return held

    def _field_list_group(self, question: Question) -> str | None:
        """The outermost enclosing group shown as one screen, if any."""
        for name in question.groups:
            if not self.questionnaire.has_group(name):
                continue
            if "field-list" in self.questionnaire.group(name).appearance:
                return name
        return None

    def parse(self, question: Question, raw: Any) -> Any:
        """`parse_value` against the question's whole choice list; InvalidInput as it raises.

        Remembered for text input (what front ends and imports give) of every type but free
        text; lists come back as a new list each time, so a caller may change its own."""
        if raw.__class__ is not str or question.type in _UNMEMOISED_TYPES:
            return parse_value(question, self.questionnaire.choices(question), raw)
        key = (question.name, raw)
        try:
            outcome = self._parsed[key]
        except KeyError:
            try:
                outcome = parse_value(question, self.questionnaire.choices(question), raw)
            except InvalidInput as refusal:
                outcome = refusal
            if len(self._parsed) >= _MEMO_LIMIT:
                self._parsed.clear()
            self._parsed[key] = outcome
        if isinstance(outcome, InvalidInput):
            raise InvalidInput(str(outcome))
        return list(outcome) if outcome.__class__ is list else outcome


def _frozen(value: Any) -> Any:
    return tuple(value) if value.__class__ is list else value


_PLANS: dict[int, tuple[weakref.ref, SessionPlan]] = {}


def session_plan(questionnaire: Questionnaire) -> SessionPlan:
    """The shared plan of this questionnaire object, built once while the object lives."""
    return per_questionnaire(_PLANS, questionnaire, SessionPlan)
