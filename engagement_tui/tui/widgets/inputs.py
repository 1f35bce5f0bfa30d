"""Provides one input widget per question type, all speaking the same small protocol.

Every input knows its question, gives the raw answer with `raw()` (what the session's
`validate`/`answer` take: a string for typed answers, a choice name, a list of names for
select_multiple and rank, "OK" or None for acknowledge) and posts `AnswerSubmitted` when
the officer moves on. Typed inputs also give `draft_text()`, saved on every change so a
killed process loses at most the last keystroke.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from engagement_tui.interview.questionnaire import Question, Questionnaire

__all__ = [
    "AcknowledgeInput",
    "AnswerSubmitted",
    "ChoiceInput",
    "LongTextInput",
    "MultiChoiceInput",
    "NoteView",
    "RankInput",
    "TextAnswerInput",
    "make_input",
]


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


def _choice_texts(question: Question, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(choice name, text shown) for each option of a single choice, numbered to 9."""
    choices = questionnaire.choices(question).choices
    return [
        (choice.name, f"{index}. {choice.label}" if index < 10 else choice.label)
        for index, choice in enumerate(choices, start=1)
    ]


CHOSEN, NOT_CHOSEN = "● ", "○ "
"""Marks before each option of a single choice: the chosen one shows without colour too."""
TICKED, UNTICKED = "[x] ", "[ ] "
"""Marks before each option of a checklist (and an acknowledgement)."""


def _unmarked(option: Option) -> str:
    """An option's text without the chosen mark."""
    return str(option.prompt).removeprefix(CHOSEN).removeprefix(NOT_CHOSEN)


_LIST_KEYS = {"up": "cursor_up", "down": "cursor_down", "home": "first", "end": "last"}


class ChoiceInput(AnswerInput, OptionList):
    """A select_one list: arrows move, Enter or a digit picks and moves on."""

    BINDINGS = [Binding("enter", "select", "Choose", show=False)]
    KEY_ACTIONS = _LIST_KEYS

    def __init__(self, question: Question, questionnaire: Questionnaire, value: Any) -> None:
        self.question = question
        options = [
            Option(NOT_CHOSEN + text, id=name)
            for name, text in _choice_texts(question, questionnaire)
        ]
        super().__init__(*options, classes="answer-input")
        self._chosen_value = value

    def on_mount(self) -> None:
        # Nothing is highlighted until the officer moves or picks: the highlight is the
        # answer Enter gives, and an untouched question must give none (no silent option 1).
        self.highlighted = None
        if self._chosen_value is not None:
            try:
                self.highlighted = self.get_option_index(str(self._chosen_value))
            except Exception:  # an answer no longer in the list: leave nothing highlighted
                self.highlighted = None
        self._mark_chosen(self._chosen_value)

    def _mark_chosen(self, name: Any) -> None:
        for index, option in enumerate(self.options):
            prompt = (CHOSEN if option.id == name else NOT_CHOSEN) + _unmarked(option)
            if prompt != str(option.prompt):  # unchanged options keep their rendering cache
                self.replace_option_prompt_at_index(index, prompt)

    def rebind(
        self, question: Question, questionnaire: Questionnaire, value: Any, draft: str | None
    ) -> bool:
        """Show another single choice with the same options (the same scale, most often).

        Left as a new list would be: the stored answer marked and highlighted, else
        nothing highlighted (nothing chosen until the officer chooses), scrolled to the top.
        """
        if question.type != "select_one":
            return False
        texts = _choice_texts(question, questionnaire)
        if [(option.id, _unmarked(option)) for option in self.options] != texts:
            return False
        self.question = question
        self._chosen_value = value
        self._mark_chosen(value)
        self.scroll_home(animate=False, immediate=True)
        index = None
        if value is not None:
            index = next((n for n, (name, _) in enumerate(texts) if name == str(value)), None)
        self.highlighted = index
        if index is not None:
            self.scroll_to_highlight()
        return True

    def raw(self) -> Any:
        option = self.highlighted_option
        return None if option is None else option.id

    def pick(self, index: int) -> bool:
        """Highlight option `index`; False if there is no such option.

        The chosen mark (●) is drawn when the question is shown again, not now: the
        screen moves on at once, and redrawing every option first would only slow it.
        """
        if not 0 <= index < self.option_count:
            return False
        self.highlighted = index
        return True

    def action_select(self) -> None:
        self.submit()


