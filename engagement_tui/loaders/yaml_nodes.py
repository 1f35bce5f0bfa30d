"""Provides `compose`: YAML text into PyYAML nodes that keep their line and column.

This is `yaml.compose`, done without recursion: libyaml's own composer crashes the whole
process (a segmentation fault, not an exception) on input nested some tens of thousands of
levels deep, and the pure-Python one raises RecursionError. So the nodes are built here from
the parser's events, which libyaml produces iteratively, with limits on depth and on how far
aliases may expand. Tags are not resolved: the loaders read each scalar's text as written,
so `label: no` stays "no".
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64
"""Deeper than any sensible questionnaire; beyond it the file is refused, not walked."""
MAX_NODES = 1_000_000
"""Aliases can make a small file expand enormously ("billion laughs"); past this it is refused."""

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
    """
    stack: list[tuple[Node, str | None]] = []
    pending_keys: list[Node | None] = []
    anchors: dict[str, Node] = {}
    sizes: dict[int, int] = {}
    root: Node | None = None
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError(
                    None, None, "expected one document, found another", event.start_mark
                )
            continue
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise TooLarge(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            kind = SequenceNode if isinstance(event, yaml.SequenceStartEvent) else MappingNode
            node: Node = kind(event.tag or "", [], event.start_mark, None, event.flow_style)
            sizes[id(node)] = 1
            stack.append((node, event.anchor))
            pending_keys.append(None)
            continue
        if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node, anchor = stack.pop()
            pending_keys.pop()
            node.end_mark = event.end_mark
        elif isinstance(event, yaml.ScalarEvent):
            node = ScalarNode(
                event.tag or "", event.value, event.start_mark, event.end_mark, event.style
            )
            sizes[id(node)] = 1
            anchor = event.anchor
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias '{event.anchor}'", event.start_mark
                )
            node, anchor = anchors[event.anchor], None
        else:
            continue
        if anchor:
            anchors[anchor] = node
        if not stack:
            root = node
            continue
        parent = stack[-1][0]
        sizes[id(parent)] += sizes[id(node)]
        if sizes[id(parent)] > MAX_NODES:
            raise TooLarge("aliases expand to too many values", event.start_mark)
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif pending_keys[-1] is None:
            pending_keys[-1] = node
        else:
            parent.value.append((pending_keys[-1], node))
            pending_keys[-1] = None
    return root
