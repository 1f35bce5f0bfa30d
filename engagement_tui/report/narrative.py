"""Provides a tiny Markdown-to-flowables converter for the coordinator's narrative file.

Only what a recommendations section needs: `#`/`##`/`###` headings, paragraphs, `-`/`*`/`+`
and `1.` bullet lists, `**bold**` and `*italic*`. Everything else is escaped and shown
as typed, so no markup in the file ever reaches reportlab's parser.
"""

from __future__ import annotations

import re

from engagement_tui.report.styles import text

_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")


def inline(source: str) -> str:
    """Escape the text, then turn **bold** and *italic* into reportlab's <b> and <i>."""
    escaped = text(source)
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    return _ITALIC.sub(r"<i>\1</i>", escaped)


def parse(markdown: str) -> list[tuple[str, str]]:
    """Blocks as (kind, inline markup): kind is h1, h2, h3, para or bullet."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("para", inline(" ".join(paragraph))))
            paragraph.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        bullet = _BULLET.match(line)
        if not stripped:
            flush()
        elif heading:
            flush()
            blocks.append((f"h{len(heading.group(1))}", inline(heading.group(2))))
        elif bullet:
            flush()
            blocks.append(("bullet", inline(bullet.group(1))))
        elif blocks and blocks[-1][0] == "bullet" and line[:1].isspace() and not paragraph:
            # An indented line continues the bullet above it.
            blocks[-1] = ("bullet", blocks[-1][1] + " " + inline(stripped))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def to_flowables(markdown: str, styles: dict, heading=None) -> list:
    """Flowables for the narrative; `heading(markup, level, escaped=True)` makes `#` headings
    entries of the contents page."""
    from reportlab.platypus import Paragraph

    flowables = []
    for kind, markup in parse(markdown):
        if kind == "h1" and heading is not None:
            flowables.append(heading(markup, 2, escaped=True))
        elif kind in ("h1", "h2", "h3"):
            flowables.append(Paragraph(markup, styles["h2" if kind == "h1" else "h3"]))
        elif kind == "bullet":
            flowables.append(Paragraph(markup, styles["bullet"], bulletText="•"))
        else:
            flowables.append(Paragraph(markup, styles["body"]))
    return flowables
