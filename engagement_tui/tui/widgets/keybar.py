"""Provides KeyBar: a one-line list of a screen's keys, drawn once.

Textual's Footer rebuilds itself whenever focus moves, which on the interview screen
(focus moves with every question) cost about 30 ms a keypress; the interview's keys do
not change with focus, so a static line shows them at no cost.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

__all__ = ["KeyBar"]

_KEY_NAMES = {"escape": "esc", "enter": "⏎"}
COMFORTABLE_WIDTH = 99
"""Columns the key line takes at most with a space each side of every key."""


def key_label(binding: Binding) -> str:
    """How a binding's key is shown: its key_display, else ctrl+x as ^x."""
    if binding.key_display:
        return binding.key_display
    first = binding.key.split(",")[0]
    if first.startswith("ctrl+"):
        return "^" + first.removeprefix("ctrl+")
    return _KEY_NAMES.get(first, first)


class KeyBar(Static):
    """The shown bindings of a screen, then the command palette key."""

    def __init__(self, bindings: list[Binding]) -> None:
        shown = [(key_label(b), b.description) for b in bindings if b.show]
        # One space fewer around each key when the line would not fit a 100-column terminal
        # (the interview's keys with ctrl+l for a form in several languages).
        wide = sum(len(key) + len(words) + 4 for key, words in shown) + 21 <= COMFORTABLE_WIDTH
        parts: list[tuple[str, str] | str] = []
        for key, words in shown:
            parts += [(f" {key} " if wide else f"{key} ", "bold $footer-key-foreground"), words]
            parts.append(" ")
        parts[:0] = [] if wide else [" "]
        parts += [" ", ("^p", "bold $footer-key-foreground"), " palette"]
        parts += ["  ", ("^q", "bold $footer-key-foreground"), " quit"]
        super().__init__(Content.assemble(*parts), id="key-bar")
