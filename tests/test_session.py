"""Pure tests of the interview session: walks, relevance, screens, validation, calculations."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.expressions import is_true, parse
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.interview.session import InterviewSession, relevant_questions

AGREE = ChoiceList(
    "agree",
    (
        Choice("agree", "Agree"),
        Choice("neutral", "Neither"),
        Choice("disagree", "Disagree"),
    ),
)
PRIORITIES = ChoiceList(
    "priorities", (Choice("staff", "Staff"), Choice("money", "Money"), Choice("data", "Data"))
)


def form(*questions: Question, groups: tuple[Group, ...] = ()) -> Questionnaire:
    return Questionnaire(
        form_id="f",
        title="Member survey",
        questions=questions,
        groups=groups,
        choice_lists=(AGREE, PRIORITIES),
    )


def walk_form() -> Questionnaire:
    return form(
        Question("intro", "note", label="Welcome"),
        Question("approach", "select_one", label="Right approach?", choice_list="agree"),
        Question("why_not", "text", label="Why not?", relevant="${approach} = 'disagree'"),
        Question("staff", "integer", label="Staff", constraint=". >= 0"),
        Question("done", "acknowledge", label="Done"),
    )


def names(questions) -> list[str]:
    return [question.name for question in questions]


# -- walking --------------------------------------------------------------------------


def test_walks_forward_skipping_what_is_not_relevant_and_back():
    session = InterviewSession(walk_form())
    assert session.current.name == "intro"
    assert session.next().name == "approach"
    assert session.answer("approach", "agree").ok
    assert session.next().name == "staff"  # why_not is not relevant
    assert session.back().name == "approach"
    assert session.back().name == "intro"
    assert session.back().name == "intro"  # stays at the first
    session.go_to("staff")
    assert session.next().name == "done"
    assert session.next() is None
    assert session.at_end and session.current is None
    assert session.back().name == "done"
    assert not session.at_end


def test_answer_that_reveals_a_question_puts_it_on_the_path():
    session = InterviewSession(walk_form())
    session.go_to("approach")
    session.answer("approach", "disagree")
    assert session.next().name == "why_not"


def test_go_to_refuses_a_hidden_question():
    session = InterviewSession(walk_form())
    with pytest.raises(ValueError):
        session.go_to("why_not")


def test_changed_answer_hides_a_later_question_but_keeps_its_stored_value():
    questionnaire = form(
        Question("approach", "select_one", choice_list="agree"),
        Question("why_not", "text", relevant="${approach} = 'disagree'"),
        Question("why_length", "calculate", calculation="string-length(coalesce(${why_not}, ''))"),
    )
    session = InterviewSession(questionnaire)
    session.answer("approach", "disagree")
    session.answer("why_not", "Too slow")
    assert session.values()["why_not"] == "Too slow"
    assert session.calculations()["why_length"] == 8
    assert session.progress() == (2, 2)
    session.mark_stored()  # the caller committed both answers

    session.answer("approach", "agree")
    assert session.answers["why_not"] == "Too slow"
    assert "why_not" not in session.values()
    assert not session.is_relevant("why_not")
    assert session.progress() == (1, 1)
    assert names(q for q, _ in session.review()) == ["approach"]
    assert session.calculations()["why_length"] == 0
    assert session.updates() == {"approach": "agree", "why_length": 0}


def test_group_relevant_skips_the_whole_group():
    questionnaire = form(
        Question("trust", "select_one", choice_list="agree"),
        Question("a", "text", groups=("nhs",)),
        Question("b", "text", groups=("nhs", "inner")),
        Question("end", "text"),
        groups=(
            Group("nhs", "NHS", relevant="${trust} = 'agree'"),
            Group("inner", "Inner", parent="nhs"),
        ),
    )
    session = InterviewSession(questionnaire)
    session.answer("trust", "disagree")
    assert names(session.visible()) == ["trust", "end"]
    assert session.next().name == "end"
    assert not session.is_relevant("b")
    session.answer("trust", "agree")
    assert names(session.visible()) == ["trust", "a", "b", "end"]


def test_field_list_group_is_one_screen():
    questionnaire = form(
        Question("first", "text"),
        Question("x", "integer", groups=("page",)),
        Question("y", "integer", groups=("page",), relevant="${x} > 1"),
        Question("z", "text", groups=("page",)),
        Question("last", "text"),
        groups=(Group("page", "Page", appearance="field-list"),),
    )
    session = InterviewSession(questionnaire)
    assert names(session.screen()) == ["first"]
    session.next()
    assert names(session.screen()) == ["x", "z"]
    session.answer("x", "5")
    assert names(session.screen()) == ["x", "y", "z"]
    assert session.next().name == "last"
    assert session.back().name == "x"
    assert session.back().name == "first"


def test_sections_and_jumps():
    questionnaire = form(
        Question("intro", "note"),
        Question("a", "text", groups=("one",)),
        Question("b", "text", groups=("one",), required=True),
        Question("c", "text", groups=("two",)),
        groups=(Group("one", "Partnership"), Group("two", "Finance", relevant="${a} != ''")),
    )
    session = InterviewSession(questionnaire)
    sections = session.sections()
    assert [(s.name, s.label, s.visible) for s in sections] == [
        ("", "Member survey", True),
        ("one", "Partnership", True),
        ("two", "Finance", False),
    ]
    assert sections[1].total == 2 and sections[1].answered == 0
    assert sections[2].first_question is None
    assert session.jump_to_section("two") is None
    session.answer("a", "yes")
    assert session.jump_to_section("two").name == "c"
    assert session.sections()[1].answered == 1


# -- resuming ---------------------------------------------------------------------------


def test_resume_at_a_visible_position():
    session = InterviewSession(walk_form(), {"approach": "agree"}, position="staff")
    assert session.current.name == "staff"


def test_resume_at_first_unanswered_when_position_is_hidden_or_missing():
    answers = {"approach": "agree", "why_not": "kept"}
    session = InterviewSession(walk_form(), answers, position="why_not")
    assert session.current.name == "staff"
    assert InterviewSession(walk_form()).current.name == "intro"


def test_resume_of_a_finished_interview_is_at_the_end():
    answers = {"approach": "agree", "staff": 3, "done": "OK"}
    session = InterviewSession(walk_form(), answers)
    assert session.at_end and session.current is None
    assert session.back().name == "done"


# -- validation of each type --------------------------------------------------------------

TYPES = form(
    Question("t", "text"),
    Question("i", "integer"),
    Question("d", "decimal"),
    Question("r", "range", parameters=(("start", "1"), ("end", "5"))),
    Question("rs", "range", parameters=(("start", "0"), ("end", "1"), ("step", "0.25"))),
    Question("dt", "date"),
    Question("one", "select_one", choice_list="agree"),
    Question("many", "select_multiple", choice_list="priorities"),
    Question("rank", "rank", choice_list="priorities"),
    Question("ack", "acknowledge"),
    Question("n", "note"),
    Question("c", "calculate", calculation="1"),
)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("t", "  Hello  ", "Hello"),
        ("i", "42", 42),
        ("i", " -3 ", -3),
        ("i", "1,250", 1250),
        ("i", 7, 7),
        ("d", "2.5", 2.5),
        ("d", "10", 10.0),
        ("d", 3, 3.0),
        ("r", "3", 3),
        ("r", 5, 5),
        ("rs", "0.75", 0.75),
        ("dt", "2024-03-01", "2024-03-01"),
        ("dt", "1/3/2024", "2024-03-01"),
        ("dt", "01/03/2024", "2024-03-01"),
        ("dt", date(2024, 3, 1), "2024-03-01"),
        ("one", "neutral", "neutral"),
        ("many", ["data", "staff"], ["staff", "data"]),
        ("many", "data staff", ["staff", "data"]),
        ("rank", ["data", "staff", "money"], ["data", "staff", "money"]),
        ("dt", "March 2019", "2019-03-01"),  # an approximate date is the month's first day
        ("d", "15%", 15.0),
        ("ack", "OK", "OK"),
        ("ack", True, "OK"),
    ],
)
def test_good_input_becomes_the_canonical_value(name, raw, value):
    result = InterviewSession(TYPES).validate(name, raw)
    assert result.ok, result.message
    assert result.value == value
    assert type(result.value) is type(value)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("i", "4.5", "Enter a whole number"),
        ("i", "four", "Enter a whole number"),
        ("i", True, "Enter a whole number"),
        ("d", "1,5", "Enter a number"),
        ("d", "nan", "Enter a number"),
        ("r", "6", "Enter a number from 1 to 5"),
        ("r", "2.5", "Enter a number from 1 to 5"),
        ("rs", "0.3", "Enter a number from 0 to 1 in steps of 0.25"),
        ("dt", "2024-02-30", "not a real date"),
        ("dt", "next week", "Enter a date as YYYY-MM-DD, DD/MM/YYYY or a month and year"),
        ("one", "maybe", "Not one of the listed answers: maybe"),
        ("many", ["staff", "time"], "Not one of the listed answers: time"),
        ("rank", ["staff", "staff", "money", "data"], "ranked once; repeated: Staff"),
        ("rank", ["money", "staff"], "Rank every answer; not ranked yet: Data"),
        ("rank", ["staff", "time"], "Not one of the listed answers: time"),
        ("ack", "no", "Acknowledge with OK"),
        ("n", "x", "takes no answer"),
        ("c", "x", "takes no answer"),
    ],
)
def test_bad_input_is_refused_with_a_message(name, raw, message):
    result = InterviewSession(TYPES).validate(name, raw)
    assert not result.ok
    assert message in result.message


@pytest.mark.parametrize("empty", ["", "   ", None, []])
def test_empty_input_is_unanswered(empty):
    assert InterviewSession(TYPES).validate("many", empty).ok
    assert InterviewSession(TYPES).validate("many", empty).value is None


def test_required_only_while_relevant():
    questionnaire = form(
        Question("approach", "select_one", choice_list="agree"),
        Question(
            "why_not",
            "text",
            required=True,
            required_message="Say why",
            relevant="${approach} = 'disagree'",
        ),
        Question("name", "text", required=True),
    )
    session = InterviewSession(questionnaire)
    assert session.validate("name", "").message == "This question is required"
    assert session.validate("why_not", "").ok  # not relevant, so not required
    assert names(session.missing_required()) == ["name"]
    session.answer("approach", "disagree")
    assert session.validate("why_not", " ").message == "Say why"
    assert names(session.missing_required()) == ["why_not", "name"]
    assert not session.is_complete
    session.answer("why_not", "Cost")
    session.answer("name", "Ann")
    assert session.is_complete


def test_constraints_with_messages_and_other_answers():
    questionnaire = form(
        Question("total", "integer"),
        Question(
            "clinical",
            "integer",
            constraint=". <= ${total}",
            constraint_message="Cannot exceed the total",
        ),
        Question("code", "text", constraint="regex(., '^[A-Z]{3}$')"),
    )
    session = InterviewSession(questionnaire)
    session.answer("total", "10")
    assert session.validate("clinical", "11") == session.validate("clinical", 11)
    assert session.validate("clinical", "11").message == "Cannot exceed the total"
    assert session.answer("clinical", "9").ok
    assert session.validate("code", "ab").message == "This answer is not allowed here"
    assert session.validate("code", "RXA").ok
    # A later change makes an earlier answer break its constraint.
    session.answer("total", "5")
    assert [(q.name, m) for q, m in session.invalid_answers()] == [
        ("clinical", "Cannot exceed the total")
    ]
    assert not session.is_complete


def test_failed_answer_changes_nothing():
    session = InterviewSession(TYPES)
    session.answer("i", "3")
    result = session.answer("i", "three")
    assert not result.ok
    assert session.answers["i"] == 3
    assert session.updates() == {"i": 3, "c": 1}  # the first answer also stores the calculation


def test_clearing_an_answer():
    session = InterviewSession(TYPES, {"t": "x", "c": 1})
    assert session.answer("t", "").ok
    assert "t" not in session.answers
    assert session.updates() == {"t": None}


def test_defaults_prefill_but_are_not_answers():
    questionnaire = form(
        Question("n", "integer", default="3"),
        Question("when", "date", default="today()"),
        Question("many", "select_multiple", choice_list="priorities", default="data staff"),
        Question("none", "text"),
    )
    session = InterviewSession(questionnaire, today=date(2025, 1, 2))
    assert session.default_for("n") == 3
    assert session.default_for("when") == "2025-01-02"
    assert session.default_for("many") == ["staff", "data"]
    assert session.default_for("none") is None
    assert session.progress() == (0, 4)


# -- calculations -------------------------------------------------------------------------


def test_calculations_chain_in_dependency_order():
    questionnaire = form(
        # Declared before what it uses: order comes from references, not position.
        Question("share", "calculate", calculation="${clinical} div ${total}"),
        Question("total", "integer"),
        Question("clinical", "integer"),
        Question("clinical_calc", "calculate", calculation="coalesce(${clinical}, 0)"),
        Question("total_calc", "calculate", calculation="${clinical_calc} + 1"),
        Question("big", "text", relevant="${total_calc} > 5"),
    )
    session = InterviewSession(questionnaire)
    session.answer("total", "10")
    assert session.updates() == {"total": 10, "clinical_calc": 0, "total_calc": 1}
    session.answer("clinical", "8")
    assert session.calculations()["share"] == pytest.approx(0.8)
    assert session.calculations()["total_calc"] == 9
    assert session.is_relevant("big")
    assert session.updates()["total_calc"] == 9
    assert session.values()["clinical_calc"] == 8


def test_resume_persists_calculations_that_changed_since_they_were_stored():
    questionnaire = form(
        Question("x", "integer"),
        Question("double", "calculate", calculation="${x} * 2"),
    )
    session = InterviewSession(questionnaire, {"x": 2, "double": 99})
    assert session.calculations() == {"double": 4}
    session.answer("x", "3")
    assert session.updates() == {"x": 3, "double": 6}


def test_progress_excludes_notes_and_calculations():
    session = InterviewSession(walk_form())
    assert session.progress() == (0, 3)
    session.answer("approach", "disagree")
    assert session.progress() == (1, 4)
    session.answer("why_not", "Money")
    assert session.progress() == (2, 4)


def test_review_lists_effective_values():
    session = InterviewSession(walk_form(), {"approach": "agree", "why_not": "hidden", "staff": 4})
    assert [(q.name, v) for q, v in session.review()] == [
        ("approach", "agree"),
        ("staff", 4),
        ("done", None),
    ]


# -- relevant_questions agrees with the session ---------------------------------------------

LOGIC = form(
    Question("a", "select_one", choice_list="agree"),
    Question("b", "select_multiple", choice_list="priorities", relevant="${a} != 'disagree'"),
    Question("n", "integer", groups=("g",)),
    Question("m", "integer", groups=("g", "h"), relevant="${n} > 2"),
    Question("calc", "calculate", calculation="coalesce(${n}, 0) + coalesce(${m}, 0)"),
    Question("c", "text", relevant="${calc} > 5 or selected(${b}, 'data')"),
    Question("d", "text", groups=("k",)),
    groups=(
        Group("g", relevant="${a} = 'agree' or ${a} = 'neutral'"),
        Group("h", parent="g", relevant="count-selected(${b}) >= 1"),
        Group("k", relevant="${c} != ''"),
    ),
)

ANSWER_SETS = st.fixed_dictionaries(
    {},
    optional={
        "a": st.sampled_from(["agree", "neutral", "disagree"]),
        "b": st.lists(st.sampled_from(["staff", "money", "data"]), unique=True),
        "n": st.integers(-5, 10),
        "m": st.integers(-5, 10),
        "c": st.sampled_from(["", "text"]),
        "d": st.just("x"),
    },
)


def fixed_point_relevance(questionnaire: Questionnaire, answers) -> set[str]:
    """An independent, slow reading of the XLSForm rules: re-evaluate everything until stable."""
    values: dict = {}
    relevant: set[str] = set()
    for _ in range(len(questionnaire.questions) + 1):
        relevant = {
            q.name
            for q in questionnaire.questions
            if all(is_true(questionnaire.group(g).relevant, values) for g in q.groups)
            and is_true(q.relevant, values)
        }
        new_values = {}
        for q in questionnaire.questions:
            if q.name not in relevant:
                continue
            if q.type == "calculate":
                result = parse(q.calculation).evaluate(values)
                if result not in (None, "") and result == result:  # NaN is unanswered
                    new_values[q.name] = result
            elif answers.get(q.name) is not None:
                new_values[q.name] = answers[q.name]
        values = new_values
    return relevant


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS)
def test_relevant_questions_agrees_with_the_session(answers):
    session = InterviewSession(LOGIC, answers)
    expected = {q.name for q in LOGIC.questions if session.is_relevant(q.name)}
    assert relevant_questions(LOGIC, answers) == expected
    assert fixed_point_relevance(LOGIC, answers) == expected
    # Values never hold an answer of a question that is not relevant.
    assert set(session.values()) <= expected


def test_relevant_questions_by_hand():
    # Hidden n and m count as unanswered, so calc is 0 and c stays hidden.
    assert relevant_questions(LOGIC, {"a": "disagree", "n": 5, "m": 9}) == {"a", "calc"}
    shown = relevant_questions(LOGIC, {"a": "agree", "b": ["money"], "n": 3, "m": 4})
    assert shown == {"a", "b", "n", "m", "calc", "c"}
    answered_c = {"a": "agree", "b": ["money"], "n": 3, "m": 4, "c": "text"}
    assert relevant_questions(LOGIC, answered_c) == shown | {"d"}
    # The group h needs something selected in b.
    assert "m" not in relevant_questions(LOGIC, {"a": "agree", "b": [], "n": 3, "m": 4})


def test_a_reference_cycle_still_gives_an_answer():
    questionnaire = form(
        Question("a", "text", relevant="${b} = ''"),
        Question("b", "text", relevant="${a} = ''"),
    )
    # Broken in questionnaire order: a is seen first, with b still unanswered.
    assert relevant_questions(questionnaire, {"a": "x", "b": "y"}) == {"a"}


def test_a_broken_expression_is_never_taken_as_true_and_is_reported():
    questionnaire = form(
        Question("hidden_by_error", "text", "Q", relevant="${x} = = 1"),
        Question("calc", "calculate", calculation="no_such_function(1)"),
        Question("ruled", "integer", "R", constraint=". >"),
    )
    session = InterviewSession(questionnaire)
    assert not session.is_relevant("hidden_by_error")
    assert session.calculations() == {"calc": None}
    assert set(session.expression_errors()) == {"hidden_by_error", "calc"}
    result = session.answer("ruled", "4")
    assert not result.ok and "cannot be checked" in result.message


def test_expressions_failing_at_run_time_are_never_true_and_are_reported(caplog):
    """A pattern typed at run time that is not a valid regex makes regex() fail."""
    questionnaire = form(
        Question("pattern", "text", "Pattern"),
        Question("shown", "text", "Shown?", relevant="regex('abc', ${pattern})"),
        Question("calc", "calculate", calculation="if(regex('x', ${pattern}), 1, 2)"),
        Question("code", "text", "Code", constraint="regex(., ${pattern})"),
    )
    session = InterviewSession(questionnaire)
    assert session.answer("pattern", "[").ok
    assert not session.is_relevant("shown")  # it used to count as true
    assert session.calculations()["calc"] is None
    errors = session.expression_errors()
    assert errors["shown"].startswith("relevant: invalid regular expression")
    assert errors["calc"].startswith("calculation: invalid regular expression")
    result = session.validate("code", "abc")
    assert not result.ok and "cannot be checked" in result.message  # it used to count as met
    assert "expression failed for shown" in caplog.text
    assert session.answer("pattern", "a").ok
    assert session.is_relevant("shown") and not session.expression_errors()
    assert session.calculations()["calc"] == 2
    assert session.validate("code", "abc").ok


def test_results_are_remembered_only_for_the_same_referenced_values():
    questionnaire = form(
        Question("n", "integer"),
        Question("when", "calculate", calculation="if(${n} > 1, 'many', 'few')"),
        Question("picked", "select_multiple", choice_list="priorities"),
        Question("more", "text", relevant="count-selected(${picked}) > 1"),
    )
    for _ in range(2):  # the second round answers from the remembered outcomes
        assert InterviewSession(questionnaire, {"n": 2}).calculations() == {"when": "many"}
        assert InterviewSession(questionnaire, {"n": 1}).calculations() == {"when": "few"}
        assert "more" in relevant_questions(questionnaire, {"picked": ["staff", "data"]})
        assert "more" not in relevant_questions(questionnaire, {"picked": ["staff"]})
        assert "more" in relevant_questions(questionnaire, {"picked": "staff data"})


@st.composite
def acyclic_forms(draw):
    """Small forms whose relevant/calculation references follow a random (acyclic) order,
    so a question may depend on one that comes later on the page."""
    count = draw(st.integers(2, 7))
    order = draw(st.permutations(range(count)))  # order[k] may depend on order[:k]
    rank = {index: k for k, index in enumerate(order)}
    grouped = draw(st.sets(st.integers(0, count - 1), max_size=3))
    # The group's own condition may only refer to a question ordered before all it holds.
    first_inside = min((rank[i] for i in grouped), default=count)
    group_refs = [i for i in range(count) if rank[i] < first_inside]
    group_ref = draw(st.sampled_from(group_refs)) if group_refs else None
    questions = []
    for index in range(count):
        earlier = [i for i in range(count) if rank[i] < rank[index]]
        relevant = ""
        if earlier and draw(st.booleans()):
            relevant = (
                f"coalesce(${{q{draw(st.sampled_from(earlier))}}}, 0) > {draw(st.integers(0, 3))}"
            )
        if earlier and draw(st.booleans()):
            calculation = f"coalesce(${{q{draw(st.sampled_from(earlier))}}}, 0) + 1"
            questions.append(
                Question(f"q{index}", "calculate", calculation=calculation, relevant=relevant)
            )
        else:
            questions.append(
                Question(
                    f"q{index}",
                    "integer",
                    relevant=relevant,
                    groups=("g",) if index in grouped else (),
                )
            )
    groups = ()
    if any(q.groups for q in questions):
        relevant = f"coalesce(${{q{group_ref}}}, 0) != 2" if group_ref is not None else ""
        groups = (Group("g", relevant=relevant),)
    return form(*questions, groups=groups)


@settings(max_examples=150, deadline=None)
@given(
    acyclic_forms(),
    st.dictionaries(st.sampled_from([f"q{i}" for i in range(7)]), st.integers(0, 4)),
)
def test_relevance_matches_the_fixed_point_on_random_forms(questionnaire, answers):
    assert relevant_questions(questionnaire, answers) == fixed_point_relevance(
        questionnaire, answers
    )


def test_a_whole_number_calculation_is_stored_as_a_whole_number():
    from engagement_tui.interview.relevance import calculation_value

    assert calculation_value(2.0) == 2 and isinstance(calculation_value(2.0), int)
    assert calculation_value(0.8) == 0.8
    assert calculation_value(float("nan")) is None and calculation_value("") is None
