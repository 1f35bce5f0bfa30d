"""XLSForm questionnaires (.xlsx, .md, .csv): the model built, problems at FILE:SHEET:ROW."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from engagement_tui.interview.questionnaire import Location
from engagement_tui.loaders import QuestionnaireError, check, load

ODK_SURVEY = [
    [
        "type",
        "name",
        "label::English (en)",
        "hint::English (en)",
        "required",
        "relevance",
        "constraint",
        "constraint_message::English (en)",
        "appearance",
        "calculate",
        "statement",
        "probe",
    ],
    ["start", "start"],
    ["end", "end"],
    ["today", "today"],
    ["deviceid", "deviceid"],
    ["audit", "audit"],
    ["begin_group", "about", "About you", None, None, None, None, None, "field-list"],
    ["select_one role", "role", "Your role", "Pick one", "yes"],
    ["text", "role_other", "Which role?", None, None, "${role} = 'other'"],
    ["end_group"],
    [],
    ["begin group", "views", "Views", None, None, "${role} != 'other'"],
    ["select one agree5", "right_approach", "Right approach?", None, "TRUE"]
    + [None] * 5
    + ["STPs and ICSs are the right approach", "Ask for an example"],
    ["select all that apply barriers", "barriers", "Barriers", None, None, None]
    + ["count-selected(.) <= 2", "At most two"],
    ["integer", "staff", "Staff", None, "false", None, ". >= 0", "No negatives"],
    ["calculate", "double", None, None, None, None, None, None, None, "${staff} * 2"],
    ["range", "conf", "Confidence"],
    ["end group"],
]
ODK_CHOICES = [
    ["list name", "name", "label::English (en)", "positive"],
    ["role", "ceo", "Chief executive"],
    ["role", "other", "Other"],
    ["agree5", "agree", "Agree", "yes"],
    ["agree5", "disagree", "Disagree", "no"],
    ["barriers", "money", "Money"],
    ["barriers", 1, "Numbered"],
]


def odk_workbook(path: Path, survey=ODK_SURVEY, choices=ODK_CHOICES, codebook=True) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    sheet = workbook.create_sheet("choices")
    for row in choices:
        sheet.append(row)
    sheet = workbook.create_sheet("settings")
    sheet.append(["form_title", "form_id", "version"])
    sheet.append(["ODK member survey", "odk_survey", 2026110101])
    if codebook:
        sheet = workbook.create_sheet("codebook")
        sheet.append(["name", "description"])
        sheet.append(["funding", "Money and financial flows"])
    workbook.save(path)
    return path


def test_odk_style_workbook_imports(tmp_path):
    path = odk_workbook(tmp_path / "odk.xlsx")
    q = load(path)
    assert (q.form_id, q.title, q.version) == ("odk_survey", "ODK member survey", "2026110101")
    assert [question.name for question in q.questions] == [
        "role",
        "role_other",
        "right_approach",
        "barriers",
        "staff",
        "double",
        "conf",
    ]  # the metadata rows (start, end, today, deviceid, audit) ask nothing and are skipped
    role = q.question("role")
    assert (role.label, role.hint, role.required, role.groups) == (
        "Your role",
        "Pick one",
        True,
        ("about",),
    )
    assert q.question("role_other").relevant == "${role} = 'other'"
    right = q.question("right_approach")
    assert (right.type, right.choice_list, right.required) == ("select_one", "agree5", True)
    assert (right.statement, right.probe) == (
        "STPs and ICSs are the right approach",
        "Ask for an example",
    )
    barriers = q.question("barriers")
    assert (barriers.type, barriers.constraint) == ("select_multiple", "count-selected(.) <= 2")
    assert barriers.constraint_message == "At most two"
    assert q.question("double").calculation == "${staff} * 2"
    assert q.group("about").appearance == "field-list"
    assert q.group("views").relevant == "${role} != 'other'"
    assert q.choice_list("agree5").choices[0].positive is True
    assert q.choice_list("agree5").choices[1].positive is False
    assert q.choice_list("barriers").names == ("money", "1")
    assert [(theme.name, theme.description) for theme in q.codebook] == [
        ("funding", "Money and financial flows")
    ]
    assert role.location == Location(str(path), sheet="survey", row=8)
    # the blank row 11 counts, as it does in the spreadsheet
    assert q.group("views").location == Location(str(path), sheet="survey", row=12)
    assert q.question("conf").location == Location(str(path), sheet="survey", row=17)


MD_FORM = """\
| survey |
|        | type               | name    | label       | relevant       | statement        |
|        | begin group        | views   | Views       |                |                  |
|        | select_one agree5  | right   | Right?      |                | It is right      |
|        | text               | why     | Why?        | ${right} = 'a' |                  |
|        | end group          |         |             |                |                  |
| choices |
|         | list_name | name | label    | positive |
|         | agree5    | a    | Agree    | true     |
|         | agree5    | d    | Disagree |          |
| settings |
|          | form_id  | form_title | version |
|          | md_form  | MD form    | 3       |
| codebook |
|          | name | description |
|          | cost | Costs       |
"""

YAML_TWIN = """\
form_id: md_form
title: MD form
version: "3"
choices:
  agree5:
    - {name: a, label: Agree, positive: true}
    - {name: d, label: Disagree}
