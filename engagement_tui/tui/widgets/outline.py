"""Provides the section outline beside an interview: each section, how much is answered."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

__all__ = ["SectionOutline", "outline_content"]


def outline_content(sections: list[Any], current: str) -> Content:
    """Lines 'label  answered/total', the current section marked, skipped ones dimmed.

    Args:
        sections: the session's sections (name, label, visible, answered, total).
        current: name of the section holding the current question.
    """
    lines: list[Content] = []
    for section in sections:
        marker = "▶ " if section.name == current else "  "
        count = f"{section.answered}/{section.total}" if section.visible else "skip"
        style = "bold" if section.name == current else ("dim" if not section.visible else "")
        if section.visible and section.total and section.answered == section.total:
            count = "✓ " + count
        lines.append(Content.assemble((marker + (section.label or section.name), style)))
        lines.append(Content.assemble(("    " + count, "dim")))
    return Content("\n").join(lines)


class SectionOutline(Static):
    """The questionnaire's sections and progress through each."""

    def __init__(self) -> None:
        super().__init__("", id="outline")
        self.border_title = "Sections"
        self._lines = -1

    def show(self, sections: list[Any], current: str) -> None:
        content = outline_content(sections, current)
        # The same sections in the same order: the same number of lines, so no layout pass.
        self.update(content, layout=content.plain.count("\n") != self._lines)
        self._lines = content.plain.count("\n")
