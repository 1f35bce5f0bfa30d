"""The app's own wide export imports back (`engage responses import`) to identical findings.

The demo programme is exported as CSV and XLSX (pseudonymised, as a coordinator shares
it), each imported into a fresh database with the same questionnaire; every figure of the
findings, overall and by organisation type, must come back the same. Themes (coding) and
quotes (approvals) are the coordinator's work on the database, not part of the data export.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.demo import fill_with_demo
from engagement_tui.store import Store

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _run(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _figures(db, by=None):
    args = ["findings", "--questionnaire", "member_survey", "--format", "json"]
    findings = json.loads(_run(db, *args, *(["--by", by] if by else [])))
    for entry in findings["questions"]:
        entry.pop("quotes", None)
        entry.pop("themes", None)
        for group in (entry.get("breakdown") or {}).get(by, {}).values():
            group.pop("themes", None)
    return findings


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_wide_export_imports_back_to_identical_findings(tmp_path, fmt):
    source = tmp_path / "source.db"
    store = Store.open(source)
    fill_with_demo(store)
    store.close()
    out = tmp_path / "out"
    _run(source, "export", "--questionnaire", "member_survey", "--format", fmt, "-o", str(out))
    exported = next(p for p in out.iterdir() if p.name.endswith(("-wide.csv", ".xlsx")))
    target = tmp_path / "target.db"
    _run(target, "init")
    _run(target, "questionnaire", "import", str(ROOT / "questionnaires" / "member-survey.yaml"))
    imported = _run(
        target, "responses", "import", str(exported), "--questionnaire", "member_survey"
    )
    assert "72 imported" in imported
    for by in (None, "organisation_type"):
        assert _figures(target, by) == _figures(source, by)
    again = _run(target, "responses", "import", str(exported), "--questionnaire", "member_survey")
    assert "0 imported" in again  # the export's uuid is the instance id: nothing twice
