"""Provides the small modal screens: yes/no confirmation, the section picker, the notes pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

__all__ = ["ConfirmDialog", "NotesDialog", "SectionPicker", "attribution_text"]


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        """The question asked."""
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SectionPicker(ModalScreen[str | None]):
    """Lists the sections; Enter jumps to one, Escape stays put."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Stay here")]

    def __init__(self, sections: list[Any], current: str) -> None:
        super().__init__(classes="dialog-screen")
        self.sections = sections
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for section in self.sections:
            count = f"{section.answered}/{section.total}" if section.visible else "skipped"
            options.append(
                Option(
                    f"{section.label or section.name}  ({count})",
                    id=section.name,
                    disabled=not section.visible,
                )
            )
        with Vertical(classes="dialog"):
            yield Label("Go to section", classes="dialog-title")
            yield OptionList(*options, id="section-list")

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        names = [section.name for section in self.sections]
        if self.current in names:
            picker.highlighted = names.index(self.current)
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def attribution_text(attribution: str, respondent: str, role: str, organisation: str) -> str:
    """How quotes from this interview will be attributed in reports."""
    if attribution == "named":
        who = ", ".join(part for part in (respondent, role, organisation) if part)
        return f"Quotes will be attributed by name: {who}"
    if attribution == "role_only":
        who = ", ".join(part for part in (role, organisation) if part) or "role"
        return f"Quotes will be attributed by role only: {who}"
    return "Quotes will be anonymous: no name, role or organisation"


class NotesDialog(ModalScreen[tuple[str, str] | None]):
    """Takes a verbatim quote or an observation about the current question.

    The text is handed to `on_change` as it is typed (saved as a draft), and the
    dialog dismisses with (text, kind) on ctrl+s, or None on Escape.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "dismiss(None)", "Close"),
    ]

    def __init__(
        self,
        question_label: str,
        attribution: str,
        earlier: list[Any],
        draft: str,
        on_change: Callable[[str], None],
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question_label = question_label
        self.attribution = attribution
        self.earlier = earlier
        self.draft = draft
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes-dialog"):
            yield Static("Note on: " + self.question_label, classes="dialog-title", markup=False)
            yield Static(self.attribution, id="attribution", markup=False)
            with RadioSet(id="note-kind"):
                yield RadioButton("Verbatim quote", value=True, id="quote")
                yield RadioButton("Observation", id="observation")
            yield TextArea(self.draft, id="note-text", soft_wrap=True)
            if self.earlier:
                lines = [f"[{note.kind}] {note.text}" for note in self.earlier]
                yield Static("\n".join(lines), id="earlier-notes", markup=False)
            yield Static("ctrl+s save note   esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    @on(TextArea.Changed, "#note-text")
    def _typed(self, event: TextArea.Changed) -> None:
        self.on_change(event.text_area.text)

    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        if not text:
            self.notify("Nothing to save: type the note first", severity="warning")
            return
        pressed = self.query_one(RadioSet).pressed_button
        kind = pressed.id if pressed is not None and pressed.id else "quote"
        self.dismiss((text, kind))
