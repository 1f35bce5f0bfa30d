"""Provides SourceMap: where each part of a questionnaire was written, finer than the model keeps.

The model holds one location per question or group. A source map adds the location of each
field's value ("relevant", "type"...), of each choice list and choice, and of each theme, so a
problem found by the checks points at the very cell or YAML value to fix. Keys are positions
in the model's tuples, because names may be duplicated in a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engagement_tui.interview.questionnaire import Location


@dataclass
class SourceMap:
    file: str
    survey: Location | None = None
    form_id: Location | None = None
    fields: dict[tuple[str, int, str], Location] = field(default_factory=dict)
    """("question" or "group", index, field name) -> location of that field's value."""
    choice_lists: dict[str, Location] = field(default_factory=dict)
    choices: dict[tuple[str, int], Location] = field(default_factory=dict)
    """(list name, index in the list) -> location of the choice."""
    themes: dict[int, Location] = field(default_factory=dict)
    unfilled_lists: set[str] = field(default_factory=set)
    """Choice lists that may be empty: an attachment not beside the form, or an
    external_choices list (whose absence is reported where it is read)."""
    allow_choice_duplicates: bool = False
    """XLSForm's setting: the same choice name may appear twice in a list."""

    @property
    def whole_file(self) -> Location:
        return Location(self.file)

    def locate(self, kind: str, index: int, name: str, fallback: Location | None) -> Location:
        return self.fields.get((kind, index, name)) or fallback or self.whole_file
