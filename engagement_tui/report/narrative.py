"""Provides a tiny Markdown-to-flowables converter for the coordinator's narrative file.

Only what a recommendations section needs: `#`/`##`/`###` headings, paragraphs, `-`/`*`/`+`
bullet lists and `1.` numbered lists (numbered as written, from where each list starts),
`**bold**` and `*italic*`. Everything else is escaped and shown
as typed, so no markup in the file ever reaches reportlab's parser.
"""

from __future__ import annotations

import re

from engagement_tui.report.styles import text

_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def _replace(pattern: re.Pattern, source: str, tag: str, inner, outer=text) -> str:
    """`source` with each match's content (through `inner`) wrapped in `tag`, the rest
    through `outer` (both end by escaping).

    Each match becomes one balanced <tag>...</tag>, so the markup handed to reportlab is
    always well formed, whatever mix of asterisks the file holds.
    """
    out, position = [], 0
    for match in pattern.finditer(source):
        out.append(outer(source[position : match.start()]))
        out.append(f"<{tag}>{inner(match.group(1))}</{tag}>")
        position = match.end()
    out.append(outer(source[position:]))
    return "".join(out)


def inline(source: str) -> str:
    """Escaped text with **bold** and *italic* as reportlab's <b> and <i>."""

    def italic(part: str) -> str:
        return _replace(_ITALIC, part, "i", text)

    return _replace(_BOLD, source, "b", italic, italic)


def parse(markdown: str) -> list[tuple[str, str]]:
    """Blocks as (kind, inline markup): kind is h1, h2, h3, para, bullet or number."""
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
            blocks.append(("number" if bullet.group(1) else "bullet", inline(bullet.group(2))))
        elif (
            blocks and blocks[-1][0] in ("bullet", "number") and line[:1].isspace()
            and not paragraph
        ):  # fmt: skip
            # An indented line continues the item above it.
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + " " + inline(stripped))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def to_flowables(markdown: str, styles: dict, heading=None, h1_level: int = 2) -> list:
    """Flowables for the narrative; `heading(markup, level, escaped=True)` makes `#` headings
    entries of the contents page, at `h1_level`."""
    from reportlab.platypus import Paragraph

    flowables = []
    number = 0
    for kind, markup in parse(markdown):
        number = number + 1 if kind == "number" else 0
        if kind == "h1" and heading is not None:
            flowables.append(heading(markup, h1_level, escaped=True))
        elif kind in ("h1", "h2", "h3"):
            flowables.append(Paragraph(markup, styles["h2" if kind == "h1" else "h3"]))
        elif kind == "bullet":
            flowables.append(Paragraph(markup, styles["bullet"], bulletText="•"))
        elif kind == "number":
            flowables.append(Paragraph(markup, styles["bullet"], bulletText=f"{number}."))
        else:
            flowables.append(Paragraph(markup, styles["body"]))
    return flowables
