"""What repeats give to the outputs, on a real store: ODK-shaped exports (a table per repeat
with PARENT_KEY and KEY) in CSV, XLSX and JSON, findings whose base counts instances, and
survey-return import refusing repeat columns in one line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from engagement_tui.exports import export
from engagement_tui.findings import compute_findings
from engagement_tui.findings.render import render_text
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import load
from engagement_tui.recording import AnswerPath
from engagement_tui.store import Store

FORM = """\
| survey |
| | type | name | label | relevant |
| | text | household | Household name | |
| | begin repeat | member | Household member | |
| | integer | age | Age | |
| | select_one yn | works | Works? | ${age} >= 16 |
| | begin repeat | job | Job | |
| | text | title | Job title | |
| | end repeat | | | |
| | end repeat | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | | | |
| | households | | | |
"""


def form(tmp_path: Path):
    path = tmp_path / "households.md"
    path.write_text(FORM, encoding="utf-8")
    return load(path), path


def interview(store: Store, questionnaire, members: list[tuple[int, str | None, list[str]]]):
    """A completed interview with one instance per member (age, works, job titles)."""
    record = store.interviews.create(questionnaire.form_id)
    session = InterviewSession(questionnaire)
    path = AnswerPath(store, record.uuid, session)
    assert path.record({"household": "H"}).ok
    for index, (age, works, jobs) in enumerate(members, 1):
        member = f"member[{index}]"
        assert path.record({f"{member}/@add": "yes"}).ok
        assert path.record({f"{member}/age": str(age)}).ok
        if works is not None:
            assert path.record({f"{member}/works": works}).ok
        for number, title in enumerate(jobs, 1):
            assert path.record({f"{member}/job[{number}]/@add": "yes"}).ok
            assert path.record({f"{member}/job[{number}]/title": title}).ok
        assert path.record({f"{member}/job[{len(jobs) + 1}]/@add": "no"}).ok
    assert path.record({f"member[{len(members) + 1}]/@add": "no"}).ok
    assert session.is_complete
    store.interviews.set_status(record.uuid, "complete")
    return record.uuid


def test_exports_have_a_table_per_repeat_in_odk_s_shape(tmp_path, store):
    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    first = interview(store, questionnaire, [(40, "yes", ["nurse", "farmer"]), (9, None, [])])
    second = interview(store, questionnaire, [(30, "no", [])])
    out = tmp_path / "out"
    paths = export(store, questionnaire, "csv", out)
    names = sorted(path.name.rsplit("-", 1)[-1] for path in paths)
    assert names == ["job.csv", "long.csv", "member.csv", "wide.csv"]
    tables = {
        path.name.rsplit("-", 1)[-1]: list(csv.DictReader(path.open(encoding="utf-8-sig")))
        for path in paths
    }
    wide = tables["wide.csv"]
    assert [row["KEY"] for row in wide] == [f"uuid:{first}", f"uuid:{second}"]
    assert "age" not in wide[0] and "member/age" not in wide[0]
    members = tables["member.csv"]
    assert [(r["age"], r["works"], r["PARENT_KEY"], r["KEY"]) for r in members] == [
        ("40", "yes", f"uuid:{first}", f"uuid:{first}/member[1]"),
        ("9", "", f"uuid:{first}", f"uuid:{first}/member[2]"),
        ("30", "no", f"uuid:{second}", f"uuid:{second}/member[1]"),
    ]
    jobs = tables["job.csv"]
    assert [(r["title"], r["PARENT_KEY"], r["KEY"]) for r in jobs] == [
        ("nurse", f"uuid:{first}/member[1]", f"uuid:{first}/member[1]/job[1]"),
        ("farmer", f"uuid:{first}/member[1]", f"uuid:{first}/member[1]/job[2]"),
    ]
    long_questions = {row["question"] for row in tables["long.csv"]}
    assert "member[1]/job[2]/title" in long_questions
    assert not any("@" in question for question in long_questions)
    [workbook_path] = export(store, questionnaire, "xlsx", tmp_path / "x")
    workbook = load_workbook(workbook_path)
    assert {"member", "job"} <= set(workbook.sheetnames)
    assert workbook["member"].max_row == 1 + 3 and workbook["job"].max_row == 1 + 2
    [json_path] = export(store, questionnaire, "json", tmp_path / "j")
    document = json.loads(json_path.read_text(encoding="utf-8"))
    repeats = document["interviews"][0]["repeats"]
    assert [row["KEY"] for row in repeats["member"]] == [
        f"uuid:{first}/member[1]",
        f"uuid:{first}/member[2]",
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(households=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=4))
def test_exported_rows_are_the_stored_instances(tmp_path_factory, households):
    tmp_path = tmp_path_factory.mktemp("rows")
    store = Store.open(tmp_path / "engage.db")
    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    for size in households:
        interview(store, questionnaire, [(20 + i, "yes", []) for i in range(size)])
    [path] = [p for p in export(store, questionnaire, "csv", tmp_path) if "member" in p.name]
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == sum(households)
    findings = compute_findings(store, questionnaire.form_id, threshold=1)
    age = next(entry for entry in findings["questions"] if entry["name"] == "age")
    assert (age["base"], age["interviews_base"]) == (
        sum(households),
        sum(1 for size in households if size),
    )
    store.close()


def test_findings_base_counts_the_instances_that_answered(tmp_path, store):
    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    interview(store, questionnaire, [(40, "yes", []), (9, None, []), (20, "no", [])])
    interview(store, questionnaire, [(35, "yes", [])])
    interview(store, questionnaire, [])
    findings = compute_findings(store, questionnaire.form_id, threshold=1)
    entries = {entry["name"]: entry for entry in findings["questions"]}
    works = entries["works"]
    # the 9-year-old was never asked: three members answered, in two interviews
    assert (works["base"], works["interviews_base"], works["unit"]) == (
        3,
        2,
        "household members",
    )
    assert {row["value"]: row["count"] for row in works["results"]} == {"yes": 2, "no": 1}
    assert "Base: 3 household members in 2 interviews" in render_text(findings)
    assert entries["household"]["base"] == 3 and "unit" not in entries["household"]


def test_import_reads_odk_s_instance_columns_through_the_answer_path(tmp_path, store):
    from engagement_tui.responses.importer import import_responses

    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "household,member[1]/age,member[1]/works,member[1]/job[1]/title,"
        "grp/member[2]/age,member[2]/works\n"
        "H1,40,yes,nurse,9,\n"
        "H2,,,,,\n",
        encoding="utf-8",
    )
    import_responses(store, returns, questionnaire.form_id)
    first, second = sorted(
        store.interviews.list(form_id=questionnaire.form_id),
        key=lambda i: store.interviews.answers(i.uuid)["household"],
    )
    assert store.interviews.answers(first.uuid) == {
        "household": "H1",
        "member[1]/@add": "yes",
        "member[1]/age": 40,
        "member[1]/works": "yes",
        "member[1]/job[1]/@add": "yes",
        "member[1]/job[1]/title": "nurse",
        "member[1]/job[2]/@add": "no",
        "member[2]/@add": "yes",
        "member[2]/age": 9,
        "member[3]/@add": "no",
    }
    assert store.interviews.answers(second.uuid) == {"household": "H2"}
    findings = compute_findings(store, questionnaire.form_id, threshold=1)
    age = next(entry for entry in findings["questions"] if entry["name"] == "age")
    assert (age["base"], age["interviews_base"]) == (2, 1)


def test_import_refuses_a_bad_repeat_column_in_one_line_each(tmp_path, db_path, store):
    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    returns = tmp_path / "returns.csv"
    returns.write_text("household,age,member[1]/nothing\nH,40,1\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engagement_tui",
            "--db",
            str(db_path),
            "responses",
            "import",
            str(returns),
            "--questionnaire",
            questionnaire.form_id,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"{returns}:1:age: age is asked once per repeat instance: name each instance's column"
        " as ODK does (e.g. member[1]/age)",
        f"{returns}:1:member[1]/nothing: names no question of those repeats",
        f"engage: {returns}: 2 problems; nothing imported",
    ]
    assert store.interviews.list(form_id=questionnaire.form_id) == []


def test_a_main_table_imports_for_a_form_with_repeats_without_inventing_instances(tmp_path, store):
    from engagement_tui.responses.importer import import_responses

    questionnaire, _ = form(tmp_path)
    store.forms.save(questionnaire)
    returns = tmp_path / "main.csv"
    returns.write_text("household\nH1\nH2\n", encoding="utf-8")
    import_responses(store, returns, questionnaire.form_id)
    imported = store.interviews.list(form_id=questionnaire.form_id)
    assert len(imported) == 2
    answers = store.interviews.answers(imported[0].uuid)
    assert answers == {"household": "H1"}  # no "add a member?" answer made up


def test_a_new_revision_changing_routing_inside_a_repeat_is_seen(tmp_path):
    from engagement_tui.findings.impact import revision_impact

    old, _ = form(tmp_path)
    new_path = tmp_path / "new.md"
    new_path.write_text(FORM.replace("${age} >= 16", "${age} >= 18"), encoding="utf-8")
    new = load(new_path)
    held = {
        1: {
            "household": "H",
            "member[1]/@add": "yes",
            "member[1]/age": 17,
            "member[1]/works": "no",
            "member[1]/job[1]/@add": "no",
            "member[2]/@add": "no",
        }
    }
    assert [str(change) for change in revision_impact(held, old, new)] == [
        "works: base 1 → 0 for 1 interviews"
    ]
