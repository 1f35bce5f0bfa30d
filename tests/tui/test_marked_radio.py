"""Radio buttons (start form, notes, interview details) show their state by glyph, not by
colour alone: the chosen one ● and the others ○, with NO_COLOR=1 too."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import RadioSet

from engagement_tui.tui.widgets.marked_radio import CHOSEN, NOT_CHOSEN, MarkedRadioButton


class TwoChoices(App[None]):
    def compose(self) -> ComposeResult:
        with RadioSet():
            yield MarkedRadioButton("Anonymous", value=True, id="anonymous")
            yield MarkedRadioButton("Named", id="named")


def glyphs(app: App) -> dict[str, str]:
    """The glyph each button draws inside its frame, read from what it renders."""
    return {
        button.id: next(c for c in button.render().plain if c in (CHOSEN, NOT_CHOSEN))
        for button in app.query(MarkedRadioButton)
    }


@pytest.mark.parametrize("no_colour", [False, True])
async def test_the_chosen_button_alone_is_filled_and_the_mark_follows_a_new_choice(
    monkeypatch, no_colour
):
    if no_colour:
        monkeypatch.setenv("NO_COLOR", "1")
    app = TwoChoices()
    async with app.run_test() as pilot:
        assert glyphs(app) == {"anonymous": CHOSEN, "named": NOT_CHOSEN}
        app.query_one(RadioSet).focus()
        await pilot.press("right", "enter")  # move to "Named" and choose it
        await pilot.pause()
        assert app.query_one("#named", MarkedRadioButton).value
        assert glyphs(app) == {"anonymous": NOT_CHOSEN, "named": CHOSEN}
