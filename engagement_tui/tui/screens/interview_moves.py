"""Provides InterviewMoves: the interview screen's moves away from the current question.

Back, jump to a section, the notes pane, the review (and opening a question chosen there),
withdrawal and leaving for Home. Each move first records where the officer is, so reopening
the interview resumes there; answers themselves are already committed by then.
"""

from __future__ import annotations

from typing import Any

from engagement_tui.interview.session import InterviewSession
from engagement_tui.store import Store, StoreError
from engagement_tui.store.driver import errors
from engagement_tui.tui.recorder import Recorder
from engagement_tui.tui.screens.dialogs import SectionPicker, confirm_withdraw
from engagement_tui.tui.screens.notes import open_notes


class InterviewMoves:
    """Mixed into the interview screen, which provides the store, the interview, its
    session and recorder, and the rendering (`render_questions`, `_view`, `_show_title`)."""

    store: Store
    uuid: str
    interview: Any
    return_to_review: bool
    _session: InterviewSession
    _recorder: Recorder
    app: Any

    def _remember_position(self) -> None:
        if self._session.at_end:
            return
        try:
            self.store.interviews.set_position(self.uuid, self._session.current.name)
        except (StoreError, *errors()) as error:
            self.notify(f"Position not saved: {error}", severity="warning")

    async def action_back(self) -> None:
        """Go to the previous screen of questions (typed text stays as a draft)."""
        self._session.back()
        self._remember_position()
        await self.render_questions()

    def action_sections(self) -> None:
        current = ""
        if not self._session.at_end:
            group = self._session.questionnaire.section_of(self._session.current)
            current = group.name if group else ""
        self.app.push_screen(SectionPicker(self._session.sections(), current), self._jump)

    async def _jump(self, section: str | None) -> None:
        if section:
            self._session.jump_to_section(section)
            self._remember_position()
            await self.render_questions()

    def action_notes(self) -> None:
        """Open the notes pane for the current question."""
        session = self._session
        question = "" if session.at_end else session.current.name
        label = session.questionnaire.question(question).label if question else "the interview"
        open_notes(self, self._recorder, self.interview, question, label)

    def action_review(self) -> None:
        from engagement_tui.tui.screens.review import ReviewScreen

        self.app.push_screen(
            ReviewScreen(self.store, self.uuid, self._session, self._session.questionnaire),
            self._edit,
        )

    async def _edit(self, question: str | None) -> None:
        """Back from review: open the question chosen there, if any."""
        self._show_title()  # the details may have changed in the review
        if question:
            self._session.go_to(question)
            self.return_to_review = True
            self._remember_position()
            await self.render_questions()
            chosen = self._view(question)  # on a field-list screen, not the first field
            if chosen is not None:
                self.set_focus(chosen.answer_input_widget, scroll_visible=True)

    def action_withdraw(self) -> None:
        confirm_withdraw(self, self.store, self.uuid)

    def action_leave(self) -> None:
        """Back to the home screen; every answer is already saved."""
        self.app.action_home()  # type: ignore[attr-defined]
