"""Repeats in small XLSForms written for these tests: loading, instances asked and stored one
per key (`member[2]/age`), expressions in an instance, nested repeats and loops, through the
session and the one answer path into a real store."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagement_tui.interview.repeats import split_key
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import check, load
from engagement_tui.recording import AnswerPath

OPEN_ENDED = """\
| | type | name | label | relevant | calculation | constraint |
| | text | household | Household name | | | |
| | begin repeat | member | Household member | | | |
| | text | name | Name | | | |
| | integer | age | Age of ${name} | | | |
| | select_one yn | works | Does ${name} work? | ${age} >= 16 | | |
| | calculate | number | | | position(..) | |
| | end repeat | | | | | |
| | calculate | members | | | count(${member}) | |
| | calculate | total_age | | | sum(${age}) | |
| | calculate | second | | | indexed-repeat(${name}, ${member}, 2) | |
| | text | last | Anything else? | | | |
"""

COUNTED = """\
| | type | name | label | repeat_count | relevant | constraint |
| | integer | n | How many visits? | | | |
| | begin repeat | visit | Visit | ${n} | | |
| | integer | cost | Cost | | | . > 0 |
| | text | why | Why so dear? | | ../cost > 100 | |
| | end repeat | | | | | |
"""

YES_NO = """\
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
"""


def md(tmp_path: Path, survey: str, choices: str = YES_NO, name: str = "form") -> Path:
    path = tmp_path / f"{name}.md"
    path.write_text("| survey |\n" + survey + "| choices |\n" + choices, encoding="utf-8")
    return path


def test_a_repeat_loads_as_a_repeat_group_with_its_count(tmp_path):
    q = load(md(tmp_path, COUNTED))
    visit = q.group("visit")
    assert (visit.repeat, visit.repeat_count) == (True, "${n}")
    assert q.repeats_of(q.question("cost")) == ("visit",)
    assert q.repeats_of(q.question("n")) == ()
    assert q.to_dict()["groups"][0]["repeat_count"] == "${n}"
    # a plain group leaves the new fields out, so forms stored before keep their content hash
    plain = load(md(tmp_path, COUNTED.replace("repeat", "group").replace("${n}", ""), name="g"))
    assert {"repeat", "repeat_count"} & plain.to_dict()["groups"][0].keys() == set()


def test_a_bad_repeat_count_is_refused_at_its_row(tmp_path):
    path = md(tmp_path, COUNTED.replace("| ${n} |", "| ${nothing} |"))
    assert [str(p).removeprefix(f"{path}:") for p in check(path)] == [
        "survey:3: repeat_count: ${nothing} refers to no question"
    ]


def test_open_ended_repeat_asks_before_each_instance_and_stores_one_answer_per_instance(
    tmp_path, store
):
    q = load(md(tmp_path, OPEN_ENDED))
    store.forms.save(q)
    interview = store.interviews.create(q.form_id)
    session = InterviewSession(q)
    path = AnswerPath(store, interview.uuid, session)
    assert path.record({"household": "Smith"}).ok
    session.next()
    ask = session.current
    assert (ask.name, ask.label, ask.required) == (
        "member[1]/@add",
        "Add a Household member?",
        True,
    )
    # no silent default: the question must be answered
    assert ask in session.missing_required()
    people = [("Ann", "40", "yes"), ("Bob", "12", None), ("Cy", "30", "no")]
    for index, (name, age, works) in enumerate(people, 1):
        assert session.current.name == f"member[{index}]/@add"
        assert path.record({session.current.name: "yes"}).ok
        session.next()
        assert session.current.name == f"member[{index}]/name"
        assert session.instance_caption(session.current) == f"Household member {index} of {index}"
        assert path.record({f"member[{index}]/name": name}).ok
        session.next()
        assert session.current.label == f"Age of ${{member[{index}]/name}}"
        assert session.shown(session.current).label == f"Age of {name}"  # as ODK shows it
        assert path.record({f"member[{index}]/age": age}).ok
        session.next()
        if works is None:  # relevance in the instance's own context: Bob is 12
            assert not session.is_relevant(f"member[{index}]/works")
            continue
        assert session.current.name == f"member[{index}]/works"
        assert path.record({f"member[{index}]/works": works}).ok
        session.next()
    assert session.current.label == "Add another Household member?"
    assert path.record({"member[4]/@add": "no"}).ok
    session.next()
    assert session.current.name == "last"
    stored = store.interviews.answers(interview.uuid)
    assert stored["member[2]/name"] == "Bob" and stored["member[3]/age"] == 30
    assert "member[2]/works" not in stored
    assert [stored[f"member[{i}]/number"] for i in (1, 2, 3)] == [1, 2, 3]  # position(..)
    assert (stored["members"], stored["total_age"], stored["second"]) == (3, 82, "Bob")
    # resuming from the store gives the same instances
    again = InterviewSession(q, stored, position="last")
    assert again.current.name == "last"
    assert again.instance_caption(again.questionnaire.question("member[2]/age")) == (
        "Household member 2 of 3"
    )
    # giving an instance up (no more members after the first) clears its answers
    assert path.record({"member[2]/@add": "no"}).ok
    stored = store.interviews.answers(interview.uuid)
    gone = [key for key in stored if key.startswith(("member[2]", "member[3]", "member[4]"))]
    assert gone == ["member[2]/@add"] and stored["member[2]/@add"] == "no"
    assert (stored["members"], stored["total_age"]) == (1, 40)


def test_repeat_count_and_relative_paths_in_an_instance(tmp_path):
    q = load(md(tmp_path, COUNTED))
    session = InterviewSession(q)
    assert session.give({"n": "2"})["n"].ok
    names = [question.name for question in session.visible()]
    assert names == ["n", "visit[1]/cost", "visit[2]/cost"]
    assert session.give({"visit[1]/cost": "150", "visit[2]/cost": "20"})["visit[1]/cost"].ok
    assert session.is_relevant("visit[1]/why") and not session.is_relevant("visit[2]/why")
    refused = session.give({"visit[2]/cost": "0"})["visit[2]/cost"]
    assert not refused.ok  # the constraint `. > 0` in the instance
    session.give({"n": "1"})
    assert "visit[2]/cost" not in session.answers
    assert session.updates()["visit[2]/cost"] is None


def test_a_repeat_with_no_instances_sums_counts_and_joins_as_an_empty_node_set(tmp_path):
    survey = """\
