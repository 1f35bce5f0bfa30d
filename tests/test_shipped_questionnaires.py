"""Tests the questionnaires and examples the product ships, read through the real loader.

What a newcomer meets first must be right: every shipped questionnaire loads with no
problems, together they exercise every supported question type, the XLSForm member survey
says exactly what the YAML one says, engagement extensions sit on questions where they
mean something, and the example returns obey the survey's choices, constraints and skip
logic.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engagement_tui.interview.questionnaire import NO_ANSWER_TYPES, QUESTION_TYPES
from engagement_tui.loaders import check, load

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "questionnaires"
EXAMPLES = ROOT / "examples"
MEMBER_YAML = QUESTIONNAIRES / "member-survey.yaml"
MEMBER_XLSX = QUESTIONNAIRES / "member-survey.xlsx"
SHIPPED = sorted(
    path for path in QUESTIONNAIRES.iterdir() if path.suffix in (".yaml", ".yml", ".xlsx")
)

NHS_REGIONS = {
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
}


@pytest.fixture(scope="module")
def shipped():
    return {path.name: load(path) for path in SHIPPED}


def test_the_shipped_questionnaires_are_the_three_we_document():
    assert [path.name for path in SHIPPED] == [
        "leaders-interview.yaml",
        "member-survey.xlsx",
        "member-survey.yaml",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_each_shipped_questionnaire_loads_with_no_problems(path):
    assert [str(problem) for problem in check(path)] == []
    questionnaire = load(path)
    assert questionnaire.questions and questionnaire.title


XLSFORM_FIELD_TYPES = frozenset(
    {"time", "datetime", "geopoint", "geotrace", "geoshape", "image", "audio", "video"}
    | {"file", "barcode", "hidden"}
)
"""Types of ODK's field work, covered by tests/test_xlsform_compat.py rather than shipped."""


def test_the_shipped_questionnaires_use_every_supported_type(shipped):
    used = {question.type for form in shipped.values() for question in form.questions}
    assert used == set(QUESTION_TYPES) - XLSFORM_FIELD_TYPES


def test_both_short_and_long_text_and_a_skippable_group_are_shipped(shipped):
    texts = [q for form in shipped.values() for q in form.questions if q.type == "text"]
    assert any(q.is_long_text for q in texts) and any(not q.is_long_text for q in texts)
    assert any(group.relevant for form in shipped.values() for group in form.groups)
    assert any(q.constraint and q.constraint_message for f in shipped.values() for q in f.questions)


def test_the_xlsform_member_survey_says_what_the_yaml_one_says(shipped):
    from_yaml = shipped["member-survey.yaml"].to_dict()
    from_xlsx = shipped["member-survey.xlsx"].to_dict()
    assert from_xlsx["questions"] == from_yaml["questions"]
    assert from_xlsx["groups"] == from_yaml["groups"]
    assert from_xlsx["choice_lists"] == from_yaml["choice_lists"]
    assert from_xlsx["codebook"] == from_yaml["codebook"]
    for key in ("form_id", "title", "version", "description"):
        assert from_xlsx[key] == from_yaml[key]


def test_the_committed_xlsx_is_exactly_what_the_converter_makes_of_the_yaml(tmp_path):
    """The .xlsx is generated, never edited: regenerating it must change nothing."""
    spec = importlib.util.spec_from_file_location(
        "make_xlsform", ROOT / "scripts" / "make_xlsform.py"
    )
    converter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(converter)
    regenerated = tmp_path / "member-survey.xlsx"
    converter.convert(MEMBER_YAML, regenerated)
    assert regenerated.read_bytes() == MEMBER_XLSX.read_bytes(), (
        "member-survey.xlsx is stale: run python scripts/make_xlsform.py "
        "questionnaires/member-survey.yaml"
    )


def test_statements_sit_on_closed_questions_with_a_favourable_side(shipped):
    with_statement = [(form, q) for form in shipped.values() for q in form.questions if q.statement]
    assert len(with_statement) >= 3
    for form, question in with_statement:
        assert question.type == "select_one", question.name
        positives = [choice for choice in form.choices(question).choices if choice.positive]
        assert positives, f"{question.name}: a statement needs choices marked positive"


def test_probes_are_only_for_questions_the_interviewer_asks(shipped):
    probed = [q for form in shipped.values() for q in form.questions if q.probe]
    assert len(probed) >= 6
    for question in probed:
        assert question.type not in NO_ANSWER_TYPES, question.name
        assert question.probe.startswith("Probe:"), question.name


def test_open_questions_of_the_interview_each_carry_a_probe(shipped):
    interview = shipped["leaders-interview.yaml"]
    long_texts = [q for q in interview.questions if q.is_long_text]
    assert long_texts and all(q.probe for q in long_texts)


def test_agreement_scales_mark_only_the_agree_side_positive(shipped):
    for form in shipped.values():
        for choice_list in form.choice_lists:
            labels = [choice.label for choice in choice_list.choices]
            if "Strongly agree" not in labels:
                continue
            positive = {choice.label for choice in choice_list.choices if choice.positive}
            assert positive == {"Strongly agree", "Agree"}, choice_list.name


