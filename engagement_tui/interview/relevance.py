"""Provides the relevance plan: which questions apply under a set of answers, and what the
calculations come to.

XLSForm rules: a question is relevant when its own `relevant` and every enclosing group's
`relevant` are true; a question that is not relevant counts as unanswered, so expressions
never see its stored value. Calculations are computed from what is relevant.

A `RelevancePlan` does the per-questionnaire work once (parsing every expression, ordering
groups, questions and calculations so that each is evaluated after what it refers to) and
then evaluates a set of answers in a single pass. Both the interview session and findings
over tens of thousands of interviews use it, so they always agree.

An expression that fails at run time is never taken as true: a `relevant` that fails counts
as false (the question is not shown), a calculation that fails gives no value, and each
failure is kept in `Evaluation.errors` (and logged) so the front ends can say so. The
loader's check reports expressions that cannot be parsed before a questionnaire is used.
"""

from __future__ import annotations

import heapq
import logging
import math
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from engagement_tui.expressions import Expression, ExpressionError, parse, to_string, truthy
from engagement_tui.expressions.functions import FunctionError
from engagement_tui.interview.attachments import pulldata_function
from engagement_tui.interview.questionnaire import Questionnaire

VOLATILE_FUNCTIONS = ("random(", "uuid(", "now(", "once(")
"""Functions whose result is not fixed by the referenced values, so never memoised."""
_MEMO_LIMIT = 4096
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """An expression that failed at run time; `message` says why."""

    message: str


class Compiled:
    """A parsed expression that remembers its outcomes by the values it refers to.

    Across thousands of interviews the referenced answers take few distinct values (a
    select, a count), so most evaluations become one dictionary look-up. A condition's
    outcome is a bool (true when it cannot be evaluated); a calculation's is the stored
    value; either is a Failure when the expression fails at run time.
    """

    __slots__ = ("environment", "expression", "is_condition", "memo", "refs")

    def __init__(
        self, expression: Expression, is_condition: bool, environment: Mapping | None = None
    ) -> None:
        self.expression = expression
        self.environment = environment
        self.refs = tuple(sorted(expression.references))
        self.is_condition = is_condition
        volatile = any(name in expression.text for name in VOLATILE_FUNCTIONS)
        self.memo: dict[tuple, Any] | None = None if volatile else {}

    def outcome(self, values: Mapping[str, Any], today: date) -> Any:
        memo = self.memo
        if memo is None:
            return self._evaluate(values, today)
        # Lists (select_multiple, rank) become tuples to be hashable; answers are never tuples.
        key = (today, *[_frozen(values.get(ref)) for ref in self.refs])
        try:
            return memo[key]
        except KeyError:
            pass
        outcome = self._evaluate(values, today)
        if len(memo) < _MEMO_LIMIT:
            memo[key] = outcome
        return outcome

    def _evaluate(self, values: Mapping[str, Any], today: date) -> Any:
        try:
            result = self.expression.evaluate(values, today=today, environment=self.environment)
        except ExpressionError as error:
            return Failure(str(error))
        return truthy(result) if self.is_condition else calculation_value(result)


def _frozen(value: Any) -> Any:
    return tuple(value) if value.__class__ is list else value


class Broken:
    """An expression that cannot be parsed: every outcome is a Failure, never true."""

    __slots__ = ("failure", "refs")

    def __init__(self, error: ExpressionError) -> None:
        self.failure = Failure(str(error))
        self.refs: tuple[str, ...] = ()

    def outcome(self, _values: Mapping[str, Any], _today: date) -> Failure:
        return self.failure


class Constant:
    """A value fixed by the form (a hidden question's default): no expression to evaluate."""

    __slots__ = ("refs", "value")

    def __init__(self, text: str) -> None:
        self.value = text.strip() or None
        self.refs: tuple[str, ...] = ()

    def outcome(self, _values: Mapping[str, Any], _today: date) -> str | None:
        return self.value


