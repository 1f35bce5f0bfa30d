"""Provides the typed inputs: one line (text, numbers, ranges, dates) and long text.

Both show a restored draft (else the stored answer) with the cursor at its end, so the
officer goes on typing where the text stopped.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea

from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.tui.widgets.inputs.base import AnswerInput, format_value

__all__ = ["LongTextInput", "TextAnswerInput"]


_PLACEHOLDERS = {
    "integer": "a whole number",
    "decimal": "a number",
    "date": "YYYY-MM-DD",
    "text": "type the answer",
    "range": "",
    "time": "HH:MM",
    "datetime": "YYYY-MM-DD HH:MM",
    "geopoint": "latitude longitude [altitude accuracy]",
    "geotrace": "lat lon; lat lon; ... (at least 2 points)",
    "geoshape": "lat lon; lat lon; lat lon; ... (at least 3 points)",
    "image": "path of the image file (empty to skip)",
    "audio": "path of the audio file (empty to skip)",
    "video": "path of the video file (empty to skip)",
    "file": "path of the file (empty to skip)",
    "barcode": "type the code",
}


def _placeholder(question: Question) -> str:
    if question.type == "range":
        start, end = question.parameter("start", "1"), question.parameter("end", "10")
        return f"a number from {start} to {end}"
    return _PLACEHOLDERS.get(question.type, "")


class TextAnswerInput(AnswerInput, Input):
    """One line for short text, numbers, ranges and dates; Enter moves on."""

    def __init__(self, question: Question, value: Any, draft: str | None) -> None:
        self.question = question
        self.initial_text = draft if draft is not None else format_value(value)
        super().__init__(
            self.initial_text,
            placeholder=_placeholder(question),
            select_on_focus=False,
            classes="answer-input",
        )

    def on_mount(self) -> None:
        # A restored draft goes on where the officer stopped typing: cursor at the end.
        self.cursor_position = len(self.value)

    def raw(self) -> Any:
        return self.value

    def draft_text(self) -> str | None:
        return self.value

    def rebind(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> bool:
        if question.type not in _PLACEHOLDERS or question.is_long_text:
            return False
        self.question = question
        self.placeholder = _placeholder(question)
        self.initial_text = draft if draft is not None else format_value(value)
        self.settled_text = None
        with self.prevent(Input.Changed):
            self.value = self.initial_text
        self.cursor_position = len(self.initial_text)
        return True

    def action_submit(self) -> None:  # type: ignore[override]
        self.submit()


class LongTextInput(AnswerInput, TextArea):
    """Several lines of free text; Enter makes a new line, ctrl+s moves on."""

    def __init__(self, question: Question, value: Any, draft: str | None) -> None:
        self.question = question
        self.initial_text = draft if draft is not None else format_value(value)
        super().__init__(
            self.initial_text,
            soft_wrap=True,
            show_line_numbers=False,
            classes="answer-input",
        )

    def on_mount(self) -> None:
        # A restored draft goes on where the officer stopped typing: cursor at the end.
        self.move_cursor(self.document.end)

    def raw(self) -> Any:
        return self.text

    def draft_text(self) -> str | None:
        return self.text
