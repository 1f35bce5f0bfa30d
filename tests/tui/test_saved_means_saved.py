"""An answer shown as saved is saved: the issue-10 faults, each checked against the SQLite file.

Pilot drives the app on the shipped member survey; every check reads the store (a real
file, reopened) rather than the screen.
"""

from __future__ import annotations

from pathlib import Path

from engagement_tui.loaders import load
from engagement_tui.store import Store
from engagement_tui.tui.screens.details import DetailsDialog
from engagement_tui.tui.screens.review import ReviewScreen
from tests.tui.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
SIZE = (100, 36)


def member_survey(store: Store, **fields) -> str:
    store.forms.save(load(ROOT / "questionnaires" / "member-survey.yaml"))
    return store.interviews.create("member_survey", **fields).uuid


CALCULATIONS = ("barrier_count", "supportive_and_progressing")


def stored(db_path: Path, uuid: str) -> dict:
    """The answers in the file (calculations, stored with every commit, left out)."""
    with Store.open(db_path) as reopened:
        answers = reopened.interviews.answers(uuid)
    return {name: value for name, value in answers.items() if name not in CALCULATIONS}


async def test_every_question_of_a_field_list_screen_is_stored(store: Store, db_path):
    """The "About you" screen: organisation type (Other), the description, the role."""
    uuid = member_survey(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("enter")  # the introduction
        assert [v.question.name for v in app.screen.views] == ["org_type", "job_role"]
        await pilot.press("end", "enter")  # Other: the description appears, focused
        await pilot.pause()
        assert app.screen.focused.question.name == "org_type_other"
        await pilot.press(*"Hospice", "tab")
        await pilot.press("2")  # Chair: the last field, so the screen is saved
        await pilot.pause()
        assert app.screen.session.current.name == "system_status"
    assert stored(db_path, uuid) == {
        "org_type": "other",
        "org_type_other": "Hospice",
        "job_role": "chair",
    }


async def test_ctrl_s_saves_every_field_and_shows_a_revealed_follow_up(store: Store, db_path):
    uuid = member_survey(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("end")  # Other highlighted, not submitted
        app.screen.set_focus(app.screen._view("job_role").answer_input_widget)
        await pilot.press("down", "ctrl+s")  # both given at once: the follow-up appears
        await pilot.pause()
        assert [v.question.name for v in app.screen.views] == [
            "org_type",
            "org_type_other",
            "job_role",
        ]
        assert app.screen.focused.question.name == "org_type_other"
        assert stored(db_path, uuid) == {"org_type": "other", "job_role": "chief_executive"}
        await pilot.press(*"Hospice", "ctrl+s")
        await pilot.pause()
        assert app.screen.session.current.name == "system_status"
    assert stored(db_path, uuid)["org_type_other"] == "Hospice"


async def test_an_untouched_choice_is_no_answer_and_required_refuses(store: Store, db_path):
    uuid = member_survey(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("enter", "enter")  # past the introduction; Enter on org_type
        await pilot.pause()
        assert app.screen.session.current.name == "org_type"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "required" in str(app.screen._view("org_type").query_one(".question-below").content)
        assert app.screen.session.current.name == "org_type"
    assert stored(db_path, uuid) == {}


async def test_a_rank_is_an_answer_once_ordered_or_confirmed(store: Store, db_path):
    uuid = member_survey(store)
    store.interviews.save_answers(uuid, {"difference": ["pooled_budgets"]}, position="priorities")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert app.screen.session.current.name == "priorities"
        await pilot.press("enter")  # the starting order is not an answer
        await pilot.pause()
        assert app.screen.session.current.name == "priorities"
        assert "priorities" not in stored(db_path, uuid)
        await pilot.press("c", "enter")  # confirmed as it stands
        await pilot.pause()
        assert app.screen.session.current.name == "biggest_difference"
    assert stored(db_path, uuid)["priorities"] == [
        "elective_recovery",
        "health_inequalities",
        "workforce",
        "financial_balance",
        "place_integration",
    ]


async def test_a_restored_draft_is_continued_at_its_end(store: Store, db_path):
    uuid = member_survey(store)
    store.interviews.save_answers(uuid, {}, position="biggest_difference")
    store.interviews.save_draft(uuid, "biggest_difference", "Share the problem.")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press(*" It works", "ctrl+s")
        await pilot.pause()
    assert stored(db_path, uuid)["biggest_difference"] == "Share the problem. It works"


async def test_details_change_from_the_review_into_the_history(store: Store, db_path):
    uuid = member_survey(store, respondent="Ann", role="Chair", consent_basis="consent")
    store.interviews.set_status(uuid, "complete")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid, review=True)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        summary = str(app.screen.query_one("#review-summary").content)
        assert "Ready to complete" not in summary
        assert "This interview is complete" in summary
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DetailsDialog)
        app.screen.query_one("#attribution").query("RadioButton")[0].value = True  # Named
        app.screen.query_one("#consent").query("RadioButton")[2].value = True  # Public task
        await pilot.press("end", *" Smith", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "quotes: Named" in str(app.screen.query_one("#review-summary").content)
    with Store.open(db_path) as reopened:
        interview = reopened.interviews.get(uuid)
        assert (interview.respondent, interview.consent_basis, interview.attribution) == (
            "Ann Smith",
            "public task",
            "named",
        )
        changes = {row["question"]: row["new_value"] for row in reopened.interviews.history(uuid)}
        assert changes == {
            "detail:respondent": '"Ann Smith"',
            "detail:consent_basis": '"public task"',
            "detail:attribution": '"named"',
        }