codebook:
  - {name: cost, description: Costs}
survey:
  - group: views
    label: Views
    questions:
      - {type: select_one agree5, name: right, label: Right?, statement: It is right}
      - {type: text, name: why, label: Why?, relevant: "${right} = 'a'"}
"""


def test_markdown_xlsform_matches_its_yaml_twin(tmp_path):
    md = tmp_path / "form.md"
    md.write_text(MD_FORM, encoding="utf-8")
    twin = tmp_path / "form.yaml"
    twin.write_text(YAML_TWIN, encoding="utf-8")
    assert load(md).to_dict() == load(twin).to_dict()
    assert load(md).content_hash() == load(twin).content_hash()


def test_csv_xlsform_with_bom_and_default_form_id(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(
        "\ufeffsurvey,type,name,label\n,text,a,A\n,integer,b,B\n"
        "codebook,name,description\n,t1,Theme one\n".encode()
    )
    q = load(path)
    assert (q.form_id, q.title) == ("partners", "partners")
    assert [question.type for question in q.questions] == ["text", "integer"]
    assert [theme.name for theme in q.codebook] == ["t1"]


def located(path: Path) -> list[str]:
    return [str(problem).removeprefix(f"{path}:") for problem in check(path)]


def test_workbook_problems_name_sheet_and_row(tmp_path):
    survey = [
        ["type", "name", "label", "calculation", "parameters"],
        ["begin group", "g", "G"],
        ["select_one nolist", "a", "A"],
        ["geopoint", "where", "Where"],
        ["calculate", "x", None, "${y}"],
        ["calculate", "y", None, "${x}"],
        ["range", "r", "R", None, "start=1 end=5 step=-1"],
        ["end group"],
        ["end group"],
        ["begin repeat", "rep", "Rep"],
        ["text", "inner", "Inner"],
        ["end repeat"],
        ["begin group", "open", "Open"],
        ["text", "A", "Dup"],
    ]
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "yes", "Yes again"]]
    path = odk_workbook(tmp_path / "bad.xlsx", survey, choices, codebook=False)
    assert located(path) == [
        "survey:3: 'a': choice list 'nolist' is not defined",
        "survey:5: circular calculation: x -> y -> x",
        "survey:7: 'r': range step must be greater than 0",
        "survey:9: 'end group' without a matching 'begin group'",
        "survey:13: group 'open' is never closed (no 'end group')",
        "survey:14: duplicate name 'A' (already used by 'a')",
        "choices:3: duplicate choice 'yes' in list 'yn'",
    ]


def test_unreadable_workbook_and_missing_survey_are_problems(tmp_path):
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"this is not a zip file")
    [problem] = check(garbage)
    assert str(problem).startswith(f"{garbage}:1:1: cannot read the workbook")
    no_survey = tmp_path / "no_survey.md"
    no_survey.write_text(
        "| choices |\n| | list_name | name | label |\n| | a | b | c |\n"
        "| settings |\n| | form_id |\n| | x |\n"
    )
    assert located(no_survey) == ["1:1: the workbook has no survey sheet"]


def test_required_expression_is_refused_with_its_row(tmp_path):
    path = tmp_path / "form.md"
    path.write_text(
        "| survey |\n| | type | name | label | required |\n| | text | a | A | ${b} = 1 |\n"
    )
    with pytest.raises(QuestionnaireError) as raised:
        load(path)
    assert str(raised.value) == f"{path}:survey:2: required must be yes or no, found '${{b}} = 1'"
    path.write_text(
        "| survey |\n| | type | name | label | required |\n| | text | a | A | ${a} = 1 |\n"
    )
    assert located(path) == ["survey:2: required must be yes or no, found '${a} = 1'"]


def test_importing_the_loaders_leaves_pyxform_for_xlsform_files():
    """pyxform takes most of a second to import: only reading an XLSForm may pay for it."""
    code = (
        "import sys, tempfile, pathlib\n"
        "from engagement_tui.loaders import load\n"
        "path = pathlib.Path(tempfile.mkdtemp()) / 'f.yaml'\n"
        "path.write_text('form_id: f\\nsurvey:\\n  - {type: text, name: a, label: A}\\n')\n"
        "load(path)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded = set(result.stdout.split())
    assert "yaml" in loaded
    assert not loaded & {"pyxform", "openpyxl", "pandas", "sqlite_utils", "textual", "questionary"}


MD_ALPHABET = st.sampled_from(
    ["|", " | ", "\n", "survey", "choices", "settings", "codebook", "type", "name", "label"]
    + ["list_name", "begin group", "end group", "select_one", " x", "text", "${", "}", "#", ","]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MD_ALPHABET, max_size=60).map("".join), st.sampled_from([".md", ".csv"]))
def test_text_xlsforms_give_problems_never_a_traceback(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_text(MD_FORM[:40] + text, encoding="utf-8")
        problems = check(path)
        assert all("\n" not in str(problem) for problem in problems)
        try:
            load(path)
        except QuestionnaireError as error:
            assert error.problems == problems
