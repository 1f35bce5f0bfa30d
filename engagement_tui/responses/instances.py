"""Provides the reading of repeat columns in survey returns: `member[2]/age`, as ODK and Kobo
name a repeat instance's answer in a wide export (group folders before or between the
instances, `grp/member[2]/age`, are allowed).

A row's instances are the ones its columns name: for an open-ended repeat, the row answers
"Add a ...?" with yes for each instance up to the highest number named and no after it (the
return says how many there were); a counted repeat's number of instances comes from its
`repeat_count`, and a column beyond it is refused. The row is then given in two steps
through the one answer path (`InterviewSession.give`): what is outside the repeats and the
instances' existence first, then the instances' answers, each checked in its instance.
"""

from __future__ import annotations

import re
from typing import Any

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.interview.repeats import prefix_of, split_key
from engagement_tui.interview.session import InterviewSession, Validation

SEGMENT = re.compile(r"^([^\[\]]+)\[(\d+)\]$")


def instance_key(column: str, questionnaire: Questionnaire) -> str | None:
    """The answer key a repeat column names (`grp/member[2]/age` -> `member[2]/age`), or
    None when it names no question of those repeats."""
    segments = [part for part in column.split("/") if part]
    if len(segments) < 2:
        return None
    scope = tuple(
        (found.group(1), int(found.group(2)))
        for found in (SEGMENT.match(part) for part in segments[:-1])
        if found
    )
    if not scope or any(index < 1 for _, index in scope):
        return None
    repeats = tuple(name for name, _ in scope)
    for name in (segments[-1], f"{repeats[-1]}.{segments[-1]}"):  # as the loader names it
        if questionnaire.has_question(name):
            question = questionnaire.question(name)
            if questionnaire.repeats_of(question) == repeats and question.answerable:
                return prefix_of(scope) + name
    return None


def existence(questionnaire: Questionnaire, keys: list[str]) -> dict[str, str]:
    """ "Add a ...?" answers for the open-ended repeats' instances that `keys` name."""
    highest: dict[str, int] = {}
    for key in keys:
        scope, _ = split_key(key)
        for depth, (repeat, index) in enumerate(scope):
            path = prefix_of(scope[:depth]) + repeat
            highest[path] = max(highest.get(path, 0), index)
    answers: dict[str, str] = {}
    for path, number in highest.items():
        repeat = path.rsplit("/", 1)[-1].split("[")[0]
        if questionnaire.group(repeat).repeat_count.strip():
            continue
        for index in range(1, number + 1):
            answers[f"{path}[{index}]/@add"] = "yes"
        answers[f"{path}[{number + 1}]/@add"] = "no"
    return answers


def give_row(session: InterviewSession, raws: dict[str, Any]) -> dict[str, Validation]:
    """Give a row with repeat columns: outside and instances first, then inside them."""
    inside = [name for name in raws if "[" in name]
    outside = {name: value for name, value in raws.items() if name not in inside}
    pending = existence(session.form, inside)
    results: dict[str, Validation] = {}
    first = True
    while first or pending:  # an instance's "Add ...?" exists once the one before is yes
        ready = {k: v for k, v in pending.items() if session.questionnaire.has_question(k)}
        if not first and not ready:
            break
        given = session.give({**ready, **(outside if first else {})})
        results.update((name, result) for name, result in given.items() if name in outside)
        if not all(result.ok for result in given.values()):
            return results
        for name in ready:
            del pending[name]
        first = False
    if not inside:
        return results
    asked = {name: raws[name] for name in inside if session.questionnaire.has_question(name)}
    for name in inside:
        if name not in asked:
            results[name] = Validation(False, "the repeat has fewer instances in this return")
    if asked:
        results.update(session.give(asked))
    return results


def instance_of(key: str) -> str:
    """The instance a key is in (`member[2]/age` -> `member[2]`; "" outside repeats)."""
    scope, _ = split_key(key)
    return prefix_of(scope)[:-1]
