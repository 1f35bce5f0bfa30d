"""Snapshot tests of each screen (pytest-textual-snapshot); each docstring says what to look for.

Fixed data and a fixed clock make the pictures repeatable. After a deliberate change to a
screen, look at the report and regenerate with `pytest tests/tui/test_snapshots.py
--snapshot-update`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from engagement_tui.store import Store
from tests.tui.conftest import make_app, new_interview


def _completed_interview(store: Store) -> None:
    uuid = new_interview(store, "Northshire NHS Foundation Trust", respondent="Amira Khan")
    store.interviews.save_answers(uuid, {"role_type": "chair", "years": 4})
    store.interviews.set_status(uuid, "complete")
    # The completion date is shown: pin it so the picture does not change day to day.
    with store.db.transaction() as conn:
        conn.execute("UPDATE interviews SET completed_at = '2026-11-20T10:00:00.000Z'")


def open_interview(uuid: str, *keys: str):
    async def run_before(pilot) -> None:
        pilot.app.open_interview(uuid)
        await pilot.pause()
        await pilot.press(*keys)

    return run_before


def test_home_with_interviews_and_coverage(seeded: Store, snap_compare):
    """Home at 80x24: one interview in progress (Westmoor ICB, "at: How many years..."),
    one completed (Northshire NHS Foundation Trust, 2026-11-20; "Completed: Enter to
    review"), the questionnaire list,
    and coverage on the right: engaged 1 of 6 (17%), 1 more in progress, rows by type
    and by region. Footer: n New interview, f Findings, c Code free text, ^q Quit, ^p
    palette."""
    _completed_interview(seeded)
    uuid = new_interview(seeded)
    seeded.interviews.save_answers(uuid, {"role_type": "ceo"}, position="years")
    assert snap_compare(make_app(seeded), terminal_size=(80, 24))


def test_home_on_an_empty_database(tmp_path_factory, monkeypatch, snap_compare):
    """A fresh database at 80x24: a boxed welcome naming the database's path
    (/tmp/engage-snapshot/engage.db), "Press d to fill it with a realistic demo programme",
    then `engage questionnaire import FILE` and `engage org import FILE.csv` each with its
    explanation on the line below; the footer offers d Demo programme."""
    # A fixed path, given as $ENGAGE_DB (so no --db is printed), and `engage` on the PATH.
    folder = Path("/tmp/engage-snapshot")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    monkeypatch.setenv("ENGAGE_DB", str(folder / "engage.db"))
    monkeypatch.setattr("engagement_tui.files.paths.engage_command", lambda: "engage")
    store = Store.open(folder / "engage.db")
    assert snap_compare(make_app(store), terminal_size=(80, 24))


def test_interview_wide_with_outline_and_probes(seeded: Store, snap_compare):
    """Interview at 120x36 on "ICSs represent the right approach..." (required, red *):
    the Sections outline on the left (About you ✓ 2/2, ▶ Partnership working), the five
    agreement options numbered 1-5, each marked ○ (none chosen, none highlighted), in the
    heavy border of the focused input, the key hint under them, the yellow "Probes (not
    read aloud)" panel on the right, "Saved 14:02:31" top right, and the footer keys
    ending "^p palette ^q quit"."""
    uuid = new_interview(seeded)
    assert snap_compare(
        make_app(seeded),
        terminal_size=(120, 36),
        run_before=open_interview(uuid, "1", *"12", "enter"),
    )


def test_interview_narrow_with_a_validation_message(seeded: Store, snap_compare):
    """Interview at 80x24 on "How many years have you been in post?": 75 typed, the input
    bordered red and "Years in post must be 60 or fewer" under it; no outline (narrow)."""
    uuid = new_interview(seeded)
    assert snap_compare(
        make_app(seeded),
        terminal_size=(80, 24),
        run_before=open_interview(uuid, "1", *"75", "enter"),
    )


def test_review_lists_answers_and_what_is_missing(seeded: Store, snap_compare):
    """Review at 100x30: summary "2 of 9 answered. 2 required still missing." in red; each
    question with its answer below (Chief executive, 12, — for unanswered), the agreement
    question and the acknowledgement as "MISSING (required)" in red; under the summary the
    details "Jane Smith, Chief executive · consent: not recorded · quotes: Named (d)";
    footer ^e Complete, ^w Withdraw, d Details, esc Back, ^q Quit."""
    uuid = new_interview(seeded)
    seeded.interviews.save_answers(uuid, {"role_type": "ceo", "years": 12})
    assert snap_compare(
        make_app(seeded),
        terminal_size=(100, 30),
        run_before=open_interview(uuid, "ctrl+r"),
    )


def test_notes_pane_shows_the_attribution_choice(seeded: Store, snap_compare):
    """The notes pane over the interview at 100x30: "Note on: What is your role?", the
    attribution line "Quotes will be attributed by name: Jane Smith, Chief executive,
    Westmoor ICB", ● Verbatim quote / ○ Observation (the choice shown by glyph, not colour
    alone), the typed text "Said it twice"."""
    uuid = new_interview(seeded)
    assert snap_compare(
        make_app(seeded),
        terminal_size=(100, 30),
        run_before=open_interview(uuid, "ctrl+n", *"Said it twice"),
    )


def test_choices_and_focus_without_colour(seeded: Store, monkeypatch, snap_compare):
    """NO_COLOR=1, 100x30, the priorities checklist: "[x] Finance" and "[x] Estates" are
    ticked, "[ ] Workforce" and "[ ] Waiting lists" are not (Textual's own coloured box
    beside each is the same either way); the list has focus, drawn with a heavy border
    (┏━┓) rather than the thin one an unfocused input has, so focus shows in grey too."""
    monkeypatch.setenv("NO_COLOR", "1")
    uuid = new_interview(seeded)
    seeded.interviews.save_answers(
        uuid, {"role_type": "chair", "years": 4, "right_approach": "agree"}, position="priorities"
    )
    seeded.interviews.save_answers(uuid, {"priorities": ["finance", "estates"]})
    assert snap_compare(make_app(seeded), run_before=open_interview(uuid), terminal_size=(100, 30))


def test_a_chosen_option_without_colour(seeded: Store, monkeypatch, snap_compare):
    """NO_COLOR=1, 100x30, "What is your role?" reopened: "● 2. Chair" is the chosen option,
    every other option shows "○"; the list has the heavy (focused) border."""
    monkeypatch.setenv("NO_COLOR", "1")
    uuid = new_interview(seeded)
    seeded.interviews.save_answers(uuid, {"role_type": "chair"}, position="role_type")
    assert snap_compare(make_app(seeded), run_before=open_interview(uuid), terminal_size=(100, 30))
