"""Provides Recorder: the app's side of the one answer path, and the interview's drafts.

Answers go through `recording.AnswerPath` (parse, validate, recompute, commit), the same
function plain mode uses. Each write is committed before it returns, so the screen reports
"Saved" only for what is on disk; around each one it notes in the ACK log (a test hook, off
by default) what it tried and what it saw saved.
"""

from __future__ import annotations

from typing import Any

from engagement_tui.interview.session import InterviewSession
from engagement_tui.recording import AnswerPath, Recorded
from engagement_tui.store import Store, StoreError
from engagement_tui.store.driver import errors
from engagement_tui.tui.ack_log import AckLog

__all__ = ["Recorder"]


class Recorder:
    """Writes one interview's answers and drafts, and remembers the drafts it holds."""

    def __init__(self, store: Store, uuid: str, session: InterviewSession, ack_log: AckLog) -> None:
        self.store = store
        self.uuid = uuid
        self.ack_log = ack_log
        self.drafts: dict[str, str] = store.interviews.drafts(uuid)
        """Text typed but not submitted, by question (note drafts under 'note:<question>')."""
        self.path = AnswerPath(
            store, uuid, session, before_commit=ack_log.trying, after_commit=self._saved
        )

    def _saved(self, updates: dict[str, Any]) -> None:
        for name in updates:
            self.drafts.pop(name, None)  # saving an answer drops its draft
        self.ack_log.saved(updates)

    def record(self, raws: dict[str, Any], position: str) -> Recorded:
        """Answers of some questions on the screen, checked and committed with `position`."""
        return self.path.record(raws, position=position)

    def save_screen(self, raws: dict[str, Any], shown: list[str]) -> Recorded:
        """Every answer on the screen, checked and committed; the session moves on."""
        return self.path.save_screen(raws, shown)

    def save_draft(self, key: str, text: str) -> str | None:
        """Store typed text not yet submitted; the error, if it failed."""
        self.ack_log.trying({key: text}, draft=True)
        try:
            self.store.interviews.save_draft(self.uuid, key, text)
        except (StoreError, *errors()) as error:
            return str(error)
        self.ack_log.draft_saved(key, text)
        self.drafts[key] = text
        return None

    def add_note(self, text: str, question: str, kind: str, draft_key: str) -> str | None:
        """Store a quote or observation and clear its draft; the error, if it failed."""
        try:
            self.store.interviews.add_note(self.uuid, text, question=question, kind=kind)
        except (StoreError, *errors()) as error:
            return str(error)
        return self.save_draft(draft_key, "")
