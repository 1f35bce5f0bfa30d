"""Provides one input widget per question type, all speaking the same small protocol.

The protocol (`AnswerInput`, `AnswerSubmitted`) is in `base`; the list inputs (single
choice, checklist, ranking) in `lists`; the typed ones (one line, long text) in `typed`; an
acknowledgement and a read-only note in `confirm`. `make_input` picks the one that fits a
question.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.tui.widgets.inputs.base import AnswerInput, AnswerSubmitted, format_value
from engagement_tui.tui.widgets.inputs.confirm import AcknowledgeInput, NoteView
from engagement_tui.tui.widgets.inputs.lists import ChoiceInput, MultiChoiceInput, RankInput
from engagement_tui.tui.widgets.inputs.typed import LongTextInput, TextAnswerInput

__all__ = [
    "AcknowledgeInput",
    "AnswerInput",
    "AnswerSubmitted",
    "ChoiceInput",
    "LongTextInput",
    "MultiChoiceInput",
    "NoteView",
    "RankInput",
    "TextAnswerInput",
    "format_value",
    "make_input",
]


def make_input(
    question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
) -> Widget:
    """The input widget that fits the question's type, showing `draft` or else `value`."""
    kind = question.type
    if kind == "select_one":
        return ChoiceInput(question, questionnaire, value)
    if kind == "select_multiple":
        return MultiChoiceInput(question, questionnaire, value)
    if kind == "rank":
        return RankInput(question, questionnaire, value)
    if kind == "acknowledge":
        return AcknowledgeInput(question, value)
    if kind in ("note", "calculate") or not question.answerable:  # read_only shows its value
        return NoteView(question, value)
    if question.is_long_text:
        return LongTextInput(question, value, draft)
    return TextAnswerInput(question, value, draft)
