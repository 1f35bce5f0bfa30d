"""Erasing from the app (issue 15): what goes is shown first, a typed word confirms it, the
same headless erasure as `engage erase` leaves no canary byte in the database, -wal or -shm,
Cancel erases nothing, and a withdrawal offers erasure next."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from engagement_tui.store import Store
from engagement_tui.tui.screens.erase import EraseDialog, OrganisationPicker, WithdrawnDialog
from engagement_tui.tui.screens.home import HomeScreen
from engagement_tui.tui.screens.review import ReviewScreen
from tests.test_erasure import CANARY, files_of
from tests.tui.conftest import make_app, new_interview

SIZE = (110, 40)
NAME = f"Jo {CANARY}"


def canary_bytes(store: Store) -> int:
    return sum(
        path.read_bytes().count(CANARY.encode())
        for path in files_of(Path(store.path))
        if path.exists()
    )


def plant(store: Store, organisation: str = "Westmoor ICB") -> str:
    """An interview with the canary in its respondent's name, an answer, a quote, an
    observation and a coding; an export of it logged; returns its UUID."""
    uuid = new_interview(store, organisation, respondent=NAME)
    store.interviews.save_answer(uuid, "role_type", "other")
    store.interviews.save_answer(uuid, "role_other", f"Head of {CANARY}")
    store.interviews.save_answer(uuid, "role_other", f"Lead for {CANARY}")
    quote = store.interviews.add_note(uuid, f"{CANARY} said: fund it", kind="quote")
    store.interviews.add_note(uuid, f"{CANARY} was late", kind="observation")
    theme = store.coding.add_theme("leaders", "Funding")
    store.coding.code(theme.id, uuid, note_id=quote.id)
    store.privacy.log_export("/tmp/earlier-export.csv", "export", "leaders", [uuid])
    return uuid


def count(store: Store, table: str) -> int:
    return store.db.scalar(f"SELECT count(*) FROM {table}")


async def test_erase_from_review_shows_what_goes_and_leaves_no_canary_byte(seeded: Store):
    uuid = plant(seeded)
    other = new_interview(seeded, "Northshire NHS Foundation Trust", respondent="Sam Other")
    assert canary_bytes(seeded) > 0
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid, review=True)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        summary = str(dialog.query_one("#erase-summary", Static).render())
        assert "1 interviews, 2 answers, 3 answer history, 0 drafts, 1 notes, 1 quotes" in summary
        assert "1 codings" in summary
        assert "/tmp/earlier-export.csv" in summary  # the earlier export still holding them
        await pilot.press(*"Jo")
        await pilot.pause()
        assert dialog.query_one("#erase", Button).disabled  # not the whole name yet
        await pilot.press("enter")  # refused: the word is not typed
        await pilot.pause()
        assert seeded.interviews.get(uuid)
        await pilot.press(*f" {CANARY.lower()}", "enter")  # case is not asked for
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.db.scalar("SELECT count(*) FROM interviews WHERE uuid = ?", (uuid,)) == 0
    assert seeded.interviews.get(other).respondent == "Sam Other"
    assert count(seeded, "notes") == count(seeded, "codings") == 0
    assert canary_bytes(seeded) == 0
    assert seeded.db.scalar("SELECT count(*) FROM tombstones WHERE uuid = ?", (uuid,)) == 1


async def test_cancel_erases_nothing(seeded: Store):
    uuid = plant(seeded)
    before = canary_bytes(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(uuid, review=True)
        await pilot.pause()
        await pilot.press("x", *"Jo", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert seeded.interviews.get(uuid).respondent == NAME
    assert count(seeded, "notes") == 2 and count(seeded, "answer_history") == 3
    assert canary_bytes(seeded) >= before > 0  # (the edit lock wrote the row again)


async def test_withdrawal_offers_erasure_and_keeping_keeps(seeded: Store):
    kept = plant(seeded)
    erased = new_interview(seeded, "Northshire NHS Foundation Trust", respondent="Al Gone")
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        for uuid, keys in ((kept, ["k"]), (erased, ["e", *"al gone", "enter"])):
            app.open_interview(uuid)
            await pilot.pause()
            await pilot.press("ctrl+r", "ctrl+w", "y")
            await pilot.pause()
            assert isinstance(app.screen, WithdrawnDialog)
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    assert seeded.interviews.get(kept).status == "withdrawn"
    assert canary_bytes(seeded) > 0  # kept: withdrawn answers stay, out of findings
    assert seeded.db.scalar("SELECT count(*) FROM interviews WHERE uuid = ?", (erased,)) == 0
    assert b"Al Gone" not in Path(seeded.path).read_bytes()


async def test_erase_an_organisation_from_the_palette(seeded: Store):
    plant(seeded, "Westmoor ICB")
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"erase org", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationPicker)
        await pilot.press(*"westm", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EraseDialog)
        await pilot.press(*"Westmoor ICB", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.register.find("Westmoor ICB") is None
    assert count(seeded, "interviews") == 0
    assert canary_bytes(seeded) == 0
    assert b"Westmoor ICB" not in Path(seeded.path).read_bytes()


async def test_erase_from_home_is_refused_while_another_engage_edits_it(seeded: Store):
    import os
    import socket

    uuid = plant(seeded)
    owner = f"{socket.gethostname()}:{os.getppid()}"  # a live process that is not this one
    seeded.interviews.acquire_lock(uuid, owner)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        seeded.interviews.release_lock(uuid, owner)
        await pilot.press("x", *NAME, "enter")
        await pilot.pause()
    assert count(seeded, "interviews") == 0
    assert canary_bytes(seeded) == 0