def test_leaders_interview_has_its_sections_and_a_codebook_of_themes(shipped):
    interview = shipped["leaders-interview.yaml"]
    sections = [group.label for group in interview.groups if group.parent is None]
    assert sections == [
        "Context",
        "Statutory footing",
        "Oversight",
        "Purpose",
        "Place and neighbourhood",
        "Closing",
    ]
    assert 8 <= len(interview.codebook) <= 10
    assert all(theme.description for theme in interview.codebook)
    purposes = interview.choices(interview.question("purposes"))
    assert interview.question("purposes").type == "rank" and len(purposes.choices) == 4


def test_validate_command_accepts_every_shipped_file():
    result = subprocess.run(
        [sys.executable, "-m", "engagement_tui", "questionnaire", "validate", *map(str, SHIPPED)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_member_register_is_well_formed(shipped):
    rows = _read_csv(EXAMPLES / "member-register.csv")
    survey = shipped["member-survey.yaml"]
    org_types = {choice.label for choice in survey.choice_list("org_type").choices}
    assert {row["type"] for row in rows} <= org_types
    assert 35 <= len(rows) <= 50
    assert list(rows[0]) == ["name", "type", "region", "system", "ods_code"]
    assert len({row["name"] for row in rows}) == len(rows)
    assert {row["region"] for row in rows} == NHS_REGIONS
    region_of_system = {}
    for row in rows:
        assert region_of_system.setdefault(row["system"], row["region"]) == row["region"]
    codes = [row["ods_code"] for row in rows if row["ods_code"]]
    assert len(codes) == len(set(codes))


RETURN_METADATA = {
    "interview_date",
    "organisation",
    "organisation_type",
    "region",
    "respondent",
    "role",
    "instanceID",
}


@pytest.fixture(scope="module")
def returns():
    return _read_csv(EXAMPLES / "member-survey-returns.csv")


def test_returns_name_every_question_by_its_group_path(shipped, returns):
    survey = shipped["member-survey.yaml"]
    exported = [q for q in survey.questions if q.type != "note"]
    expected = {"/".join((*q.groups, q.name)) for q in exported}
    assert set(returns[0]) == expected | RETURN_METADATA


def test_returns_come_from_registered_members_once_each(returns):
    register = {row["name"]: row for row in _read_csv(EXAMPLES / "member-register.csv")}
    assert 25 <= len(returns) <= 40
    for row in returns:
        member = register[row["organisation"]]
        assert (row["organisation_type"], row["region"]) == (member["type"], member["region"])
        assert row["instanceID"].startswith("uuid:")
    assert len({row["instanceID"] for row in returns}) == len(returns)
    assert len({row["organisation"] for row in returns}) == len(returns)


def test_returns_obey_choices_constraints_and_skip_logic(shipped, returns):
    """Each return replayed through a real session: hidden questions blank, no answer refused."""
    from engagement_tui.interview.session import InterviewSession

    survey = shipped["member-survey.yaml"]
    for line, row in enumerate(returns, start=2):
        given = {
            column.rsplit("/", 1)[-1]: value
            for column, value in row.items()
            if column not in RETURN_METADATA and value != ""
        }
        session = InterviewSession(survey)
        for question in survey.questions:
            if question.type == "calculate" or question.name not in given:
                continue
            where = f"returns line {line}, {question.name}"
            assert session.is_relevant(question.name), f"{where}: answered but hidden"
            validation = session.answer(question.name, given[question.name])
            assert validation.ok, f"{where}: {validation.message}"
        assert session.missing_required() == [], f"returns line {line}"
        for name, value in session.calculations().items():
            assert given.get(name, "") == _as_exported(value), f"returns line {line}, {name}"


def _as_exported(value) -> str:
    """A calculation's value as ODK writes it in a CSV export: 3, not 3.0; blank for none."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_example_returns_tell_the_story_the_readme_tells(returns):
    agree = [r for r in returns if r["your_system/right_approach"] in ("agree", "strongly_agree")]
    progress = [r["system_working/progress"] for r in returns if r["system_working/progress"]]
    assert (len(agree), len(returns)) == (18, 30)
    assert (progress.count("moderate"), progress.count("a_little"), len(progress)) == (12, 11, 27)


def test_a_leaders_interview_can_be_walked_to_the_end(shipped):
    from engagement_tui.interview.session import InterviewSession

    interview = shipped["leaders-interview.yaml"]
    session = InterviewSession(interview)
    answers = {
        "consent_recorded": "OK",
        "org_type": "local_authority",
        "years_in_system": "4",
        "footing_option": "statutory_committee",
        "duty_to_collaborate": "agree",
        "oversight_changes": "no_change",
        "purposes": "inequalities population_health social_economic productivity_value",
        "decision_level": "place",
    }
    for name, raw in answers.items():
        assert session.answer(name, raw).ok, name
    assert not session.is_relevant("oversight_detail")
    assert session.calculations()["supports_legislation"] == "yes"
    assert session.missing_required() == [] and session.is_complete
    assert not session.answer("oversight_changes", "no_change fewer_returns").ok
    assert not session.answer("years_in_system", "45").ok
