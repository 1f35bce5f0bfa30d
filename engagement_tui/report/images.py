"""Provides chart images (PNG and SVG) drawn from the PDF's own chart definitions, and the
alt text that states each chart's figures.

    png = chart_png(question)        # bytes, or None when the question has no chart
    svg = chart_svg(question)
    alt = alt_text(question)         # "Bar chart: Agree 41% (41 of 100), ..."
    write_chart_images(findings, folder)   # one PNG and one SVG per charted question

The drawings come from `charts.chart_for`, so an image shows exactly what the PDF shows.
"""

from __future__ import annotations

import io
from pathlib import Path

from engagement_tui.report import charts
from engagement_tui.report.styles import register_fonts

CHART_WIDTH = 450.0
"""Points: the width of the PDF's text frame, so labels fit the same way."""
DPI = 150
"""Sharp at the 16 cm a chart takes in the DOCX; higher costs encoding time."""


def chart_drawing(question: dict, width: float = CHART_WIDTH, colour: str = "#1F4E79"):
    """The reportlab Drawing of the question's chart, or None."""
    register_fonts()
    return charts.chart_for(question, width, colour)


def chart_png(question: dict, width: float = CHART_WIDTH, colour: str = "#1F4E79") -> bytes | None:
    """The chart as a PNG (DPI dots per inch), or None when the question has no chart."""
    drawing = chart_drawing(question, width, colour)
    return None if drawing is None else rasterise(drawing)


def _rgb(color) -> tuple[int, int, int] | None:
    if color is None:
        return None
    return tuple(round(255 * part) for part in (color.red, color.green, color.blue))


def rasterise(drawing, dpi: int = DPI) -> bytes:
    """A PNG of a chart Drawing (its rectangles and strings), drawn with Pillow.

    reportlab's own renderPM needs pycairo, which has no wheels to install from; the
    charts are rectangles and strings only, so Pillow draws them exactly. Any other
    shape is refused rather than silently left out.
    """
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.graphics.shapes import Rect, String

    from engagement_tui.report.styles import FONT_BOLD, FONT_DIR

    scale = dpi / 72
    width, height = round(drawing.width * scale), round(drawing.height * scale)
    image = Image.new("RGB", (max(width, 1), max(height, 1)), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for shape in drawing.contents:
        if isinstance(shape, Rect):
            fill = _rgb(shape.fillColor)
            if fill is None or shape.width <= 0:
                continue
            left, top = shape.x * scale, height - (shape.y + shape.height) * scale
            right, bottom = (shape.x + shape.width) * scale, height - shape.y * scale
            draw.rectangle((left, top, max(right - 1, left), bottom - 1), fill=fill)
        elif isinstance(shape, String):
            key = (shape.fontName, shape.fontSize)
            if key not in fonts:
                file = "DejaVuSans-Bold.ttf" if shape.fontName == FONT_BOLD else "DejaVuSans.ttf"
                fonts[key] = ImageFont.truetype(str(FONT_DIR / file), shape.fontSize * scale)
            draw.text(
                (shape.x * scale, height - shape.y * scale),
                shape.text,
                font=fonts[key],
                fill=_rgb(shape.fillColor) or (0, 0, 0),
                anchor=anchors.get(shape.textAnchor, "ls"),
            )
        else:
            raise TypeError(f"cannot rasterise a {type(shape).__name__} in a chart")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return out.getvalue()


def chart_svg(question: dict, width: float = CHART_WIDTH, colour: str = "#1F4E79") -> str | None:
    """The chart as SVG text, or None when the question has no chart."""
    from reportlab.graphics import renderSVG

    drawing = chart_drawing(question, width, colour)
    if drawing is None:
        return None
    return renderSVG.drawToString(drawing)


def _figure(value: object) -> str:
    return f"{float(value or 0):.0f}%"


def alt_text(question: dict) -> str:
    """What the chart shows, in words and numbers, for a screen reader."""
    kind = "Stacked bar chart" if charts.is_agreement_scale(question) else "Bar chart"
    results = list(question.get("results") or [])
    if question.get("type") in ("select_multiple", "rank"):
        results.sort(key=lambda r: -(r.get("percent") or 0))
    base = question.get("base")
    parts = [
        f"{r.get('label') or r.get('value')} {_figure(r.get('percent'))}"
        f" ({r.get('count', 0)} of {base})"
        for r in results
    ]
    label = question.get("label") or question.get("name") or ""
    return f"{kind} of answers to “{label}” (base {base}): " + "; ".join(parts) + "."


def write_chart_images(findings: dict, folder: Path, colour: str = "#1F4E79") -> list[Path]:
    """<question>.png and <question>.svg for every charted question; the paths written."""
    from engagement_tui.files.atomic import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for question in findings.get("questions", []):
        png = chart_png(question, colour=colour)
        if png is None:
            continue
        svg = chart_svg(question, colour=colour) or ""
        for suffix, data in ((".png", png), (".svg", svg.encode("utf-8"))):
            target = folder / f"{question.get('name')}{suffix}"
            with atomic_write(target) as handle:
                handle.write(data)
            written.append(target)
    return written
