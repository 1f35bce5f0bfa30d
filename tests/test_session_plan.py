"""What sessions of one questionnaire share (parsed answers, constraint outcomes) never makes
one session's answer leak into another's check."""

from __future__ import annotations

from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.interview.session_plan import session_plan

FORM = Questionnaire(
    "shared",
    "Shared",
    questions=(
        Question("limit", "integer"),
        Question("spend", "integer", constraint=". <= ${limit}", constraint_message="Too much"),
        Question("colours", "select_multiple", choice_list="colours"),
    ),
    choice_lists=(ChoiceList("colours", (Choice("red", "Red"), Choice("blue", "Blue"))),),
)


def test_a_constraint_outcome_follows_the_answers_it_reads_in_each_session():
    outcomes = []
    for limit in ("10", "3", "10"):
        session = InterviewSession(FORM)
        results = session.give({"limit": limit, "spend": "5"})
        outcomes.append((results["spend"].ok, results["spend"].message))
    assert outcomes == [(True, ""), (False, "Too much"), (True, "")]


def test_parsed_answers_are_shared_but_never_the_same_list():
    first, second = InterviewSession(FORM), InterviewSession(FORM)
    first.give({"colours": "blue red"})
    second.give({"colours": "blue red"})
    assert first.answers["colours"] == ["red", "blue"]  # choice order
    first.answers["colours"].append("changed")
    assert second.answers["colours"] == ["red", "blue"]
    assert session_plan(FORM).parse(FORM.question("colours"), "red blue") == ["red", "blue"]


def test_a_refused_value_is_refused_every_time():
    for _ in range(2):
        results = InterviewSession(FORM).give({"colours": "green"})
        assert not results["colours"].ok
        assert results["colours"].message == "Not one of the listed answers: green"
