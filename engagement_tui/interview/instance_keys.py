"""Provides the keys repeat instances' answers are stored under, as ODK names them in its
wide exports: `member[2]/age`, nested `woman[1]/child[2]/name`; `@` marks the interview's
own record of its instances (`member[3]/@add`, `member/@count`), never a form's question.
Also the text patterns of the XPath paths a repeat's expressions use (`position(..)`,
`../name`).
"""

from __future__ import annotations

import re

KEY = re.compile(r"^((?:[^/\[\]]+\[\d+\]/)+)([^/\[\]]+)$")
INSTANCE = re.compile(r"([^/\[\]]+)\[(\d+)\]/")
STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
POSITION = re.compile(r"position\(\s*(?:current\(\)\s*/\s*)?\.\.(?:\s*/\s*\.\.)*\s*\)")
PARENT_REFERENCE = re.compile(r"(?:\.\./)+([A-Za-z_][\w.\-]*)")
REFERENCE = re.compile(r"\$\{([^}]*)\}")

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
    text = outside_strings(text, POSITION, lambda _m: "1")
    return outside_strings(text, PARENT_REFERENCE, lambda m: "${" + m.group(1) + "}")


def prefix_of(scope: Scope) -> str:
    return "".join(f"{name}[{index}]/" for name, index in scope)


def outside_strings(text: str, pattern: re.Pattern, replacement) -> str:
    """`pattern.sub(replacement, ...)` on the parts of `text` outside string literals."""
    parts, position = [], 0
    for literal in STRING.finditer(text):
        parts.append(pattern.sub(replacement, text[position : literal.start()]))
        parts.append(literal.group(0))
        position = literal.end()
    parts.append(pattern.sub(replacement, text[position:]))
    return "".join(parts)