class MultiChoiceInput(AnswerInput, SelectionList[str]):
    """A select_multiple checklist: space ticks, Enter moves on."""

    BINDINGS = [Binding("enter", "submit", "Done", show=False)]
    KEY_ACTIONS = {**_LIST_KEYS, "space": "select"}

    def __init__(self, question: Question, questionnaire: Questionnaire, value: Any) -> None:
        self.question = question
        chosen = set(value or ())
        self._choice_order = questionnaire.choices(question).names
        self._labels = {c.name: c.label for c in questionnaire.choices(question).choices}
        selections = [
            Selection(
                # Content, not a string: "[x]" would be read as markup and vanish.
                Content((TICKED if choice.name in chosen else UNTICKED) + choice.label),
                choice.name,
                choice.name in chosen,
            )
            for choice in questionnaire.choices(question).choices
        ]
        super().__init__(*selections, classes="answer-input")

    def raw(self) -> Any:
        chosen = set(self.selected)
        return [name for name in self._choice_order if name in chosen]

    def _mark_ticked(self) -> None:
        """[x] before each ticked option, [ ] before the others: ticks show without colour."""
        chosen = set(self.selected)
        for index, name in enumerate(self._choice_order):
            prompt = (TICKED if name in chosen else UNTICKED) + self._labels[name]
            if str(self.get_option_at_index(index).prompt) != prompt:
                self.replace_option_prompt_at_index(index, Content(prompt))

    def on_selection_list_selected_changed(self) -> None:
        self._mark_ticked()  # a tick by mouse arrives this way

    def action_select(self) -> None:
        # Toggle now: SelectionList toggles via a message, which with fast keys lands
        # after a following cursor move and ticks the wrong option.
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))
            self._mark_ticked()

    def action_submit(self) -> None:
        self.submit()


class RankInput(AnswerInput, OptionList):
    """A ranking: ctrl+up/ctrl+down (or - and +) move the highlighted item; Enter moves on.

    The starting order is not an answer: until the officer moves an item, or presses `c`
    to confirm the order as it stands, the input gives no answer (a stored ranking shown
    again is an answer already).
    """

    BINDINGS = [
        Binding("enter", "submit", "Done", show=False),
        Binding("ctrl+up,minus", "move(-1)", "Move up", show=True),
        Binding("ctrl+down,plus,equals_sign", "move(1)", "Move down", show=True),
        Binding("c", "confirm", "Confirm order", show=True),
    ]
    KEY_ACTIONS = {
        **_LIST_KEYS,
        "c": "confirm",
        "ctrl+up": "move:-1",
        "minus": "move:-1",
        "ctrl+down": "move:1",
        "plus": "move:1",
        "equals_sign": "move:1",
    }

    def __init__(self, question: Question, questionnaire: Questionnaire, value: Any) -> None:
        self.question = question
        choice_list = questionnaire.choices(question)
        known = [name for name in (value or ()) if name in choice_list.names]
        self.order = known + [name for name in choice_list.names if name not in known]
        self._labels = {choice.name: choice.label for choice in choice_list.choices}
        self.ordered = bool(known)
        """The officer has ordered (or confirmed) the ranking, or it was stored before."""
        super().__init__(*self._ranked_options(), classes="answer-input")

    def _ranked_options(self) -> list[Option]:
        mark = "" if self.ordered else "? "
        return [
            Option(f"{mark}{rank}. {self._labels[name]}", id=name)
            for rank, name in enumerate(self.order, start=1)
        ]

    def raw(self) -> Any:
        return list(self.order) if self.ordered else None

    def action_confirm(self) -> None:
        """Take the order as it stands as the answer."""
        if not self.ordered:
            self.ordered = True
            highlighted = self.highlighted
            self.set_options(self._ranked_options())
            self.highlighted = highlighted

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self.ordered = True
        self.set_options(self._ranked_options())
        self.highlighted = target

    def action_submit(self) -> None:
        self.submit()


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
