"""Chart labels are wrapped, never cut short: in the drawing, and in the PDF read back."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from engagement_tui.report import ReportSettings, write_report
from engagement_tui.report.charts import FONT, FONT_SIZE, LABEL_WIDTH, bar_chart, scale_chart, wrap
from engagement_tui.report.styles import register_fonts
from tests.test_report import META, findings_fixture

LONG = "Accountability that sits with individual organisations rather than the system as a whole"
WORD = "Supercalifragilisticexpialidociousnessandthensomemoreletters"


def _strings(drawing) -> list[String]:
    return [shape for shape in drawing.contents if isinstance(shape, String)]


def test_wrap_keeps_every_word_within_the_width():
    register_fonts()
    lines = wrap(LONG, 160)
    assert len(lines) > 1 and " ".join(lines) == LONG
    assert all(stringWidth(line, FONT, FONT_SIZE) <= 160 for line in lines)
    pieces = wrap(WORD, 60)
    assert "".join(pieces) == WORD and all(stringWidth(p, FONT, FONT_SIZE) <= 60 for p in pieces)


def test_bar_and_scale_labels_are_whole_and_do_not_overlap():
    register_fonts()
    results = [
        {"value": "a", "label": LONG, "count": 30, "percent": 30.0},
        {"value": "b", "label": "Workforce", "count": 70, "percent": 70.0},
    ]
    drawing = bar_chart(results, 450, "#1F4E79")
    texts = [s.text for s in _strings(drawing)]
    assert "…" not in "".join(texts)
    label_lines = [s for s in _strings(drawing) if s.textAnchor == "end"]
    assert " ".join(s.text for s in label_lines[:-1]) == LONG
    assert all(stringWidth(s.text, FONT, FONT_SIZE) <= LABEL_WIDTH - 10 for s in label_lines)
    ys = sorted(s.y for s in label_lines)
    assert all(b - a >= FONT_SIZE for a, b in zip(ys, ys[1:], strict=False))  # no overlap
    assert all(0 <= s.y <= drawing.height for s in _strings(drawing))
    scale = scale_chart([dict(r, label=f"{LONG} {n}") for n, r in enumerate(results * 2)], 450)
    words = " ".join(s.text for s in _strings(scale))
    assert "…" not in words and words.count("rather than the system as a whole") == 4
    assert all(0 <= s.y <= scale.height for s in _strings(scale))


def test_no_chart_label_in_the_pdf_is_cut_short():
    findings = findings_fixture()
    findings["questions"][1]["results"][0]["label"] = LONG
    out = io.BytesIO()
    write_report(findings, META, out, settings=ReportSettings())
    words = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(out.getvalue())).pages
    )
    assert "…" not in words
    assert "organisations rather than the system as a whole" in words
