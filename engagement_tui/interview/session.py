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
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from engagement_tui.expressions import (
    COLUMN_PREFIX,
    ExpressionError,
    parse_choice_filter,
    truthy,
)
from engagement_tui.interview.answer_parsing import InvalidInput, is_empty, parse_value
from engagement_tui.interview.navigation import NEVER_SHOWN, Navigation, Section
from engagement_tui.interview.presentation import Presentation
from engagement_tui.interview.questionnaire import ChoiceList, Question, Questionnaire
from engagement_tui.interview.relevance import Evaluation, RelevancePlan, relevant_questions
from engagement_tui.interview.repeats import Expansion, RepeatLayout, Scope, is_instance_record
from engagement_tui.interview.session_plan import session_plan

_log = logging.getLogger(__name__)

__all__ = [
    "InterviewSession",
    "RelevancePlan",
    "Section",
    "Validation",
    "relevant_questions",
]


@dataclass(frozen=True)
class Validation:
    """The outcome of checking one raw input."""

    ok: bool
    message: str = ""
    """Why not ok, in words an interviewer can act on."""
    value: Any = None
    """The normalised canonical value when ok (None = cleared)."""


class InterviewSession(Navigation, Presentation):
    """One interview in progress: answers, relevance, position, validation."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        position: str = "",
        today: date | None = None,
        language: str = "",
    ) -> None:
        self.form = questionnaire
        """The questionnaire as defined; `questionnaire` is it with repeat instances written out
        and its texts in the language shown."""
        self.language = (
            questionnaire.in_language(language).language if language else questionnaire.language
        )
        """The language the texts are shown in ("" for a form written in one)."""
        self._shown_layout: RepeatLayout | None = None
        self._shown_form = questionnaire
        self.answers: dict[str, Any] = {k: v for k, v in (answers or {}).items() if v is not None}
        self.today = today
        self._layout = RepeatLayout(questionnaire) if questionnaire.has_repeats else None
        self._counts: dict[str, int] = {}
        self._count_problems: dict[str, str] = {}
        self._origin: dict[str, tuple[str, Scope]] = {}
        self._filter_errors: dict[str, str] = {}
        if self._layout:  # open-ended repeats' instances are known from the answers already
            self._counts = self._layout.counts(self.answers, {})[0]
        self._use(self._layout.expand(self._counts) if self._layout else None)
        self._stored: dict[str, Any] = dict(self.answers)
        """What the store holds, as far as this session knows (see `mark_stored`)."""
        self._given: set[str] = set()
        """Questions answered since the last `mark_stored` (their drafts are to be dropped)."""
        self._recompute()
        self.current: Question | None = None
        self.at_end = False
        self._resume(position)

    def _use(self, expansion: Expansion | None) -> None:
        """Run `expansion`'s questionnaire (None: the form as it is, having no repeats).

        Relevance and calculations always read the form as stored, so no answer or
        calculation depends on the language shown; only `questionnaire`, what is shown,
        has its texts in `language`."""
        questionnaire = expansion.questionnaire if expansion else self.form
        self._expanded = questionnaire
        self._origin = expansion.origin if expansion else {}
        self._shared = session_plan(questionnaire)
        self._plan: RelevancePlan = self._shared.relevance
        self._index = self._shared.index
        self._screen_group = self._shared.screen_group
        self._environment = self._shared.environment
        self.questionnaire = self._shown()

    def _shown(self) -> Questionnaire:
        """The written-out questionnaire with its texts in `language`. Translations are
        keyed by place in the form as defined, so the form is translated before its repeat
        instances are written out."""
        if not self.language or self.language == self.form.language:
            return self._expanded
        if self._shown_form.language != self.language:
            self._shown_form = self.form.in_language(self.language)
            self._shown_layout = RepeatLayout(self._shown_form) if self._layout else None
        if self._shown_layout is None:
            return self._shown_form
        return self._shown_layout.expand(self._counts).questionnaire

    def switch_language(self, language: str) -> None:
        """Show the questionnaire's texts in `language` (one of its `languages`) from now on.

        Only texts change: answers are held by name, so nothing stored changes with it.
        Raises interview.translations.UnknownLanguage for a language the form lacks."""
        self.language = self.form.in_language(language).language
        self.questionnaire = self._shown()
        if self.current is not None:
            self.current = self.questionnaire.question(self.current.name)

    # -- what is relevant ------------------------------------------------------------

    def _recompute(self) -> None:
        # No answers yet (every new interview, every survey return): the shared first pass.
        self._evaluation: Evaluation = (
            self._plan.evaluate(self.answers, self.today)
            if self.answers
            else self._shared.empty_evaluation(self.today or date.today())
        )
        if self._layout is None:
            return
        # Instances follow the answers: a count or an "add another?" may add or remove some,
        # and a nested repeat's count is known only once its enclosing instance exists.
        for _ in range(len(self.form.groups) + 2):
            counts, self._count_problems = self._layout.counts(
                self.answers, self._evaluation.calculations
            )
            if counts == self._counts:
                break
            self._counts = counts
            self._use(self._layout.expand(counts))
            self._evaluation = self._plan.evaluate(self.answers, self.today)
        for name in [n for n in self.answers if "[" in n and not self._has(n)]:
            del self.answers[name]  # an instance no longer asked for: its answers go with it

    def _has(self, name: str) -> bool:
        return self.questionnaire.has_question(name)

    def values(self) -> dict[str, Any]:
        """What expressions see: answers of relevant questions plus current calculations."""
        return dict(self._evaluation.values)

    def calculations(self) -> dict[str, Any]:
        """Every calculation's current value (None when empty or not relevant)."""
        return dict(self._evaluation.calculations)

    def is_relevant(self, name: str) -> bool:
        """The question's relevant and every enclosing group's relevant hold."""
        return name in self._evaluation.relevant

    def visible(self) -> list[Question]:
        """Relevant questions the interviewer sees (everything but calculations), in order."""
        relevant = self._evaluation.relevant
        return [
            question
            for question in self.questionnaire.questions
            if question.type not in NEVER_SHOWN and question.name in relevant
        ]

    def _answerable(self) -> list[Question]:
        return [question for question in self.visible() if question.answerable]

    def _is_answered(self, question: Question) -> bool:
        return question.name in self._evaluation.values

    # -- answers ----------------------------------------------------------------------

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
            value = self._parse(question, raw)
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

    def _parse(self, question: Question, raw: Any) -> Any:
        """`raw` parsed against the choices offered now (shared parsing when that is the
        whole list)."""
        if question.choice_filter.strip():
            return parse_value(question, self.choices_for(question.name), raw)
        return self._shared.parse(question, raw)

    def _constraint_holds(self, question: Question, value: Any) -> bool | str:
        """True or False, or why the constraint failed to evaluate (never taken as met)."""
        try:
            return self._shared.constraint_holds(
                question,
                self._evaluation.values,
                value,
                self.today or date.today(),
                self._environment,
            )
        except ExpressionError as error:
            _log.warning("constraint of %s failed: %s", question.name, error)
            return (
                f"The form's rule for this answer cannot be checked ({error});"
                " tell the form's author"
            )

    def expression_errors(self) -> dict[str, str]:
        """Questions whose relevant, calculation or choice_filter failed, and why (logged)."""
        return {**self._evaluation.errors, **self._filter_errors, **self._count_problems}

    def choices_for(self, name: str) -> ChoiceList:
        """The choices offered now: the question's list, kept to its choice_filter if any.

        A filter that fails offers nothing (never everything) and is reported."""
        question = self.questionnaire.question(name)
        choices = self.questionnaire.choices(question)
        self._filter_errors.pop(name, None)
        source = self.questionnaire.attachment(question.choice_list)
        if source is not None and source.missing:  # said where it matters, never silent
            self._filter_errors[name] = f"choices: attachment '{source.name}' was not imported"
            return choices
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
                self.answers[name] = self._shared.parse(question, raw)
            except InvalidInput:
                self.answers.pop(name, None)  # validate() below says what is wrong with it
        self._recompute()
        results: dict[str, Validation] = {}
        for name, raw in raws.items():
            if not self._has(name):
                results[name] = Validation(True)  # its instance was just given up
            elif not self.questionnaire.question(name).answerable:
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
            if is_instance_record(calc):
                continue  # a repeat_count is worked out again from the answers
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


class OfferedChoices:
    """Reads like the session's questionnaire, but `choices()` gives the choices offered now."""

    def __init__(self, session: InterviewSession) -> None:
        self._session = session

    def choices(self, question: Question) -> ChoiceList:
        return self._session.choices_for(question.name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session.questionnaire, name)
