"""`engage findings` through click's runner and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.store import Store
from tests.test_findings import add, survey

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    """A database with 100 completed interviews, 61 agreeing, and a small member type.

    Built once for the module: findings only read it.
    """
    db_path = tmp_path_factory.mktemp("findings") / "programme.db"
    with Store.open(db_path) as store:
        store.forms.save(survey())
        types = ["NHS trust"] * 60 + ["Local authority"] * 37 + ["Voluntary organisation"] * 3
        approach = ["sa"] * 21 + ["a"] * 40 + ["n"] * 14 + ["d"] * 15 + ["sd"] * 10
        for index in range(100):
            answers = {"approach": approach[index], "priorities": ["staff"], "why_not": "yes"}
            add(store, answers, org=(f"Org {index}", types[index], "North"))
        add(store, {"approach": "d"}, status="draft")
    return db_path


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), "findings", *args])


def test_text_shows_headlines_bases_and_bars(programme):
    result = run(programme, "--questionnaire", "members")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Six in ten respondents (61%) agree that STPs and ICSs" in out
    assert "Base: 100 respondents" in out
    assert "Base: 25 respondents" in out  # why_not: only those who disagreed were asked
    assert "████████ " in out and " 40%  (40)" in out
    assert "Key findings" in out


def test_breakdown_in_text_marks_suppressed_groups(programme):
    result = run(programme, "--questionnaire", "members", "--by", "organisation_type")
    assert result.exit_code == 0, result.output
    assert "Voluntary organisation (n=3)" in result.output
    favourable = next(line for line in result.output.splitlines() if "Net favourable" in line)
    assert favourable.split()[-1] == "*"  # the small group stays hidden on the net row too
    assert (
        "* not shown: fewer than 5 respondents, or hidden to protect a small group" in result.output
    )


def test_json_has_the_design_shape(programme):
    result = run(programme, "--questionnaire", "members", "--format", "json", "--by", "region")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["interviews"] == 100 and data["threshold"] == 5
    approach = next(entry for entry in data["questions"] if entry["name"] == "approach")
    assert approach["base"] == 100
    assert approach["results"][1] == {"value": "a", "label": "Agree", "count": 40, "percent": 40.0}
    assert approach["breakdown"]["region"]["North"]["base"] == 100


def test_threshold_and_drafts_options(programme):
    result = run(programme, "--questionnaire", "members", "--format", "json", "--threshold", "200")
    data = json.loads(result.output)
    assert all(entry["suppressed"] for entry in data["questions"])
    assert "Six in ten" not in result.output
    with_drafts = json.loads(
        run(programme, "--questionnaire", "members", "--format", "json", "--include-drafts").output
    )
    assert with_drafts["interviews"] == 101


def test_markdown_tables(programme):
    result = run(programme, "--questionnaire", "members", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Member survey (members, version 2026.1)")
    assert "| Agree | 40% | 40 |" in result.output
    assert "| *Net favourable* | 61% | 61 |" in result.output
    assert "*Base: 100 respondents*" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--questionnaire", "nope"], "engage: no questionnaire 'nope'"),
        (["--questionnaire", "members", "--by", "colour"], "engage: unknown breakdown field"),
    ],
)
def test_unknown_form_or_field_is_one_line_exit_1(programme, args, message):
    process = subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--db", str(programme), "findings", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 1
    assert process.stderr.startswith(message)
    assert process.stderr.count("\n") == 1
    assert process.stdout == ""


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["findings", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "engage findings --questionnaire" in result.output
