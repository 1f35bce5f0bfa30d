"""Provides the charts of the report, drawn with reportlab.graphics shapes.

Three pictures cover every closed question: horizontal bars for a single choice, a
single stacked bar for an agreement scale, and bars sorted longest first for multiple
choices and rankings. Labels are measured and wrapped onto as many lines as they need
(a row grows to hold them), never cut short; a scale's legend takes fewer columns when a
label would not fit, so nothing overlaps and every word of every label is there.
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


def wrap(label: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """The label's words in lines no wider than `width` points (a single word longer than
    the width is split across lines, hyphenless, rather than cut)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in " ".join(str(label).split()).split(" "):
        trial = f"{current} {word}".strip()
        if stringWidth(trial, FONT, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while stringWidth(word, FONT, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and stringWidth(word[:cut], FONT, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


LINE_HEIGHT = FONT_SIZE + 1.5


def bar_chart(results: list[dict], width: float, bar_colour: str, *, sort: bool = False):
    """Horizontal bars of `percent`, one per result, labelled left (wrapped) and valued right."""
    from reportlab.graphics.shapes import Drawing, Rect, String

    rows = sorted(results, key=lambda r: -(r.get("percent") or 0)) if sort else list(results)
    labels = [wrap(row.get("label") or row.get("value"), LABEL_WIDTH - 10) for row in rows]
    heights = [max(BAR_HEIGHT, len(lines) * LINE_HEIGHT) for lines in labels]
    height = sum(heights) + ROW_GAP * (len(rows) + 1)
    drawing = Drawing(width, height)
    plot = width - LABEL_WIDTH - 40
    top = max((r.get("percent") or 0) for r in rows) if rows else 0
    scale = plot / max(top, 1.0)
    fill = colour(bar_colour)
    y = height
    for row, lines, row_height in zip(rows, labels, heights, strict=True):
        y -= row_height + ROW_GAP
        percent = row.get("percent") or 0
        text_top = y + row_height / 2 + (len(lines) - 1) * LINE_HEIGHT / 2
        for number, line in enumerate(lines):
            drawing.add(
                String(
                    LABEL_WIDTH - 6,
                    text_top - number * LINE_HEIGHT - 2.5,
                    line,
                    fontName=FONT,
                    fontSize=FONT_SIZE,
                    textAnchor="end",
                )
            )
        y_bar = y + (row_height - BAR_HEIGHT) / 2
        drawing.add(
            Rect(
                LABEL_WIDTH,
                y_bar,
                max(percent * scale, 0.5),
                BAR_HEIGHT,
                fillColor=fill,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                LABEL_WIDTH + percent * scale + 4,
                y_bar + 3,
                f"{percent}%",
                fontName=FONT,
                fontSize=FONT_SIZE,
            )
        )
    return drawing


def scale_chart(results: list[dict], width: float):
    """One bar split 100% across the scale, favourable side first, with a legend below."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = sum((r.get("percent") or 0) for r in results) or 1.0
    palette = _scale_palette(len(results))
    legends = [
        f"{r.get('label') or r.get('value')} ({r.get('percent') or 0:.0f}%)" for r in results
    ]
    widest = max((stringWidth(label, FONT, FONT_SIZE) for label in legends), default=0)
    columns = next((n for n in (3, 2) if widest <= width / n - 16), 1)
    entries = [wrap(label, width / columns - 16) for label in legends]
    per_row = [
        max(len(lines) for lines in entries[start : start + columns]) * LINE_HEIGHT + 4
        for start in range(0, len(entries), columns)
    ]
    height = 26 + sum(per_row)
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
    column = width / columns
    for index, (lines, fill) in enumerate(zip(entries, palette, strict=True)):
        lx = (index % columns) * column
        ly = bar_y - 14 - sum(per_row[: index // columns])
        drawing.add(Rect(lx, ly, 8, 8, fillColor=colour(fill), strokeColor=None))
        for number, line in enumerate(lines):
            drawing.add(
                String(
                    lx + 11,
                    ly + 1 - number * LINE_HEIGHT,
                    line,
                    fontName=FONT,
                    fontSize=FONT_SIZE,
                )
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
