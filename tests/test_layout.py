"""Layout read back from the PDF: one breakdown is one table (or says which part it is), and
group names typed in lower case stand in sentence case beside "NHS trust"."""

from __future__ import annotations

import io

from pypdf import PdfReader

from engagement_tui.report import ReportSettings, write_report
from engagement_tui.report.tables import group_name
from tests.test_report import META, SCALE, _results, findings_fixture

TYPES = ["NHS trust", "foundation trust", "local authority", "ICB", "voluntary organisation",
         "ambulance trust", "social enterprise"]  # fmt: skip


def _words(findings: dict) -> str:
    out = io.BytesIO()
    write_report(findings, META, out, settings=ReportSettings())
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    return "\n".join(page.extract_text() for page in pages)


def test_group_names_in_sentence_case():
    assert [group_name(t) for t in TYPES[:4]] == [
        "NHS trust", "Foundation trust", "Local authority", "ICB"
    ]  # fmt: skip


def test_a_wide_breakdown_of_a_scale_is_one_table_with_a_row_per_group():
    findings = findings_fixture()
    findings["questions"][0]["breakdown"] = {
        "organisation_type": {t: {"base": 20, "results": _results(SCALE, 100)} for t in TYPES}
    }
    words = _words(findings)
    assert words.count("By organisation type") == 1
    assert "Foundation trust (base 20)" in words and "foundation trust" not in words


def test_a_breakdown_split_in_two_says_which_part_each_is():
    findings = findings_fixture()
    options = [(f"o{n}", f"Option {n}", 10) for n in range(7)]
    question = findings["questions"][1]
    question["results"] = _results(options, 90)
    question["breakdown"] = {
        "organisation_type": {t: {"base": 20, "results": _results(options, 20)} for t in TYPES}
    }
    words = _words(findings)
    assert "By organisation type (1 of 2)" in words and "By organisation type (2 of 2)" in words
    assert words.count("(1 of 2)") == 1 and words.count("(2 of 2)") == 1
