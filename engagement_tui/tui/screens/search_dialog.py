"""Provides the coding screen's search: find free text by words and code every match at once.

`/` on the coding screen opens SearchCodeDialog: type words, Enter counts the matches
(the store's full-text search, the same as `engage search`), pick a theme from the list
and Enter codes every match with it; the dialog returns (query, theme number) and the
coding screen does the coding through the store, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.interview.questionnaire import theme_label

__all__ = ["SearchCodeDialog"]


class SearchCodeDialog(ModalScreen[tuple[str, int] | None]):
    """Asks for words to search and the theme to code every match with."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, themes: list[str], count: Callable[[str], int]) -> None:
        super().__init__(classes="dialog-screen")
        self.themes = themes
        """Theme names in codebook order (the numbers the coding screen uses)."""
        self.count = count
        """How many items match a query (raises ValueError for a query with no words)."""
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Search free text and code every match", classes="dialog-title")
            yield Input(placeholder='Words, e.g. workforce or "joint plan"', id="search-words")
            yield Static("", id="search-count", markup=False)
            yield OptionList(
                *(
                    Option(f"{number:>2} {theme_label(name)}")
                    for number, name in enumerate(self.themes, 1)
                ),
                id="search-themes",
            )
            yield Static("enter search, then pick a theme   esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#search-words", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        words = event.value.strip()
        try:
            matches = self.count(words)
        except ValueError as error:
            self.query_one("#search-count", Static).update(str(error))
            return
        self.query_text = words
        self.query_one("#search-count", Static).update(
            f"{matches} match{'' if matches == 1 else 'es'}: pick a theme to code them all"
            if matches
            else "No matches"
        )
        if matches and self.themes:
            themes = self.query_one("#search-themes", OptionList)
            themes.highlighted = 0
            themes.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.query_text:
            self.dismiss((self.query_text, event.option_index + 1))
