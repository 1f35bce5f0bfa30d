"""Provides the list inputs: single choice (●/○), checklist ([x]/[ ]) and ranking.

Nothing is chosen until the officer chooses: an untouched single choice gives no answer,
and a ranking gives none until an item is moved or the order is confirmed with `c`.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.tui.widgets.inputs.base import TICKED, UNTICKED, AnswerInput

__all__ = ["CHOSEN", "NOT_CHOSEN", "ChoiceInput", "MultiChoiceInput", "RankInput"]


def _choice_texts(question: Question, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(choice name, text shown) for each option of a single choice, numbered to 9."""
    choices = questionnaire.choices(question).choices
    return [
        (choice.name, f"{index}. {choice.label}" if index < 10 else choice.label)
        for index, choice in enumerate(choices, start=1)
    ]


CHOSEN, NOT_CHOSEN = "● ", "○ "
"""Marks before each option of a single choice: the chosen one shows without colour too."""


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
