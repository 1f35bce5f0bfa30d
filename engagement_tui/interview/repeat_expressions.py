"""Provides the rewriting of a repeat's expressions for one instance (see `repeats`).

`${q}` of the same instance (or an enclosing one) becomes that instance's key; `${q}` of a
repeat read from outside becomes every instance's key where a function takes a list
(`count`, `count-non-empty`, `sum`, `max`, `min`, `join`), else the first's, as XPath reads a
node-set; `position(..)` becomes the instance's number, `../q` is `${q}`, `count(${rep})` the
number of instances and `indexed-repeat(${q}, ${rep}, n)` a choice among the instances'
keys by n. The result is an ordinary expression over stored keys.
"""

from __future__ import annotations

import re

from engagement_tui.interview.instance_keys import (
    PARENT_REFERENCE,
    POSITION,
    REFERENCE,
    STRING,
    Scope,
    outside_strings,
    split_key,
)

LIST_CALL = re.compile(r"(?<![\w:-])(count-non-empty|count|sum|max|min|join|indexed-repeat)\s*\(")


class InstanceExpressions:
    """Expression rewriting for `RepeatLayout`, which provides `chains`."""

    chains: dict[str, tuple[str, ...]]

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
        text = outside_strings(text, POSITION, lambda _m: str(scope[-1][1]) if scope else "1")
        text = outside_strings(text, PARENT_REFERENCE, lambda m: "${" + m.group(1) + "}")
        text = self._list_calls(text, scope, counts)
        return outside_strings(
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
        # A repeat with no instances is an empty node-set, which XPath sums to 0, counts as
        # 0 and joins to "" (the call itself would lack its arguments).
        if function in ("max", "min") and not listed:
            listed = ["''"]
        if function in ("sum", "count-non-empty") and not listed:
            return "0"
        if function == "join" and len(listed) == 1 and len(args) > 1:
            return "''"
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


def _in_string(text: str, at: int) -> bool:
    return any(m.start() < at < m.end() for m in STRING.finditer(text))


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
