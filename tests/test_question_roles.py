"""Question roles: admin never a finding, profile never a key point, ticks of all asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from engagement_tui.findings import compute_findings
from engagement_tui.findings.roles import infer_role, report_role
from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire
from engagement_tui.loaders import check, load

ROOT = Path(__file__).resolve().parents[1]

TYPES = ChoiceList("org_type", (Choice("trust", "NHS trust"), Choice("council", "Council")))
AGREE = ChoiceList("agree", (Choice("a", "Agree"), Choice("d", "Disagree")))


def form() -> Questionnaire:
    return Questionnaire(
        form_id="roles",
        title="Roles",
        questions=(
            Question(
                "consent",
                "acknowledge",
                label="Interviewer: confirm the interviewee has agreed to take part.",
                required=True,
            ),
            Question(
                "org_type",
                "select_one",
                label="What type of organisation do you lead?",
                choice_list="org_type",
            ),
            Question(
                "view",
                "select_one",
                label="Is it right?",
                choice_list="agree",
                statement="it is right",
            ),
            Question("contact", "acknowledge", label="I am happy to be contacted."),
            Question("kind", "select_one", label="Kind", choice_list="org_type", report="finding"),
        ),
        choice_lists=(TYPES, AGREE),
    )


@pytest.fixture
def roles_store(store):
    store.forms.save(form())
    for index in range(72):
        interview = store.interviews.create("roles", status="complete")
        answers = {
            "consent": "OK",
            "org_type": "trust" if index % 3 else "council",
            "view": "a" if index % 2 else "d",
            "kind": "trust",
        }
        if index < 54:
            answers["contact"] = "OK"
        store.interviews.save_answers(interview.uuid, answers)
    return store


def entry(findings, name):
    return next(e for e in findings["questions"] if e["name"] == name)


def test_inferred_and_stated_roles():
    q = form()
    assert [report_role(q, question) for question in q.questions] == [
        "admin",
        "profile",
        "finding",
        "finding",
        "finding",
    ]
    assert infer_role(q, q.question("kind")) == "profile"  # stated "finding" wins


def test_acknowledgement_base_is_everyone_asked_not_only_those_who_ticked(roles_store):
    """ "Happy to be contacted: 100%, base 54" was wrong: 54 of the 72 asked ticked it."""
    contact = entry(compute_findings(roles_store, "roles"), "contact")
    assert contact["base"] == 72
    assert contact["results"][0]["count"] == 54 and contact["results"][0]["percent"] == 75
    assert contact["headline"].startswith("54 of 72 respondents (75%)")


def test_admin_is_never_a_finding_and_profile_never_a_key_point(roles_store):
    findings = compute_findings(roles_store, "roles")
    consent = entry(findings, "consent")
    assert consent["role"] == "admin" and consent["headline"] is None and consent["results"] == []
    keyed = {k["question"] for k in findings["key_findings"]}
    assert "consent" not in keyed and "org_type" not in keyed and "contact" not in keyed
    assert "view" in keyed


def test_report_column_is_read_from_yaml_and_xlsform_and_checked(tmp_path):
    yaml_form = load(ROOT / "questionnaires" / "leaders-interview.yaml")
    assert yaml_form.question("consent_recorded").report == "admin"
    assert yaml_form.question("org_type").report == "profile"
    xlsx = load(ROOT / "questionnaires" / "member-survey.xlsx")
    assert xlsx.question("job_role").report == "profile"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "form_id: bad\ntitle: Bad\nsurvey:\n  - name: q\n    type: text\n    label: Q\n"
        "    report: headline\n"
    )
    problems = check(bad)
    expected = "report 'headline' is not one of finding, profile, admin"
    assert any(expected in str(p) for p in problems)


def test_a_profile_question_is_a_breakdown(roles_store):
    findings = compute_findings(roles_store, "roles", by="org_type")
    view = entry(findings, "view")["breakdown"]["org_type"]
    assert list(view) == ["NHS trust", "Council"]  # choice labels, in the list's order
    assert (view["NHS trust"]["base"], view["Council"]["base"]) == (48, 24)
    assert sum(row["count"] for row in view["Council"]["results"]) == 24
