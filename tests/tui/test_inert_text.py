"""Stored text is shown inert (issue 15): markup in a name is shown as typed, never applied
or allowed to break a screen, and control characters (terminal escapes, NUL) never reach the
terminal: they are shown as �."""

from __future__ import annotations

from textual.widgets import OptionList

from engagement_tui.store import Store
from engagement_tui.tui.inert import inert, inert_markup
from tests.tui.conftest import make_app, new_interview

HOSTILE = "Dr [bold]Evil[/] [/x] \x1b[2J\x1b]0;pwned\x07 Nul\x00"


def test_inert_strips_controls_and_escapes_markup():
    assert inert("a\x1b[31mb\x00c\td\ne") == "a\ufffd[31mb\ufffdc d\ne"
    from textual.markup import to_content

    assert to_content(inert_markup("[/x] [bold]y")).plain == "[/x] [bold]y"


async def test_the_home_screen_shows_a_hostile_name_as_typed(seeded: Store):
    new_interview(seeded, respondent=HOSTILE)
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        from textual.markup import to_content

        shown = "\n".join(
            to_content(str(drafts.get_option_at_index(i).prompt)).plain
            for i in range(drafts.option_count)
        )
        assert "[bold]Evil[/] [/x]" in shown
        assert "\x1b" not in shown and "\x00" not in shown
        assert "\ufffd[2J" in shown


async def test_the_start_screen_lists_a_hostile_organisation_as_typed(seeded: Store):
    from textual.markup import to_content

    seeded.register.add("Trust [/x] [bold]Odd[/]", "NHS trust", "North")
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Trust")
        await pilot.pause()
        matches = app.screen.query_one("#matches", OptionList)
        shown = [
            to_content(str(matches.get_option_at_index(i).prompt)).plain
            for i in range(matches.option_count)
        ]
        assert "Trust [/x] [bold]Odd[/] · NHS trust · North" in shown
