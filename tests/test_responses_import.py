"""`engage responses import`: survey returns into completed interviews, checked, all or nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.cli import cli
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.responses.files import ImportFailed, read_csv_text
from engagement_tui.responses.importer import import_responses, prepare_rows

FORM = Questionnaire(
    "pulse",
    "Pulse survey",
    questions=(
        Question("org_type", "select_one", required=True, choice_list="org", groups=("about",)),
        Question(
            "org_type_other",
            "text",
            required=True,
            relevant="${org_type} = 'other'",
            groups=("about",),
        ),
        Question(
            "score",
            "integer",
            required=True,
            constraint=". >= 0 and . <= 10",
            constraint_message="Enter a score from 0 to 10",
        ),
        Question("colours", "select_multiple", choice_list="colours"),
        Question("comment", "text"),
        Question("double", "calculate", calculation="${score} * 2"),
    ),
    groups=(Group("about", "About you"),),
    choice_lists=(
        ChoiceList(
            "org", tuple(Choice(name, name.title()) for name in ("trust", "council", "other"))
        ),
        ChoiceList(
            "colours", tuple(Choice(name, name.title()) for name in ("red", "green", "blue"))
        ),
    ),
)

HEADER = (
    "start,_id,__version__,about/org_type,about-org_type_other,score,colours,colours/red,"
    "comment,organisation,organisation_type,region,respondent,role,interview_date,"
    "meta/instanceID"
)
ROWS = [
    "2026-03-01T09:00,1,v1,trust,,7,red blue,1,Money follows the patient,Northdale Council,"
    "local authority,North West,Ann Smith,Director,2026-03-02,uuid:aaa",
    "2026-03-01T09:00,2,v1,other,A hospice,3,,0,,Wyebridge Hospice,voluntary organisation,"
    "London,,,02/03/2026,uuid:bbb",
]


@pytest.fixture
def saved(store):
    store.forms.save(FORM)
    return store


def write(tmp_path, lines, name="returns.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(store):
    """Everything an import could change."""
    return {
        table: store.db.query(f"SELECT * FROM {table} ORDER BY 1")
        for table in ("organisations", "interviews", "answers", "answer_history")
    }


def test_rows_become_completed_interviews_with_calculations(saved, tmp_path):
    summary = import_responses(saved, write(tmp_path, [HEADER, *ROWS]), "pulse")
    assert (summary.imported, summary.skipped, summary.organisations_added) == (2, 0, 2)
    by_org = {i.organisation: i for i in saved.interviews.list(form_id="pulse")}
    first = by_org["Northdale Council"]
    assert (first.status, first.mode, first.source) == ("complete", "online survey", "import")
    assert (first.external_id, first.respondent, first.role) == (
        "uuid:aaa",
        "Ann Smith",
        "Director",
    )
    assert first.started_at.startswith("2026-03-02") and first.completed_at
    assert first.organisation_type == "local authority" and first.region == "North West"
    assert saved.interviews.answers(first.uuid) == {
        "org_type": "trust",
        "score": 7,
        "colours": ["red", "blue"],
        "comment": "Money follows the patient",
        "double": 14,
    }
    second = saved.interviews.answers(by_org["Wyebridge Hospice"].uuid)
    assert second == {"org_type": "other", "org_type_other": "A hospice", "score": 3, "double": 6}


def test_reimporting_the_same_rows_adds_nothing(saved, tmp_path):
    path = write(tmp_path, [HEADER, *ROWS])
    import_responses(saved, path, "pulse")
    before = snapshot(saved)
    again = import_responses(saved, path, "pulse")
    assert (again.imported, again.skipped, again.organisations_added) == (0, 2, 0)
    assert snapshot(saved) == before


def test_rows_without_instance_id_are_recognised_by_content(saved, tmp_path):
    slash = write(tmp_path, ["about/org_type,score,colours", "trust,4,green  red", "council,5,"])
    dash = write(
        tmp_path, ["about-org_type,score,colours", "trust,4,red green", "council,6,"], "b.csv"
    )
    assert import_responses(saved, slash, "pulse").imported == 2
    summary = import_responses(saved, dash, "pulse")
    assert (summary.imported, summary.skipped) == (1, 1)
    ids = [i.external_id for i in saved.interviews.list(form_id="pulse")]
    assert len(set(ids)) == 3 and all(i.startswith("sha256:") for i in ids)


def test_answers_to_questions_not_relevant_are_ignored_and_counted(saved, tmp_path):
    path = write(tmp_path, ["org_type,org_type_other,score", "trust,Not asked,2"])
    summary = import_responses(saved, path, "pulse")
    assert summary.ignored_not_relevant == 1
    (interview,) = saved.interviews.list(form_id="pulse")
    assert "org_type_other" not in saved.interviews.answers(interview.uuid)


def test_every_problem_is_located_and_nothing_is_stored(saved, tmp_path):
    path = write(
        tmp_path,
        [
            "org_type,org_type_other,score,colours,favourite,interview_date",
            "trust,,7,red,,2026-03-02",
            "hospital,,7,,,",
            "trust,,seven,,,",
            "trust,,11,purple,,",
            "other,,5,,,",
            "council,,,,,yesterday",
        ],
    )
    saved.register.add("Existing Org", "NHS trust")
    before = snapshot(saved)
    with pytest.raises(ImportFailed) as caught:
        import_responses(saved, path, "pulse")
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:1:favourite: unknown column: no question or respondent field of that name"
        " in pulse",
        f"{path}:3:org_type: Not one of the listed answers: hospital",
        f"{path}:4:score: Enter a whole number",
        f"{path}:5:score: Enter a score from 0 to 10",
        f"{path}:5:colours: Not one of the listed answers: purple",
        f"{path}:6:org_type_other: required, but blank",
        f"{path}:7:interview_date: not a date: use YYYY-MM-DD or DD/MM/YYYY",
        f"{path}:7:score: required, but blank",
    ]
    assert snapshot(saved) == before


def test_workbook_problems_name_the_sheet(saved, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "pulse"
    sheet.append(["org_type", "score", "meta/instanceID"])
    sheet.append(["trust", 4, "uuid:x1"])
    sheet.append(["trust", 40, "uuid:x2"])
    path = tmp_path / "returns.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFailed) as caught:
        import_responses(saved, path, "pulse")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:pulse:3:score: Enter a score from 0 to 10"
    ]
    sheet.delete_rows(3)
    workbook.save(path)
    assert import_responses(saved, path, "pulse").imported == 1


def test_two_columns_for_one_question_are_refused(saved, tmp_path):
    path = write(tmp_path, ["about/org_type,org_type,score", "trust,trust,1"])
    with pytest.raises(ImportFailed) as caught:
        import_responses(saved, path, "pulse")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:org_type: same question (org_type) as column about/org_type"
    ]


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def test_command_prints_a_summary_then_skips_on_reimport(saved, db_path, tmp_path):
    path = write(tmp_path, [HEADER, *ROWS])
    result = run(db_path, "responses", "import", str(path), "--questionnaire", "pulse")
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.output and "2 organisations added" in result.output
    again = run(db_path, "responses", "import", str(path), "--questionnaire", "pulse")
    assert "0 imported" in again.output and "2 already present (skipped)" in again.output


def test_command_lists_problems_and_exits_1(saved, db_path, tmp_path):
    path = write(tmp_path, ["org_type,score", "trust,x"])
    result = run(db_path, "responses", "import", str(path), "--questionnaire", "pulse")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2:score: Enter a whole number",
        f"engage: {path}: 1 problem; nothing imported",
    ]


def test_command_refuses_an_unknown_questionnaire(saved, db_path, tmp_path):
    path = write(tmp_path, ["org_type,score", "trust,1"])
    result = run(db_path, "responses", "import", str(path), "--questionnaire", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("engage: no questionnaire 'nope'")


def test_a_file_matching_no_question_is_one_line(saved, tmp_path):
    path = write(tmp_path, ["type,name,label", "integer,age,Age"])
    with pytest.raises(ImportFailed) as caught:
        import_responses(saved, path, "pulse")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: no column matches a question of pulse; wrong file?"
    ]


def test_command_caps_a_long_list_of_problems(saved, db_path, tmp_path):
    path = write(tmp_path, ["org_type,score", *["trust,x"] * 250])
    result = run(db_path, "responses", "import", str(path), "--questionnaire", "pulse")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 202
    assert lines[-2:] == [
        f"{path}: ... and 50 more problems",
        f"engage: {path}: 250 problems; nothing imported",
    ]


def test_the_shipped_example_returns_import_into_the_shipped_survey(store):
    from pathlib import Path

    from engagement_tui.loaders import load

    root = Path(__file__).resolve().parent.parent
    store.forms.save(load(root / "questionnaires" / "member-survey.yaml"))
    returns = root / "examples" / "member-survey-returns.csv"
    summary = import_responses(store, returns, "member_survey")
    assert summary.imported == summary.rows >= 20
    assert import_responses(store, returns, "member_survey").skipped == summary.rows
    answers = [store.interviews.answers(i.uuid) for i in store.interviews.list()]
    assert all(a["barrier_count"] == len(a.get("barriers", [])) for a in answers)


def test_odk_central_and_kobo_exports_of_one_submission_are_one_interview(saved, tmp_path):
    central = write(
        tmp_path,
        [
            "SubmissionDate,start,end,deviceid,about-org_type,score,colours,meta-instanceID,KEY,"
            "SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,"
            "ReviewState,DeviceID,Edits,FormVersion",
            "2026-03-04T10:00:00.000Z,2026-03-04T09:40:00.000+01:00,"
            "2026-03-04T09:55:00.000+01:00,collect:abc,trust,4,green,"
            "uuid:0b7c5a52-6f0e-4d6c-9a55-2f3c1f0e9d11,uuid:0b7c5a52-6f0e-4d6c-9a55-2f3c1f0e9d11,"
            "5,jo,0,0,,,,0,2026110101",
        ],
        "central.csv",
    )
    kobo = write(
        tmp_path,
        [
            "start;end;today;about/org_type;score;colours;colours/green;colours/red;_id;_uuid;"
            "_submission_time;_validation_status;_notes;_status;_submitted_by;__version__;"
            "_tags;_index",
            "2026-03-04;2026-03-04;2026-03-04;trust;4;green;1;0;17;"
            "0b7c5a52-6f0e-4d6c-9a55-2f3c1f0e9d11;2026-03-04T09:00:00;;;submitted_via_web;;"
            "vXyz;;1",
        ],
        "kobo.csv",
    )
    assert import_responses(saved, central, "pulse").imported == 1
    again = import_responses(saved, kobo, "pulse")
    assert (again.imported, again.skipped) == (0, 1)
    (interview,) = saved.interviews.list(form_id="pulse")
    assert interview.external_id == "uuid:0b7c5a52-6f0e-4d6c-9a55-2f3c1f0e9d11"
    assert interview.started_at == "2026-03-04T08:55:00.000Z"  # the form's `end`, in UTC


CELLS = st.sampled_from(
    ["trust", "other", "council", "7", "11", "x", "red blue", "", "2026-03-02", "uuid:1", " "]
)
COLUMNS = st.sampled_from(
    ["org_type", "about/org_type", "about-org_type_other", "score", "colours", "comment",
     "organisation", "interview_date", "meta/instanceID", "_id", "mystery", ""]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(COLUMNS, min_size=1, max_size=6), st.lists(st.lists(CELLS, max_size=7)))
def test_any_table_gives_interviews_or_located_problems(columns, rows):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, *rows])
    try:
        prepared = prepare_rows(read_csv_text(buffer.getvalue(), "any.csv"), FORM)
    except ImportFailed as failure:
        for problem in failure.problems:
            assert problem.where == "any.csv" and problem.row >= 1 and problem.message
            assert str(problem).startswith(f"any.csv:{problem.row}")
    else:
        for item in prepared:
            assert item.interview.answers["score"] in range(11)
            assert item.interview.answers["double"] == 2 * item.interview.answers["score"]
