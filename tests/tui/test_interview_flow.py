"""Pilot tests: whole interviews driven by key presses, checked against what the database holds."""

from __future__ import annotations

import json

from textual import events
from textual.widgets import Static

from engagement_tui.store import Store
from engagement_tui.tui.screens.erase import WithdrawnDialog
from engagement_tui.tui.screens.home import HomeScreen
from engagement_tui.tui.screens.interview import InterviewScreen
from engagement_tui.tui.screens.review import ReviewScreen
from engagement_tui.tui.screens.start import StartScreen
from tests.tui.conftest import make_app, new_interview

SIZE = (100, 32)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def current_questions(app) -> list[str]:
    return [view.question.name for view in app.screen.views]


async def test_whole_interview_from_start_screen_to_complete(seeded: Store, db_path):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, StartScreen)
        # One questionnaire: it is preselected and the organisation search has focus.
        await pilot.press(*"West", "enter")  # search; Enter takes the top match
        await pilot.press(*"Jane", "enter", *"CEO", "enter", *"Sam", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        uuid = app.screen.uuid
        assert current_questions(app) == ["role_type"]

        await pilot.press("4")  # Other: shows the follow-up question (skip logic)
        assert current_questions(app) == ["role_other"]
        assert text_of(app, "#saved") == "Saved 14:02:31"
        await pilot.press(*"Hd", "enter")

        await pilot.press(*"75", "enter")  # fails the constraint: stays, says why
        assert current_questions(app) == ["years"]
        assert "60 or fewer" in text_of(app, ".question-below")
        assert "years" not in seeded.interviews.answers(uuid)
        assert seeded.interviews.drafts(uuid)["years"] == "75"
        await pilot.press("backspace", "backspace", "9", "enter")  # corrected

        assert current_questions(app) == ["right_approach"]
        assert "example from the last year" in text_of(app, "#probe-text")
        await pilot.press("4")  # Disagree: shows "why not"
        assert current_questions(app) == ["why_not"]
        await pilot.press(*"No", "enter", *"ok")  # Enter makes a new line in long text
        await pilot.press("ctrl+n")
        await pilot.press(*"Slow", "ctrl+s")  # a verbatim quote against this question
        await pilot.press("ctrl+s")

        assert current_questions(app) == ["priorities"]
        await pilot.press("space", "down", "space", "enter")
        await pilot.press("down", "ctrl+up", "enter")  # Finance moves to the top
        await pilot.press("7", "enter")  # confidence
        await pilot.press("enter", "enter")  # budget and date left empty
        assert current_questions(app) == ["thanks"]
        await pilot.press("enter", "enter")  # the note, then acknowledge
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)

        # Change an answer from the review so that "why not" is no longer asked.
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, InterviewScreen)
        assert current_questions(app) == ["right_approach"]
        await pilot.press("2")  # Agree
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        shown = [option.id for option in app.screen.query_one("#review-list").options]
        assert "why_not" not in shown

        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    seeded.close()
    reopened = Store.open(db_path)
    interview = reopened.interviews.get(uuid)
    assert interview.status == "complete"
    assert (interview.organisation, interview.respondent, interview.role) == (
        "Westmoor ICB",
        "Jane",
        "CEO",
    )
    answers = reopened.interviews.answers(uuid)
    assert answers["role_type"] == "other"
    assert answers["role_other"] == "Hd"
    assert answers["years"] == 9
    assert answers["right_approach"] == "agree"
    assert answers["priorities"] == ["workforce", "finance"]
    assert answers["ranking"] == ["finance", "workforce", "waiting", "estates"]
    assert answers["confidence"] == 7
    assert answers["ack"] == "OK"
    assert "budget" not in answers
    # The hidden answer is kept (XLSForm: irrelevant answers are ignored, not destroyed).
    assert answers["why_not"] == "No\nok"
    changes = [
        (row["old_value"], row["new_value"])
        for row in reopened.interviews.history(uuid)
        if row["question"] == "right_approach"
    ]
    assert changes == [
        (None, json.dumps("disagree")),
        (json.dumps("disagree"), json.dumps("agree")),
    ]
    notes = reopened.interviews.notes(uuid)
    assert [(n.question, n.kind, n.text) for n in notes] == [("why_not", "quote", "Slow")]
    assert reopened.interviews.drafts(uuid) in ({}, {"note:why_not": ""})
    assert reopened.db.scalar("SELECT lock_owner FROM interviews WHERE uuid = ?", (uuid,)) is None
    assert reopened.db.integrity_check() == "ok"
    reopened.close()


