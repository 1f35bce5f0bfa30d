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

import re
from dataclasses import dataclass, field, replace
from typing import Any

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)

ADD_LIST = ChoiceList("@add_another", (Choice("yes", "Yes"), Choice("no", "No")))
MAX_INSTANCES = 200
"""More instances than this from a repeat_count is taken as a mistake: only this many asked."""
KEY = re.compile(r"^((?:[^/\[\]]+\[\d+\]/)+)([^/\[\]]+)$")
INSTANCE = re.compile(r"([^/\[\]]+)\[(\d+)\]/")
STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
POSITION = re.compile(r"position\(\s*(?:current\(\)\s*/\s*)?\.\.(?:\s*/\s*\.\.)*\s*\)")
PARENT_REFERENCE = re.compile(r"(?:\.\./)+([A-Za-z_][\w.\-]*)")
REFERENCE = re.compile(r"\$\{([^}]*)\}")
LIST_CALL = re.compile(r"(?<![\w:-])(count-non-empty|count|sum|max|min|join|indexed-repeat)\s*\(")
TEXT_FIELDS = ("label", "hint", "relevant", "constraint", "calculation", "choice_filter", "default")

Scope = tuple[tuple[str, int], ...]
"""The instances an element is in, outermost first: (("woman", 2), ("child", 1))."""


def split_key(key: str) -> tuple[Scope, str]:
    """`woman[2]/child[1]/age` -> ((("woman", 2), ("child", 1)), "age"); plain names: ((), name)."""
    match = KEY.match(key)
    if not match:
        return (), key
    scope = tuple((name, int(index)) for name, index in INSTANCE.findall(match.group(1)))
    return scope, match.group(2)


def is_instance_record(key: str) -> bool:
    """A key the interview keeps about its instances (`@add`, `@count`), not an answer."""
    return "@" in key


def checkable(text: str) -> str:
    """`text` with `position(..)` and `../name` read as the loader's checks parse them."""
    if ".." not in text:
        return text
    text = _outside_strings(text, POSITION, lambda _m: "1")
    return _outside_strings(text, PARENT_REFERENCE, lambda m: "${" + m.group(1) + "}")


def prefix_of(scope: Scope) -> str:
    return "".join(f"{name}[{index}]/" for name, index in scope)


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


