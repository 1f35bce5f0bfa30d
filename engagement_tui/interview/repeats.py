"""Provides repeats: a questionnaire's repeat instances written out as ordinary questions.

A repeat's questions are asked once per instance. Each instance's answer is stored under a
path-like key, the way ODK names it in its wide exports: `member[2]/age` (nested:
`woman[1]/child[2]/age`); everything else keeps its plain name. Given how many instances
each repeat has now, `RepeatLayout.expand` writes the questionnaire out as a flat one whose
questions carry those keys and whose expressions are rewritten for their instance, so the
session, relevance, validation and the one answer path run it unchanged:

- `${q}` of the same instance (or an enclosing one) names that instance's answer; `${q}` of
  a repeat from outside names every instance's answer where a function takes a list
  (`count`, `count-non-empty`, `sum`, `max`, `min`, `join`), else the first, as XPath does;
- `position(..)` is the instance's number, `../q` is `${q}`, `indexed-repeat(${q}, ${rep}, n)`
  picks instance n, `count(${rep})` is the number of instances.

How many instances: `repeat_count` (jr:count) is evaluated in the enclosing instance as a
calculation named `REPEAT/@count`; an open-ended repeat asks before each instance "Add a
...?" / "Add another ...?" (a required yes/no named `REPEAT[n]/@add`; no is the end). Keys
with `@` are the interview's own record of the instances, never a question of the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from engagement_tui.interview.instance_keys import (
    INSTANCE,
    Scope,
    checkable,
    is_instance_record,
    prefix_of,
    split_key,
)
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.interview.repeat_expressions import InstanceExpressions

__all__ = [
    "INSTANCE",
    "Expansion",
    "RepeatLayout",
    "Scope",
    "checkable",
    "is_instance_record",
    "prefix_of",
    "split_key",
]

ADD_LIST = ChoiceList("@add_another", (Choice("yes", "Yes"), Choice("no", "No")))
MAX_INSTANCES = 200
"""More instances than this from a repeat_count is taken as a mistake: only this many asked."""
TEXT_FIELDS = ("label", "hint", "relevant", "constraint", "calculation", "choice_filter", "default")


@dataclass
class _Block:
    repeat: str | None
    items: list[Question | _Block] = field(default_factory=list)


@dataclass(frozen=True)
class Expansion:
    """A questionnaire written out for some instance counts."""

    questionnaire: Questionnaire
    origin: dict[str, tuple[str, Scope]]
    """Expanded name -> (the form's question name, its instance)."""


class RepeatLayout(InstanceExpressions):
    """What a questionnaire's repeats look like, worked out once per questionnaire."""

    def __init__(self, form: Questionnaire) -> None:
        self.form = form
        self.chains: dict[str, tuple[str, ...]] = {}
        """Question or group name -> the repeats enclosing it (a repeat includes itself)."""
        for group in form.groups:
            chain, walk = [], group
            while walk is not None:
                if walk.repeat:
                    chain.append(walk.name)
                walk = (
                    form.group(walk.parent) if walk.parent and form.has_group(walk.parent) else None
                )
            self.chains[group.name] = tuple(reversed(chain))
        for question in form.questions:
            self.chains[question.name] = form.repeats_of(question)
        self.root = self._tree()

    def _tree(self) -> _Block:
        root = _Block(None)
        stack: list[_Block] = [root]
        for question in self.form.questions:
            chain = self.chains[question.name]
            while len(stack) - 1 > len(chain) or any(
                block.repeat != chain[depth] for depth, block in enumerate(stack[1:])
            ):
                stack.pop()
            for repeat in chain[len(stack) - 1 :]:
                block = _Block(repeat)
                stack[-1].items.append(block)
                stack.append(block)
            stack[-1].items.append(question)
        return root

    # -- how many instances -------------------------------------------------------------

    def counts(
        self, answers: dict[str, Any], calculations: dict[str, Any]
    ) -> tuple[dict[str, int], dict[str, str]]:
        """Instances per repeat (keyed `PREFIX + REPEAT`), and repeat_counts out of range."""
        counts: dict[str, int] = {}
        problems: dict[str, str] = {}

        def walk(block: _Block, scope: Scope) -> None:
            for item in block.items:
                if not isinstance(item, _Block):
                    continue
                key = prefix_of(scope) + item.repeat
                if self.form.group(item.repeat).repeat_count.strip():
                    number = _whole(calculations.get(key + "/@count"))
                    if number > MAX_INSTANCES:
                        problems[key] = (
                            f"repeat_count: {number} instances asked for; only the first"
                            f" {MAX_INSTANCES} are asked"
                        )
                        number = MAX_INSTANCES
                else:
                    number = 0
                    while answers.get(f"{key}[{number + 1}]/@add") == "yes":
                        number += 1
                counts[key] = number
                for index in range(1, number + 1):
                    walk(item, (*scope, (item.repeat, index)))

        walk(self.root, ())
        return counts, problems

    # -- the written-out questionnaire ----------------------------------------------------

    def expand(self, counts: dict[str, int]) -> Expansion:
        questions: list[Question] = []
        groups: dict[str, Group] = {}
        origin: dict[str, tuple[str, Scope]] = {}

        def group_name(name: str, scope: Scope) -> str:
            chain = self.chains.get(name, ())
            fixed = prefix_of(tuple(pair for pair in scope if pair[0] in chain))
            return fixed[:-1] if chain and chain[-1] == name else fixed + name

        def enclosing(names: tuple[str, ...], scope: Scope) -> tuple[str, ...]:
            result = []
            for name in names:
                expanded = group_name(name, scope)
                if expanded not in groups:
                    group = self.form.group(name)
                    parent = group_name(group.parent, scope) if group.parent else None
                    number = dict(scope).get(name) if group.repeat else None
                    groups[expanded] = replace(
                        group,
                        name=expanded,
                        # an instance is a section of its own: "Household member 2"
                        label=f"{group.label or group.name} {number}" if number else group.label,
                        parent=parent,
                        relevant=self.rewrite(group.relevant, scope, counts),
                        repeat=False,
                        repeat_count="",
                    )
                result.append(expanded)
            return tuple(result)

        def outer_groups(repeat: str, scope: Scope) -> tuple[str, ...]:
            group = self.form.group(repeat)
            names: list[str] = []
            parent = group.parent
            while parent:
                names.insert(0, parent)
                parent = self.form.group(parent).parent
            return enclosing(tuple(names), scope)

        def walk(block: _Block, scope: Scope) -> None:
            prefix = prefix_of(scope)
            for item in block.items:
                if isinstance(item, Question):
                    name = prefix + item.name
                    changes = {
                        f: self.rewrite(getattr(item, f), scope, counts) for f in TEXT_FIELDS
                    }
                    questions.append(
                        replace(item, name=name, groups=enclosing(item.groups, scope), **changes)
                    )
                    origin[name] = (item.name, scope)
                    continue
                repeat = self.form.group(item.repeat)
                key = prefix + item.repeat
                number = counts.get(key, 0)
                around = outer_groups(item.repeat, scope)
                if repeat.repeat_count.strip():
                    questions.append(
                        Question(
                            name=key + "/@count",
                            type="calculate",
                            calculation=self.rewrite(repeat.repeat_count, scope, counts),
                            groups=around,
                            location=repeat.location,
                        )
                    )
                label = repeat.label or repeat.name
                # a repeat that does not apply is not offered either
                applies = self.rewrite(repeat.relevant, scope, counts)
                for index in range(1, number + 2):
                    if not repeat.repeat_count.strip():
                        questions.append(
                            Question(
                                name=f"{key}[{index}]/@add",
                                type="select_one",
                                label=(
                                    f"Add a {label}?" if index == 1 else f"Add another {label}?"
                                ),
                                required=True,
                                relevant=applies,
                                choice_list=ADD_LIST.name,
                                groups=around,
                                location=repeat.location,
                            )
                        )
                    if index <= number:
                        walk(item, (*scope, (item.repeat, index)))

        walk(self.root, ())
        expanded = replace(
            self.form,
            questions=tuple(questions),
            groups=tuple(groups.values()),
            choice_lists=(*self.form.choice_lists, ADD_LIST),
        )
        return Expansion(expanded, origin)


def _whole(value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return max(0, int(number)) if number == number else 0