async def test_going_back_and_changing_an_answer_skips_the_follow_up(seeded: Store):
    uuid = new_interview(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("4", *"Hd", "enter")
        assert current_questions(app) == ["years"]
        await pilot.press("ctrl+b", "ctrl+b")
        assert current_questions(app) == ["role_type"]
        await pilot.press("1")  # Chief executive: "which role" is no longer asked
        assert current_questions(app) == ["years"]
        review = [question.name for question, _ in app.screen.session.review()]
        assert "role_other" not in review
    answers = seeded.interviews.answers(uuid)
    assert answers["role_type"] == "ceo"
    assert seeded.interviews.get(uuid).position == "years"


async def test_typed_text_survives_as_a_draft_and_resume_lands_where_it_stopped(
    seeded: Store,
):
    uuid = new_interview(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("1", *"12")  # answered role, typed years, never pressed Enter
    assert seeded.interviews.drafts(uuid) == {"years": "12"}

    again = make_app(seeded)
    async with again.run_test(size=SIZE) as pilot:
        drafts = again.screen.query_one("#drafts")
        assert drafts.get_option_at_index(0).id == uuid  # offered for resume
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, InterviewScreen)
        assert current_questions(again) == ["years"]
        assert again.focused.value == "12"
        await pilot.press("enter")
    assert seeded.interviews.answers(uuid)["years"] == 12
    assert seeded.interviews.drafts(uuid) == {}


async def test_an_interview_open_elsewhere_is_not_opened_for_editing(seeded: Store):
    uuid = new_interview(seeded)
    seeded.interviews.acquire_lock(uuid, owner="laptop-7:4242")
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # resume the draft
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [notification.message for notification in app._notifications]
        assert any("open in another engage (laptop-7:4242)" in m for m in messages)
    assert seeded.db.scalar("SELECT lock_owner FROM interviews") == "laptop-7:4242"


async def test_withdraw_from_the_review_screen(seeded: Store):
    uuid = new_interview(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+e")  # required answers missing: refused
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+w", "y")
        await pilot.pause()
        assert isinstance(app.screen, WithdrawnDialog)  # erasure is offered next
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.interviews.get(uuid).status == "withdrawn"


async def test_section_picker_jumps_and_palette_starts_an_interview(seeded: Store):
    uuid = new_interview(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("ctrl+g", "down", "down", "enter")
        assert current_questions(app) == ["thanks"]
        assert seeded.interviews.get(uuid).position == "thanks"
        await pilot.press("ctrl+p", *"new int", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    # Leaving the interview released its lock.
    assert seeded.db.scalar("SELECT lock_owner FROM interviews") is None


async def test_empty_database_says_what_to_do(store: Store):
    app = make_app(store)
    async with app.run_test(size=SIZE):
        welcome = text_of(app, "#welcome")
        assert "Press d to fill it with a realistic demo programme" in welcome
        # The commands are spelt for this shell: `engage` or the venv's path, with --db.
        assert f"engage --db {store.path} questionnaire import FILE" in welcome
        assert f"engage --db {store.path} org import FILE.csv" in welcome


async def test_d_on_the_welcome_fills_the_demo_programme(store: Store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert not app.screen.query("#welcome")
        assert store.counts()["complete"] >= 100
        assert {form.form_id for form in store.forms.list()} >= {"member_survey"}
        await pilot.press("d")  # no longer empty: d does nothing
        await pilot.pause()
    assert store.counts()["complete"] == Store.open(store.path).counts()["complete"]


def _key(name: str) -> events.Key:
    character = name if len(name) == 1 else {"enter": "\r", "space": " "}.get(name)
    return events.Key(name, character)


async def test_keys_typed_ahead_of_the_screen_all_land_on_the_right_question(seeded: Store):
    """A fast typist (or a paste of keystrokes) must not lose a key between questions."""
    uuid = new_interview(seeded)
    app = make_app(seeded)
    keys = [
        "4", "H", "d", "enter",  # role: Other, then which role
        "3", "0", "enter",  # years
        "4", "N", "o", "t", "ctrl+s",  # disagree, then why (long text, ctrl+s)
        "space", "down", "space", "enter",  # priorities
        "down", "ctrl+up", "enter",  # ranking
        "8", "enter", "2", ".", "5", "enter",  # confidence, budget
    ]  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        for name in keys:  # all queued before the app has handled any of them
            app.post_message(_key(name))
        await pilot.pause(1.0)
        assert current_questions(app) == ["next_review"]
    assert seeded.interviews.answers(uuid) == {
        "role_type": "other",
        "role_other": "Hd",
        "years": 30,
        "right_approach": "disagree",
        "why_not": "Not",
        "priorities": ["workforce", "finance"],
        "ranking": ["finance", "workforce", "waiting", "estates"],
        "confidence": 8,
        "budget": 2.5,
    }
    assert seeded.interviews.drafts(uuid) == {}


async def test_start_form_opens_the_start_screen_with_that_questionnaire(seeded: Store):
    app = make_app(seeded, start_form="leaders")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#form").value == "leaders"
        assert app.focused.id == "organisation"
        await pilot.press(*"Zed", "enter")  # not in the register: asks for its type
        await pilot.press(*"PCN", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    added = seeded.register.find("Zed")
    assert added is not None and added.type == "PCN"
    (interview,) = seeded.interviews.list()
    assert (interview.organisation, interview.attribution, interview.mode) == (
        "Zed",
        "anonymous",
        "in person",
    )


async def test_a_completed_interview_opens_on_its_review_and_can_be_corrected(seeded: Store):
    uuid = new_interview(seeded)
    seeded.interviews.save_answers(uuid, {"role_type": "ceo", "years": 3})
    seeded.interviews.set_status(uuid, "complete")
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#completed").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("down", "enter", "ctrl+u", "4", "enter")  # years: 3 becomes 4
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert seeded.interviews.answers(uuid)["years"] == 4
    assert seeded.interviews.get(uuid).status == "complete"
    assert [row["new_value"] for row in seeded.interviews.history(uuid)][-1] == "4"


async def test_a_field_list_group_is_answered_field_by_field_on_one_screen(store: Store):
    from engagement_tui.interview.questionnaire import Group, Question, Questionnaire

    form = Questionnaire(
        "contact",
        "Contact details",
        questions=(
            Question("name", "text", "Name", required=True, groups=("details",)),
            Question("phone", "text", "Phone", groups=("details",)),
            Question("staff", "integer", "Staff", groups=("size",)),
        ),
        groups=(Group("details", "Details", appearance="field-list"), Group("size", "Size")),
    )
    store.forms.save(form)
    org = store.register.add("Westmoor ICB")
    uuid = store.interviews.create("contact", organisation_id=org.id).uuid
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert current_questions(app) == ["name", "phone"]
        await pilot.press("enter")  # the name is required: stays on it
        assert "required" in text_of(app, ".question-below")
        await pilot.press(*"Ann", "enter")  # saved; the cursor moves to the phone field
        assert store.interviews.answers(uuid) == {"name": "Ann"}
        assert app.focused.question.name == "phone"
        await pilot.press(*"01", "enter")
        assert current_questions(app) == ["staff"]
    assert store.interviews.answers(uuid) == {"name": "Ann", "phone": "01"}
    assert store.interviews.get(uuid).position == "staff"
