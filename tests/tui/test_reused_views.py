"""The interview screen shows most questions in the widgets of the one before: it must look
exactly as newly built widgets would (marks, highlight, outline counts)."""

from __future__ import annotations

from textual.widgets import Static

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store
from engagement_tui.tui.widgets.inputs import ChoiceInput
from engagement_tui.tui.widgets.outline import SectionOutline, outline_content
from tests.tui.conftest import make_app

SIZE = (100, 30)
SCALE = ChoiceList("scale", tuple(Choice(f"c{n}", f"Option {n}") for n in range(1, 6)))


def scale_form() -> Questionnaire:
    questions = tuple(
        Question(
            f"q{n}",
            "select_one",
            f"Statement {n}",
            choice_list="scale",
            groups=("first" if n <= 2 else "second",),
            probe="Ask why." if n == 2 else "",
        )
        for n in range(1, 5)
    )
    return Questionnaire(
        "scales",
        "Scales",
        "1",
        questions=questions,
        groups=(Group("first", "First part"), Group("second", "Second part")),
        choice_lists=(SCALE,),
    )


def open_draft(store: Store) -> str:
    store.forms.save(scale_form())
    org = store.register.add("Westmoor ICB", type="Commissioner", region="West")
    return store.interviews.create("scales", organisation_id=org.id).uuid


def shown_state(choice: ChoiceInput) -> tuple:
    return (
        choice.question.name,
        [(option.id, str(option.prompt)) for option in choice.options],
        choice.highlighted,
    )


async def test_a_reused_choice_list_looks_like_a_new_one(store: Store):
    uuid = open_draft(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        screen = app.screen
        await pilot.press("2", "4")  # q1 = c2, q2 = c4: now on q3
        await pilot.pause()
        await pilot.press("ctrl+b")  # back to q2, answered c4
        await pilot.pause()
        [view] = screen.views
        reused = view.answer_input
        assert isinstance(reused, ChoiceInput)
        fresh = ChoiceInput(scale_form().question("q2"), scale_form(), "c4")
        await screen.query_one("#questions").mount(fresh)
        assert shown_state(reused) == shown_state(fresh)
        assert shown_state(reused)[1][3] == ("c4", "● 4. Option 4")
        assert reused.highlighted == 3

        await pilot.press("ctrl+b")  # q1, answered c2
        await pilot.pause()
        assert shown_state(reused)[1][1] == ("c2", "● 2. Option 2")
        assert [str(option.prompt).startswith("○ ") for option in reused.options].count(True) == 4
        assert reused.highlighted == 1
    assert store.interviews.answers(uuid) == {"q1": "c2", "q2": "c4"}


async def test_an_unanswered_reused_list_highlights_nothing(store: Store):
    """Nothing is chosen until the officer chooses: no option highlighted for Enter to give."""
    uuid = open_draft(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        [view] = app.screen.views
        assert view.question.name == "q2"
        assert view.answer_input.highlighted is None
        assert view.answer_input.raw() is None
        assert all(str(option.prompt).startswith("○ ") for option in view.answer_input.options)
        assert str(app.screen.query_one("#probe-text", Static).content) == "Ask why."


async def test_the_outline_redrawn_in_part_shows_every_count(store: Store):
    uuid = open_draft(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        screen = app.screen
        outline = screen.query_one(SectionOutline)
        for key in "123":
            await pilot.press(key)
            await pilot.pause()
            current = screen.questionnaire.section_of(screen.session.current).name
            expected = outline_content(screen.session.sections(), current)
            assert str(outline.content) == expected.plain
        # What is drawn is what a full redraw draws.
        drawn = [strip.text for strip in outline.render_lines(outline.size.region)]
        outline.refresh()
        assert [strip.text for strip in outline.render_lines(outline.size.region)] == drawn
        assert any("✓ 2/2" in line for line in drawn)
        assert any("▶ Second part" in line for line in drawn)
