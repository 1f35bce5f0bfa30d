"""Provides the report's tables: results with counts and percentages, breakdowns, summaries.

Callers pass plain values, never markup. A cell that fits its column stays a plain
string (reportlab draws those as they are, without parsing, and quickly); one that
does not becomes a wrapping Paragraph of escaped text. A breakdown group whose base is
under the threshold shows SUPPRESSED_MARK, and the table carries a footnote.
"""

from __future__ import annotations

from engagement_tui.report.styles import FONT, FONT_BOLD, colour, text

SUPPRESSED_MARK = "*"
MAX_GROUP_COLUMNS = 5
"""Breakdown columns per table. A wider breakdown of a question with at most this many
answers turns round (a row per group); otherwise it continues in a second table, titled
"(2 of 2)"."""
KEEP_WHOLE_ROWS = 16
"""A table standing alone of at most this many rows (header included) is never split."""
CELL_SIZE = 8
CELL_PAD = 4
PADDING = 2 * CELL_PAD + 1  # left + right cell padding, with a little slack


def grid_style(primary: str, numeric_from: int) -> list:
    from reportlab.lib.colors import HexColor

    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE + 2),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), colour(primary)),
        ("TEXTCOLOR", (0, 0), (-1, 0), HexColor("#FFFFFF")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#BBBBBB")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#FFFFFF"), HexColor("#F3F6FA")]),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
    ]


def _cell(value: object, width: float, style, head: bool):
    """A plain string if every line fits `width`, else a wrapping Paragraph (escaped)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    shown = "" if value is None else str(value)
    font = FONT_BOLD if head else FONT
    if all(stringWidth(line, font, CELL_SIZE) <= width - PADDING for line in shown.split("\n")):
        return shown
    return Paragraph(text(shown).replace("\n", "<br/>"), style)


def table(rows: list[list], widths: list[float], styles: dict, primary: str, numeric_from=1):
    """A striped table with a coloured header row; columns from `numeric_from` right-aligned."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table, TableStyle

    head = ParagraphStyle("HeadCell", styles["cell_head"], textColor=HexColor("#FFFFFF"))
    # (is header row, is number column) -> the style of a cell that needs wrapping
    cell_styles = {
        (True, False): head,
        (True, True): ParagraphStyle("HeadCellRight", head, alignment=TA_RIGHT),
        (False, False): styles["cell"],
        (False, True): ParagraphStyle("CellRight", styles["cell"], alignment=TA_RIGHT),
    }
    shaped = [
        [
            _cell(value, width, cell_styles[index == 0, column >= numeric_from], index == 0)
            for column, (value, width) in enumerate(zip(row, widths, strict=True))
        ]
        for index, row in enumerate(rows)
    ]
    result = Table(shaped, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(grid_style(primary, numeric_from)))
    return result


def whole(flowable, rows: int):
    """A table that stands alone in the story (not already inside a KeepTogether): kept
    whole when short, so it moves to the next page rather than leave a fragment of a row or
    two (and a repeated header) on either side of the break. (Nesting KeepTogether inside a
    question's own block makes reportlab break pages far too early: never do that.)"""
    if rows > KEEP_WHOLE_ROWS:
        return flowable
    from reportlab.platypus import KeepTogether

    return KeepTogether([flowable])


def group_name(value: object) -> str:
    """A group as the report names it: sentence case for a name typed all in lower case
    ("foundation trust" -> "Foundation trust", beside "NHS trust"); others as they are."""
    name = "" if value is None else str(value)
    return name[:1].upper() + name[1:] if name == name.lower() else name


def percent(value: object) -> str:
    """The findings' whole-number percentage as printed (never re-rounded here)."""
    return "" if value is None else f"{value}%"


def number(value: object) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def results_rows(question: dict) -> list[list]:
    """Header and one row per answer: label, count, percentage (mean rank for a ranking;
    with an earlier wave, its share and the change in points: "45%, +18.9 up")."""
    from engagement_tui.findings.waves import choice_changes

    is_rank = question.get("type") == "rank"
    percent_head = {"select_multiple": "% of respondents", "rank": "% ranked first"}.get(
        question.get("type"), "%"
    )
    changes = choice_changes(question)
    head = ["Answer", "Count", percent_head] + (["Mean rank"] if is_rank else [])
    rows = [head + ([f"{question['comparison']['with']}, change"] if changes else [])]
    for result in question.get("results") or []:
        row = [
            result.get("label") or result.get("value"),
            number(result.get("count")),
            percent(result.get("percent")),
        ]
        if is_rank:
            mean_rank = result.get("mean_rank")
            row.append("" if mean_rank is None else f"{mean_rank:.1f}")
        if changes:
            row.append(changes.get(result.get("value"), ""))
        rows.append(row)
    return rows