| | type | name | label | repeat_count | calculation |
| | integer | n | How many visits? | | |
| | begin repeat | visit | Visit | ${n} | |
| | integer | cost | Cost | | |
| | end repeat | | | | |
| | calculate | total | | | sum(${cost}) |
| | calculate | given | | | count-non-empty(${cost}) |
| | calculate | listed | | | join(' ', ${cost}) |
"""
    session = InterviewSession(load(md(tmp_path, survey)))
    assert session.give({"n": "0"})["n"].ok
    calculations = session.calculations()
    assert (calculations["total"], calculations["given"]) == (0, 0)
    assert calculations["listed"] in ("", None)
    assert session.expression_errors() == {}  # join(' ') of nothing is "", not an error
    session.give({"n": "2"})
    session.give({"visit[1]/cost": "5", "visit[2]/cost": "7"})
    calculations = session.calculations()
    assert (calculations["total"], calculations["given"], calculations["listed"]) == (12, 2, "5 7")


def test_nested_repeats_keys_and_captions(tmp_path):
    survey = """\
| | type | name | label | calculation |
| | begin repeat | woman | Woman | |
| | text | wname | Name | |
| | begin repeat | child | Child | |
| | text | cname | Child's name | |
| | calculate | mother | | ${wname} |
| | end repeat | |
| | calculate | children | | count(${child}) |
| | end repeat | | | |
"""
    q = load(md(tmp_path, survey))
    session = InterviewSession(q)
    answers = {
        "woman[1]/@add": "yes",
        "woman[1]/wname": "Ada",
        "woman[1]/child[1]/@add": "yes",
        "woman[1]/child[1]/cname": "Bo",
        "woman[1]/child[2]/@add": "yes",
        "woman[1]/child[2]/cname": "Cid",
        "woman[1]/child[3]/@add": "no",
        "woman[2]/@add": "yes",
        "woman[2]/wname": "Eve",
        "woman[2]/child[1]/@add": "no",
        "woman[3]/@add": "no",
    }
    session = InterviewSession(q, answers)
    calculations = session.calculations()
    assert calculations["woman[1]/child[2]/mother"] == "Ada"
    assert (calculations["woman[1]/children"], calculations["woman[2]/children"]) == (2, 0)
    cid = session.questionnaire.question("woman[1]/child[2]/cname")
    assert session.instance_caption(cid) == "Woman 1 of 2 › Child 2 of 2"
    assert split_key("woman[1]/child[2]/cname") == ((("woman", 1), ("child", 2)), "cname")
    assert session.is_complete


def test_a_loop_asks_its_questions_once_per_choice(tmp_path):
    survey = """\
