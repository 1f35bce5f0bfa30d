"""Pilot tests of the coding screen: themes toggled by key land in the store at once."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Static

from engagement_tui.store import Store
from engagement_tui.tui.screens.coding import CodingScreen
from engagement_tui.tui.screens.coding_dialogs import QuoteBankScreen
from tests.tui.conftest import make_app
from tests.tui.insights_data import THEMES, seed_pulse

SIZE = (100, 30)


def coded(store: Store) -> set[tuple[str, str, str, int | None]]:
    return {
        (row["theme"], row["interview_uuid"], row["question"], row["note_id"])
        for row in store.coding.codings("pulse")
    }


def shown(app, selector: str) -> str:
    """The text a widget shows on screen, line by line."""
    widget = app.screen.query_one(selector, Static)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in lines)


async def open_coding(app, pilot) -> CodingScreen:
    await pilot.press("c")  # home; 'pulse' is the only questionnaire, so no picker
    await pilot.pause()
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def test_keys_code_and_uncode_answers_and_the_store_holds_it(store: Store):
    uuids = seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coding(app, pilot)
        # The questionnaire's codebook was seeded: three numbered themes.
        assert [t.name for t in screen.themes] == ["funding", "workforce", "governance"]
        assert "0 of 11 coded" in shown(app, "#coding-status")
        await pilot.press("1", "3")
        assert coded(store) == {
            ("funding", uuids[0], "biggest_difference", None),
            ("governance", uuids[0], "biggest_difference", None),
        }
        assert "Themes: Funding, Governance" in shown(app, "#item-themes")
        await pilot.press("3", "n", "2")  # governance off again; the second answer: workforce
        assert coded(store) == {
            ("funding", uuids[0], "biggest_difference", None),
            ("workforce", uuids[1], "biggest_difference", None),
        }
        assert "2 of 11 coded" in shown(app, "#coding-status")
        await pilot.press("u")  # the next uncoded item is the third answer
        assert screen.index == 2 and screen.item.interview_uuid == uuids[2]


async def test_quotes_are_coded_by_note_and_counts_by_member_type(store: Store):
    uuids = seed_pulse(store)
    note = store.interviews.notes(uuids[0])[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coding(app, pilot)
        first_quote = next(i for i, item in enumerate(screen.items) if item.kind == "quote")
        screen.index = first_quote
        await pilot.press("1", "t")
        assert coded(store) == {("funding", uuids[0], "biggest_difference", note.id)}
        counts = shown(app, "#counts")
        assert "NHS trust" in counts and "Funding" in counts


async def test_a_theme_added_on_the_fly_gets_the_next_number(store: Store):
    uuids = seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coding(app, pilot)
        await pilot.press("a", *"culture", "enter", *"Trust", "enter")
        await pilot.pause()
        assert [t.name for t in store.coding.themes("pulse")][-1] == "culture"
        assert store.coding.themes("pulse")[-1].description == "Trust"
        await pilot.press("4")
        assert coded(store) == {("culture", uuids[0], "biggest_difference", None)}
        assert "4✓" in shown(app, "#theme-list").replace(" ", "")
        assert screen.items[0].themes == ("culture",)


async def test_a_tenth_theme_is_toggled_from_the_picker(store: Store):
    uuids = seed_pulse(store)
    store.coding.seed_codebook("pulse", THEMES)  # the codebook's three first, as on import
    for number in range(4, 11):
        store.coding.add_theme("pulse", f"theme_{number}")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_coding(app, pilot)
        await pilot.press("0", "end", "enter")  # the last theme in the list: the tenth
        assert coded(store) == {("theme_10", uuids[0], "biggest_difference", None)}
        await pilot.press("0", "end", "enter")  # and off again
        assert coded(store) == set()


async def test_quote_bank_attributes_as_each_respondent_agreed(store: Store):
    seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_coding(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, QuoteBankScreen)
        text = "\n".join(shown(app, f"#{widget.id}") for widget in app.screen.query(".quote"))
        # named: name, role, organisation
        assert "Jane Smith, Chief executive, Northshire NHS Trust" in text
        # role only: role and organisation type, no name
        assert "a chief executive of an NHS trust" in text
        assert "Raj Patel" not in text and "Southvale" not in text
        # anonymous: neither name, role nor organisation name
        assert "a respondent from an NHS trust" in text
        assert "Ann Lee" not in text and "Chair" not in text and "Eastmoor" not in text


def test_coding_screen_snapshot(store: Store, snap_compare):
    """Coding at 100x30 on the first answer, "Pooled budgets across health and care."
    (Answer · What would make the biggest difference?, NHS trust · Northshire NHS Trust),
    tagged with theme 1 (ticked): status "Item 1 of 11 · 1 of 11 coded", "Themes: funding" under the
    text, and on the right the numbered themes with descriptions, 1 ticked."""
    seed_pulse(store)
    assert snap_compare(make_app(store), terminal_size=SIZE, press=["c", "1"])


async def test_slash_searches_and_codes_every_match_in_the_store(store: Store):
    uuids = seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coding(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"fund*", "enter")
        await pilot.pause()
        assert "2 matches" in shown(app, "#search-count")
        await pilot.press("down", "enter")  # the second theme: workforce
        await pilot.pause()
        assert app.screen is screen
        # Both funding answers (Westbrook, Riverside) hold the theme in the store.
        assert coded(store) == {
            ("workforce", uuids[3], "biggest_difference", None),
            ("workforce", uuids[7], "biggest_difference", None),
        }
        assert sum(1 for item in screen.items if item.themes) == 2


async def test_esc_closes_the_theme_counts_before_leaving(store: Store):
    seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coding(app, pilot)
        await pilot.press("t")
        assert screen.has_class("-counts")
        await pilot.press("escape")  # the counts close; coding stays open
        assert app.screen is screen and not screen.has_class("-counts")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
