"""Provides the semantic checks of a built questionnaire: names, choice lists, expressions.

The loaders build the model first, then run these checks with a SourceMap so each problem
points at the value to fix; `check_questionnaire` runs them on any model, locating problems
at the question (or the file) when no finer location is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from engagement_tui.expressions import ExpressionError, parse, parse_choice_filter
from engagement_tui.interview.questionnaire import CHOICE_TYPES, Location, Questionnaire
from engagement_tui.interview.repeats import checkable
from engagement_tui.loaders.problems import Problem
from engagement_tui.loaders.question_types import type_problem
from engagement_tui.loaders.sources import SourceMap

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
REFERENCE_IN_TEXT = re.compile(r"\$\{([^}]*)\}")
EXPRESSION_FIELDS = ("relevant", "constraint", "calculation", "choice_filter")
TEXT_FIELDS = ("label", "hint", "constraint_message", "required_message")
NO_LABEL_TYPES = frozenset({"calculate", "hidden"})
MULTI_ANSWER_TYPES = frozenset({"select_multiple", "rank"})
REPORT_ROLES = ("finding", "profile", "admin")
"""The values of a question's `report` column (see findings/roles.py)."""


def check_questionnaire(q: Questionnaire, sources: SourceMap | None = None) -> list[Problem]:
    """Every semantic problem of `q`, in the order of the questionnaire."""
    sources = sources or SourceMap(q.source)
    problems = [
        *_check_survey(q, sources),
        *_check_choice_lists(q, sources),
        *_check_expressions(q, sources),
        *_check_cycles(q, sources),
        *_check_relevance_cycles(q, sources),
        *_check_codebook(q, sources),
    ]
    return problems


def _at(sources: SourceMap, kind: str, index: int, name: str, element) -> Location:
    return sources.locate(kind, index, name, element.location)


def _name_problems(name: str, what: str, location: Location, seen: dict[str, str]):
    if not name:
        yield Problem(location, f"{what} has no name")
        return
    if not NAME_PATTERN.match(name):
        yield Problem(
            location,
            f"invalid name '{name}': start with a letter or _, then letters, digits, _ . or -",
        )
    folded = name.casefold()
    if folded in seen:
        yield Problem(location, f"duplicate name '{name}' (already used by '{seen[folded]}')")
    else:
        seen[folded] = name


