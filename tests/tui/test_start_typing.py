"""The start screen under a fast typist: keys arrive in one burst, faster than the screen updates.

A terminal delivers a touch typist's "Fenwick Hospice<Tab>Hospice<Tab>Ruth Adams..." before
the app has handled the first Tab; each field must still get its own words.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, OptionList

from engagement_tui.store import Store
from engagement_tui.tui.screens.start import StartScreen
from tests.tui.conftest import make_app

KEY_NAMES = {" ": "space"}


async def type_burst(app, *fields: str, separator: str) -> None:
    """Post every key at once, as a terminal does when typing outruns the screen."""
    for number, text in enumerate(fields):
        if number:
            app.post_message(events.Key(separator, None))
        for char in text:
            app.post_message(events.Key(KEY_NAMES.get(char, char), char))


@pytest.mark.parametrize("separator", ["tab", "enter"])
async def test_each_field_gets_its_own_words(seeded: Store, separator: str):
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "organisation"
        await type_burst(
            app, "Fenwick Hospice", "Hospice", "Ruth Adams", "Chief executive", separator=separator
        )
        await pilot.pause()
        values = {field.id: field.value for field in app.screen.query(Input)}
        assert values["organisation"] == "Fenwick Hospice"
        assert values["org-type"] == "Hospice"
        assert values["respondent"] == "Ruth Adams"
        assert values["role"] == "Chief executive"
        await pilot.press("ctrl+s")
        await pilot.pause()
    added = seeded.register.find("Fenwick Hospice")
    assert added is not None and added.type == "Hospice"
    [interview] = [i for i in seeded.interviews.list() if i.organisation == "Fenwick Hospice"]
    assert (interview.respondent, interview.role) == ("Ruth Adams", "Chief executive")


async def test_an_organisation_in_the_register_brings_its_type(seeded: Store):
    existing = seeded.register.list()[0]
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_burst(app, existing.name, separator="tab")
        await pilot.pause()
        assert app.screen.query_one("#org-type", Input).value == existing.type


async def test_enter_takes_the_top_match_and_down_goes_to_the_list(seeded: Store):
    """One Enter picks the register entry searched for; ↓ from the search box opens the list."""
    app = make_app(seeded)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press(*"West", "enter")
        assert app.screen.focused.id == "respondent"
        assert app.screen.query_one("#organisation", Input).value == "Westmoor ICB"
        await pilot.press("escape", "n")  # a fresh form: search again, then ↓ to the list
        await pilot.pause()
        await pilot.press(*"West")
        await pilot.pause()
        await pilot.press("down")
        assert isinstance(app.screen.focused, OptionList)
        assert app.screen.focused.highlighted == 0


async def test_the_questionnaire_message_goes_once_one_is_chosen(seeded: Store):
    from tests.test_prompts import FORM

    seeded.forms.save(FORM)  # two questionnaires: none is chosen for the officer
    app = make_app(seeded)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#start-error")
        assert str(error.content) == "Choose a questionnaire first."
        app.screen.query_one("#form").value = "leaders"
        await pilot.pause()
        assert str(error.content) == ""
