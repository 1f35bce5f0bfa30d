"""Provides QuestionView (label, hint, input, inline error) and the interviewer's probe panel."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.tui.widgets.inputs import AnswerInput, make_input

__all__ = ["ProbePanel", "QuestionView", "keys_hint"]


def keys_hint(question: Question) -> str:
    """The keys that answer this type of question, shown under its input."""
    if question.type == "select_one":
        return "1-9 or ↑↓ and Enter to choose"
    if question.type == "select_multiple":
        return "Space ticks or unticks · Enter when done"
    if question.type == "rank":
        return "ctrl+↑/↓ (or - and +) moves the highlighted item · c keeps this order · Enter"
    if question.type == "acknowledge":
        return "Enter acknowledges"
    if question.is_long_text:
        return "Enter starts a new line · ctrl+s saves and goes on"
    if question.answerable:
        return "Enter saves and goes on"
    return "Enter to go on"


def update_keeping_height(static: Static, content: Content) -> None:
    """Update an auto-height Static, with a layout pass only if its height changes.

    A layout pass re-arranges and repaints the whole screen; most labels take as many
    lines as the one before them.
    """
    width, height = static.content_size
    static.update(content, layout=False)
    if not width or static.visual.get_height(static.styles, width) != height:
        static.refresh(layout=True)


class QuestionView(Vertical):
    """One question: its label, hint, the input that fits its type, and an error line."""

    def __init__(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> None:
        # No per-question class: views are reused for the next question, and changing a
        # class restyles the whole view (about 5 ms a keypress); `self.question` says which.
        super().__init__(classes="question-view")
        self.question = question
        """The question shown."""
        self.input = make_input(question, questionnaire, value, draft)
        """The input widget (also an AnswerInput)."""
        self.error = ""
        """The validation message shown, if any."""

    def compose(self) -> ComposeResult:
        # Three widgets, not five: every widget mounted costs time on each move.
        yield Static(self._label(), classes="question-label")
        yield self.input
        yield Static(self._below(""), classes="question-below")

    def _label(self) -> Content:
        question = self.question
        parts: list = [(question.label or question.name, "bold")]
        if question.required:
            parts.append((" *", "bold $text-error"))
        if question.hint:
            parts += ["\n", (question.hint, "italic $text-muted")]
        return Content.assemble(*parts)

    def show_question(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> bool:
        """Show another question in these widgets if its input fits it; False if not."""
        if not self.answer_input.rebind(question, questionnaire, value, draft):
            return False
        same_keys = keys_hint(question) == keys_hint(self.question)
        self.question = question
        update_keeping_height(self.query_one(".question-label", Static), self._label())
        had_error, self.error = bool(self.error), ""
        if had_error or not same_keys:  # else the line under the input stays as it is
            self.query_one(".question-below", Static).update(self._below(""), layout=had_error)
        self.set_class(False, "-invalid")
        return True

    def _below(self, error: str) -> Content:
        """The line under the input: the validation message, if any, then the keys."""
        hint = Content.styled(keys_hint(self.question), "dim $text-muted")
        if not error:
            return hint
        return Content.assemble((error, "bold $text-error"), "\n", hint)

    @property
    def answer_input(self) -> AnswerInput:
        assert isinstance(self.input, AnswerInput)
        return self.input

    @property
    def answer_input_widget(self) -> Widget:
        return self.input

    def show_error(self, message: str) -> None:
        """Show a validation message under the input (empty clears it)."""
        if message == self.error:
            return
        self.error = message
        self.query_one(".question-below", Static).update(self._below(message))
        self.set_class(bool(message), "-invalid")


class ProbePanel(VerticalScroll):
    """Prompts for the interviewer beside the question: never asked aloud."""

    def __init__(self) -> None:
        super().__init__(id="probes")
        self.border_title = "Probes (not read aloud)"

    def compose(self) -> ComposeResult:
        yield Static("", id="probe-text", markup=False)

    def show(self, questions: list[Question]) -> None:
        """Show the probes of the questions on screen; hide the panel when there are none."""
        probes = [question.probe.strip() for question in questions if question.probe.strip()]
        text = "\n\n".join(probes)
        probe_text = self.query_one("#probe-text", Static)
        if text != probe_text.content:  # an unchanged panel needs no layout pass
            probe_text.update(text)
        self.display = bool(probes)
