"""Pure parts of findings: quote attribution, skip plans and their dependencies."""

from __future__ import annotations

import json

import pytest

from engagement_tui.findings.quotes import attribution
from engagement_tui.findings.skips import SkipPlan, dependencies
from engagement_tui.questionnaire import Group, Question, Questionnaire
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
    assert dependencies(form, form.question("d")) == {"a", "b", "c", "e"}
    assert dependencies(form, form.question("b")) == {"a"}
    assert dependencies(form, form.question("a")) == frozenset()
