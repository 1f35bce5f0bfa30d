"""Pure parts of findings: quote attribution, skip plans and their dependencies."""

from __future__ import annotations

import json

import pytest

from engagement_tui.findings.quotes import attribution
from engagement_tui.findings.skips import SkipPlan, condition_inputs
from engagement_tui.interview.questionnaire import Group, Question, Questionnaire
from tests.test_findings import survey


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (
            {"attribution": "named", "respondent": "Jane Smith", "role": "Chief Executive"}
            | {"organisation": "Northshire NHS Trust", "organisation_type": "NHS trust"},
            "Jane Smith, Chief Executive, Northshire NHS Trust",
        ),
        (
            {"attribution": "role_only", "respondent": "Jane Smith", "role": "Director of Finance"}
            | {"organisation": "X", "organisation_type": "Integrated Care Board"},
            "a director of finance of an integrated care board",
        ),
        (
            {"attribution": "anonymous", "role": "Chair", "organisation_type": "CCG"},
            "a respondent from a CCG",
        ),
        ({"attribution": "anonymous", "role": "Chair"}, ""),
    ],
)
def test_attribution(row, text):
    assert attribution(row) == text


def test_skip_plan_evaluates_each_distinct_answer_tuple_once():
    plan = SkipPlan(survey())
    assert set(plan.bits) == {"why_not"}  # group "views" has no condition of its own
    assert plan.inputs == {"approach"}
    values = [(index, "approach", json.dumps("d" if index % 3 else "a")) for index in range(300)]
    masks = plan.masks(range(300), values)
    assert plan.evaluations == 2
    word, bit = plan.mask("why_not")
    assert [masks[index][word] >> bit & 1 for index in range(4)] == [0, 1, 1, 0]
    assert plan.mask("approach") is None


def test_dependencies_follow_conditions_and_calculations():
    form = Questionnaire(
        "deps",
        "Dependencies",
        questions=(
            Question("a", "integer"),
            Question("e", "text"),
            Question("b", "integer", relevant="${a} > 1"),
            Question("c", "calculate", calculation="${b} + 1"),
            Question("d", "text", relevant="${c} > 3", groups=("g",)),
        ),
        groups=(Group("g", relevant="${e} = 'x'"),),
    )
    # d reads c (a calculation reading b, which reads a) and its group reads e.
    assert condition_inputs(form) == {"a", "b", "c", "e"}
    assert SkipPlan(form).inputs == {"a", "b", "c", "e"}


def test_a_quote_said_twice_is_quoted_once():
    from engagement_tui.findings.results import example_quotes
    from engagement_tui.findings.tally import Tally

    said = {"attribution": "anonymous", "organisation_type": "NHS trust"}
    tally = Tally(columns=1)
    tally.quotes = [
        {**said, "value": json.dumps("Money must follow the patient.")},
        {**said, "value": json.dumps("money must  follow the patient.")},
        {**said, "value": json.dumps("Trust takes time.")},
    ]
    assert [quote["text"] for quote in example_quotes(tally)] == [
        "Money must follow the patient.",
        "Trust takes time.",
    ]


def test_theme_names_read_as_words():
    from engagement_tui.interview.questionnaire import theme_label

    assert theme_label("funding_flows") == "Funding flows"
    assert theme_label("data-and-digital") == "Data and digital"


def test_agreement_verdicts_lead_the_key_findings():
    from engagement_tui.findings.headlines import key_findings

    entries = [
        {"name": "org_type", "headline": "Most are trusts (80%).", "headline_percent": 80.0}
        | {"base": 50, "favourable": None},
        {"name": "right", "headline": "Six in ten (61%) agree.", "headline_percent": 61.0}
        | {"base": 50, "favourable": ["agree"]},
    ]
    assert [item["question"] for item in key_findings(entries)] == ["right", "org_type"]
