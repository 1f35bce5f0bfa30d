"""Provides the DOCX report's building blocks over python-docx: paragraphs and headings in
Word's own styles (style ids looked up once per document), Word tables with a repeating
header row, pictures with alt text, and narrative markup as formatted runs.

Cells and pictures are made with lxml directly where python-docx is slow (a millisecond a
cell; a whole-document search for ids on every picture), so a 100-question report stays
within its time.
"""

from __future__ import annotations

import html
import io
import re

LANGUAGE = "en-GB"
CHART_WIDTH_CM = 16.0
_TAG = re.compile(r"(</?[bi]>)")


def runs(paragraph, markup: str) -> None:
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


def style_id(document, name: str) -> str:
    """The id of a named style, looked up once per document (python-docx looks a style up
    by name with an XPath over every style each time: a tenth of a second per heading)."""
    cache = document.__dict__.setdefault("_engage_style_ids", {})
    if name not in cache:
        cache[name] = document.styles[name].style_id
    return cache[name]


def paragraph(document, words: str = "", style: str | None = None):
    """A paragraph of plain text in the named style."""
    paragraph = document.add_paragraph()
    if words:
        paragraph.add_run(words)
    if style is not None:
        paragraph._p.style = style_id(document, style)
    return paragraph


def heading(document, words: str, level: int):
    """A heading in Word's own style: Title for level 0, else Heading 1-4."""
    return paragraph(document, words, "Title" if level == 0 else f"Heading {level}")


def fast_run(p, words: str, *, bold: bool = False, right: bool = False) -> None:
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


def mark_header(row) -> None:
    """The row repeats at the top of each page and is announced as the header."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def table(document, rows: list[list], numeric_from: int = 1):
    """A Word table: the first row is a bold, repeating header; numbers right-aligned."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table._tbl.tblPr.style = style_id(document, "Table Grid")
    # Row by row (table.cell(r, c) walks the whole table each time), and each cell's run
    # made with lxml directly: python-docx's add_run costs a millisecond a cell.
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            fast_run(
                cell._tc.p_lst[0],
                "" if value is None else str(value),
                bold=r == 0,
                right=c >= numeric_from,
            )
    mark_header(table.rows[0])
    return table


def picture(document, png: bytes, alt: str, title: str) -> None:
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


def small(document, words: str) -> None:
    from docx.shared import Pt

    run = document.add_paragraph().add_run(words)
    run.font.size = Pt(8)


def set_language(document) -> None:
    """Mark the default run language, so spelling and screen readers use British English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    run_properties.append(language)
