"""Provides the charts of the report, drawn with reportlab.graphics shapes.

Three pictures cover every closed question: horizontal bars for a single choice, a
single stacked bar for an agreement scale, and bars sorted longest first for multiple
choices and rankings. Labels are measured and shortened to fit, so nothing overlaps.
"""

from __future__ import annotations

import re

from engagement_tui.report.styles import FONT, colour

LABEL_WIDTH = 170.0
BAR_HEIGHT = 11.0
ROW_GAP = 5.0
FONT_SIZE = 7.5

_AGREEMENT = re.compile(r"\bagree|\bdisagree|neither|satisf|likely", re.IGNORECASE)
SCALE_COLOURS = ("#1a9641", "#a6d96a", "#d9d9d9", "#fdae61", "#d7191c")
DARK = frozenset({"#1a9641", "#d7191c"})
"""Segments dark enough to need white figures."""


def is_agreement_scale(question: dict) -> bool:
    """True for a single choice whose options read like an agreement or satisfaction scale."""
    if question.get("type") != "select_one":
        return False
    labels = [str(result.get("label", "")) for result in question.get("results", [])]
    return len(labels) >= 3 and sum(bool(_AGREEMENT.search(label)) for label in labels) >= 2


def fit(label: str, width: float, size: float = FONT_SIZE) -> str:
    """The label, shortened with an ellipsis until it fits `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = " ".join(str(label).split())
    if stringWidth(label, FONT, size) <= width:
        return label
    while label and stringWidth(label + "…", FONT, size) > width:
        label = label[:-1]
    return label.rstrip() + "…"


def bar_chart(results: list[dict], width: float, bar_colour: str, *, sort: bool = False):
    """Horizontal bars of `percent`, one per result, labelled left and valued right."""
    from reportlab.graphics.shapes import Drawing, Rect, String

    rows = sorted(results, key=lambda r: -(r.get("percent") or 0)) if sort else list(results)
    height = len(rows) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP
    drawing = Drawing(width, height)
    plot = width - LABEL_WIDTH - 40
    top = max((r.get("percent") or 0) for r in rows) if rows else 0
    scale = plot / max(top, 1.0)
    fill = colour(bar_colour)
    for index, row in enumerate(rows):
        y = height - (index + 1) * (BAR_HEIGHT + ROW_GAP)
        percent = row.get("percent") or 0
        drawing.add(
            String(
                LABEL_WIDTH - 6,
                y + 3,
                fit(row.get("label") or row.get("value"), LABEL_WIDTH - 10),
                fontName=FONT,
                fontSize=FONT_SIZE,
                textAnchor="end",
            )
        )
        drawing.add(
            Rect(
                LABEL_WIDTH,
                y,
                max(percent * scale, 0.5),
                BAR_HEIGHT,
                fillColor=fill,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                LABEL_WIDTH + percent * scale + 4,
                y + 3,
                f"{percent}%",
                fontName=FONT,
                fontSize=FONT_SIZE,
            )
        )
    return drawing


def scale_chart(results: list[dict], width: float):
    """One bar split 100% across the scale, favourable side first, with a legend below."""
    from reportlab.graphics.shapes import Drawing, Rect, String

    total = sum((r.get("percent") or 0) for r in results) or 1.0
    palette = _scale_palette(len(results))
    legend_rows = (len(results) + 2) // 3
    height = 26 + legend_rows * 13
    drawing = Drawing(width, height)
    x = 0.0
    bar_y = height - 20
    for row, fill in zip(results, palette, strict=True):
        share = (row.get("percent") or 0) / total * width
        drawing.add(Rect(x, bar_y, share, 18, fillColor=colour(fill), strokeColor=None))
        if share > 22:
            drawing.add(
                String(
                    x + share / 2,
                    bar_y + 6,
                    f"{row.get('percent') or 0}%",
                    fontName=FONT,
                    fontSize=FONT_SIZE,
                    textAnchor="middle",
                    fillColor=colour("#FFFFFF" if fill in DARK else "#000000"),
                )
            )
        x += share
    column = width / 3
    for index, (row, fill) in enumerate(zip(results, palette, strict=True)):
        lx = (index % 3) * column
        ly = bar_y - 14 - (index // 3) * 13
        drawing.add(Rect(lx, ly, 8, 8, fillColor=colour(fill), strokeColor=None))
        label = f"{row.get('label') or row.get('value')} ({row.get('percent') or 0}%)"
        drawing.add(
            String(lx + 11, ly + 1, fit(label, column - 16), fontName=FONT, fontSize=FONT_SIZE)
        )
    return drawing


def _scale_palette(count: int) -> list[str]:
    """Green to red across `count` options; a neutral grey for anything past five."""
    if count <= len(SCALE_COLOURS):
        step = (len(SCALE_COLOURS) - 1) / max(count - 1, 1)
        return [SCALE_COLOURS[round(i * step)] for i in range(count)]
    return list(SCALE_COLOURS) + ["#969696"] * (count - len(SCALE_COLOURS))


def chart_for(question: dict, width: float, bar_colour: str):
    """The chart that suits the question, or None (numbers, text, suppressed results)."""
    results = question.get("results") or []
    if question.get("suppressed") or not results:
        return None
    kind = question.get("type")
    if kind == "select_one":
        if is_agreement_scale(question):
            return scale_chart(results, width)
        return bar_chart(results, width, bar_colour)
    if kind in ("select_multiple", "rank"):
        return bar_chart(results, width, bar_colour, sort=True)
    return None
