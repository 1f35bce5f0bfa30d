"""Provides `expand_loops`: XLSForm's `begin loop over LIST` written out as groups, as pyxform does.

A loop asks the same questions once per choice of a list (no instances to add or count): it
becomes a group named after the loop holding one group per choice (labelled with the
choice's label), each with its own copy of the loop's rows, `%(name)s` and `%(label)s`
replaced by the choice's name and label. A copied question is named LOOP.CHOICE.NAME (names
stay unique in the flat model), and `${NAME}` of a question of the same loop refers to the
copy of the same choice. Rows keep their spreadsheet index, so problems point at the loop's
rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from engagement_tui.loaders.xlsform_types import read_type

REFERENCE = re.compile(r"\$\{([^}]*)\}")


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, dict) else str(value).strip()


def expand_loops(
    rows: list[dict[str, Any]], choices: list[dict[str, Any]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row index, row) with every loop written out; other rows as they are."""
    indexed = list(enumerate(rows))
    yield from _expand(indexed, choices)


def _expand(
    indexed: list[tuple[int, dict[str, Any]]], choices: list[dict[str, Any]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    position = 0
    while position < len(indexed):
        index, row = indexed[position]
        meaning = read_type(_text(row.get("type"))) if _text(row.get("type")) else None
        if meaning is None or meaning.kind != "begin" or meaning.control != "loop":
            yield index, row
            position += 1
            continue
        end = _matching_end(indexed, position)
        body = indexed[position + 1 : end]
        loop = _text(row.get("name"))
        yield index, {**row, "type": "begin group"}
        for choice in (c for c in choices if _text(c.get("list name")) == meaning.list_name):
            yield from _one_choice(loop, choice, index, body, choices)
        if end < len(indexed):
            yield indexed[end][0], {**indexed[end][1], "type": "end group"}
        position = end + 1


def _matching_end(indexed: list[tuple[int, dict[str, Any]]], start: int) -> int:
    """The position of the `end loop` closing the loop at `start` (len(indexed) if none)."""
    depth = 0
    for position in range(start, len(indexed)):
        cell = _text(indexed[position][1].get("type"))
        meaning = read_type(cell) if cell else None
        if meaning is None or meaning.control != "loop":
            continue
        depth += 1 if meaning.kind == "begin" else -1 if meaning.kind == "end" else 0
        if depth == 0:
            return position
    return len(indexed)


def _one_choice(
    loop: str,
    choice: dict[str, Any],
    begin_index: int,
    body: list[tuple[int, dict[str, Any]]],
    choices: list[dict[str, Any]],
) -> Iterator[tuple[int, dict[str, Any]]]:
    name = _text(choice.get("name"))
    label = choice.get("label") if choice.get("label") is not None else name
    prefix = f"{loop}.{name}."
    inner = {_text(row.get("name")) for _, row in body if _text(row.get("name"))}

    def substitute(value: Any, language: str | None = None) -> Any:
        if isinstance(value, dict):
            return {key: substitute(item, key) for key, item in value.items()}
        if not isinstance(value, str):
            return value
        own_label = (
            label.get(language, next(iter(label.values()), name))
            if isinstance(label, dict)
            else label
        )
        text = value.replace("%(name)s", name).replace("%(label)s", str(own_label))
        return REFERENCE.sub(
            lambda m: "${" + (prefix + m.group(1) if m.group(1) in inner else m.group(1)) + "}",
            text,
        )

    yield begin_index, {"type": "begin group", "name": f"{loop}.{name}", "label": label}
    for index, row in _expand(body, choices):
        copy = {key: substitute(value) for key, value in row.items() if key != "type"}
        copy["type"] = row.get("type")
        if _text(row.get("name")):
            copy["name"] = prefix + _text(row.get("name"))
        yield index, copy
    yield begin_index, {"type": "end group"}
