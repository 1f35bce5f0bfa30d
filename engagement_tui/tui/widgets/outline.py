"""Provides the section outline beside an interview: each section, how much is answered."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

__all__ = ["SectionOutline", "outline_content", "outline_lines"]


def outline_lines(sections: list[Any], current: str) -> list[Content]:
    """Lines 'label', then '  answered/total', per section; the current section marked,
    skipped ones dimmed.

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
    return lines


def outline_content(sections: list[Any], current: str) -> Content:
    """The outline as one text (see outline_lines)."""
    return Content("\n").join(outline_lines(sections, current))


def _key(line: Content) -> tuple[str, tuple[Any, ...]]:
    # Content's == compares text only; a line can change by its style alone (bold).
    return line.plain, tuple(line.spans)


class SectionOutline(Static):
    """The questionnaire's sections and progress through each."""

    _changed_rows: list[int] | None = None
    """Rows the next refresh redraws (set by show just before it updates the text)."""

    def __init__(self) -> None:
        super().__init__("", id="outline")
        self.border_title = "Sections"
        self._shown: list[tuple[str, tuple[Any, ...]]] | None = None

    def show(self, sections: list[Any], current: str) -> None:
        lines = outline_lines(sections, current)
        shown, self._shown = self._shown, [_key(line) for line in lines]
        width = self.content_size.width
        if (
            shown is not None
            and len(shown) == len(lines)
            and width
            and all(line.cell_length <= width for line in lines)
        ):
            # One row per line and as many lines as before: no layout pass, and only the
            # rows that changed (a section's count, the marker) are redrawn, not the
            # whole column with everything behind it (about 3 ms a keypress).
            changed = [row for row, key in enumerate(self._shown) if key != shown[row]]
            if changed:
                self._changed_rows = changed
                self.update(Content("\n").join(lines), layout=False)
            return
        self.update(Content("\n").join(lines))

    def refresh(self, *regions: Region, **options: Any) -> Widget:
        changed, self._changed_rows = self._changed_rows, None
        if changed is not None and not regions:
            width = self.content_size.width
            regions = tuple(Region(0, row, width, 1) for row in changed)
        return super().refresh(*regions, **options)
