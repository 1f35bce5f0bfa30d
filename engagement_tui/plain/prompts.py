"""Provides the questionary prompts of the plain, line-by-line interview.

Each question is asked with the prompt that fits its type; text is checked as it is typed
through the session's own `validate`, so the plain mode refuses exactly what the TUI refuses.
Everything is printed as plain lines (hint, interviewer probe, notes) so a screen reader
reads it in order. Prompts use `unsafe_ask()`: Ctrl-C raises KeyboardInterrupt for the
caller to turn into "saved as a draft".

At any question the interviewer can go back (`<` at a text prompt, "Back" in a list) or
save a verbatim quote or observation (`!` then the text, or "Add a note" in a list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import questionary

from engagement_tui.interview.questionnaire import Question
from engagement_tui.interview.session import InterviewSession

BACK_TEXT = "<"
NOTE_PREFIX = "!"
HELP_LINE = (
    "Type < to go back, or ! followed by text to save a quote or note on the question. "
    "Ctrl-C saves and stops."
)


class Back:
    """The interviewer asked to go back to the previous question."""


BACK = Back()


@dataclass(frozen=True)
class NoteRequest:
    """The interviewer typed a quote or observation to keep against the question."""

    text: str


@dataclass(frozen=True)
class Answer:
    """A raw answer the session has already accepted."""

    raw: Any


# Choice values that are not answers; strings because questionary uses the title for None.
_BACK_VALUE = "\x00back"
_NOTE_VALUE = "\x00note"
_SKIP_VALUE = "\x00skip"
_UNCHOSEN_VALUE = "\x00unchosen"
UNCHOSEN_TITLE = "(nothing chosen yet)"
"""The first line of a list with no answer: Enter on it chooses nothing (no silent option 1)."""


def say(text: str = "") -> None:
    """Print one plain line (the only way this module writes to the terminal)."""
    print(text, flush=True)


def show_question(session: InterviewSession, question: Question) -> None:
    """Print what goes above the prompt: where we are, the hint and the interviewer probe."""
    answered, total = session.progress()
    say()
    section = session.questionnaire.section_of(question)
    place = f"{section.label or section.name} - " if section else ""
    instance = session.instance_caption(question)
    if instance:  # "Household member 2 of 3"
        place = (
            f"{instance} - " if section is None or "[" in section.name else f"{place}{instance} - "
        )
    say(f"[{place}{answered} of {total} answered]")
    if question.hint:
        say(f"Hint: {question.hint}")
    if question.probe:
        say(f"Probe (for you, not to read out): {question.probe}")


def show_note(question: Question) -> None:
    say()
    say(question.label or question.name)
    if question.hint:
        say(question.hint)


def ask_answer(session: InterviewSession, question: Question) -> Answer | Back | NoteRequest:
    """Ask one question; the answer is valid for `session.answer` when it is an Answer."""
    message = question.label or question.name
    current = session.answers.get(question.name)
    if current is None or not session.is_relevant(question.name):
        current = session.default_for(question.name)
    if question.type in ("select_one", "acknowledge"):
        return _ask_select(session, question, message, current)
    if question.type == "select_multiple":
        return _ask_checkbox(session, question, message, current)
    if question.type == "rank":
        return _ask_rank(session, question, message, current)
    return _ask_text(session, question, message, current)


def _special_text(text: str) -> Back | NoteRequest | None:
    stripped = text.strip()
    if stripped == BACK_TEXT:
        return BACK
    if stripped.startswith(NOTE_PREFIX) and stripped[1:].strip():
        return NoteRequest(stripped[1:].strip())
    return None


def _ask_text(
    session: InterviewSession, question: Question, message: str, current: Any
) -> Answer | Back | NoteRequest:
    def check(text: str) -> bool | str:
        if _special_text(text) is not None:
            return True
        result = session.validate(question.name, text)
        return True if result.ok else result.message

    instruction = {
        "date": "(YYYY-MM-DD or DD/MM/YYYY)",
        "range": _range_instruction(question),
        "time": "(HH:MM)",
        "datetime": "(YYYY-MM-DD HH:MM)",
        "geopoint": "(latitude longitude [altitude accuracy])",
        "geotrace": "(points 'lat lon' separated by ;)",
        "geoshape": "(at least 3 points 'lat lon' separated by ;)",
        "image": "(path of the file; empty to skip)",
        "audio": "(path of the file; empty to skip)",
        "video": "(path of the file; empty to skip)",
        "file": "(path of the file; empty to skip)",
    }.get(question.type)
    text = questionary.text(
        message,
        default="" if current is None else str(current),
        validate=check,
        multiline=False,
        instruction=instruction,
    ).unsafe_ask()
    special = _special_text(text)
    return special if special is not None else Answer(text)


def _range_instruction(question: Question) -> str:
    start = question.parameter("start", "0")
    end = question.parameter("end", "10")
    step = question.parameter("step", "1")
    return f"({start} to {end})" if step in ("1", "") else f"({start} to {end}, steps of {step})"


def _extra_choices(question: Question, with_skip: bool) -> list[questionary.Choice]:
    extra = []
    if with_skip and not question.required:
        extra.append(questionary.Choice("Skip (no answer)", _SKIP_VALUE))
    extra.append(questionary.Choice("Add a quote or note", _NOTE_VALUE))
    extra.append(questionary.Choice("Back", _BACK_VALUE))
    return extra


def _ask_note_text() -> NoteRequest | None:
    text = questionary.text("Quote or note (empty to cancel)").unsafe_ask()
    return NoteRequest(text.strip()) if text.strip() else None


def _ask_select(
    session: InterviewSession, question: Question, message: str, current: Any
) -> Answer | Back | NoteRequest:
    if question.type == "acknowledge":
        choices = [questionary.Choice("OK", "OK")]
    else:
        choice_list = session.choices_for(question.name)
        choices = [questionary.Choice(c.label or c.name, c.name) for c in choice_list.choices]
    choices += _extra_choices(question, with_skip=True)
    default = next((c for c in choices if c.value == current), None)
    if default is None:
        # The pointer starts on a line that is not an answer, so Enter alone chooses nothing.
        choices.insert(0, questionary.Choice(UNCHOSEN_TITLE, _UNCHOSEN_VALUE))
        default = choices[0]
    while True:
        picked = questionary.select(message, choices=choices, default=default).unsafe_ask()
        if picked == _UNCHOSEN_VALUE:
            result = session.validate(question.name, None)
            if not result.ok:
                say(result.message)
                continue
            return Answer(None)
        outcome = _special_choice(picked)
        if outcome is None:
            return Answer(picked)
        if outcome != _NOTE_VALUE:
            return outcome
        note = _ask_note_text()
        if note is not None:
            return note


def _special_choice(picked: Any) -> Answer | Back | str | None:
    if picked == _BACK_VALUE:
        return BACK
    if picked == _SKIP_VALUE:
        return Answer(None)
    if picked == _NOTE_VALUE:
        return _NOTE_VALUE
    return None


def _ask_checkbox(
    session: InterviewSession, question: Question, message: str, current: Any
) -> Answer | Back | NoteRequest:
    chosen = set(current or [])
    choices = [
        questionary.Choice(c.label or c.name, c.name, checked=c.name in chosen)
        for c in session.choices_for(question.name).choices
    ] + _extra_choices(question, with_skip=False)

    def check(picked: list[str]) -> bool | str:
        if _BACK_VALUE in picked or _NOTE_VALUE in picked:
            return True
        result = session.validate(question.name, picked)
        return True if result.ok else result.message

    while True:
        picked = questionary.checkbox(
            message, choices=choices, validate=check, instruction="(space to tick, enter when done)"
        ).unsafe_ask()
        if _BACK_VALUE in picked:
            return BACK
        if _NOTE_VALUE not in picked:
            return Answer(picked)
        note = _ask_note_text()
        if note is not None:
            return note


def _ask_rank(
    session: InterviewSession, question: Question, message: str, current: Any
) -> Answer | Back | NoteRequest:
    names = list(session.choices_for(question.name).names)
    say(message)
    for number, choice in enumerate(session.choices_for(question.name).choices, start=1):
        say(f"  {number}. {choice.label or choice.name}")
    example = " ".join(str(n) for n in range(len(names), 0, -1))
    default = " ".join(str(names.index(n) + 1) for n in current or [] if n in names)

    def to_names(text: str) -> list[str] | str:
        parts = text.replace(",", " ").split()
        if not all(part.isdigit() and 1 <= int(part) <= len(names) for part in parts):
            return f"Use the numbers 1 to {len(names)}, separated by spaces"
        return [names[int(part) - 1] for part in parts]

    def check(text: str) -> bool | str:
        if _special_text(text) is not None:
            return True
        order = to_names(text)
        if isinstance(order, str):
            return order
        result = session.validate(question.name, order)
        return True if result.ok else result.message

    text = questionary.text(
        f"Enter the numbers in order of priority (for example: {example})",
        default=default,
        validate=check,
    ).unsafe_ask()
    special = _special_text(text)
    return special if special is not None else Answer(to_names(text))


def display_value(session: InterviewSession, question: Question, value: Any) -> str:
    """An answer as a person reads it: choice labels, not names."""
    if value is None:
        return "(no answer)"
    choice_list = session.choices_for(question.name)
    if question.type == "select_one":
        return choice_list.label_for(value)
    if question.type == "select_multiple":
        return ", ".join(choice_list.label_for(name) for name in value)
    if question.type == "rank":
        return ", ".join(f"{i}. {choice_list.label_for(n)}" for i, n in enumerate(value, 1))
    return str(value)


def show_review(session: InterviewSession) -> None:
    """Print every answer, then what stops the interview being complete."""
    answered, total = session.progress()
    say()
    say(f"Review: {answered} of {total} questions answered")
    for question, value in session.review():
        say(f"- {session.heading(question)}: {display_value(session, question, value)}")
    for question in session.missing_required():
        say(f"Missing (required): {session.heading(question)}")
    for question, problem in session.invalid_answers():
        say(f"Needs correcting: {session.heading(question)}: {problem}")
