"""Provides the protocol every question input speaks: AnswerInput, AnswerSubmitted, the marks.

Every input knows its question, gives the raw answer with `raw()` (what the session's
`validate`/`answer` take: a string for typed answers, a choice name, a list of names for
select_multiple and rank, "OK" or None for acknowledge) and posts `AnswerSubmitted` when
the officer moves on. Typed inputs also give `draft_text()`, saved on every change so a
killed process loses at most the last keystroke.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.message import Message
from textual.widget import Widget

from engagement_tui.interview.questionnaire import Question, Questionnaire

__all__ = ["TICKED", "UNTICKED", "AnswerInput", "AnswerSubmitted", "format_value"]

TICKED, UNTICKED = "[x] ", "[ ] "
"""Marks before each option of a checklist (and an acknowledgement)."""


class AnswerSubmitted(Message):
    """The officer asked to move on from a question (Enter, or ctrl+s)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        """Name of the question whose input was submitted."""


def format_value(value: Any) -> str:
    """An answer as the text an Input shows for it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


class AnswerInput:
    """Mixin for question inputs: the question, the raw answer and the typed draft."""

    question: Question
    initial_text: str = ""
    """What a typed input showed when it was built (a draft, or the stored answer)."""
    settled_text: str | None = None
    """The text last accepted as this question's answer (no draft needed for it)."""
    KEY_ACTIONS: ClassVar[dict[str, str]] = {}
    """Keys the input handles itself, in its own queue, as 'action' or 'action:argument'.

    Bindings run later, when the key has bubbled up to the app; handling these here keeps
    them in order with the Enter that follows (see InterviewScreen._drain).
    """

    def on_key(self, event: events.Key) -> None:
        action = self.KEY_ACTIONS.get(event.key)
        if action is None:
            return
        event.stop()
        event.prevent_default()
        name, _, argument = action.partition(":")
        method = getattr(self, f"action_{name}")
        if argument:
            method(int(argument))
        else:
            method()

    def raw(self) -> Any:
        raise NotImplementedError

    def draft_text(self) -> str | None:
        """Text typed but not yet submitted (None for inputs that are not typed)."""
        return None

    def prepare_submit(self) -> None:
        """Make the input show what Enter is about to submit (a tick)."""

    def rebind(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> bool:
        """Show another question in this widget if it fits; False (unchanged) if not."""
        return False

    def submit(self) -> None:
        self.prepare_submit()
        assert isinstance(self, Widget)
        self.post_message(AnswerSubmitted(self.question.name))
