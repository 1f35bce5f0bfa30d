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

import html
import io
import re
from pathlib import Path
from typing import BinaryIO

from engagement_tui.report import images, narrative, sections, subset_text, tables
from engagement_tui.report.story import key_points
from engagement_tui.report.styles import ReportSettings

LANGUAGE = "en-GB"
CHART_WIDTH_CM = 16.0
_TAG = re.compile(r"(</?[bi]>)")


def _date(iso: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%-d %B %Y")
    except ValueError:
        return iso


def _runs(paragraph, markup: str) -> None:
    """Add narrative markup (escaped text with <b> and <i> only) as formatted runs."""
    bold = italic = False
    for part in _TAG.split(markup):
        if part in ("<b>", "</b>"):
            bold = part == "<b>"
        elif part in ("<i>", "</i>"):
            italic = part == "<i>"
        elif part:
            run = paragraph.add_run(html.unescape(part))
            run.bold, run.italic = bold or None, italic or None


def _style_id(document, name: str) -> str:
    """The id of a named style, looked up once per document (python-docx looks a style up
    by name with an XPath over every style each time: a tenth of a second per heading)."""
    cache = document.__dict__.setdefault("_engage_style_ids", {})
    if name not in cache:
        cache[name] = document.styles[name].style_id
    return cache[name]


def _paragraph(document, words: str = "", style: str | None = None):
    """A paragraph of plain text in the named style."""
    paragraph = document.add_paragraph()
    if words:
        paragraph.add_run(words)
    if style is not None:
        paragraph._p.style = _style_id(document, style)
    return paragraph


def _heading(document, words: str, level: int):
    """A heading in Word's own style: Title for level 0, else Heading 1-4."""
    return _paragraph(document, words, "Title" if level == 0 else f"Heading {level}")


def _fast_run(p, words: str, *, bold: bool = False, right: bool = False) -> None:
    """Append <w:r>[<w:rPr><w:b/></w:rPr>]<w:t xml:space="preserve">words</w:t></w:r> to an
    empty paragraph p, right-aligned (<w:pPr><w:jc w:val="right"/></w:pPr>) if asked."""
    from docx.oxml.ns import qn
    from lxml import etree

    if right:
        justify = etree.SubElement(etree.SubElement(p, qn("w:pPr")), qn("w:jc"))
        justify.set(qn("w:val"), "right")
    run = etree.SubElement(p, qn("w:r"))
    if bold:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:b"))
    if words:
        node = etree.SubElement(run, qn("w:t"))
        node.text = words
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _mark_header(row) -> None:
    """The row repeats at the top of each page and is announced as the header."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, rows: list[list], numeric_from: int = 1):
    """A Word table: the first row is a bold, repeating header; numbers right-aligned."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table._tbl.tblPr.style = _style_id(document, "Table Grid")
    # Row by row (table.cell(r, c) walks the whole table each time), and each cell's run
    # made with lxml directly: python-docx's add_run costs a millisecond a cell.
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _fast_run(
                cell._tc.p_lst[0],
                "" if value is None else str(value),
                bold=r == 0,
                right=c >= numeric_from,
            )
    _mark_header(table.rows[0])
    return table


def _picture(document, png: bytes, alt: str, title: str) -> None:
    """The PNG in a paragraph of its own, with alt text (descr) and a title.

    Shape ids come from a counter kept on the document: python-docx's own `next_id`
    searches the whole document for ids on every picture.
    """
    from docx.oxml.shape import CT_Inline
    from docx.shared import Cm

    part = document.part
    shape_id = document.__dict__.get("_engage_shape_id", 1000) + 1
    document.__dict__["_engage_shape_id"] = shape_id
    rid, image = part.get_or_add_image(io.BytesIO(png))
    cx, cy = image.scaled_dimensions(Cm(CHART_WIDTH_CM), None)
    inline = CT_Inline.new_pic_inline(shape_id, rid, f"chart{shape_id}.png", cx, cy)
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", title)
    document.add_paragraph().add_run()._r.add_drawing(inline)


def _small(document, words: str) -> None:
    from docx.shared import Pt

    run = document.add_paragraph().add_run(words)
    run.font.size = Pt(8)


def _results_rows(question: dict) -> list[list]:
    is_rank = question.get("type") == "rank"
    percent_head = {"select_multiple": "% of respondents", "rank": "% ranked first"}.get(
        question.get("type"), "%"
    )
    rows = [["Answer", "Count", percent_head] + (["Mean rank"] if is_rank else [])]
    for result in question.get("results") or []:
        row = [
            result.get("label") or result.get("value"),
            tables.number(result.get("count")),
            tables.percent(result.get("percent")),
        ]
        if is_rank:
            mean_rank = result.get("mean_rank")
            row.append("" if mean_rank is None else f"{mean_rank:.1f}")
        rows.append(row)
    return rows


def _breakdowns(document, question: dict, threshold: int) -> None:
    options = [
        (r.get("value"), r.get("label") or r.get("value")) for r in question.get("results") or []
    ]
    suppressed = False
    for field_name, groups in (question.get("breakdown") or {}).items():
        names = list(groups)
        if not names or not options or tables.restates_grouping(groups):
            continue
        _heading(document, f"By {field_name.replace('_', ' ')}", 4)
        rows = [
            ["Answer"]
            + [f"{tables.group_name(name)} (base {groups[name].get('base', '')})" for name in names]
        ]
        for value, label in options:
            shown = [tables._group_cell(groups[name], value) for name in names]
            suppressed |= tables.SUPPRESSED_MARK in shown
            rows.append([label, *shown])
        _table(document, rows)
    if suppressed:
        _small(document, f"{tables.SUPPRESSED_MARK} base under {threshold}, not shown.")


def _question(document, question: dict, threshold: int, colour: str) -> None:
    label = question.get("label") or question.get("name") or ""
    if question.get("headline") and not question.get("suppressed"):
        _heading(document, question["headline"], 3)
        _small(document, f"Question: {label}")
    else:
        _heading(document, label, 3)
    if question.get("suppressed"):
        _small(
            document,
            f"{sections.base_line(question.get('base', 0))}. Fewer than {threshold}"
            " respondents answered, so results are not shown.",
        )
        return
    kind = question.get("type")
    if kind in sections.CLOSED_TYPES:
        png = images.chart_png(question, colour=colour)
        if png is not None:
            _picture(document, png, images.alt_text(question), f"Chart: {label}")
        if question.get("results"):
            _table(document, _results_rows(question))
    elif kind in sections.NUMBER_TYPES and question.get("summary"):
        keys = ["n", "mean", "median", "min", "max"]
        summary = question["summary"]
        _table(
            document,
            [[k.capitalize() for k in keys], [tables.number(summary.get(k)) for k in keys]],
            numeric_from=0,
        )
    elif question.get("results"):
        _table(document, _results_rows(question))
    elif question.get("themes") or question.get("quotes"):
        document.add_paragraph("What respondents said is under Themes and quotes.")
    _small(document, sections.base_line(question.get("base", 0)))
    _breakdowns(document, question, threshold)


def _method(document, findings: dict, meta: dict) -> None:
    _heading(document, "Method", 1)
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
                _table(document, rows)
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
    _heading(document, "Themes and quotes", 1)
    for question in questions:
        _heading(document, question.get("label") or question.get("name") or "", 2)
        _small(document, sections.base_line(question.get("base", 0)))
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
            _table(document, rows)
        for quote in (question.get("quotes") or [])[: sections.MAX_QUOTES]:
            _paragraph(document, f"“{quote.get('text')}”", "Quote")
            if quote.get("attribution"):
                document.add_paragraph(f"— {quote['attribution']}")


def _narrative(document, markdown: str | None, titled: bool = True) -> None:
    if not markdown or not markdown.strip():
        return
    blocks = narrative.parse(markdown)
    if blocks[0][0] != "h1" and titled:
        _heading(document, "Recommendations", 1)
    for kind, markup in blocks:
        if kind in ("h1", "h2", "h3"):
            heading = _heading(document, "", int(kind[1]))
            _runs(heading, markup)
        elif kind in ("bullet", "number"):
            style = "List Number" if kind == "number" else "List Bullet"
            _runs(_paragraph(document, style=style), markup)
        else:
            _runs(document.add_paragraph(), markup)


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
    properties.language = LANGUAGE
    properties.subject = settings.programme or questionnaire.get("form_id", "")
    _set_language(document)

    document.add_paragraph(settings.organisation)
    _heading(document, title, 0)
    if settings.programme:
        _paragraph(document, settings.programme, "Subtitle")
    document.add_paragraph(settings.report_date.strftime("%-d %B %Y"))
    for line in meta.get("cover_notes") or []:
        document.add_paragraph(line)
    document.add_paragraph(subset_text.cover_line(findings))

    _heading(document, "Key points", 1)
    points = key_points(findings)
    if not points:
        document.add_paragraph("No finding has a large enough base to report yet.")
    for headline, base in points:
        paragraph = _paragraph(document, style="List Bullet")
        paragraph.add_run(headline)
        if base is not None:
            paragraph.add_run(f" ({sections.base_line(base)})").italic = True

    if findings.get("introduction"):  # a report plan's paragraphs
        _narrative(document, "\n\n".join(findings["introduction"]), titled=False)
    _method(document, findings, meta)

    _heading(document, "Findings", 1)
    threshold = findings.get("threshold", 5)
    current = object()
    for question in findings.get("questions", []):
        if not sections.reportable(question):
            continue
        section = question.get("section") or ""
        if section != current:
            current = section
            _heading(document, section or "General", 2)
            for paragraph in question.get("section_intro") or []:
                _runs(document.add_paragraph(), narrative.inline(paragraph))
        _question(document, question, threshold, settings.primary_colour)
    _themes(document, findings)
    _narrative(document, narrative_md)

    _heading(document, "Appendix: questions", 1)
    rows = [["Question", "Full wording", "Type", "Base"]]
    for question in findings.get("questions", []):
        rows.append([question.get(key, "") for key in ("name", "label", "type", "base")])
    _table(document, rows, numeric_from=3)
    return document


def _set_language(document) -> None:
    """Mark the default run language, so spelling and screen readers use British English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    run_properties.append(language)


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
