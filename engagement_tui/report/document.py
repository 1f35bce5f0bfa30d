"""Provides `write_report`: findings (and a little metadata) into a PDF, to a path or a file.

The document is A4 with a cover template and a body template; headings feed the
contents page (built with multiBuild, which lays the story out until page numbers
settle) and PDF bookmarks, and every page carries "Page x of y" from NumberedCanvas.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from engagement_tui.report.story import build_story
from engagement_tui.report.styles import (
    FONT,
    FONT_BOLD,
    ReportSettings,
    colour,
    make_styles,
    register_fonts,
    text,
)

MARGIN = 56.0  # about 2 cm


def _numbered_canvas_class(settings: ReportSettings):
    """A Canvas that holds every page back until the end, so each footer knows the total."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(HexColor("#666666"))
            self.drawString(MARGIN, 28, settings.organisation)
            self.drawRightString(width - MARGIN, 28, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _document(out, settings: ReportSettings, title: str):
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    primary = colour(settings.primary_colour)
    accent = colour(settings.accent_colour)

    def cover_page(canvas, doc):
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(primary)
        canvas.rect(0, height - 120, width, 120, stroke=0, fill=1)
        canvas.setFillColor(accent)
        canvas.rect(0, height - 128, width, 8, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.setFont(FONT_BOLD, 16)
        canvas.drawString(MARGIN, height - 70, settings.organisation)  # drawn, never parsed
        canvas.restoreState()

    def body_page(canvas, doc):
        width, height = A4
        canvas.saveState()
        canvas.setStrokeColor(primary)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, height - 36, width - MARGIN, height - 36)
        canvas.restoreState()

    class ReportDocument(BaseDocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
            level = getattr(flowable, "toc_level", None)
            if level is None:
                return
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_plain, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, flowable.toc_markup, self.page, key))

    width, height = A4
    frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN - 6, id="body")
    document = ReportDocument(
        out,
        pagesize=A4,
        title=title,
        author=settings.organisation,
        subject=settings.programme,
        lang="en-GB",
        displayDocTitle=1,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    document.addPageTemplates(
        [
            PageTemplate("cover", [frame], onPage=cover_page),
            PageTemplate("body", [frame], onPage=body_page),
        ]
    )
    return document


def _heading_factory(styles: dict):
    """heading(label, level): a heading Paragraph that also becomes a contents entry."""
    from reportlab.platypus import Paragraph

    counter = iter(range(1, 1_000_000))

    def heading(label: str, level: int, *, escaped: bool = False):
        markup = label if escaped else text(label)
        paragraph = Paragraph(markup, styles[f"h{level}"])
        paragraph.toc_level = level - 1
        paragraph.toc_markup = markup
        paragraph.toc_plain = paragraph.getPlainText()
        paragraph.toc_key = f"h{next(counter)}"
        return paragraph

    return heading


def write_report(
    findings: dict,
    meta: dict,
    out: Path | str | BinaryIO,
    *,
    narrative_md: str | None = None,
    settings: ReportSettings | None = None,
) -> None:
    """Write the PDF report of `findings` to `out` (a path or a binary file object)."""
    settings = settings or ReportSettings()
    register_fonts()
    styles = make_styles(settings)
    frame_width = 595.27 - 2 * MARGIN - 12  # the frame's own 6 pt padding on each side
    layout = {"width": frame_width, "primary": settings.primary_colour}
    questionnaire = findings.get("questionnaire", {})
    title = settings.title or questionnaire.get("title") or questionnaire.get("form_id", "Report")
    target = str(out) if isinstance(out, (str, Path)) else out
    document = _document(target, settings, title)
    heading = _heading_factory(styles)
    story = build_story(findings, meta, settings, styles, layout, heading, narrative_md)
    document.multiBuild(story, canvasmaker=_numbered_canvas_class(settings))
