"""A published-style dataset, end to end: survey returns import -> findings JSON -> text.

100 respondents, as a membership body would report them: six in ten agree (61%); of the 90
whose system exists, "moderate progress (44%) or a little progress (42%)"; a multi-select
whose percentages are of respondents; ten returns carrying an answer that skip logic hid
(it must not count); and a member type of four respondents that must be suppressed.
"""

from __future__ import annotations

import csv
import json
import random

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli

QUESTIONNAIRE = """\
form_id: system_views
title: Views of local system working
choices:
  agree5:
    - {name: strongly_agree, label: Strongly agree, positive: true}
    - {name: agree, label: Agree, positive: true}
    - {name: neither, label: Neither agree nor disagree}
    - {name: disagree, label: Disagree}
    - {name: strongly_disagree, label: Strongly disagree}
  yesno:
    - {name: "yes", label: "Yes"}
    - {name: "no", label: "No"}
  progress:
    - {name: significant, label: Significant progress}
    - {name: moderate, label: Moderate progress}
    - {name: little, label: A little progress}
    - {name: none, label: No progress}
  levers:
    - {name: funding, label: Multi-year funding}
    - {name: workforce, label: Joint workforce planning}
    - {name: data, label: Shared data}
survey:
  - group: views
    label: Your views
    questions:
      - name: right_approach
        type: select_one agree5
        label: Do you agree that STPs and ICSs are the right approach?
        statement: STPs and ICSs represent the right approach to partnership working
        required: true
      - {name: system_exists, type: select_one yesno, label: Is your system up and running?}
      - name: progress
        type: select_one progress
        label: How much progress has your system made?
        relevant: "${system_exists} = 'yes'"
      - {name: levers, type: select_multiple levers, label: What would make a difference?}
"""


def returns() -> list[dict[str, str]]:
    """The 100 rows of an ODK-style export, in a shuffled but fixed order."""
    shuffle = random.Random(7).shuffle
    agreement = (
        ["strongly_agree"] * 25
        + ["agree"] * 36
        + ["neither"] * 19
        + ["disagree"] * 15
        + ["strongly_disagree"] * 5
    )
    progress = ["moderate"] * 40 + ["little"] * 38 + ["significant"] * 8 + ["none"] * 4
    shuffle(agreement)
    shuffle(progress)
    rows = []
    for i in range(100):
        exists = i < 90
        levers = [
            name
            for name, chosen in (
                ("funding", i < 70),
                ("workforce", 30 <= i < 85),
                ("data", i >= 80),
            )
            if chosen
        ]
        rows.append(
            {
                "views/right_approach": agreement[i],
                "views/system_exists": "yes" if exists else "no",
                # A system not up and running was never asked about progress, but the export
                # carries a stale value for it: it must not count anywhere.
                "views/progress": progress[i] if exists else "significant",
                "views/levers": " ".join(levers),
                "organisation": f"Member {i:03d}",
                "organisation_type": (
                    "NHS trust" if i < 50 else "Local authority" if i < 96 else "Hospice"
                ),
                "instanceID": f"uuid:{i:08d}-0000-4000-8000-000000000000",
            }
        )
    return rows


@pytest.fixture
def imported(tmp_path, db_path):
    form = tmp_path / "system-views.yaml"
    form.write_text(QUESTIONNAIRE, encoding="utf-8")
    data = tmp_path / "returns.csv"
    rows = returns()
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    runner = CliRunner()

    def engage(*args: str):
        result = runner.invoke(cli, ["--db", str(db_path), *args])
        assert result.exit_code == 0, result.output + result.stderr
        return result.stdout

    engage("questionnaire", "import", str(form))
    engage("responses", "import", str(data), "--questionnaire", "system_views")
    again = engage("responses", "import", str(data), "--questionnaire", "system_views")
    assert "0 imported" in again and "100 already present" in again  # nothing duplicated
    return engage


def test_the_numbers_are_right_in_the_json(imported):
    findings = json.loads(
        imported(
            "findings",
            "--questionnaire",
            "system_views",
            "--by",
            "organisation_type",
            "--format",
            "json",
        )
    )
    assert findings["interviews"] == 100
    questions = {question["name"]: question for question in findings["questions"]}

    right = questions["right_approach"]
    assert right["base"] == 100
    assert {row["value"]: row["count"] for row in right["results"]} == {
        "strongly_agree": 25,
        "agree": 36,
        "neither": 19,
        "disagree": 15,
        "strongly_disagree": 5,
    }
    assert right["favourable_percent"] == 61.0
    assert right["headline"].startswith("Six in ten respondents (61%) agree that STPs and ICSs")

    progress = questions["progress"]
    assert progress["base"] == 90  # the ten hidden answers are not in the base
    percents = {row["value"]: row["percent"] for row in progress["results"]}
    # 8/90, 40/90, 38/90, 4/90 rounded once, half up, to whole numbers
    assert percents == {"significant": 9, "moderate": 44, "little": 42, "none": 4}

    levers = {row["value"]: row["percent"] for row in questions["levers"]["results"]}
    assert questions["levers"]["base"] == 100
    assert levers == {"funding": 70.0, "workforce": 55.0, "data": 20.0}  # of respondents

    by_type = right["breakdown"]["organisation_type"]
    assert by_type["NHS trust"]["base"] == 50
    assert by_type["Hospice"] == {"base": 4, "suppressed": True} or (
        by_type["Hospice"]["suppressed"] and not by_type["Hospice"].get("results")
    )


def test_the_text_reads_as_a_membership_body_writes(imported):
    text = imported("findings", "--questionnaire", "system_views", "--by", "organisation_type")
    assert (
        "Six in ten respondents (61%) agree that STPs and ICSs represent the right approach"
        in " ".join(text.split())
    )
    flat = " ".join(text.split())
    assert "Moderate progress" in flat and "(44%)" in flat and "(42%)" in flat
    assert "Base: 100 respondents" in flat and "Base: 90 respondents" in flat
    # The hospice column (four respondents) is marked, never printed as percentages.
    lines = text.splitlines()
    header = lines.index("  By organisation type:") + 1
    assert lines[header].split()[:2] == ["Hospice", "(n=4)"]
    rows = lines[header + 1 : header + 7]
    assert [row.split()[-3] for row in rows] == ["*"] * 6  # label, *, LA %, trust %