def results_table(question: dict, styles: dict, width: float, primary: str):
    """Option, count and percentage (plus mean rank for rankings, and the change since an
    earlier wave)."""
    is_rank = question.get("type") == "rank"
    rows = results_rows(question)
    compared = len(rows[0]) > 3 + is_rank
    widths = [50.0, 50.0] if compared else [60.0, 84.0]
    widths += ([60.0] if is_rank else []) + ([140.0] if compared else [])
    widths.insert(0, width - sum(widths))
    return table(rows, widths, styles, primary)


def summary_table(summary: dict, styles: dict, width: float, primary: str):
    """n, mean, median, min and max of a number question."""
    from engagement_tui.findings.phrasing import number_text

    keys = ["n", "mean", "median", "min", "max"]
    # As the findings give them (a mean of 13.88 is 13.88 here too, as in the headline).
    values = ["" if summary.get(k) is None else number_text(summary[k]) for k in keys]
    rows = [[k.capitalize() for k in keys], values]
    return table(rows, [min(width / 5, 80.0)] * 5, styles, primary, numeric_from=0)


def _group_cell(group: dict, value: str) -> str:
    if group.get("suppressed"):
        return SUPPRESSED_MARK
    for result in group.get("results") or []:
        if result.get("value") == value:
            return percent(result.get("percent") or 0)
    return "0%" if "results" in group else ""


def _group_width(headers: list[str], width: float) -> float:
    """Wide enough for the longest word of any group's header, within 78% of the table."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max(stringWidth(word, FONT_BOLD, CELL_SIZE) for h in headers for word in h.split())
    share = width * 0.78 / len(headers)
    return min(max(longest + PADDING, min(84.0, share * 0.85)), share)


def restates_grouping(groups: dict) -> bool:
    """Whether each group's only answer is the group itself (organisation type by type).

    Such a table repeats the grouping back, so the report leaves it out. Groups that all
    give one answer each but other than their own name (a polarised membership) stay.
    """
    reported = {name: g for name, g in groups.items() if not g.get("suppressed")}

    def only_answer(group: dict) -> str | None:
        given = [row for row in group.get("results") or [] if row.get("count")]
        return str(given[0].get("label") or given[0].get("value")) if len(given) == 1 else None

    return bool(reported) and all(
        (only_answer(group) or "").casefold() == str(name).casefold()
        for name, group in reported.items()
    )


def breakdown_tables(
    question: dict, styles: dict, width: float, primary: str, threshold: int = 5
) -> list:
    """One table per breakdown field (split when it has many groups), then the footnote."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    flowables: list = []
    any_suppressed = False
    options = [
        (r.get("value"), r.get("label") or r.get("value")) for r in question.get("results") or []
    ]
    for field_name, groups in (question.get("breakdown") or {}).items():
        names = list(groups)
        if not names or not options or restates_grouping(groups):
            continue
        title_text = f"By {text(field_name.replace('_', ' '))}"
        if len(names) > MAX_GROUP_COLUMNS and len(options) <= MAX_GROUP_COLUMNS:
            # Many groups, few answers: one table with a row per group, never two tables.
            rows = [[title_text[3:].capitalize(), *(label for _, label in options)]]
            for name in names:
                shown = [_group_cell(groups[name], value) for value, _ in options]
                any_suppressed |= SUPPRESSED_MARK in shown
                rows.append([f"{group_name(name)} (base {groups[name].get('base', '')})", *shown])
            option_width = _group_width(rows[0][1:], width)
            widths = [width - option_width * len(options)] + [option_width] * len(options)
            title = Paragraph(title_text, styles["h3"])
            flowables += [KeepTogether([title, table(rows, widths, styles, primary)]), Spacer(1, 4)]
            continue
        chunks = range(0, len(names), MAX_GROUP_COLUMNS)
        for part, start in enumerate(chunks, 1):
            # A breakdown too wide for one table: each part says which it is.
            suffix = f" ({part} of {len(chunks)})" if len(chunks) > 1 else ""
            title = Paragraph(title_text + suffix, styles["h3"])
            chunk = names[start : start + MAX_GROUP_COLUMNS]
            rows = [
                ["Answer"]
                + [f"{group_name(name)}\n(base {groups[name].get('base', '')})" for name in chunk]
            ]
            for value, label in options:
                shown = [_group_cell(groups[name], value) for name in chunk]
                any_suppressed |= SUPPRESSED_MARK in shown
                rows.append([label, *shown])
            group_width = _group_width(rows[0][1:], width)
            widths = [width - group_width * len(chunk)] + [group_width] * len(chunk)
            # The heading travels with its table (a table longer than a page still splits).
            flowables += [KeepTogether([title, table(rows, widths, styles, primary)]), Spacer(1, 4)]
    if any_suppressed:
        flowables.append(
            Paragraph(
                f"{SUPPRESSED_MARK} not shown: a base under {threshold}, or hidden so that a"
                " small group cannot be worked out from the total.",
                styles["small"],
            )
        )
    return flowables