class RepeatLayout:
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

    # -- expressions in an instance ---------------------------------------------------------

    def _keys(
        self,
        name: str,
        scope: Scope,
        counts: dict[str, int],
        pick: dict | None = None,
        free: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Every instance key `${name}` stands for from `scope` (fixed where scope says so,
        unless the repeat is `free`; else to `pick`'s index if given)."""
        chain = self.chains.get(name)
        if chain is None:
            return [name]
        keys = [""]
        for depth, repeat in enumerate(chain):
            shared = depth < len(scope) and scope[depth][0] == repeat and repeat not in free
            fixed = scope[depth][1] if shared else None
            if fixed is None and pick is not None and repeat in pick:
                fixed = pick[repeat]
            grown = []
            for prefix in keys:
                number = counts.get(prefix + repeat, 0)
                for index in [fixed] if fixed is not None else range(1, number + 1):
                    grown.append(f"{prefix}{repeat}[{index}]/")
            keys = grown
        if chain and chain[-1] == name:
            return [key[:-1] for key in keys]
        return [key + name for key in keys]

    def rewrite(self, text: str, scope: Scope, counts: dict[str, int]) -> str:
        """`text` as it reads in the instance `scope` (see the module's description)."""
        if not text or ("${" not in text and ".." not in text and "(" not in text):
            return text
        text = _outside_strings(text, POSITION, lambda _m: str(scope[-1][1]) if scope else "1")
        text = _outside_strings(text, PARENT_REFERENCE, lambda m: "${" + m.group(1) + "}")
        text = self._list_calls(text, scope, counts)
        return _outside_strings(
            text, REFERENCE, lambda m: "${" + self._first(m.group(1), scope, counts) + "}"
        )

    def _first(self, name: str, scope: Scope, counts: dict[str, int]) -> str:
        if name not in self.chains:
            return name
        ones = {repeat: 1 for repeat in self.chains[name]}
        keys = self._keys(name, scope, counts, ones)
        return keys[0] if keys else name

    def _list_calls(self, text: str, scope: Scope, counts: dict[str, int]) -> str:
        out, position = [], 0
        for match in LIST_CALL.finditer(text):
            if match.start() < position or _in_string(text, match.start()):
                continue
            close = _closing(text, match.end() - 1)
            if close is None:
                break
            args = _split_args(text[match.end() : close])
            rewritten = self._list_call(match.group(1), args, scope, counts)
            if rewritten is not None:
                out.append(text[position : match.start()] + rewritten)
                position = close + 1
        out.append(text[position:])
        return "".join(out)

    def _list_call(self, function: str, args: list[str], scope, counts) -> str | None:
        def names(arg: str) -> str | None:
            found = REFERENCE.fullmatch(arg.strip())
            return found.group(1) if found and found.group(1) in self.chains else None

        if function == "indexed-repeat":
            return self._indexed(args, scope, counts)
        listed = []
        for arg in args:
            name = names(arg)
            if name is None:
                listed.append(arg)
                continue
            listed.extend("${" + key + "}" for key in self._keys(name, scope, counts))
        if function == "count" and len(args) == 1 and names(args[0]):
            return str(len(listed))
        if function in ("max", "min") and not listed:
            listed = ["''"]
        return f"{function}({', '.join(listed)})"

    def _indexed(self, args: list[str], scope: Scope, counts: dict[str, int]) -> str | None:
        found = REFERENCE.fullmatch(args[0].strip()) if args else None
        if not found or len(args) < 3 or len(args) % 2 == 0:
            return None
        name = found.group(1)
        pairs = []
        for repeat_arg, index_arg in zip(args[1::2], args[2::2], strict=True):
            repeat = REFERENCE.fullmatch(repeat_arg.strip())
            if not repeat:
                return None
            pairs.append((repeat.group(1), self.rewrite(index_arg, scope, counts)))
        chosen = frozenset(repeat for repeat, _ in pairs)
        others = {r: 1 for r in self.chains.get(name, ()) if r not in chosen}
        result = "''"
        for key in reversed(self._keys(name, scope, counts, others, chosen)):
            instances = dict(split_key(key)[0])
            test = " and ".join(f"round({i}) = {instances.get(r, 1)}" for r, i in pairs)
            result = f"if({test}, ${{{key}}}, {result})"
        return result

    @staticmethod
    def _exists(key: str, counts: dict[str, int]) -> bool:
        scope, _ = split_key(key)
        prefix = ""
        for repeat, index in scope:
            if index > counts.get(prefix + repeat, 0):
                return False
            prefix += f"{repeat}[{index}]/"
        return True


def _whole(value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return max(0, int(number)) if number == number else 0


def _in_string(text: str, at: int) -> bool:
    return any(m.start() < at < m.end() for m in STRING.finditer(text))


def _outside_strings(text: str, pattern: re.Pattern, replacement) -> str:
    parts, position = [], 0
    for literal in STRING.finditer(text):
        parts.append(pattern.sub(replacement, text[position : literal.start()]))
        parts.append(literal.group(0))
        position = literal.end()
    parts.append(pattern.sub(replacement, text[position:]))
    return "".join(parts)


def _closing(text: str, opening: int) -> int | None:
    depth, position, quote = 0, opening, ""
    while position < len(text):
        char = text[position]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _split_args(text: str) -> list[str]:
    args, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            args.append("".join(current))
            current = []
            continue
        current.append(char)
    if "".join(current).strip() or args:
        args.append("".join(current))
    return args
