"""Provides the one answer path: what a person (or a survey return) gives, checked and stored.

`AnswerPath.record` takes the raw answers of one screen (text typed, a choice name, a list
of names), has the interview session parse, validate and apply them together (recomputing
calculations and relevance), and commits everything that differs from the store (answers,
calculations, the resume position; drafts of the questions given are dropped) in one
transaction. The app's widgets and plain mode call it; survey-return import runs the same
`InterviewSession.give` over each row and commits the whole file in one transaction of
its own (all or nothing), so every way an answer enters the store is checked the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.interview.session import InterviewSession
from engagement_tui.store import Store, StoreError
from engagement_tui.store.driver import errors

__all__ = ["AnswerPath", "Recorded"]


@dataclass(frozen=True)
class Recorded:
    """The outcome of recording a screen: refused answers, or a store error, or saved."""

    problems: dict[str, str] = field(default_factory=dict)
    """Question name -> why its answer was refused (nothing was stored)."""
    error: str | None = None
    """Why the commit failed (the session keeps the answers; the next commit retries)."""
    saved: dict[str, Any] = field(default_factory=dict)
    """What was written: answers and calculations (None = cleared)."""
    stayed: bool = False
    """The answers showed more questions on the same screen: saved, but not moved on."""

    @property
    def ok(self) -> bool:
        return not self.problems and self.error is None


class AnswerPath:
    """One interview's answers going into the store, one screen at a time."""

    def __init__(
        self,
        store: Store,
        uuid: str,
        session: InterviewSession,
        *,
        before_commit: Callable[[dict[str, Any]], None] | None = None,
        after_commit: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.store = store
        self.uuid = uuid
        self.session = session
        self._before = before_commit
        self._after = after_commit

    def record(
        self, raws: Mapping[str, Any], *, position: str | Callable[[], str] = ""
    ) -> Recorded:
        """Give `raws` to the session and, if all are accepted, commit; see the module.

        `position` is where a resume lands, or a function working it out once the answers
        are applied (the next question depends on them).
        """
        results = self.session.give(raws)
        problems = {name: result.message for name, result in results.items() if not result.ok}
        if problems:
            return Recorded(problems=problems)
        return self.commit(position() if callable(position) else position)

    def commit(self, position: str = "") -> Recorded:
        """Store what differs from the store (and the position) in one transaction."""
        updates = self.session.updates()
        if self._before is not None:
            self._before(updates)
        try:
            self.store.interviews.save_answers(self.uuid, updates, position=position)
        except (StoreError, *errors()) as error:
            return Recorded(error=str(error))
        self.session.mark_stored()
        if self._after is not None:
            self._after(updates)
        return Recorded(saved=updates)

    def save_screen(self, raws: Mapping[str, Any], shown: Collection[str] = ()) -> Recorded:
        """Record the current screen's answers and move to the next screen.

        `shown` names the questions the officer saw (default: those in `raws`). If the
        answers bring another question onto this screen (a field-list group's follow-up),
        they are saved and the session stays, so that question is seen before moving on.
        The resume position stored with them is the screen moved to, so a killed process
        resumes after the answers it acknowledged; if the commit fails, the session stays
        on this screen.
        """
        session = self.session
        here = session.current
        results = session.give(raws)
        problems = {name: result.message for name, result in results.items() if not result.ok}
        if problems:
            return Recorded(problems=problems)
        seen = set(shown) | set(raws)
        if any(q.name not in seen for q in session.screen() if q.answerable):
            stayed = self.commit(session.screen()[0].name)
            return Recorded(error=stayed.error, saved=stayed.saved, stayed=True)
        following = session.next()
        position = following.name if following is not None else (here.name if here else "")
        recorded = self.commit(position)
        if not recorded.ok and here is not None:
            session.go_to(here.name)
        return recorded
