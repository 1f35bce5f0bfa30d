"""Provides the inputs that take no typing: an acknowledgement ([x]/[ ]) and a read-only note."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Checkbox, Static

from engagement_tui.interview.questionnaire import Question
from engagement_tui.tui.widgets.inputs.base import TICKED, UNTICKED, AnswerInput, format_value

__all__ = ["AcknowledgeInput", "NoteView"]


class AcknowledgeInput(AnswerInput, Checkbox):
    """An acknowledgement: Enter ticks it and moves on; space toggles."""

    BINDINGS = [
        Binding("enter", "acknowledge", "Acknowledge", show=False),
        Binding("space", "toggle_button", "Toggle", show=False),
    ]
    KEY_ACTIONS = {"space": "toggle_button"}

    def __init__(self, question: Question, value: Any) -> None:
        self.question = question
        super().__init__("Acknowledged", value == "OK", classes="answer-input")

    @property
    def _button(self) -> Content:
        # Textual draws the same X ticked or not, in another colour: show [x] or [ ].
        return Content(TICKED.strip() if self.value else UNTICKED.strip())

    def raw(self) -> Any:
        return "OK" if self.value else None

    def prepare_submit(self) -> None:
        self.value = True

    def action_acknowledge(self) -> None:
        self.submit()


class NoteView(AnswerInput, Static):
    """Read-only text (a note or a computed value); Enter moves on."""

    can_focus = True
    BINDINGS = [Binding("enter", "submit", "Continue", show=False)]

    def __init__(self, question: Question, value: Any) -> None:
        self.question = question
        text = "" if question.type == "note" else f"= {format_value(value)}"
        super().__init__(text, classes="answer-input note-view")

    def raw(self) -> Any:
        return None

    def action_submit(self) -> None:
        self.submit()