def form_environment(questionnaire: Questionnaire) -> dict[str, Any]:
    """What version(), jr:choice-name(), property() and pulldata() read in this questionnaire.

    property() gives "" (a terminal has no ODK device properties: deviceid, username...)."""

    def choice_name(args) -> str:
        value, where = to_string(args[0]), to_string(args[1]).strip()
        name = where.removeprefix("${").removesuffix("}").rsplit("/", 1)[-1]
        question = (
            questionnaire.question(name)
            if questionnaire.has_question(name)
            # a question of a repeat: every instance (`member[2]/NAME`) has its choices
            else next((q for q in questionnaire.questions if q.name.endswith("/" + name)), None)
        )
        if question is None:
            raise FunctionError(f"jr:choice-name(): no question '{name}'")
        return questionnaire.choices(question).label_for(value)

    return {
        "version": lambda _args: questionnaire.version,
        "jr:choice-name": choice_name,
        "property": lambda _args: "",
        "pulldata": pulldata_function(questionnaire.attachments),
    }


def compile_expression(
    text: str, is_condition: bool = True, environment: Mapping | None = None
) -> Compiled | Broken | None:
    """The compiled expression, None for an empty one, Broken for an unparseable one."""
    if not text.strip():
        return None
    try:
        return Compiled(parse(text), is_condition, environment)
    except ExpressionError as error:
        return Broken(error)


def calculation_value(result: Any) -> Any:
    """A calculation's result as stored: as the expression gives it, with empty and NaN as None.

    Expressions compute in floats; a whole number is stored as one (2, not 2.0), as ODK
    writes it, so exports and comparisons read naturally.
    """
    if result is None or result == "":
        return None
    if isinstance(result, float):
        if math.isnan(result):
            return None
        if result.is_integer():
            return int(result)
    return result


@dataclass(frozen=True)
class _Step:
    """One group or question, in evaluation order."""

    name: str
    is_group: bool
    group: str | None
    """The innermost enclosing group (for a group: its parent), already evaluated."""
    condition: Compiled | Broken | None
    calculation: Compiled | Broken | Constant | None = None
    is_calculate: bool = False
    has_value: bool = True


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one pass over a set of answers."""

    relevant: frozenset[str]
    """Names of the relevant questions (every type, calculations and notes included)."""
    values: dict[str, Any]
    """What expressions see: answers of relevant questions plus relevant calculations."""
    calculations: dict[str, Any]
    """Every calculation's value; None when empty or not relevant."""
    errors: dict[str, str]
    """Question or group name -> why its relevant or calculation failed (never taken as true)."""


