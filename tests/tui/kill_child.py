"""Provides the child process of the kill test: the real app answering interviews until killed.

    PYTHONPATH=. ENGAGE_ACK_LOG=acks.log python -m tests.tui.kill_child DB SEED

It resumes the newest draft interview (or starts one, of the sample questionnaire or of
`fields_questionnaire`, whose screens hold several questions each), answers it with real
key presses (typing text, ticking, ranking, field by field or the whole screen with
ctrl+s, sometimes going back), and at the review sometimes changes the interview's
details or reopens an answer and changes it, then completes it and starts the next,
forever. The parent kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from engagement_tui.interview.questionnaire import Group, Question, Questionnaire
from engagement_tui.store import Store
from engagement_tui.tui.ack_log import AckLog
from engagement_tui.tui.app import EngagementApp
from engagement_tui.tui.screens.details import DetailsDialog
from engagement_tui.tui.screens.interview import InterviewScreen
from engagement_tui.tui.screens.review import ReviewScreen
from engagement_tui.tui.widgets.inputs import AnswerInput
from tests.tui.sample import AGREE, PRIORITIES, ROLES

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
    # fields_questionnaire: Enter commits a field and goes to the next one on the screen;
    # ctrl+s in the long text saves every field of the screen at once.
    "org_role": ["4"],
    "org_role_other": ["ctrl+u", *"Söcial firm", "enter"],
    "staff": ["ctrl+u", *"120", "enter"],
    "story": [*"We met", "enter", *"twice ✓", "ctrl+s"],
    "topics": ["space", "down", "down", "space", "enter"],
    "since": ["ctrl+u", *"March 2019", "enter"],
    "overall": ["2"],
}
"""Keys that answer each question; others take a plain Enter."""


def fields_questionnaire() -> Questionnaire:
    """Two field-list screens (a follow-up appearing on the first) and one question."""
    first, second = ("who",), ("more",)
    questions = (
        Question(
            "org_role", "select_one", "Role?", required=True, choice_list="roles", groups=first
        ),
        Question(
            "org_role_other",
            "text",
            "Which?",
            relevant="${org_role} = 'other'",
            required=True,
            groups=first,
        ),
        Question("staff", "integer", "Staff?", groups=first),
        Question("story", "text", "How did it go?", appearance="multiline", groups=first),
        Question("topics", "select_multiple", "Topics?", choice_list="priorities", groups=second),
        Question("since", "date", "Since when?", groups=second),
        Question("contact", "acknowledge", "Contact me", groups=second),
        Question("overall", "select_one", "Overall?", choice_list="agree5"),
    )
    return Questionnaire(
        form_id="fields",
        title="Field lists",
        version="1",
        questions=questions,
        groups=(
            Group("who", "Who", appearance="field-list"),
            Group("more", "More", appearance="field-list"),
        ),
        choice_lists=(AGREE, ROLES, PRIORITIES),
    )


def newest_draft(store: Store, form_id: str) -> str:
    drafts = store.interviews.list(status="draft")
    if drafts:
        return drafts[0].uuid
    organisation = store.register.find("Westmoor ICB")
    assert organisation is not None
    return store.interviews.create(
        form_id, organisation_id=organisation.id, respondent="Kill Test", attribution="named"
    ).uuid


def main(db_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    store = Store.open(db_path)
    app = EngagementApp(store, ack_log=AckLog.from_environment())

    async def answer(pilot, screen: InterviewScreen) -> None:
        session = screen.session
        if session is None or session.at_end:
            await pilot.press("ctrl+r")
            return
        if chance.random() < 0.08:
            await pilot.press("ctrl+b")  # go back and answer again
            return
        focused = screen.focused
        name = focused.question.name if isinstance(focused, AnswerInput) else session.current.name
        await pilot.press(*KEYS.get(name, ["enter"]))

    async def review(pilot, screen: ReviewScreen, edits: int) -> bool:
        """Change details or an answer (False), or complete the interview (True)."""
        roll = chance.random()
        if edits < 3 and roll < 0.3:
            await pilot.press("d")
            if isinstance(app.screen, DetailsDialog):
                await pilot.press("ctrl+u", *f"Kill Test {chance.randrange(100)}", "tab")
                await pilot.press("ctrl+u", *chance.choice(["Chair", "Dïrector", ""]))
                await pilot.press("ctrl+s")
            return False
        if edits < 3 and roll < 0.6:
            options = screen.query_one("#review-list").options  # type: ignore[attr-defined]
            await pilot.press("home", *["down"] * chance.randrange(len(options)), "enter")
            return False
        await pilot.press("ctrl+e", "y")
        return True

    async def interview_forever(pilot) -> None:
        while True:
            form_id = chance.choice(["leaders", "fields"])
            app.open_interview(newest_draft(store, form_id))
            await pilot.pause()
            edits = 0
            for _ in range(200):  # a bound: an interview takes a few dozen moves
                screen = app.screen
                if isinstance(screen, InterviewScreen):
                    await answer(pilot, screen)
                elif isinstance(screen, ReviewScreen):
                    if await review(pilot, screen, edits):
                        break
                    edits += 1
                else:
                    await pilot.press("escape")
            app.action_home()
            await pilot.pause()

    app.run(headless=True, auto_pilot=interview_forever, size=(100, 30))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
