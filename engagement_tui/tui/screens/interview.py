"""Provides the interview screen: the current question(s), probes, outline, notes, navigation.

Every answer is committed (one transaction with the session's updates and the position
to resume at) before the screen moves on, and "Saved hh:mm:ss" appears only after the
commit returns. Text typed but not submitted is saved as a draft on every change.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from engagement_tui.interview.session import InterviewSession
from engagement_tui.interview.translations import language_problem
from engagement_tui.recording import Recorded
from engagement_tui.store import Store
from engagement_tui.tui.recorder import Recorder
from engagement_tui.tui.screens.interview_language import LANGUAGE_BINDING, LanguageSwitch
from engagement_tui.tui.screens.interview_moves import InterviewMoves
from engagement_tui.tui.widgets.inputs import (
    AnswerInput,
    AnswerSubmitted,
    ChoiceInput,
    LongTextInput,
)
from engagement_tui.tui.widgets.keybar import KeyBar
from engagement_tui.tui.widgets.outline import SectionOutline
from engagement_tui.tui.widgets.question import ProbePanel, QuestionView

__all__ = ["InterviewScreen"]
NARROW_WIDTH = 100
DRAIN_TIMEOUT = 0.5
RETIRE_DELAY = 0.5
"""Seconds before replaced question widgets are removed (off the keypress's critical path)."""


def _discard(widgets: list[Widget]) -> None:
    for widget in widgets:
        widget.remove()


class InterviewScreen(LanguageSwitch, InterviewMoves, Screen[None]):
    """Runs one interview, one question (or one field-list group) at a time."""

    BINDINGS = [
        Binding("ctrl+s", "save_next", "Save & next", priority=True),
        # Enter and the digits are priority bindings so that the move to the next question
        # happens inside the key's own dispatch: keys typed straight after it then reach the
        # next question's input instead of the one being removed.
        Binding("enter", "enter", "Next", show=False, priority=True),
        *(
            Binding(str(digit), f"choose({digit})", show=False, priority=True)
            for digit in range(1, 10)
        ),
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+g,f2", "sections", "Sections", key_display="^g"),
        Binding("ctrl+n,f3", "notes", "Notes", key_display="^n"),
        Binding("ctrl+r", "review", "Review"),
        LANGUAGE_BINDING,
        Binding("escape", "leave", "Home"),
    ]

    def __init__(self, store: Store, uuid: str, *, review: bool = False) -> None:
        super().__init__(id="interview")
        self.open_in_review = review
        """Show the review list first (for an interview already completed)."""
        self.store = store
        self.uuid = uuid
        """The interview being run (this process holds its edit lock)."""
        self.interview = store.interviews.get(uuid)
        self.questionnaire = store.forms.load_by_id(self.interview.questionnaire_id)
        self.session: InterviewSession | None = None
        self.recorder: Recorder | None = None
        """Writes answers and drafts (built on mount, with the app's ACK log)."""
        self.return_to_review = False
        """Set when a question was opened from the review list: go back there after it."""
        self._shown: list[QuestionView] = []
        """The question views on screen, in order (replaced ones wait hidden for removal)."""

    def title_text(self) -> str:
        interview = self.interview
        who = (
            " · ".join(part for part in (interview.organisation, interview.respondent) if part)
            or "Interview"
        )
        return f"{who} — {self.questionnaire.title}"

    def _show_title(self) -> None:
        self.interview = self.store.interviews.get(self.uuid)
        title = self.query_one("#title-bar", Static)
        if title.content != self.title_text():
            title.update(self.title_text())

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="title-bar", markup=False)
        with Horizontal(id="status-bar"):
            yield Static("", id="progress-text", markup=False)
            yield Static("", id="saved", markup=False)
        with Horizontal(id="interview-body"):
            yield SectionOutline()
            with Vertical(id="question-pane"):
                yield Static("", id="section-title", markup=False)
                yield VerticalScroll(id="questions")
            yield ProbePanel()
        yield KeyBar(self.keys_shown([b for b in self.BINDINGS if isinstance(b, Binding)]))

    async def on_mount(self) -> None:
        today = self.app.clock().date()  # type: ignore[attr-defined]
        language = getattr(self.app, "language", "")  # `engage interview --language`
        self.session = InterviewSession(
            self.questionnaire,
            self.store.interviews.answers(self.uuid),
            position=self.interview.position,
            today=today,
            language=language if not language_problem(self.questionnaire, language) else "",
        )
        self.questionnaire = self.session.questionnaire
        self.query_one("#title-bar", Static).update(self.title_text())
        self.recorder = Recorder(self.store, self.uuid, self.session, self.app.ack_log)  # type: ignore[attr-defined]
        self.app.ack_log.opened(self.uuid)  # type: ignore[attr-defined]
        await self.render_questions()
        if self.open_in_review:
            self.action_review()

    def on_unmount(self) -> None:
        self.app.release(self.uuid)  # type: ignore[attr-defined]

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # -- rendering ---------------------------------------------------------------------

    @property
    def views(self) -> list[QuestionView]:
        """The question views on screen (not those waiting to be removed)."""
        return list(self._shown)

    async def render_questions(self, fresh: bool = False) -> None:
        """Show the session's current screen of questions, or the end of the interview
        (`fresh`: in new widgets, as after a change of language)."""
        session = self._session
        questions = [] if session.at_end else session.screen()
        group = session.questionnaire.section_of(questions[0]) if questions else None
        title = (group.label or group.name) if group else ("" if questions else "The end")
        instance = session.instance_caption(questions[0]) if questions else ""
        if instance:  # "Household member 2 of 3", after the section when it is another
            title = instance if group is None or "[" in group.name else f"{title} · {instance}"
        # Fixed-size lines: updating them without a layout pass keeps each move cheap.
        section_title = self.query_one("#section-title", Static)
        if section_title.content != title or fresh:  # unchanged within a section: nothing to redraw
            section_title.update(title, layout=False)
        values = session.values()
        shown = [  # labels with ${name} read with the answers given so far
            (session.shown(question), values.get(question.name, session.default_for(question.name)))
            for question in questions
        ]
        views = self.views
        # Most questions look like the one before (the same agreement scale, another
        # number): show them in the same widgets, which is far quicker than new ones.
        reused = (
            not fresh
            and len(shown) == 1
            and len(views) == 1
            and views[0].show_question(
                shown[0][0],
                self._session.offered(),  # choices kept to each choice_filter
                shown[0][1],
                self._recorder.drafts.get(shown[0][0].name),
            )
        )
        if not reused:
            await self._replace_views(shown)
        self.query_one(ProbePanel).show(questions)
        self.query_one(SectionOutline).show(session.sections(), group.name if group else "")
        answered, total = session.progress()
        filled = round(10 * answered / total) if total else 0
        self.query_one("#progress-text", Static).update(
            f"{'▰' * filled}{'▱' * (10 - filled)} {answered} of {total} answered", layout=False
        )
        for view in self.views[:1]:
            self.set_focus(view.answer_input_widget, scroll_visible=False)

    async def _replace_views(self, shown: list[tuple[Any, Any]]) -> None:
        container = self.query_one("#questions", VerticalScroll)
        # Hide the old views now and remove them a little later: removing widgets costs
        # more than mounting them, and the officer is waiting for the next question.
        # (Hidden, not given a class: a class change restyles the whole view, about as
        # costly as the mount that follows.)
        retired = [child for child in container.children if child.display]
        for child in retired:
            child.display = False
        widgets: list[Widget] = [
            QuestionView(
                question, self._session.offered(), value, self._recorder.drafts.get(question.name)
            )
            for question, value in shown
        ]
        if not widgets:
            widgets.append(
                Static(
                    "End of the questionnaire. Press ctrl+r to review the answers and complete.",
                    classes="end-panel",
                    markup=False,
                )
            )
        self._shown = [widget for widget in widgets if isinstance(widget, QuestionView)]
        await container.mount_all(widgets)
        container.scroll_home(animate=False)
        if retired:
            self.set_timer(RETIRE_DELAY, lambda: _discard(retired))

    @property
    def _recorder(self) -> Recorder:
        assert self.recorder is not None, "the recorder is built on mount"
        return self.recorder

    @property
    def _session(self) -> InterviewSession:
        assert self.session is not None, "the session is built on mount"
        return self.session

    def _view(self, name: str) -> QuestionView | None:
        for view in self.views:
            if view.question.name == name:
                return view
        return None

    # -- saving ------------------------------------------------------------------------

    def _show_saved(self, recorded: Recorded) -> bool:
        """Show each refused answer under its question, or the store's error, or "Saved"."""
        for name, problem in self._session.expression_errors().items():  # never taken as true
            self.notify(f"Form rule failed for {name}: {problem}", severity="warning", timeout=10)
        for view in self.views:
            view.show_error(recorded.problems.get(view.question.name, ""))
            if view.question.name in recorded.problems:
                answer_input = view.answer_input
                answer_input.settled_text = None
        if recorded.problems:
            first = next(v for v in self.views if v.question.name in recorded.problems)
            self.set_focus(first.answer_input_widget)
            return False
        if recorded.error is not None:
            self.query_one("#saved", Static).update(f"NOT SAVED: {recorded.error}")
            self.notify(f"Not saved: {recorded.error}", severity="error", timeout=10)
            return False
        for view in self.views:
            if view.question.name in recorded.saved:
                view.answer_input.settled_text = view.answer_input.draft_text()
        stamp = self.app.clock().strftime("%H:%M:%S")  # type: ignore[attr-defined]
        saved = self.query_one("#saved", Static)
        if saved.content != f"Saved {stamp}":  # the same second: already shown
            saved.update(f"Saved {stamp}", layout=False)
        return True

    def _raws(self, views: list[QuestionView]) -> dict[str, Any]:
        """What the officer has given on these views, by question (notes give nothing)."""
        return {v.question.name: v.answer_input.raw() for v in views if v.question.answerable}

    async def _drain(self) -> None:
        """Let the focused input handle the keys already sent to it before acting on Enter.

        Keys reach a widget through its own queue while priority bindings run at once, so
        without this a fast typist's last characters could miss the answer being saved.
        """
        focused = self.focused
        if focused is None:
            return
        handled = asyncio.Event()
        focused.call_later(handled.set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(handled.wait(), DRAIN_TIMEOUT)

    async def action_enter(self) -> None:
        """Enter on a question input answers it (in long text it makes a new line)."""
        focused = self.focused
        if not isinstance(focused, AnswerInput) or isinstance(focused, LongTextInput):
            raise SkipAction()
        await self._drain()
        focused.prepare_submit()
        await self.submit_question(focused.question.name)

    async def action_choose(self, number: int) -> None:
        """A digit picks that option of a single choice, and moves on."""
        focused = self.focused
        if not isinstance(focused, ChoiceInput) or not focused.pick(number - 1):
            raise SkipAction()
        await self.submit_question(focused.question.name)

    @on(AnswerSubmitted)
    async def _submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        await self.submit_question(event.question)

    async def submit_question(self, name: str) -> None:
        """Answer one question; then the next field of a group, or the next screen."""
        view = self._view(name)
        if view is None:
            return
        views = self.views
        index = views.index(view)
        if index + 1 >= len(views):
            await self.action_save_next()
            return
        # Within a field-list group: commit this answer now (through the one answer path),
        # then the next field; ctrl+s on the group saves every field on it.
        before = [v.question.name for v in views]
        recorded = self._recorder.record(self._raws([view]), position=views[0].question.name)
        if not self._show_saved(recorded):
            return
        if [q.name for q in self._session.screen()] != before:
            await self.render_questions()
            following = self._view_after(name)
            if following is not None:
                self.set_focus(following.answer_input_widget, scroll_visible=False)
        else:
            self.set_focus(views[index + 1].answer_input_widget)

    def _view_after(self, name: str) -> QuestionView | None:
        names = [view.question.name for view in self.views]
        if name not in names or names.index(name) + 1 >= len(names):
            return None
        return self.views[names.index(name) + 1]

    async def action_save_next(self) -> None:
        """Answer every question on screen, commit, and move to the next screen."""
        await self._drain()
        session = self._session
        if session.at_end:
            self.action_review()
            return
        views = self.views
        shown = [view.question.name for view in views]
        recorded = self._recorder.save_screen(self._raws(views), shown)
        if not self._show_saved(recorded):
            return
        if recorded.stayed:  # a follow-up appeared on this screen: show it, focused
            await self.render_questions()
            new = next((v for v in self.views if v.question.name not in shown), None)
            if new is not None:
                self.set_focus(new.answer_input_widget, scroll_visible=False)
            return
        if self.return_to_review:
            self.return_to_review = False
            await self.render_questions()
            self.action_review()
            return
        await self.render_questions()
        if session.at_end:
            self.action_review()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        control = event.control
        if not isinstance(control, AnswerInput):
            return
        text = control.draft_text()
        name = control.question.name
        drafts = self._recorder.drafts
        if text is None or drafts.get(name) == text or text == control.settled_text:
            return  # nothing new, or the change notice of text already saved as the answer
        if name not in drafts and text == control.initial_text:
            return  # the widget showing what is already stored is not a change
        self._save_draft(name, text)

    def _save_draft(self, key: str, text: str) -> None:
        error = self._recorder.save_draft(key, text)
        if error is not None:
            self.query_one("#saved", Static).update(f"DRAFT NOT SAVED: {error}")
