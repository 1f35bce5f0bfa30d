"""Provides the small modal screens: yes/no confirmation (and withdrawing), the section picker."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

__all__ = ["ConfirmDialog", "SectionPicker", "confirm_withdraw"]


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", *, danger: bool = True
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        """The question asked."""
        self.yes, self.no = yes, no
        self.danger = danger
        """Yes does something hard to undo (drawn red)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self.yes} (y)", id="yes", variant="error" if self.danger else "success"
                )
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def confirm_withdraw(screen: Screen, store: Any, uuid: str) -> None:
    """Ask, then mark the interview withdrawn, go home (its answers are kept), and offer to
    erase it (a respondent who withdraws may also want their data removed)."""
    from engagement_tui.tui.screens.erase import offer_erasure_after_withdrawal

    def confirmed(yes: bool | None) -> None:
        if yes:
            store.interviews.set_status(uuid, "withdrawn")
            app = screen.app
            app.action_home()  # type: ignore[attr-defined]
            offer_erasure_after_withdrawal(app, uuid)

    screen.app.push_screen(
        ConfirmDialog("Withdraw this interview? Its answers are kept but not reported."),
        confirmed,
    )


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
