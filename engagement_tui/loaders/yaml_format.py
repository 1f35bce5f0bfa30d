"""Provides `read_yaml`: the native YAML format into the model, every problem at FILE:LINE:COL.

The file is composed into nodes (which keep their line and column) and walked by hand, so a
wrong shape, a missing key or a typo in a key is reported where it was written, and reading
goes on to find the other problems. docs/questionnaire-format.md describes the format.
"""

from __future__ import annotations

import difflib
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engagement_tui.interview.questionnaire import (
    QUESTION_TEXT_FIELDS,
    Choice,
    ChoiceList,
    Group,
    Location,
    Question,
    Questionnaire,
    Theme,
)
from engagement_tui.loaders.problems import Problem
from engagement_tui.loaders.question_types import split_type, type_shape_problem
from engagement_tui.loaders.sources import SourceMap
from engagement_tui.loaders.yaml_nodes import TooLarge, collector_paused, compose

TOP_KEYS = ("form_id", "title", "version", "description", "choices", "codebook", "survey")
QUESTION_KEYS = ("type", "name", "required", "parameters", *QUESTION_TEXT_FIELDS)
GROUP_KEYS = ("group", "label", "relevant", "appearance", "questions")
CHOICE_KEYS = ("name", "label", "positive")
THEME_KEYS = ("name", "description")
TRUE_WORDS = frozenset({"true", "yes"})
FALSE_WORDS = frozenset({"false", "no"})
NULL_WORDS = frozenset({"", "~", "null"})
PARAMETER_SEPARATORS = re.compile(r"[\s,;]+")


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value else "nothing"


