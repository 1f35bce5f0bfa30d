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
        parts: list[tuple[str, str] | str] = []
        for binding in bindings:
            if binding.show:
                parts += [
                    (f" {key_label(binding)} ", "bold $footer-key-foreground"),
                    binding.description,
                    " ",
                ]
        parts += [" ", ("^p", "bold $footer-key-foreground"), " palette"]
        parts += ["  ", ("^q", "bold $footer-key-foreground"), " quit"]
        super().__init__(Content.assemble(*parts), id="key-bar")
