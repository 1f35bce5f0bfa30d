"""Provides `write_docx`: the report as a Word document (python-docx), from the same findings,
key points, tables and charts as the PDF, for coordinators who finish reports in Word.

    write_docx(findings, meta, out, narrative_md=text, settings=settings)

Headings use Word's own "Title" and "Heading 1-3" styles (so the navigation pane, a
contents field and screen readers see the structure); tables are Word tables with a
repeating header row; charts are PNG images drawn from the PDF's chart definitions, each
with alt text stating its figures. The document's title, author and language are set.
Text goes in as plain runs: nothing a respondent typed is interpreted.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from engagement_tui.report import images, narrative, sections, subset_text, tables
from engagement_tui.report import word_parts as parts
from engagement_tui.report.story import key_points
from engagement_tui.report.styles import ReportSettings


def _date(iso: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%-d %B %Y")
    except ValueError:
        return iso


def _results_rows(question: dict) -> list[list]:
    return tables.results_rows(question)  # the PDF's rows, so both show the same figures


def _breakdowns(document, question: dict, threshold: int) -> None:
    options = [
        (r.get("value"), r.get("label") or r.get("value")) for r in question.get("results") or []
    ]
    suppressed = False
    for field_name, groups in (question.get("breakdown") or {}).items():
        names = list(groups)
        if not names or not options or tables.restates_grouping(groups):
            continue
        parts.heading(document, f"By {field_name.replace('_', ' ')}", 4)
        rows = [
            ["Answer"]
            + [f"{tables.group_name(name)} (base {groups[name].get('base', '')})" for name in names]
        ]
        for value, label in options:
            shown = [tables._group_cell(groups[name], value) for name in names]
            suppressed |= tables.SUPPRESSED_MARK in shown
            rows.append([label, *shown])
        parts.table(document, rows)
    if suppressed:
        parts.small(document, f"{tables.SUPPRESSED_MARK} base under {threshold}, not shown.")


def _question(document, question: dict, threshold: int, colour: str) -> None:
    label = question.get("label") or question.get("name") or ""
    if question.get("headline") and not question.get("suppressed"):
        parts.heading(document, question["headline"], 3)
        parts.small(document, f"Question: {label}")
    else:
        parts.heading(document, label, 3)
    if question.get("suppressed"):
        parts.small(
            document,
            f"{sections.base_line(question)}. Fewer than {threshold}"
            " respondents answered, so results are not shown.",
        )
        return
    kind = question.get("type")
    if kind in sections.CLOSED_TYPES:
        png = images.chart_png(question, colour=colour)
        if png is not None:
            parts.picture(document, png, images.alt_text(question), f"Chart: {label}")
        if question.get("results"):
            parts.table(document, _results_rows(question))
    elif kind in sections.NUMBER_TYPES and question.get("summary"):
        keys = ["n", "mean", "median", "min", "max"]
        summary = question["summary"]
        parts.table(
            document,
            [[k.capitalize() for k in keys], [tables.number(summary.get(k)) for k in keys]],
            numeric_from=0,
        )
    elif question.get("results"):
        parts.table(document, _results_rows(question))
    elif question.get("themes") or question.get("quotes"):
        document.add_paragraph("What respondents said is under Themes and quotes.")
    parts.small(document, sections.base_line(question))
    _breakdowns(document, question, threshold)


def _method(document, findings: dict, meta: dict) -> None:
    parts.heading(document, "Method", 1)
    if subset_text.method_line(findings):
        document.add_paragraph(subset_text.method_line(findings))
    total = meta.get("interviews", findings.get("interviews", 0))
    surveys = meta.get("survey_responses", 0)
    sentences = [
        f"These findings draw on {total} completed returns: {total - surveys} interviews and"
        f" {surveys} online survey responses."
    ]
    period = meta.get("period") or {}
    if period.get("start"):
        start, end = _date(period["start"]), _date(period.get("end") or period["start"])
        sentences.append(f"They were gathered between {start} and {end}.")
    modes = meta.get("modes") or {}
    if modes:
        sentences.append("By mode: " + ", ".join(f"{m} {n}" for m, n in modes.items()) + ".")
    interviewers = meta.get("interviewers") or []
    if interviewers:
        sentences.append(
            f"Interviews were carried out by {len(interviewers)} interviewers:"
            f" {', '.join(interviewers)}."
        )
    document.add_paragraph(" ".join(sentences))
    organisations = meta.get("organisations") or {}
    if organisations.get("register"):
        document.add_paragraph(
            f"{organisations.get('engaged', 0)} of the {organisations.get('register', 0)}"
            " organisations in the member register took part."
        )
        for key, title in (("by_type", "Organisation type"), ("by_region", "Region")):
            rows = [[title, "Engaged", "In register", "Coverage"]]
            for row in organisations.get(key) or []:
                register = row.get("register") or 0
                engaged = row.get("engaged") or 0
                coverage = f"{100 * engaged / register:.0f}%" if register else "–"
                rows.append(
                    [
                        tables.group_name(row.get("name")) or "Not recorded",
                        engaged,
                        register,
                        coverage,
                    ]
                )
            if len(rows) > 1:
                parts.table(document, rows)
    if findings.get("comparison"):
        document.add_paragraph(findings["comparison"]["rule"])
    threshold = findings.get("threshold", 5)
    paragraph = document.add_paragraph()
    paragraph.add_run("Bases and suppression. ").bold = True
    paragraph.add_run(
        "Each result gives its base: the number of completed returns in which the question"
        " was asked and answered. Percentages are of that base, to one decimal place in tables"
        " and whole numbers in headlines; for questions where several answers could be chosen"
        " they are of respondents and may add up to more than 100%. Where a base is under"
        f" {threshold}, results are not shown (marked {tables.SUPPRESSED_MARK}), so that no"
        " organisation or respondent can be identified."
    )


def _themes(document, findings: dict) -> None:
    questions = [
        q
        for q in findings.get("questions", [])
        if (q.get("themes") or q.get("quotes")) and not q.get("omitted")
    ]
    if not questions:
        return
    parts.heading(document, "Themes and quotes", 1)
    for question in questions:
        parts.heading(document, question.get("label") or question.get("name") or "", 2)
        parts.small(document, sections.base_line(question))
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
            parts.table(document, rows)
        for quote in (question.get("quotes") or [])[: sections.MAX_QUOTES]:
            parts.paragraph(document, f"“{quote.get('text')}”", "Quote")
            if quote.get("attribution"):
                document.add_paragraph(f"— {quote['attribution']}")


def _narrative(document, markdown: str | None, titled: bool = True) -> None:
    if not markdown or not markdown.strip():
        return
    blocks = narrative.parse(markdown)
    if blocks[0][0] != "h1" and titled:
        parts.heading(document, "Recommendations", 1)
    for kind, markup in blocks:
        if kind in ("h1", "h2", "h3"):
            heading = parts.heading(document, "", int(kind[1]))
            parts.runs(heading, markup)
        elif kind in ("bullet", "number"):
            style = "List Number" if kind == "number" else "List Bullet"
            parts.runs(parts.paragraph(document, style=style), markup)
        else:
            parts.runs(document.add_paragraph(), markup)


def build_document(
    findings: dict,
    meta: dict,
    *,
    narrative_md: str | None = None,
    settings: ReportSettings | None = None,
):
    """The python-docx Document of the report, in the PDF's reading order."""
    from docx import Document

    settings = settings or ReportSettings()
    questionnaire = findings.get("questionnaire", {})
    title = settings.title or questionnaire.get("title") or questionnaire.get("form_id", "Report")
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = settings.organisation
    properties.language = parts.LANGUAGE
    properties.subject = settings.programme or questionnaire.get("form_id", "")
    parts.set_language(document)

    document.add_paragraph(settings.organisation)
    parts.heading(document, title, 0)
    if settings.programme:
        parts.paragraph(document, settings.programme, "Subtitle")
    document.add_paragraph(settings.report_date.strftime("%-d %B %Y"))
    for line in meta.get("cover_notes") or []:
        document.add_paragraph(line)
    document.add_paragraph(subset_text.cover_line(findings))

    parts.heading(document, "Key points", 1)
    points = key_points(findings)
    if not points:
        document.add_paragraph("No finding has a large enough base to report yet.")
    for headline, base in points:
        paragraph = parts.paragraph(document, style="List Bullet")
        paragraph.add_run(headline)
        if base is not None:
            paragraph.add_run(f" ({sections.base_line(base)})").italic = True

    if findings.get("introduction"):  # a report plan's paragraphs
        _narrative(document, "\n\n".join(findings["introduction"]), titled=False)
    _method(document, findings, meta)

    parts.heading(document, "Findings", 1)
    threshold = findings.get("threshold", 5)
    current = object()
    for question in findings.get("questions", []):
        if not sections.reportable(question):
            continue
        section = question.get("section") or ""
        if section != current:
            current = section
            parts.heading(document, section or "General", 2)
            for paragraph in question.get("section_intro") or []:
                parts.runs(document.add_paragraph(), narrative.inline(paragraph))
        _question(document, question, threshold, settings.primary_colour)
    _themes(document, findings)
    _narrative(document, narrative_md)

    parts.heading(document, "Appendix: questions", 1)
    rows = [["Question", "Full wording", "Type", "Base"]]
    for question in findings.get("questions", []):
        rows.append([question.get(key, "") for key in ("name", "label", "type", "base")])
    parts.table(document, rows, numeric_from=3)
    return document


def write_docx(
    findings: dict,
    meta: dict,
    out: Path | str | BinaryIO,
    *,
    narrative_md: str | None = None,
    settings: ReportSettings | None = None,
) -> None:
    """Write the DOCX report of `findings` to `out` (a path or a binary file object)."""
    document = build_document(findings, meta, narrative_md=narrative_md, settings=settings)
    document.save(str(out) if isinstance(out, (str, Path)) else out)
