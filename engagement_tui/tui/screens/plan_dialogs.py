"""Provides the report plan screen's dialogs: the title and subtitle, and a file to write or
open (the user confirms the path; Escape cancels)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

__all__ = ["PathDialog", "TitleDialog"]


class TitleDialog(ModalScreen[tuple[str, str] | None]):
    """Edits the report's title and subtitle; Enter on the subtitle keeps both."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__(classes="dialog-screen")
        self.initial = (title, subtitle)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Title and subtitle of the report", classes="dialog-title")
            yield Label("Title (the cover)", classes="dialog-question")
            yield Input(self.initial[0], id="plan-title")
            yield Label("Subtitle (under the title, e.g. Member engagement 2026)",
                        classes="dialog-question")  # fmt: skip
            yield Input(self.initial[1], id="plan-subtitle")
            yield Static("⏎ next / keep   esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#plan-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "plan-title":
            self.query_one("#plan-subtitle", Input).focus()
            return
        title = self.query_one("#plan-title", Input).value.strip()
        subtitle = self.query_one("#plan-subtitle", Input).value.strip()
        self.dismiss((title, subtitle))


class PathDialog(ModalScreen[str | None]):
    """Asks for a file, offering one; Enter confirms the path as typed."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, heading: str, path: str, help_text: str) -> None:
        super().__init__(classes="dialog-screen")
        self.heading = heading
        self.path = path
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(self.path, id="plan-path")
            yield Static(self.help_text, classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        self.query_one("#plan-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
