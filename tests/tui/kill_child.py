"""Provides the child process of the kill test: the real app answering interviews until killed.

    PYTHONPATH=. ENGAGE_ACK_LOG=acks.log python -m tests.tui.kill_child DB SEED

It resumes the newest draft interview of the sample questionnaire (or starts one), answers
it with real key presses (typing text, ticking, ranking, sometimes going back), completes
it, and starts the next, forever. The parent kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from engagement_tui.store import Store
from engagement_tui.tui.ack_log import AckLog
from engagement_tui.tui.app import EngagementApp
from engagement_tui.tui.screens.interview import InterviewScreen
from engagement_tui.tui.screens.review import ReviewScreen

KEYS: dict[str, list[str]] = {
    "role_type": ["4"],
    "role_other": ["ctrl+u", *"Head of ŵork", "enter"],
    "years": ["ctrl+u", *"42", "enter"],
    "right_approach": ["4"],
    "why_not": [*"Nobody asked", "enter", *"Dim ✓", "ctrl+s"],
    "priorities": ["space", "down", "space", "enter"],
    "ranking": ["down", "ctrl+up", "enter"],
    "confidence": ["ctrl+u", "7", "enter"],
    "budget": ["ctrl+u", *"2.5", "enter"],
    "next_review": ["ctrl+u", *"15/01/2027", "enter"],
}
"""Keys that answer each question of the sample questionnaire; others take a plain Enter."""


def newest_draft(store: Store) -> str:
    drafts = store.interviews.list(form_id="leaders", status="draft")
    if drafts:
        return drafts[0].uuid
    organisation = store.register.find("Westmoor ICB")
    assert organisation is not None
    return store.interviews.create(
        "leaders", organisation_id=organisation.id, respondent="Kill Test", attribution="named"
    ).uuid


def main(db_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    store = Store.open(db_path)
    app = EngagementApp(store, ack_log=AckLog.from_environment())

    async def interview_forever(pilot) -> None:
        while True:
            app.open_interview(newest_draft(store))
            await pilot.pause()
            while isinstance(app.screen, InterviewScreen):
                session = app.screen.session
                if session is None or session.at_end:
                    await pilot.press("ctrl+r")
                    break
                if chance.random() < 0.08:
                    await pilot.press("ctrl+b")  # go back and answer again
                    continue
                await pilot.press(*KEYS.get(session.current.name, ["enter"]))
            if isinstance(app.screen, ReviewScreen):
                await pilot.press("ctrl+e", "y")
            await pilot.pause()

    app.run(headless=True, auto_pilot=interview_forever, size=(100, 30))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
