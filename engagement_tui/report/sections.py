"""Provides the findings and themes parts of the report, one block of flowables per question.

A closed question gets its headline, a chart, the table of counts and percentages and
any breakdowns; a number question gets its summary; an open question's themes and
quotes go to the Themes part. Quotes carry only the attribution text the findings give
(already honouring each respondent's choice): this module never adds a name.
"""

from __future__ import annotations

from engagement_tui.findings.phrasing import base_words
from engagement_tui.report import charts, tables
from engagement_tui.report.styles import text

CLOSED_TYPES = ("select_one", "select_multiple", "rank")
NUMBER_TYPES = ("integer", "decimal", "range")
MAX_QUOTES = 3


def base_line(base: dict | object) -> str:
    """ "Base: 112 respondents" for a number; a question's entry says what its base counts
    ("Base: 57 household members in 20 interviews" inside a repeat)."""
    if isinstance(base, dict):
        return f"Base: {base_words(base)}"
    return f"Base: {base} respondent{'' if base == 1 else 's'}"


def question_block(question: dict, styles: dict, layout: dict, threshold: int) -> list:
    """Headline, chart, table and breakdowns of one question."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    width, primary = layout["width"], layout["primary"]
    label = text(question.get("label") or question.get("name"))
    block: list = []
    if question.get("headline") and not question.get("suppressed"):
        # The finding leads; the question's wording follows in small type.
        block.append(Paragraph(text(question["headline"]), styles["headline"]))
        block.append(Paragraph(f"Question: {label}", styles["question"]))
    else:
        block.append(Paragraph(label, styles["h3"]))
    if question.get("suppressed"):
        block.append(
            Paragraph(
                f"{base_line(question)}. Fewer than {threshold} respondents"
                " answered, so results are not shown.",
                styles["small"],
            )
        )
        return [KeepTogether(block)]
    kind = question.get("type")
    if kind in CLOSED_TYPES:
        chart = charts.chart_for(question, width, primary)
        if chart is not None:
            block += [chart, Spacer(1, 6)]
        if question.get("results"):
            block.append(tables.results_table(question, styles, width, primary))
    elif kind in NUMBER_TYPES and question.get("summary"):
        block.append(tables.summary_table(question["summary"], styles, width, primary))
        if question.get("results"):  # the answers in bands, never one row per value
            block += [Spacer(1, 6), tables.results_table(question, styles, width, primary)]
    elif question.get("results"):
        block.append(tables.results_table(question, styles, width, primary))
    elif question.get("themes") or question.get("quotes"):
        block.append(Paragraph("What respondents said is under Themes and quotes.", styles["body"]))
    block.append(Paragraph(base_line(question), styles["small"]))
    # Headline, chart, table and base stay on one page; breakdowns keep their own heading.
    return [
        KeepTogether(block),
        *tables.breakdown_tables(question, styles, width, primary, threshold),
        Spacer(1, 8),
    ]


def reportable(question: dict) -> bool:
    """Whether the question has anything to show in the findings part.

    One nobody answered (skip logic sent everyone past it), or one a report plan leaves
    out ("omitted"), is only listed in the appendix. Only `finding` questions are: who took
    part (`profile`) is told in the method section, and instructions to the interviewer
    (`admin`) only in the appendix.
    """
    if not question.get("base") or question.get("omitted"):
        return False
    if question.get("role", "finding") != "finding":
        return False  # profile questions are in the method; admin ones only in the appendix
    return bool(
        question.get("quotes")
        or question.get("results")
        or question.get("summary")
        or question.get("themes")
        or question.get("suppressed")
        or question.get("headline")
    )


def findings_part(findings: dict, styles: dict, layout: dict, heading) -> list:
    """'Findings' with one sub-heading per questionnaire section, in questionnaire order."""
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph

    from engagement_tui.report.narrative import inline

    threshold = findings.get("threshold", 5)
    story: list = []
    pending = [heading("Findings", 1)]
    """Headings waiting for the next question's block (the part's own, then a section's)."""
    current = object()
    for question in findings.get("questions", []):
        if not reportable(question):
            continue
        section = question.get("section") or ""
        block = question_block(question, styles, layout, threshold)
        if section != current:
            current = section
            if not pending:
                story.append(CondPageBreak(200))
            pending += [heading(section or "General", 2)] + [
                Paragraph(inline(p), styles["body"]) for p in question.get("section_intro") or []
            ]
        if pending:
            # Headings go inside the first question's KeepTogether: when that block moves to
            # the next page they move with it, never left alone at the foot (keepWithNext
            # cannot hold a heading to a block taller than the space left).
            block[0] = KeepTogether(pending + list(block[0]._content))
            pending = []
        story += block
    return story + pending


def _quote(quote: dict, styles: dict) -> list:
    from reportlab.platypus import KeepTogether, Paragraph

    parts = [Paragraph(f"“{text(quote.get('text'))}”", styles["quote"])]
    if quote.get("attribution"):
        parts.append(Paragraph(f"— {text(quote['attribution'])}", styles["attribution"]))
    return [KeepTogether(parts)]


def themes_part(findings: dict, styles: dict, layout: dict, heading) -> list:
    """'Themes and quotes': per open question, theme counts and the strongest quotes; [] if none."""
    from reportlab.platypus import Paragraph, Spacer

    questions = [
        q
        for q in findings.get("questions", [])
        if (q.get("themes") or q.get("quotes")) and not q.get("omitted")
    ]
    if not questions:
        return []
    width, primary = layout["width"], layout["primary"]
    story = [heading("Themes and quotes", 1)]
    for question in questions:
        story.append(heading(question.get("label") or question.get("name"), 2))
        story.append(Paragraph(base_line(question), styles["small"]))
        # Only themes someone raised: a column of zeros tells a reader nothing.
        themes = sorted(
            (t for t in question.get("themes") or [] if t.get("count")),
            key=lambda t: -(t.get("count") or 0),
        )
        if themes:
            rows = [["Theme", "Mentions", "% of responses"]] + [
                [
                    t.get("label") or t.get("theme") or t.get("name"),
                    t.get("count", 0),
                    "" if t.get("percent") is None else tables.percent(t["percent"]),
                ]
                for t in themes
            ]
            widths = [width - 170, 70, 100]
            story += [
                tables.whole(tables.table(rows, widths, styles, primary), len(rows)),
                Spacer(1, 8),
            ]
        for quote in (question.get("quotes") or [])[:MAX_QUOTES]:
            story += _quote(quote, styles)
    return story