def _check_survey(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    if not q.questions:
        yield Problem(sources.survey or sources.whole_file, "the survey has no questions")
    if not q.form_id:
        yield Problem(sources.form_id or sources.whole_file, "missing form_id")
    elif not NAME_PATTERN.match(q.form_id):
        yield Problem(sources.form_id or sources.whole_file, f"invalid form_id '{q.form_id}'")
    seen: dict[str, str] = {}
    for index, group in enumerate(q.groups):
        location = _at(sources, "group", index, "name", group)
        yield from _name_problems(group.name, "a group", location, seen)
    for index, question in enumerate(q.questions):
        location = _at(sources, "question", index, "name", question)
        yield from _name_problems(question.name, "a question", location, seen)
        type_location = _at(sources, "question", index, "type", question)
        problem = type_problem(question.type)
        if problem:
            yield Problem(type_location, f"'{question.name}': {problem}")
            continue
        no_text = not question.label.strip() and not question.hint.strip()
        if question.type not in NO_LABEL_TYPES and no_text:
            yield Problem(question.location or location, f"'{question.name}' has no label")
        if question.type == "calculate" and not question.calculation.strip():
            yield Problem(
                question.location or location, f"calculate '{question.name}' has no calculation"
            )
        if question.type in CHOICE_TYPES:
            yield from _check_choice_reference(q, question, type_location)
        if question.type == "range":
            where = _at(sources, "question", index, "parameters", question)
            yield from _check_range(question, where)
        if question.report.strip() and question.report.strip().lower() not in REPORT_ROLES:
            where = _at(sources, "question", index, "report", question)
            yield Problem(
                where,
                f"'{question.name}': report '{question.report}' is not one of"
                f" {', '.join(REPORT_ROLES)}",
            )


def _check_choice_reference(q: Questionnaire, question, location: Location) -> Iterator[Problem]:
    if not question.choice_list:
        yield Problem(
            location,
            f"'{question.name}': {question.type} needs a choice list, as in"
            f" '{question.type} LIST_NAME'",
        )
        return
    choice_list = q.choice_list(question.choice_list)
    if choice_list is None:
        yield Problem(
            location, f"'{question.name}': choice list '{question.choice_list}' is not defined"
        )


def _check_range(question, location: Location) -> Iterator[Problem]:
    values: dict[str, float] = {}
    for key in ("start", "end", "step"):
        text = question.parameter(key)
        if not text:
            continue
        try:
            values[key] = float(text)
        except ValueError:
            yield Problem(location, f"'{question.name}': range {key} '{text}' is not a number")
    if "step" in values and values["step"] <= 0:
        yield Problem(location, f"'{question.name}': range step must be greater than 0")


def _check_choice_lists(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    multi = {
        question.choice_list for question in q.questions if question.type in MULTI_ANSWER_TYPES
    }
    for choice_list in q.choice_lists:
        list_location = sources.choice_lists.get(choice_list.name, sources.whole_file)
        if not choice_list.choices and choice_list.name not in sources.unfilled_lists:
            yield Problem(list_location, f"choice list '{choice_list.name}' has no choices")
        seen: set[str] = set()
        for index, choice in enumerate(choice_list.choices):
            location = sources.choices.get((choice_list.name, index), list_location)
            if not choice.name:
                yield Problem(location, f"a choice in list '{choice_list.name}' has no name")
                continue
            if choice_list.name in multi and any(character.isspace() for character in choice.name):
                yield Problem(
                    location,
                    f"choice name '{choice.name}' in list '{choice_list.name}' contains a space"
                    " (multiple answers are stored space-separated)",
                )
            if choice.name in seen and not sources.allow_choice_duplicates:
                yield Problem(
                    location, f"duplicate choice '{choice.name}' in list '{choice_list.name}'"
                )
            seen.add(choice.name)
            if not choice.label.strip():
                yield Problem(
                    location, f"choice '{choice.name}' in list '{choice_list.name}' has no label"
                )


def _expression_problems(
    text: str, field_name: str, location: Location, question_names: set[str]
) -> Iterator[Problem]:
    text = checkable(text)
    try:
        expression = parse_choice_filter(text) if field_name == "choice_filter" else parse(text)
    except ExpressionError as error:
        yield Problem(
            location, f"{field_name}: {error.message} (column {error.column} of the expression)"
        )
        return
    for reference in sorted(expression.references - question_names):
        yield Problem(location, f"{field_name}: ${{{reference}}} refers to no question")
    if expression.uses_current and field_name != "constraint":
        yield Problem(
            location, f"{field_name}: '.' (the current answer) can only be used in a constraint"
        )


def _check_expressions(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    names = {question.name for question in q.questions}
    names |= {group.name for group in q.groups if group.repeat}  # count(${repeat})
    for index, group in enumerate(q.groups):
        if group.relevant.strip():
            location = _at(sources, "group", index, "relevant", group)
            yield from _expression_problems(group.relevant, "relevant", location, names)
        if group.repeat_count.strip():
            location = _at(sources, "group", index, "name", group)
            yield from _expression_problems(group.repeat_count, "repeat_count", location, names)
    for index, question in enumerate(q.questions):
        for field_name in EXPRESSION_FIELDS:
            text = getattr(question, field_name)
            if text.strip():
                location = _at(sources, "question", index, field_name, question)
                yield from _expression_problems(text, field_name, location, names)
        for field_name in TEXT_FIELDS:
            for reference in REFERENCE_IN_TEXT.findall(getattr(question, field_name)):
                if reference not in names:
                    location = _at(sources, "question", index, field_name, question)
                    yield Problem(location, f"{field_name}: ${{{reference}}} refers to no question")


def _calculation_references(q: Questionnaire) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for question in q.questions:
        if not question.calculation.strip():
            continue
        try:
            graph[question.name] = set(parse(checkable(question.calculation)).references)
        except ExpressionError:
            continue  # already reported by the expression checks
    return graph


def _check_cycles(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    """Calculations that depend on themselves, each cycle reported once at its first member."""
    graph = _calculation_references(q)
    order = {question.name: index for index, question in enumerate(q.questions)}
    reported: set[frozenset[str]] = set()
    for start in graph:
        cycle = _find_cycle(graph, start)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            first = min(cycle, key=lambda name: order.get(name, 0))
            index = order[first]
            location = _at(sources, "question", index, "calculation", q.questions[index])
            at = cycle.index(first)
            path = [*cycle[at:], *cycle[:at], first]
            yield Problem(location, "circular calculation: " + " -> ".join(path))


def _references(text: str) -> set[str]:
    if not text.strip():
        return set()
    try:
        return set(parse(checkable(text)).references)
    except ExpressionError:
        return set()  # already reported by the expression checks


def _check_relevance_cycles(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    """Relevance that depends on itself: q1 <-> q2, a question relevant on its own answer, or
    a group relevant on one of its own members (through calculations too). Whether such a
    question is asked cannot be decided, so each cycle is refused once, at its first member's
    `relevant` (or the enclosing group's)."""
    groups = {group.name: (index, group) for index, group in enumerate(q.groups)}
    calculations = _calculation_references(q)
    relevance: dict[str, dict[str, Location]] = {}
    for index, question in enumerate(q.questions):
        edges: dict[str, Location] = {}
        for name in question.groups:
            if name in groups:
                group_index, group = groups[name]
                where = _at(sources, "group", group_index, "relevant", group)
                for reference in _references(group.relevant):
                    edges.setdefault(reference, where)
        where = _at(sources, "question", index, "relevant", question)
        for reference in _references(question.relevant):
            edges[reference] = where
        relevance[question.name] = edges
    graph = {
        name: set(relevance.get(name, {})) | calculations.get(name, set())
        for name in {*relevance, *calculations}
    }
    order = {question.name: index for index, question in enumerate(q.questions)}
    reported: set[frozenset[str]] = set()
    for question in q.questions:
        if not relevance.get(question.name):
            continue
        cycle = _find_cycle(graph, question.name)
        if not cycle or frozenset(cycle) in reported:
            continue
        links = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        if not any(after in relevance.get(before, {}) for before, after in links):
            continue  # calculations only: reported as a circular calculation
        reported.add(frozenset(cycle))
        first = min(cycle, key=lambda name: order.get(name, 0))
        at = cycle.index(first)
        path = [*cycle[at:], *cycle[:at], first]
        location = relevance.get(first, {}).get(path[1]) or _at(
            sources, "question", order[first], "relevant", q.questions[order[first]]
        )
        yield Problem(location, "circular relevance: " + " -> ".join(path))


def _find_cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The names on a cycle through `start`, or None; iterative so deep chains are fine."""
    stack = [(start, iter(sorted(graph.get(start, ()))))]
    path = [start]
    visited = {start}
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.pop()
            continue
        if child == start:
            return list(path)
        if child in graph and child not in visited:
            visited.add(child)
            stack.append((child, iter(sorted(graph[child]))))
            path.append(child)
    return None


def _check_codebook(q: Questionnaire, sources: SourceMap) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for index, theme in enumerate(q.codebook):
        location = sources.themes.get(index, sources.whole_file)
        for problem in _name_problems(theme.name, "a theme", location, seen):
            yield Problem(problem.location, f"codebook: {problem.message}")