| | type | name | label |
| | begin loop over kinds | rooms | Rooms |
| | integer | count | How many %(label)s rooms? |
| | end loop | | |
"""
    choices = "| | list_name | name | label |\n| | kinds | bed | bed |\n| | kinds | bath | bath |\n"
    q = load(md(tmp_path, survey, choices))
    assert [(x.name, x.label) for x in q.questions] == [
        ("rooms.bed.count", "How many bed rooms?"),
        ("rooms.bath.count", "How many bath rooms?"),
    ]
    assert not q.has_repeats


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(visits=st.integers(min_value=0, max_value=12), cost=st.integers(1, 1000))
def test_repeat_count_n_gives_n_stored_instances(tmp_path, store, visits, cost):
    q = load(md(tmp_path, COUNTED, name=f"form{visits}_{cost}"))
    store.forms.save(q)
    interview = store.interviews.create(q.form_id)
    session = InterviewSession(q)
    path = AnswerPath(store, interview.uuid, session)
    assert path.record({"n": str(visits)}).ok
    while session.next() is not None:
        for question in session.screen():
            if question.answerable and question.name.endswith("/cost"):
                assert path.record({question.name: str(cost)}).ok
    stored = store.interviews.answers(interview.uuid)
    assert sorted(key for key in stored if key.endswith("/cost")) == sorted(
        f"visit[{i}]/cost" for i in range(1, visits + 1)
    )
    assert session.is_complete


def test_the_form_s_own_plan_leaves_repeats_to_the_session(tmp_path):
    """Findings and revision checks evaluate the form as defined: a question outside the
    repeat that reads one inside does not break it, and nothing inside is evaluated."""
    from engagement_tui.interview.relevance import relevant_questions

    q = load(md(tmp_path, OPEN_ENDED))
    relevant = relevant_questions(q, {"household": "H"})
    assert {"household", "members", "total_age", "last"} <= relevant
    assert not relevant & {"name", "age", "works", "number"}


def test_plain_mode_asks_each_instance_and_shows_which(tmp_path, store, monkeypatch, capsys):
    from engagement_tui.plain.interview import run_plain
    from tests.test_prompts import NEW_INTERVIEW, ScriptedPrompts

    q = load(md(tmp_path, OPEN_ENDED))
    store.forms.save(q)
    store.register.add("Leeds Teaching Hospitals", type="NHS trust")
    prompts = ScriptedPrompts(
        [
            *NEW_INTERVIEW,
            ("Household name", "Smith"),
            ("Add a Household member?", "yes"),
            ("Name", "Ann"),
            ("Age of Ann", "40"),
            ("Does Ann work?", "yes"),
            ("Add another Household member?", "yes"),
            ("Name", "Bo"),
            ("Age of Bo", "9"),
            ("Add another Household member?", "no"),
            ("Anything else?", "No"),
            ("Mark this interview complete", True),
        ]
    )
    prompts.install(monkeypatch)
    run_plain(store, q.form_id)
    assert not prompts.script
    [interview] = store.interviews.list(form_id=q.form_id)
    answers = store.interviews.answers(interview.uuid)
    assert (answers["member[1]/works"], answers["member[2]/age"]) == ("yes", 9)
    assert "member[2]/works" not in answers and answers["members"] == 2
    printed = capsys.readouterr().out
    assert "[Household member 2 of 2 - " in printed


def test_choice_names_and_first_instance_references_inside_and_outside(tmp_path):
    survey = """\
| | type | name | label | calculation |
| | begin repeat | pet | Pet | |
| | select_one yn | tame | Tame? | |
| | calculate | said | | jr:choice-name(${tame}, '${tame}') |
| | end repeat | | | |
| | calculate | first | | ${tame} |
| | calculate | all | | join(',', ${tame}) |
"""
    q = load(md(tmp_path, survey))
    answers = {
        "pet[1]/@add": "yes",
        "pet[1]/tame": "no",
        "pet[2]/@add": "yes",
        "pet[2]/tame": "yes",
        "pet[3]/@add": "no",
    }
    session = InterviewSession(q, answers)
    calculations = session.calculations()
    assert (calculations["pet[1]/said"], calculations["pet[2]/said"]) == ("No", "Yes")
    assert (calculations["first"], calculations["all"]) == ("no", "no,yes")
    assert not session.expression_errors()


def test_a_repeat_that_does_not_apply_is_not_offered(tmp_path):
    survey = """\
| | type | name | label | relevant |
| | select_one yn | has_pets | Any pets? | |
| | begin repeat | pet | Pet | ${has_pets} = 'yes' |
| | text | kind | Kind | |
| | end repeat | | | |
"""
    q = load(md(tmp_path, survey))
    session = InterviewSession(q)
    assert session.give({"has_pets": "no"})["has_pets"].ok
    assert [question.name for question in session.visible()] == ["has_pets"]
    assert session.is_complete  # the required "Add a pet?" is not asked
    session.give({"has_pets": "yes"})
    assert [question.name for question in session.visible()] == ["has_pets", "pet[1]/@add"]
