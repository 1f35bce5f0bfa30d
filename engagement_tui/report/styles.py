"""Provides the report's look: settings (organisation, colours), fonts and paragraph styles.

The fonts are DejaVu Sans, shipped in `fonts/` with their licence, because reportlab's
built-in Helvetica has no glyphs for Welsh circumflexes, Polish, Greek or Cyrillic and
CI machines may have no system fonts at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


@dataclass(frozen=True)
class ReportSettings:
    """What makes a report look like the organisation's own."""

    organisation: str = "Engagement programme"
    programme: str = ""
    """Shown under the title on the cover, e.g. "Member engagement 2026"."""
    primary_colour: str = "#1F4E79"
    accent_colour: str = "#F28E2B"
    report_date: dt.date = field(default_factory=dt.date.today)
    title: str = ""
    """Overrides the questionnaire title on the cover when set."""


def text(value: object) -> str:
    """User text made safe for a Paragraph: markup characters escaped, never interpreted.

    Paragraph parses a mini-HTML; unescaped `<img src=...>` would make reportlab fetch
    a URL and a stray `<` breaks the parse, so every answer, label and name goes through here.
    """
    return escape("" if value is None else str(value))


_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) once per process."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    # No bold-oblique face is shipped (it would add 0.6 MB); bold wins in <b><i>.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)
    _registered = True


def colour(hex_value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(hex_value)


def make_styles(settings: ReportSettings) -> dict:
    """Paragraph styles by name, all in DejaVu Sans and the organisation's colours."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    primary = colour(settings.primary_colour)
    grey = HexColor("#555555")
    base = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=5)

    def heading(name: str, size: float, leading: float, *, before: float, after: float, **more):
        # keepWithNext: a heading never ends a page alone.
        return ParagraphStyle(
            name,
            base,
            fontName=FONT_BOLD,
            fontSize=size,
            leading=leading,
            spaceBefore=before,
            spaceAfter=after,
            keepWithNext=1,
            **more,
        )

    return {
        "body": base,
        "small": ParagraphStyle("Small", base, fontSize=8, leading=10, textColor=grey),
        "cell": ParagraphStyle("Cell", base, fontSize=8, leading=10, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "CellHead", base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
        "h1": heading("H1", 17, 21, before=6, after=10, textColor=primary),
        "h2": heading("H2", 12.5, 16, before=10, after=5, textColor=primary),
        "h3": heading("H3", 10.5, 14, before=6, after=3),
        "headline": ParagraphStyle(
            "Headline",
            base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14.5,
            spaceBefore=6,
            spaceAfter=2,
            textColor=primary,
        ),
        "question": ParagraphStyle(
            "Question", base, fontSize=8.5, leading=11, spaceAfter=6, textColor=grey
        ),
        "quote": ParagraphStyle(
            "Quote",
            base,
            fontName=FONT_ITALIC,
            leftIndent=14,
            rightIndent=14,
            spaceAfter=2,
            textColor=HexColor("#333333"),
        ),
        "attribution": ParagraphStyle(
            "Attribution",
            base,
            fontSize=8,
            leading=10,
            leftIndent=14,
            spaceAfter=8,
            textColor=grey,
        ),
        "bullet": ParagraphStyle("Bullet", base, leftIndent=14, bulletIndent=4, spaceAfter=3),
        "cover_title": ParagraphStyle(
            "CoverTitle",
            base,
            fontName=FONT_BOLD,
            fontSize=28,
            leading=34,
            spaceAfter=14,
            textColor=primary,
        ),
        "cover_sub": ParagraphStyle("CoverSub", base, fontSize=14, leading=19, textColor=grey),
        "toc_title": ParagraphStyle(
            "TocTitle",
            base,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            spaceAfter=12,
            textColor=primary,
            alignment=TA_CENTER,
        ),
        "toc1": ParagraphStyle(
            "TOC1",
            base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=15,
            leftIndent=10,
            firstLineIndent=-10,
        ),
        "toc2": ParagraphStyle(
            "TOC2", base, fontSize=9, leading=12, leftIndent=28, firstLineIndent=-10
        ),
    }
