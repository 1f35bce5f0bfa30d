"""Pilot tests: switching an interview's language mid-way (ctrl+l and the palette) redraws
labels, hints, choices and sections, and never changes what the store holds."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from engagement_tui.loaders import load
from engagement_tui.store import Store
from engagement_tui.tui.screens.interview import InterviewScreen
from tests.test_languages import COUNCIL
from tests.tui.conftest import make_app

SIZE = (100, 30)


def shown(app) -> str:
    """The texts of the question views on screen (lines and choices) and the section title,
    as one string; views being retired (hidden, removed a moment later) are left out."""
    lines = [str(app.screen.query_one("#section-title", Static).content)]
    for view in app.screen.views:
        lines += [str(widget.content) for widget in view.query(Static)]
        for options in view.query(OptionList):  # select_one, select_multiple, rank
            count = options.option_count
            lines += [str(options.get_option_at_index(i).prompt) for i in range(count)]
    return " ".join(lines)


def footer(app) -> str:
    return str(app.screen.query_one("#key-bar", Static).content)


async def test_ctrl_l_switches_language_and_answers_stay_by_name(store: Store, tmp_path):
    form = tmp_path / "council.md"
    form.write_text(COUNCIL, encoding="utf-8")
    store.forms.save(load(form))
    uuid = store.interviews.create("council", respondent="Amina").uuid
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "^l Language" in footer(app)
        text = shown(app)
        assert "Je, unafanya kazi na halmashauri?" in text and "Ndiyo" in text  # the default
        await pilot.press("1")  # Ndiyo, stored as "yes"
        await pilot.pause()
        assert store.interviews.answers(uuid)["works"] == "yes"

        await pilot.press("ctrl+l")
        await pilot.pause()
        text = shown(app)
        assert "Which topics matter most?" in text and "Water" in text and "About you" in text
        assert "Mada gani" not in text and "Maji" not in text
        before = store.interviews.answers(uuid)
        history = store.interviews.history(uuid)
        assert before == {"works": "yes", "works_label": "Ndiyo"}  # the switch stored nothing

        await pilot.press("space", "enter")  # Water, ticked on the English screen
        await pilot.pause()
        assert store.interviews.answers(uuid) == {**before, "topics": ["water"]}
        assert len(store.interviews.history(uuid)) == len(history) + 1

        if not isinstance(app.screen, InterviewScreen):  # the end: the review opened
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+b", "ctrl+b")  # back: the first question, now in English
        await pilot.pause()
        text = shown(app)
        assert "Do you work with the council?" in text and "Choose one" in text
        await pilot.press("ctrl+p")
        await pilot.press(*"Language: Kisw")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        text = shown(app)
        assert "Je, unafanya kazi na halmashauri?" in text and "Chagua moja" in text
        assert store.interviews.answers(uuid) == {**before, "topics": ["water"]}


async def test_a_form_in_one_language_shows_no_language_key(seeded: Store):
    from tests.tui.conftest import new_interview

    uuid = new_interview(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert "Language" not in footer(app)
        assert "quit" in footer(app)


async def test_the_app_opens_interviews_in_the_language_asked_for(store: Store, tmp_path):
    form = tmp_path / "council.md"
    form.write_text(COUNCIL, encoding="utf-8")
    store.forms.save(load(form))
    uuid = store.interviews.create("council").uuid
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert "Do you work with the council?" in shown(app)
