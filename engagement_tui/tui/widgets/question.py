"""Provides QuestionView (label, hint, input, inline error) and the interviewer's probe panel."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from engagement_tui.questionnaire import Question, Questionnaire
from engagement_tui.tui.widgets.inputs import AnswerInput, make_input

__all__ = ["ProbePanel", "QuestionView", "keys_hint"]


def keys_hint(question: Question) -> str:
    """The keys that answer this type of question, shown under its input."""
    if question.type == "select_one":
        return "1-9 or ↑↓ and Enter to choose"
    if question.type == "select_multiple":
        return "Space ticks or unticks · Enter when done"
    if question.type == "rank":
        return "ctrl+↑/↓ (or - and +) moves the highlighted item · Enter when done"
    if question.type == "acknowledge":
        return "Enter acknowledges"
    if question.is_long_text:
        return "Enter starts a new line · ctrl+s saves and goes on"
    if question.answerable:
        return "Enter saves and goes on"
    return "Enter to go on"


class QuestionView(Vertical):
    """One question: its label, hint, the input that fits its type, and an error line."""

    def __init__(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> None:
        super().__init__(id=f"question-{question.name}", classes="question-view")
        self.question = question
        """The question shown."""
        self.input = make_input(question, questionnaire, value, draft)
        """The input widget (also an AnswerInput)."""

    def compose(self) -> ComposeResult:
        question = self.question
        label = question.label or question.name
        parts: list = [(label, "bold")]
        if question.required:
            parts.append((" *", "bold $text-error"))
        yield Static(Content.assemble(*parts), classes="question-label")
        if question.hint:
            yield Static(question.hint, classes="question-hint", markup=False)
        yield self.input
        yield Static("", classes="question-error", markup=False)
        yield Static(keys_hint(question), classes="keys-hint", markup=False)

    @property
    def answer_input(self) -> AnswerInput:
        assert isinstance(self.input, AnswerInput)
        return self.input

    @property
    def answer_input_widget(self) -> Widget:
        return self.input

    def show_error(self, message: str) -> None:
        """Show a validation message under the input (empty clears it)."""
        error = self.query_one(".question-error", Static)
        error.update(message)
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
        self.query_one("#probe-text", Static).update("\n\n".join(probes))
        self.display = bool(probes)
