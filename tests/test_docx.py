"""The DOCX report and chart images read back: python-docx for the document, Pillow and an
XML parser for the images, pypdf for the PDF's own metadata."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from engagement_tui.cli import main
from engagement_tui.findings import compute_findings
from engagement_tui.findings.phrasing import round_half_up
from engagement_tui.report import ReportSettings, write_report
from engagement_tui.report.images import alt_text, chart_png, chart_svg
from engagement_tui.report.metadata import gather
from engagement_tui.report.word import write_docx
from engagement_tui.store import Store
from tests.test_report import MARKUP, META, NARRATIVE, findings_fixture
from tests.tui.insights_data import seed_pulse

SETTINGS = ReportSettings(organisation="NHS Confederation", programme="Member engagement 2026")


def _docx(findings: dict, meta: dict = META, narrative: str | None = NARRATIVE):
    out = io.BytesIO()
    write_docx(findings, meta, out, narrative_md=narrative, settings=SETTINGS)
    return Document(io.BytesIO(out.getvalue()))


def _headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def _table_text(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_headings_use_word_heading_styles_in_reading_order():
    document = _docx(findings_fixture())
    headings = _headings(document)
    assert headings[0] == ("Title", "Member survey 2026")
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one == [
        "Key points",
        "Method",
        "Findings",
        "Themes and quotes",
        "What we recommend",
        "Appendix: questions",
    ]
    assert ("Heading 2", "Partnership") in headings and ("Heading 2", "Next steps") in headings
    assert ("Heading 4", "By organisation type") in headings
    assert document.core_properties.title == "Member survey 2026"
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.author == "NHS Confederation"


def test_tables_are_word_tables_with_a_repeating_header():
    document = _docx(findings_fixture())
    results = [t for t in document.tables if _table_text(t)[0][:3] == ["Answer", "Count", "%"]]
    assert _table_text(results[0])[1:3] == [
        ["Strongly agree", "20", "20%"],
        ["Agree", "41", "41%"],
    ]
    appendix = _table_text(document.tables[-1])
    assert appendix[0] == ["Question", "Full wording", "Type", "Base"]
    assert [row[0] for row in appendix[1:]] == [
        "right_approach", "priorities", "order", "staff", "tiny", "why"
    ]  # fmt: skip
    for table in document.tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), "header row must repeat"
    breakdown = next(t for t in document.tables if _table_text(t)[0][0] == "Answer" and
                     "NHS trust (base 60)" in _table_text(t)[0])  # fmt: skip
    assert _table_text(breakdown)[1] == ["Strongly agree", "20%", "*"]


def test_charts_are_pictures_whose_alt_text_states_the_figures():
    document = _docx(findings_fixture())
    pictures = document.inline_shapes
    assert len(pictures) == 3  # scale, multiple choice, ranking; not numbers or text
    described = [shape._inline.docPr.get("descr") for shape in pictures]
    assert described[0].startswith("Stacked bar chart of answers to")
    assert "Strongly agree 20% (20 of 100); Agree 41% (41 of 100)" in described[0]
    assert "Workforce 78% (70 of 90)" in described[1]
    for shape in pictures:
        assert shape._inline.docPr.get("title", "").startswith("Chart: ")


def test_user_text_is_kept_literally_and_narrative_is_formatted():
    document = _docx(findings_fixture())
    body = "\n".join(p.text for p in document.paragraphs)
    assert MARKUP in body  # a question label, never interpreted
    assert '<img src="http://x/n.png"/> & more' in body
    now = next(p for p in document.paragraphs if p.text.startswith("Partners should act"))
    assert [run.text for run in now.runs if run.bold] == ["now"]
    assert [run.text for run in now.runs if run.italic] == ["together"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Fund the workforce plan" in bullets


def test_a_headline_figure_equals_its_table_in_a_report_from_the_store(store: Store):
    seed_pulse(store)
    findings = compute_findings(store, "pulse", by="organisation_type")
    document = _docx(findings, gather(store, "pulse"), None)
    question = next(q for q in findings["questions"] if q["name"] == "right_approach")
    heading = next(p.text for p in document.paragraphs if p.text == question["headline"])
    shown = int(re.search(r"\((\d+)%\)", heading).group(1))
    table = next(t for t in document.tables if _table_text(t)[1][0] == "Strongly agree")
    favourable = {"Strongly agree", "Agree"}
    total = sum(float(row[2].rstrip("%")) for row in _table_text(table)[1:] if row[0] in favourable)
    assert shown == round_half_up(total) == 63  # 5 of 8 agree: 12.5% + 50.0%
    alt = document.inline_shapes[-1]._inline.docPr.get("descr")
    assert "Agree 50% (4 of 8)" in alt


def test_chart_images_are_png_and_svg_of_the_same_chart():
    question = findings_fixture()["questions"][1]
    png = chart_png(question)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 938  # 450 pt at 150 dpi
    # Something was drawn: the bars' colour is in the image, not only white.
    assert len(image.getcolors(maxcolors=100_000)) > 10
    svg = ET.fromstring(chart_svg(question))
    words = " ".join(t for t in svg.itertext())
    assert "Workforce" in words and "78%" in words
    assert chart_png(findings_fixture()["questions"][3]) is None  # numbers have no chart
    assert alt_text(question).startswith("Bar chart of answers to")


def test_the_pdf_has_a_title_and_a_language():
    out = io.BytesIO()
    write_report(findings_fixture(), META, out, settings=SETTINGS)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert reader.metadata.title == "Member survey 2026"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_engage_report_docx_and_charts(db_path, tmp_path, capsys):
    store = Store.open(db_path)
    seed_pulse(store)
    store.close()
    target, charts = tmp_path / "pulse.docx", tmp_path / "charts"
    args = ["--db", str(db_path), "report", "--questionnaire", "pulse", "--format", "docx"]
    main([*args, "-o", str(target), "--charts", str(charts)])
    assert _headings(Document(str(target)))[0] == ("Title", "System pulse survey")
    assert sorted(p.name for p in charts.iterdir()) == ["right_approach.png", "right_approach.svg"]
    assert str(target) in capsys.readouterr().out


def test_engage_report_charts_into_a_file_is_one_line(db_path, tmp_path, capsys):
    store = Store.open(db_path)
    seed_pulse(store)
    store.close()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SystemExit) as done:
        main(["--db", str(db_path), "report", "--questionnaire", "pulse",
              "-o", str(tmp_path / "r.pdf"), "--charts", str(blocker / "charts")])  # fmt: skip
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("engage: could not write charts") and len(err.splitlines()) == 1


def test_a_numbered_list_is_a_word_numbered_list():
    document = _docx(findings_fixture(), narrative="1. Fund it\n2. Share data\n\n- A bullet\n")
    styled = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("List")
    ]
    assert styled[-3:] == [
        ("List Number", "Fund it"), ("List Number", "Share data"), ("List Bullet", "A bullet")
    ]  # fmt: skip
