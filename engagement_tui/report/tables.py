"""Provides the report's tables: results with counts and percentages, breakdowns, summaries.

Every cell is a Paragraph of escaped text so long labels wrap instead of running off the
page. A breakdown group whose base is under the threshold shows SUPPRESSED_MARK, and
the table carries a footnote saying what the mark means.
"""

from __future__ import annotations

from engagement_tui.report.styles import colour, text

SUPPRESSED_MARK = "*"
MAX_GROUP_COLUMNS = 6
"""Breakdown columns per table; wider breakdowns continue in a second table."""


def grid_style(primary: str) -> list:
    from reportlab.lib.colors import HexColor

    return [
        ("BACKGROUND", (0, 0), (-1, 0), colour(primary)),
        ("TEXTCOLOR", (0, 0), (-1, 0), HexColor("#FFFFFF")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#BBBBBB")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#FFFFFF"), HexColor("#F3F6FA")]),
    ]


def header_row(cells: list[str], styles: dict) -> list:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    white = ParagraphStyle("HeadWhite", styles["cell_head"], textColor=HexColor("#FFFFFF"))
    return [Paragraph(cell, white) for cell in cells]


def _align_right(rows: list[list], numeric_from: int) -> None:
    """Right-align the Paragraphs of the number columns (a Table's ALIGN skips Paragraphs)."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    copies: dict[int, ParagraphStyle] = {}
    for row in rows:
        for cell in row[numeric_from:]:
            style = getattr(cell, "style", None)
            if style is not None:
                if id(style) not in copies:
                    copies[id(style)] = ParagraphStyle(
                        style.name + "Right", style, alignment=TA_RIGHT
                    )
                cell.style = copies[id(style)]


def table(rows: list[list], widths: list[float], primary: str, numeric_from: int = 1):
    """A striped table with a coloured header; columns from `numeric_from` right-aligned."""
    from reportlab.platypus import Table, TableStyle

    _align_right(rows, numeric_from)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(grid_style(primary)))
    return table


def _percent(value: object) -> str:
    return "" if value is None else f"{float(value):.1f}%"


def results_table(question: dict, styles: dict, width: float, primary: str):
    """Option, count and percentage (plus mean rank for rankings)."""
    from reportlab.platypus import Paragraph

    cell = styles["cell"]
    is_rank = question.get("type") == "rank"
    percent_head = {"select_multiple": "% of respondents", "rank": "% ranked first"}.get(
        question.get("type"), "%"
    )
    head = ["Answer", "Count", percent_head] + (["Mean rank"] if is_rank else [])
    rows = [header_row(head, styles)]
    for result in question.get("results") or []:
        row = [
            Paragraph(text(result.get("label") or result.get("value")), cell),
            Paragraph(str(result.get("count", "")), cell),
            Paragraph(_percent(result.get("percent")), cell),
        ]
        if is_rank:
            mean_rank = result.get("mean_rank")
            row.append(Paragraph("" if mean_rank is None else f"{mean_rank:.1f}", cell))
        rows.append(row)
    widths = [60.0, 80.0] + ([60.0] if is_rank else [])
    widths.insert(0, width - sum(widths))
    return table(rows, widths, primary)


def summary_table(summary: dict, styles: dict, width: float, primary: str):
    """n, mean, median, min and max of a number question."""
    from reportlab.platypus import Paragraph

    keys = ["n", "mean", "median", "min", "max"]
    cells = []
    for key in keys:
        value = summary.get(key)
        if isinstance(value, bool) or value is None:
            shown = text(value if value is not None else "")
        elif isinstance(value, float):
            shown = f"{value:,.1f}"
        elif isinstance(value, int):
            shown = f"{value:,}"
        else:
            shown = text(value)
        cells.append(Paragraph(shown, styles["cell"]))
    return table(
        [header_row([k.capitalize() for k in keys], styles), cells],
        [min(width / 5, 80.0)] * 5,
        primary,
        numeric_from=0,
    )


def _group_cell(group: dict, value: str) -> str:
    if group.get("suppressed"):
        return SUPPRESSED_MARK
    for result in group.get("results") or []:
        if result.get("value") == value:
            return f"{float(result.get('percent') or 0):.0f}%"
    return "0%" if "results" in group else ""


def breakdown_tables(
    question: dict, styles: dict, width: float, primary: str, threshold: int = 5
) -> list:
    """One table per breakdown field (split when it has many groups), then the footnote."""
    from reportlab.platypus import Paragraph, Spacer

    flowables: list = []
    any_suppressed = False
    options = [
        (r.get("value"), r.get("label") or r.get("value")) for r in question.get("results") or []
    ]
    for field_name, groups in (question.get("breakdown") or {}).items():
        names = list(groups)
        if not names or not options:
            continue
        flowables.append(Paragraph(f"By {text(field_name.replace('_', ' '))}", styles["h3"]))
        for start in range(0, len(names), MAX_GROUP_COLUMNS):
            chunk = names[start : start + MAX_GROUP_COLUMNS]
            head = ["Answer"] + [
                f"{text(name)}<br/>(base {text(groups[name].get('base', ''))})" for name in chunk
            ]
            rows = [header_row(head, styles)]
            for value, label in options:
                cells = [Paragraph(text(label), styles["cell"])]
                for name in chunk:
                    shown = _group_cell(groups[name], value)
                    any_suppressed |= shown == SUPPRESSED_MARK
                    cells.append(Paragraph(shown, styles["cell"]))
                rows.append(cells)
            group_width = min(84.0, width * 0.62 / len(chunk))
            label_width = width - group_width * len(chunk)
            flowables += [
                table(rows, [label_width] + [group_width] * len(chunk), primary),
                Spacer(1, 4),
            ]
    if any_suppressed:
        flowables.append(
            Paragraph(
                f"{SUPPRESSED_MARK} base under {threshold}, not shown.",
                styles["small"],
            )
        )
    return flowables
