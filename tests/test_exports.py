"""Exports as a coordinator would open them: CSV, XLSX read back with openpyxl, JSON.

Data goes in through the store API on a real SQLite file; the command runs through
click's runner and as a real process.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from engagement_tui.cli import cli
from engagement_tui.exports import export
from engagement_tui.exports.pseudonyms import Pseudonymiser
from engagement_tui.exports.writers import neutralise
from engagement_tui.files.atomic import atomic_write
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store
from engagement_tui.store.pseudonym_key import PseudonymKey

ROOT = Path(__file__).resolve().parents[1]

FORM = Questionnaire(
    form_id="member_survey",
    title="Member survey",
    version="1",
    groups=(Group("about", "About you"), Group("views", "Your views")),
    questions=(
        Question("staff", "integer", "How many staff?", groups=("about",)),
        Question(
            "partner",
            "select_one",
            "Do you work with partners?",
            choice_list="yn",
            groups=("views",),
        ),
        Question(
            "which",
            "select_multiple",
            "Which partners?",
            choice_list="partners",
            relevant="${partner} = 'yes'",
            groups=("views",),
        ),
        Question("comment", "text", "Anything else?", groups=("views",)),
        Question("order", "rank", "Rank partners", choice_list="partners", groups=("views",)),
    ),
    choice_lists=(
        ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No"))),
        ChoiceList("partners", (Choice("nhs", "NHS trusts"), Choice("la", "Local authorities"))),
    ),
)

NASTY = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "\tindent", "\rreturn"]


def _interview(store, org, respondent, answers, *, attribution="anonymous", status="complete"):
    interview = store.interviews.create(
        FORM.form_id,
        organisation_id=org.id,
        respondent=respondent,
        role="Chief Executive",
        interviewer="Ann Lee",
        attribution=attribution,
        status=status,
    )
    store.interviews.save_answers(interview.uuid, answers)
    return interview


@pytest.fixture
def filled(store):
    store.forms.save(FORM)
    leeds = store.register.add("Leeds Teaching Hospitals", "NHS trust", "North", "West Yorkshire")
    bristol = store.register.add("Bristol City Council", "Local authority", "South West", "BNSSG")
    # routed away from `which` after answering it: the stale answer must not be exported
    first = _interview(
        store,
        leeds,
        "Jane Smith",
        {"staff": 12000, "partner": "no", "which": ["nhs"], "comment": NASTY[0]},
    )
    store.interviews.add_note(first.uuid, "Jane Smith said Jane's board agreed.")
    second = _interview(
        store,
        bristol,
        "Omar Khan",
        {
            "staff": -2,
            "partner": "yes",
            "which": ["nhs", "la"],
            "comment": "Zażółć ŵ Ελληνικά",
            "order": ["la", "nhs"],
        },
        attribution="named",
    )
    store.interviews.add_note(second.uuid, "Omar Khan: we need money.")
    _interview(store, bristol, "Draft Person", {"staff": 1}, status="draft")
    return store


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_long_and_wide(filled, tmp_path):
    long_path, wide_path = export(filled, FORM, "csv", tmp_path)
    wide = _read_csv(wide_path)
    assert len(wide) == 2  # the draft is left out
    by_org = {row["organisation"]: row for row in wide}
    # Jane is anonymous: her trust is exported as its type and region; Omar agreed to be named.
    jane, omar = by_org["NHS trust, North"], by_org["Bristol City Council"]
    assert jane["role"] == "" and omar["role"] == "Chief Executive"
    assert jane["views/which"] == "" and jane["views/which/nhs"] == ""  # not relevant: left out
    assert omar["views/which"] == "nhs la"
    assert (omar["views/which/nhs"], omar["views/which/la"]) == ("1", "1")
    assert (omar["views/order"], omar["views/order/la"], omar["views/order/nhs"]) == (
        "la nhs",
        "1",
        "2",
    )
    assert omar["about/staff"] == "-2"  # a number stays a number, unquoted
    assert omar["system"] == "BNSSG" and omar["organisation_type"] == "Local authority"
    long = _read_csv(long_path)
    assert {"uuid", "question", "value", "label"} == set(long[0])
    assert {(r["question"], r["label"]) for r in long} >= {("views/partner", "Yes")}
    assert not any(r["question"] == "views/which" and r["uuid"] == jane["uuid"] for r in long)


def test_names_in_free_text_answers_are_replaced_unless_named(filled, tmp_path):
    priya = filled.register.add("Priya's Practice", "Primary care network")
    _interview(
        filled,
        priya,
        "Dr Priya Patel",
        {"comment": "As PRIYA, I think Patel-style plans work."},
        attribution="role_only",
    )
    data = json.loads(export(filled, FORM, "json", tmp_path)[0].read_text("utf-8"))
    entry = next(i for i in data["interviews"] if i["organisation_type"] == "Primary care network")
    pseudonym = entry["respondent"]
    assert entry["answers"]["comment"] == f"As {pseudonym}, I think {pseudonym}-style plans work."
    # role_only: the organisation as its type (and region), never its name; the role stays
    assert entry["organisation"] == "Primary care network" and entry["role"] == "Chief Executive"


def test_pseudonyms_stable_across_runs_and_names_absent(filled, tmp_path):
    first = export(filled, FORM, "csv", tmp_path / "a")
    second = export(filled, FORM, "csv", tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    json_path = export(filled, FORM, "json", tmp_path)[0]
    everything = "".join(p.read_text("utf-8-sig") for p in [*first, json_path])
    assert "Jane" not in everything and "Smith" not in everything
    data = json.loads(json_path.read_text("utf-8"))
    jane = next(i for i in data["interviews"] if i["organisation"] == "NHS trust, North")
    assert jane["respondent"].startswith("Respondent ") and len(jane["respondent"]) == 17
    assert (
        jane["notes"][0]["text"]
        == f"{jane['respondent']} said {jane['respondent']}'s board agreed."
    )
    omar = next(i for i in data["interviews"] if i["organisation"].startswith("Bristol"))
    assert omar["notes"][0]["text"] == "Omar Khan: we need money."  # agreed to be named
    assert omar["respondent"] != "Omar Khan"
    assert data["personal_data"] is False
    assert omar["answers"]["which"] == ["nhs", "la"] and "which" not in jane["answers"]


def test_pseudonym_depends_on_the_database_key(filled, tmp_path):
    other = Store.open(tmp_path / "other.db")
    try:
        ours = Pseudonymiser(PseudonymKey(filled.db).key()).pseudonym("Jane Smith")
        theirs = Pseudonymiser(PseudonymKey(other.db).key()).pseudonym("Jane Smith")
    finally:
        other.close()
    assert ours != theirs
    again = Pseudonymiser(PseudonymKey(filled.db).key())
    assert again.pseudonym("  jane   SMITH ") == ours


def test_include_personal_data_keeps_names_and_warns(filled, db_path, tmp_path):
    filled.close()
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(db_path),
            "export",
            "--questionnaire",
            "member_survey",
            "--format",
            "json",
            "-o",
            str(tmp_path / "out"),
            "--include-personal-data",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "personal data" in result.stderr
    path = Path(result.stdout.strip())
    data = json.loads(path.read_text("utf-8"))
    assert {i["respondent"] for i in data["interviews"]} == {"Jane Smith", "Omar Khan"}
    assert data["personal_data"] is True
    assert "Jane Smith said" in path.read_text("utf-8")


@pytest.mark.parametrize("value", NASTY)
def test_neutralise_formulas(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_numbers_and_plain_text():
    assert neutralise(-2) == -2 and neutralise(-2.5) == -2.5 and neutralise(0) == 0
    assert neutralise("Leeds - North") == "Leeds - North"


def test_formulas_neutralised_in_csv_and_xlsx(filled, tmp_path):
    jane = next(
        i
        for i in filled.interviews.list(form_id="member_survey", status="complete")
        if i.respondent == "Jane Smith"
    )
    for index, value in enumerate(NASTY[1:]):
        note_question = f"n{index}"
        filled.interviews.add_note(jane.uuid, value, question=note_question)
    wide = _read_csv(export(filled, FORM, "csv", tmp_path)[1])
    leeds = next(r for r in wide if r["organisation"] == "NHS trust, North")
    assert leeds["views/comment"] == "'" + NASTY[0]
    workbook = load_workbook(export(filled, FORM, "xlsx", tmp_path)[0])
    assert workbook.sheetnames == ["data", "labels", "dictionary", "notes"]
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert all(not (c.data_type == "f") for c in cells)  # no formula anywhere
    # Typed string cells, shown as typed: no visible apostrophe in the spreadsheet.
    formula_like = [c for c in cells if c.value == NASTY[0]]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    texts = {c.value for c in cells}
    assert "'" + NASTY[0] not in texts and -2 in texts  # -2 stored as a number
    notes = {row[3] for row in workbook["notes"].iter_rows(min_row=2, values_only=True)}
    assert {"+1", "-2+3", "@SUM(A1)", "\tindent"} <= notes


def test_xlsx_labels_and_dictionary(filled, tmp_path):
    workbook = load_workbook(export(filled, FORM, "xlsx", tmp_path)[0])
    header = [c.value for c in workbook["labels"][1]]
    rows = [
        dict(zip(header, r, strict=True))
        for r in workbook["labels"].iter_rows(min_row=2, values_only=True)
    ]
    bristol = next(r for r in rows if r["organisation"] == "Bristol City Council")
    assert bristol["views/partner"] == "Yes"
    assert bristol["views/which"] == "NHS trusts; Local authorities"
    assert bristol["views/comment"] == "Zażółć ŵ Ελληνικά"
    dictionary = list(workbook["dictionary"].iter_rows(min_row=2, values_only=True))
    which = next(r for r in dictionary if r[1] == "which")
    assert which[2:6] == (
        "select_multiple",
        "Which partners?",
        "nhs = NHS trusts; la = Local authorities",
        "${partner} = 'yes'",
    )
    # Every column of the data sheet is described, per-choice and rank places included.
    data_columns = [c.value for c in workbook["data"][1]]
    assert [r[0] for r in dictionary] == data_columns
    assert next(r for r in dictionary if r[0] == "views/order/la")[2] == "rank option"


def test_export_warns_of_respondents_singled_out_by_their_attributes(filled, db_path, tmp_path):
    """Jane (anonymous) is the only one from an NHS trust in the North: warned, not named."""
    filled.close()
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(db_path),
            "export",
            "--questionnaire",
            "member_survey",
            "--format",
            "csv",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning: 1 respondent can be singled out by organisation, organisation_type," in (
        result.output
    )
    assert "NHS trust, North, West Yorkshire" in result.output
    assert "Jane" not in result.output and "Leeds" not in result.output


def test_dictionary_carries_section_level_routing():
    from engagement_tui.exports.frames import dictionary_frame

    form = Questionnaire(
        "routed",
        "Routed",
        groups=(Group("ics", "ICS members", relevant="${member} = 'yes'"),),
        questions=(
            Question("member", "select_one", "ICS member?", choice_list="yn"),
            Question("which", "select_multiple", "Which?", choice_list="yn", groups=("ics",)),
        ),
        choice_lists=(ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No"))),),
    )
    rows = dictionary_frame(form).to_dict("records")
    routed = [r for r in rows if r["question"] == "which"]
    assert len(routed) == 3  # the question and its two per-choice columns
    assert all(r["relevance"] == "section ICS members: ${member} = 'yes'" for r in routed)


def test_failed_write_leaves_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "export.json"
    target.write_text("old and complete")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "old and complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_export_failing_mid_write_keeps_previous_export(filled, tmp_path, monkeypatch):
    out = tmp_path / "out"
    path = export(filled, FORM, "json", out)[0]
    before = path.read_bytes()
    filled.interviews.create("member_survey", respondent="New Person", status="complete")

    def disk_full(fd):  # every byte is in the temporary file; the sync fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engagement_tui.files.atomic.os.fsync", disk_full)
    with pytest.raises(OSError):
        export(filled, FORM, "json", out)
    assert path.read_bytes() == before
    assert [p.name for p in out.iterdir()] == [path.name]  # no temporary file left behind


def test_export_command_unknown_form_is_one_line(db_path, tmp_path):
    Store.open(db_path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engagement_tui",
            "--db",
            str(db_path),
            "export",
            "--questionnaire",
            "nope",
            "--format",
            "csv",
            "-o",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("engage: no questionnaire 'nope' (see: ")
    assert line.endswith(f"engage --db {db_path} questionnaire list)")
