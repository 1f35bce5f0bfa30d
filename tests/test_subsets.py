"""Subsets (`--where FIELD=VALUE`): findings, reports and exports of part of the returns, over
a real SQLite file, with small-group suppression applied within the subset."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from pypdf import PdfReader

from engagement_tui.cli import main
from engagement_tui.findings import FindingsError, compute_findings
from engagement_tui.report.publish import publish_report
from engagement_tui.store import Store
from tests.tui.insights_data import seed_pulse


def _question(findings: dict, name: str) -> dict:
    return next(q for q in findings["questions"] if q["name"] == name)


def test_a_subset_by_organisation_type(store):
    seed_pulse(store)
    findings = compute_findings(store, "pulse", where=["organisation_type=nhs trust"])
    assert findings["interviews"] == 6
    assert findings["subset"]["description"] == "organisation type is NHS trust"
    assert (findings["subset"]["interviews"], findings["subset"]["of"]) == (6, 8)
    right = _question(findings, "right_approach")
    counts = {row["value"]: row["count"] for row in right["results"]}
    assert right["base"] == 6 and counts["agree"] == 3 and counts["disagree"] == 1


def test_suppression_applies_within_the_subset(store):
    seed_pulse(store)
    everyone = _question(compute_findings(store, "pulse"), "right_approach")
    assert not everyone["suppressed"]
    north = compute_findings(store, "pulse", where=["region=North"], by="organisation_type")
    right = _question(north, "right_approach")
    assert right["base"] == 3 and right["suppressed"] and not right["results"]
    # Breakdown groups are of the subset only: two trusts and one council in the North.
    nhs = compute_findings(store, "pulse", where=["organisation_type=NHS trust"], by="region")
    groups = _question(nhs, "right_approach")["breakdown"]["region"]
    assert {name: g["base"] for name, g in groups.items()} == {
        "East": 1, "North": 2, "South": 2, "West": 1
    }  # fmt: skip
    assert all(group["suppressed"] for group in groups.values())


def test_a_subset_by_answer_by_choice_name_or_label_and_combined(store):
    seed_pulse(store)
    by_label = compute_findings(store, "pulse", where=["right_approach=Agree"])
    by_name = compute_findings(store, "pulse", where=["right_approach=agree"])
    assert by_label["interviews"] == by_name["interviews"] == 4
    assert by_label["subset"]["description"] == "right approach is Agree"
    both = compute_findings(
        store, "pulse", where=["right_approach=agree", "organisation_type=Local authority"]
    )
    assert both["interviews"] == 1


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (["regio=North"], "--where regio=...: unknown field"),
        (["region=Nowhere"], "--where region=Nowhere: no returns have it (found: East, North"),
        (["right_approach=maybe"], "not a choice of right_approach (choices: Strongly agree"),
        (["region"], "write FIELD=VALUE"),
        (["region=West", "organisation_type=Local authority"], "not together"),
    ],
)
def test_a_bad_where_is_one_findings_error(store, where, message):
    seed_pulse(store)
    with pytest.raises(FindingsError) as error:
        compute_findings(store, "pulse", where=where)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_report_cover_and_method_say_what_the_subset_is(store, tmp_path):
    seed_pulse(store)
    where = ("organisation_type=NHS trust",)
    pdf = publish_report(store, "pulse", tmp_path / "r.pdf", where=where)
    reader = PdfReader(pdf)
    cover = reader.pages[0].extract_text()
    assert "Based on 6 completed interviews and survey responses where organisation" in cover
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "These findings cover only the returns where organisation type is NHS trust:" in words
    assert "6 of the 8 completed returns" in words
    assert "These findings draw on 6 completed" in words  # method facts: the subset's
    docx = publish_report(store, "pulse", tmp_path / "r.docx", where=where, fmt="docx")
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert any(p.endswith("where organisation type is NHS trust.") for p in paragraphs)
    assert any("6 of the 8 completed returns" in p for p in paragraphs)


def test_findings_report_and_export_commands_take_where(db_path, tmp_path, capsys):
    store = Store.open(db_path)
    seed_pulse(store)
    store.close()
    db = ["--db", str(db_path)]
    main([*db, "findings", "--questionnaire", "pulse", "--where", "region=North"])
    assert "Only where region is North (3 of 8)." in capsys.readouterr().out
    main(
        [
            *db,
            "export",
            "--questionnaire",
            "pulse",
            "--format",
            "csv",
            "-o",
            str(tmp_path),
            "--where",
            "region=North",
            "--where",
            "organisation_type=NHS trust",
            "--include-personal-data",
        ]
    )  # fmt: skip (names: pseudonymised exports hide them)
    wide = next(tmp_path.glob("*-wide.csv"))
    rows = list(csv.DictReader(io.StringIO(wide.read_text(encoding="utf-8"))))
    assert sorted(row["organisation"] for row in rows) == [
        "Highfield NHS Trust", "Northshire NHS Trust"
    ]  # fmt: skip
    capsys.readouterr()  # the export's own notices (personal data, unique respondents)
    with pytest.raises(SystemExit) as done:
        main([*db, "report", "--questionnaire", "pulse", "--where", "region=Mars"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "region=Mars: no returns have it" in err