class RelevancePlan:
    """Everything about a questionnaire's logic that does not depend on the answers."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.steps: tuple[_Step, ...] = tuple(_ordered_steps(questionnaire))
        self.conditions_evaluated = 0
        """Conditions evaluated by every pass so far (each at most once a pass)."""

    def evaluate(self, answers: Mapping[str, Any], today: date | None = None) -> Evaluation:
        today = today or date.today()
        group_relevant: dict[str, bool] = {}
        relevant: set[str] = set()
        values: dict[str, Any] = {}
        calculations: dict[str, Any] = {}
        errors: dict[str, str] = {}
        conditions = 0
        for step in self.steps:
            applies = group_relevant.get(step.group, True) if step.group else True
            if applies and step.condition is not None:
                conditions += 1
                applies = step.condition.outcome(values, today)
                if isinstance(applies, Failure):
                    errors[step.name] = f"relevant: {applies.message}"
                    applies = False
            if step.is_group:
                group_relevant[step.name] = applies
                continue
            if step.is_calculate:
                calculation = step.calculation
                value = calculation.outcome(values, today) if applies and calculation else None
                if isinstance(value, Failure):
                    errors[step.name] = f"calculation: {value.message}"
                    value = None
                calculations[step.name] = value
            else:
                value = answers.get(step.name) if step.has_value else None
            if applies:
                relevant.add(step.name)
                if value is not None:
                    values[step.name] = value
        self.conditions_evaluated += conditions
        for name, message in errors.items():
            _log.warning("expression failed for %s: %s", name, message)
        return Evaluation(frozenset(relevant), values, calculations, errors)

    def relevant(self, answers: Mapping[str, Any], today: date | None = None) -> frozenset[str]:
        return self.evaluate(answers, today).relevant


def _ordered_steps(questionnaire: Questionnaire) -> list[_Step]:
    """Groups and questions ordered so each comes after everything it depends on.

    Ties (and anything caught in a reference cycle) keep questionnaire order.
    """
    names = {
        question.name
        for question in questionnaire.questions
        if not (questionnaire.has_repeats and questionnaire.repeats_of(question))
    }
    environment = form_environment(questionnaire)
    steps: dict[tuple[bool, str], _Step] = {}
    depends: dict[tuple[bool, str], set[tuple[bool, str]]] = {}
    rank: dict[tuple[bool, str], tuple[int, int]] = {}

    def references(compiled: Compiled | Broken | None, own: str = "") -> set[tuple[bool, str]]:
        if compiled is None:
            return set()
        return {(False, ref) for ref in compiled.refs if ref in names and ref != own}

    for index, question in enumerate(questionnaire.questions):
        if questionnaire.has_repeats and questionnaire.repeats_of(question):
            continue  # asked per instance: only a session's written-out form evaluates them
        parent = None
        for group_name in question.groups:
            key = (True, group_name)
            if key not in steps:
                group = _group(questionnaire, group_name)
                condition = compile_expression(group.relevant, True, environment) if group else None
                steps[key] = _Step(group_name, True, parent, condition)
                depends[key] = references(condition) | ({(True, parent)} if parent else set())
                rank[key] = (index, 0)
            parent = group_name
        condition = compile_expression(question.relevant, True, environment)
        is_calculate = question.type in ("calculate", "hidden")
        if question.type == "hidden":  # carries its default, as ODK records it
            calculation: Compiled | Broken | Constant | None = Constant(question.default)
        else:
            calculation = (
                compile_expression(question.calculation, False, environment)
                if is_calculate
                else None
            )
        key = (False, question.name)
        steps[key] = _Step(
            question.name,
            False,
            parent,
            condition,
            calculation,
            is_calculate,
            has_value=question.answerable,
        )
        depends[key] = references(condition, question.name) | references(calculation, question.name)
        if parent:
            depends[key].add((True, parent))
        rank[key] = (index, 1)
    return [steps[key] for key in _topological(depends, rank)]


def _group(questionnaire: Questionnaire, name: str):
    try:
        return questionnaire.group(name)
    except KeyError:
        return None


def _topological(depends: dict, rank: dict) -> list:
    """Kahn's algorithm taking the earliest-ranked ready node first; cycles in rank order."""
    waiting = {key: set(deps) for key, deps in depends.items()}
    dependants: dict = {key: [] for key in depends}
    for key, deps in depends.items():
        for dep in deps:
            dependants[dep].append(key)
    ready = [(rank[key], key) for key, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list = []
    done: set = set()
    while len(done) < len(depends):
        if not ready:
            # A reference cycle: release its earliest member and carry on.
            stuck = min((key for key in depends if key not in done), key=rank.__getitem__)
            waiting[stuck] = set()
            ready.append((rank[stuck], stuck))
        _, key = heapq.heappop(ready)
        if key in done:
            continue
        done.add(key)
        order.append(key)
        for dependant in dependants[key]:
            pending = waiting[dependant]
            pending.discard(key)
            if not pending and dependant not in done:
                heapq.heappush(ready, (rank[dependant], dependant))
    return order


T = TypeVar("T")

_PLANS: dict[int, tuple[weakref.ref, RelevancePlan]] = {}
_MAX_PLANS = 64


def per_questionnaire(cache: dict, questionnaire: Questionnaire, build: Callable[[Any], T]) -> T:
    """`build(questionnaire)`, made once and reused from `cache` while the object lives.

    Keyed by identity (hashing a whole questionnaire per call would cost more than the
    evaluation); the weak reference tells a live entry from a reused id.
    """
    key = id(questionnaire)
    cached = cache.get(key)
    if cached is not None and cached[0]() is questionnaire:
        return cached[1]
    if len(cache) >= _MAX_PLANS:
        cache.clear()
    made = build(questionnaire)
    cache[key] = (weakref.ref(questionnaire), made)
    return made


def plan_for(questionnaire: Questionnaire) -> RelevancePlan:
    """The plan of this questionnaire object, built once and reused while the object lives."""
    return per_questionnaire(_PLANS, questionnaire, RelevancePlan)


def relevant_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Any], today: date | None = None
) -> frozenset[str]:
    """Names of the questions relevant under `answers` (calculations computed first)."""
    return plan_for(questionnaire).evaluate(answers, today).relevant
