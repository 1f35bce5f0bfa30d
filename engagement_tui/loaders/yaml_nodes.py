"""Provides `compose`: YAML text into PyYAML nodes that keep their line and column.

This is `yaml.compose`, done without recursion: libyaml's own composer crashes the whole
process (a segmentation fault, not an exception) on input nested some tens of thousands of
levels deep, and the pure-Python one raises RecursionError. So the nodes are built here from
the parser's events, which libyaml produces iteratively, with limits on depth and on how far
aliases may expand. Tags are not resolved: the loaders read each scalar's text as written,
so `label: no` stays "no".
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64
"""Deeper than any sensible questionnaire; beyond it the file is refused, not walked."""
MAX_ALIAS_VALUES = 1_000_000
"""Aliases can make a small file expand enormously ("billion laughs"): values repeated through
aliases past this are refused. Values written out in the file are not counted (a list of
200,000 choices is legal; the file's size bounds them)."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TooLarge(Exception):
    """The document nests too deep, or expands too far through aliases, to be walked safely."""

    def __init__(self, message: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.mark = mark


def compose(text: str) -> Node | None:
    """The single document of `text` as nodes, or None when there is no content.

    Raises yaml.YAMLError (syntax, more than one document) or TooLarge. An anchor becomes
    usable only once its node is complete, so an alias can never make a node contain itself.
    Linear in the number of events; call it inside `collector_paused()` for a long file.
    """
    # One frame per open collection: [node, anchor, values inside it, key awaiting a value].
    stack: list[list] = []
    anchors: dict[str, tuple[Node, int]] = {}
    repeated = 0
    """Values added through aliases, counting everything the aliased node holds."""
    root: Node | None = None
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            node: Node = ScalarNode(
                event.tag or "", event.value, event.start_mark, event.end_mark, event.style
            )
            anchor, size = event.anchor, 1
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise TooLarge(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            shape = SequenceNode if kind is yaml.SequenceStartEvent else MappingNode
            node = shape(event.tag or "", [], event.start_mark, None, event.flow_style)
            stack.append([node, event.anchor, 1, None])
            continue
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            node, anchor, size, _ = stack.pop()
            node.end_mark = event.end_mark
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias '{event.anchor}'", event.start_mark
                )
            node, size = anchors[event.anchor]
            anchor = None
            repeated += size
            if repeated > MAX_ALIAS_VALUES:
                raise TooLarge(
                    f"using aliases to repeat more than {MAX_ALIAS_VALUES:,} values"
                    " (an alias bomb?)",
                    event.start_mark,
                )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError(
                    None, None, "expected one document, found another", event.start_mark
                )
            continue
        else:
            continue
        if anchor:
            anchors[anchor] = (node, size)
        if not stack:
            root = node
            continue
        frame = stack[-1]
        frame[2] += size
        parent = frame[0]
        if parent.__class__ is SequenceNode:
            parent.value.append(node)
        elif frame[3] is None:
            frame[3] = node
        else:
            parent.value.append((frame[3], node))
            frame[3] = None
    return root


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while nodes are built: hundreds of thousands of new
    objects (none of them garbage) otherwise trigger full collections that make composing a
    long list of choices quadratic. Restored as it was, whatever happens."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
