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


def _headings(reader: PdfReader) -> set[str]:
    found: set[str] = set()

    def walk(outline) -> None:
        for item in outline:
            if isinstance(item, list):
                walk(item)
            else:
                found.add(item.title.strip())

    walk(reader.outline)
    return found


def test_a_section_heading_never_ends_a_page_alone():
    """Whatever comes before it, a section whose first question's block is taller than the
    space left starts on the next page with its heading."""
    long_dates = [
        {"value": f"2020-01-{d:02d}", "label": f"2020-01-{d:02d}", "count": 1, "percent": 1.4}
        for d in range(1, 29)
    ] * 2
    for filler in range(0, 8):
        findings = findings_fixture()
        base = findings["questions"][0]
        questions = [dict(base, name=f"f{n}", section="Before") for n in range(filler)]
        questions.append(
            {
                "name": "when",
                "label": "When did it start?",
                "type": "date",
                "section": "After",
                "base": 70,
                "results": long_dates,
                "suppressed": False,
            }  # fmt: skip
        )
        findings["questions"] = questions
        out = io.BytesIO()
        write_report(findings, META, out, settings=ReportSettings())
        reader = PdfReader(io.BytesIO(out.getvalue()))
        headings = _headings(reader) - {"Contents"}
        for number, page in enumerate(reader.pages[2:], 3):  # after the cover and contents
            lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
            body = [line for line in lines if not line.startswith("Page ")]
            body = [line for line in body if line != "Engagement programme"]
            assert not body or body[-1] not in headings, (filler, number, body[-1])


def test_a_short_table_is_never_split_across_pages():
    """Wherever the method's coverage table falls, it is on one page, never a fragment."""
    by_type = [{"name": f"Type {n}", "engaged": n, "register": 20} for n in range(12)]
    meta = dict(META, organisations=dict(META["organisations"], by_type=by_type))
    for extra in range(0, 24, 2):
        findings = findings_fixture()
        findings["key_points_chosen"] = True  # as many key points as given: pushes it down
        findings["key_findings"] = [
            {"headline": f"Finding number {n} says something about partners.", "base": 50}
            for n in range(extra)
        ]
        out = io.BytesIO()
        write_report(findings, meta, out, settings=ReportSettings())
        pages = PdfReader(io.BytesIO(out.getvalue())).pages
        holding = [n for n, page in enumerate(pages) if "Type 0" in page.extract_text()]
        spanning = [n for n, page in enumerate(pages) if "Type 11" in page.extract_text()]
        assert holding == spanning and len(holding) == 1, extra


def test_keeping_short_tables_whole_costs_no_extra_pages(monkeypatch):
    """Keeping tables whole must not nest inside a question's block (that broke pages early)."""
    import sys
    from pathlib import Path

    from engagement_tui.report import tables

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_report import synthetic_findings

    findings = synthetic_findings(questions=24)

    def pages() -> int:
        out = io.BytesIO()
        write_report(findings, {"interviews": 240}, out, settings=ReportSettings())
        return len(PdfReader(io.BytesIO(out.getvalue())).pages)

    kept = pages()
    monkeypatch.setattr(tables, "KEEP_WHOLE_ROWS", 0)
    assert kept <= pages() + 1