def _hint(mapping: MappingNode, key: str, value: Node, keys: tuple[str, ...]) -> str:
    """A likely fix for an unknown key: a near miss, or a comma that split a {...} value."""
    if mapping.flow_style and isinstance(value, ScalarNode) and not value.value and not value.style:
        return " (a comma inside {...} starts a new key: quote the whole text)"
    close = difflib.get_close_matches(key, keys, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class YamlReader:
    """Reads one file; collects problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.sources = SourceMap(file)
        self.questions: list[Question] = []
        self.groups: list[Group] = []

    def at(self, node: Node | yaml.Mark) -> Location:
        mark = node.start_mark if isinstance(node, Node) else node
        return Location(self.file, mark.line + 1, mark.column + 1)

    def problem(self, where: Node | yaml.Mark | Location, message: str) -> None:
        location = where if isinstance(where, Location) else self.at(where)
        self.problems.append(Problem(location, message))

    # -- shapes ---------------------------------------------------------------------------

    def mapping(self, node: Node, keys: tuple[str, ...], what: str) -> dict[str, Node] | None:
        """The value nodes of a mapping by key, reporting unknown and repeated keys."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping (key: value), found {_shape(node)}")
            return None
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"a key of {what} must be a plain name")
                continue
            key = key_node.value
            if key in found:
                self.problem(key_node, f"'{key}' is given twice in {what}")
            elif key not in keys:
                self.problem(
                    key_node, f"unknown key '{key}' in {what}{_hint(node, key, value_node, keys)}"
                )
            else:
                found[key] = value_node
        return found

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            return node.value
        if isinstance(node, ScalarNode) and node.value in NULL_WORDS and not node.style:
            return []
        self.problem(
            node, f"{what} must be a list (lines starting with '- '), found {_shape(node)}"
        )
        return []

    def text(self, node: Node | None, key: str) -> str:
        if node is None:
            return ""
        if isinstance(node, ScalarNode):
            if not node.style and node.value in NULL_WORDS:
                return ""
            return node.value.strip()
        self.problem(node, f"'{key}' must be text, found {_shape(node)}")
        return ""

    def boolean(self, node: Node | None, key: str) -> bool | None:
        word = self.text(node, key).lower()
        if not word:
            return None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.problem(node, f"'{key}' must be true or false (or yes/no), found '{word}'")
        return None

    def parameters(self, node: Node | None) -> tuple[tuple[str, str], ...]:
        if node is None:
            return ()
        if isinstance(node, MappingNode):
            pairs = self.mapping(node, ("start", "end", "step", "randomize", "seed"), "parameters")
            return tuple((key, self.text(value, key)) for key, value in (pairs or {}).items())
        pairs = []
        for token in PARAMETER_SEPARATORS.split(self.text(node, "parameters")):
            if not token:
                continue
            key, equals, value = token.partition("=")
            if not equals or not key:
                self.problem(node, f"parameters: '{token}' is not key=value")
                continue
            pairs.append((key.strip(), value.strip()))
        return tuple(pairs)

    # -- the document ---------------------------------------------------------------------

    def read(self, root: Node) -> Questionnaire | None:
        top = self.mapping(root, TOP_KEYS, "the questionnaire")
        if top is None:
            return None
        self.sources.survey = self.at(top.get("survey", root))
        form_id = self.text(top.get("form_id"), "form_id")
        self.sources.form_id = self.at(top.get("form_id", root))
        choice_lists = self.read_choices(top["choices"]) if "choices" in top else ()
        codebook = self.read_codebook(top["codebook"]) if "codebook" in top else ()
        if "survey" in top:
            self.read_items(self.sequence(top["survey"], "survey"), ())
        return Questionnaire(
            form_id=form_id,
            title=self.text(top.get("title"), "title") or form_id,
            version=self.text(top.get("version"), "version"),
            description=self.text(top.get("description"), "description"),
            questions=tuple(self.questions),
            groups=tuple(self.groups),
            choice_lists=choice_lists,
            codebook=codebook,
            source=self.file,
        )

    def read_choices(self, node: Node) -> tuple[ChoiceList, ...]:
        if not isinstance(node, MappingNode):
            self.problem(node, f"choices must map list names to lists, found {_shape(node)}")
            return ()
        lists = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = self.text(key_node, "choice list name")
            if name in seen:
                self.problem(key_node, f"choice list '{name}' is defined twice")
                continue
            seen.add(name)
            self.sources.choice_lists[name] = self.at(key_node)
            choices = []
            for item in self.sequence(value_node, f"choice list '{name}'"):
                fields = self.mapping(item, CHOICE_KEYS, f"a choice of list '{name}'")
                if fields is None:
                    continue
                self.sources.choices[(name, len(choices))] = self.at(item)
                choices.append(
                    Choice(
                        name=self.text(fields.get("name"), "name"),
                        label=self.text(fields.get("label"), "label"),
                        positive=self.boolean(fields.get("positive"), "positive"),
                    )
                )
            lists.append(ChoiceList(name, tuple(choices)))
        return tuple(lists)

    def read_codebook(self, node: Node) -> tuple[Theme, ...]:
        themes = []
        for item in self.sequence(node, "codebook"):
            fields = self.mapping(item, THEME_KEYS, "a codebook theme")
            if fields is not None:
                self.sources.themes[len(themes)] = self.at(fields.get("name", item))
                themes.append(
                    Theme(
                        self.text(fields.get("name"), "name"),
                        self.text(fields.get("description"), "description"),
                    )
                )
        return tuple(themes)

    def read_items(self, items: list[Node], groups: tuple[str, ...]) -> None:
        for item in items:
            if isinstance(item, MappingNode) and any(
                isinstance(key, ScalarNode) and key.value == "group" for key, _ in item.value
            ):
                self.read_group(item, groups)
            else:
                self.read_question(item, groups)

    def read_group(self, node: MappingNode, groups: tuple[str, ...]) -> None:
        fields = self.mapping(node, GROUP_KEYS, "a group") or {}
        index = len(self.groups)
        name = self.text(fields.get("group"), "group")
        for key, value in fields.items():
            self.sources.fields[("group", index, "name" if key == "group" else key)] = self.at(
                value
            )
        self.groups.append(
            Group(
                name=name,
                label=self.text(fields.get("label"), "label"),
                relevant=self.text(fields.get("relevant"), "relevant"),
                appearance=self.text(fields.get("appearance"), "appearance"),
                parent=groups[-1] if groups else None,
                location=self.at(node),
            )
        )
        if "questions" not in fields:
            self.problem(node, f"group '{name}' has no questions")
            return
        self.read_items(self.sequence(fields["questions"], f"group '{name}'"), (*groups, name))

    def read_question(self, node: Node, groups: tuple[str, ...]) -> None:
        fields = self.mapping(node, QUESTION_KEYS, "a question")
        if fields is None:
            return
        index = len(self.questions)
        for key, value in fields.items():
            self.sources.fields[("question", index, key)] = self.at(value)
        question_type, list_name, extra = split_type(self.text(fields.get("type"), "type"))
        shape_problem = type_shape_problem(question_type, list_name, extra)
        if shape_problem:
            self.problem(fields["type"], shape_problem)
        texts = {key: self.text(fields.get(key), key) for key in QUESTION_TEXT_FIELDS}
        self.questions.append(
            Question(
                name=self.text(fields.get("name"), "name"),
                type=question_type,
                required=bool(self.boolean(fields.get("required"), "required")),
                choice_list=list_name,
                parameters=self.parameters(fields.get("parameters")),
                groups=groups,
                location=self.at(node),
                **texts,
            )
        )


def _error_location(file: str, text: str, error: yaml.YAMLError) -> Location:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return Location(file, mark.line + 1, mark.column + 1)
    position = getattr(error, "position", None)
    if isinstance(position, int):
        before = text[:position]
        return Location(file, before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)
    return Location(file)


def _error_message(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        parts = [part for part in (error.context, error.problem) if part]
        return "YAML syntax error: " + (": ".join(parts) or "cannot parse")
    reason = getattr(error, "reason", None) or str(error).splitlines()[0]
    return f"YAML syntax error: {reason}"


def read_yaml(file: str, text: str) -> tuple[Questionnaire | None, SourceMap, list[Problem]]:
    """The questionnaire in `text` (None if it cannot be built), where things are, and problems."""
    reader = YamlReader(file)
    with collector_paused():
        return _read_yaml(reader, file, text)


def _read_yaml(
    reader: YamlReader, file: str, text: str
) -> tuple[Questionnaire | None, SourceMap, list[Problem]]:
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        return (
            None,
            reader.sources,
            [Problem(_error_location(file, text, error), _error_message(error))],
        )
    except TooLarge as error:
        return None, reader.sources, [Problem(reader.at(error.mark), f"the file is {error}")]
    if root is None:
        return None, reader.sources, [Problem(Location(file), "the file is empty")]
    return reader.read(root), reader.sources, reader.problems
