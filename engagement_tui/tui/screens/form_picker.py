"""Provides the questionnaire picker: `choose_form(app, heading, then)` asks which
questionnaire when there is more than one (none: a warning saying how to import one).

It imports no screen of its own callers, so the findings and coding screens can use it
without an import circle; the app opens those screens (see `tui.app`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from engagement_tui.files.paths import engage_invocation

__all__ = ["FormPicker", "choose_form"]


class FormPicker(ModalScreen[str | None]):
    """Lists the stored questionnaires; Enter picks one, Escape picks none."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, forms: list[tuple[str, str]], title: str, current: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.forms = forms
        """(form_id, title) of each questionnaire."""
        self.heading = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield OptionList(
                *(Option(f"{title} ({form_id})", id=form_id) for form_id, title in self.forms),
                id="form-list",
            )

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        ids = [form_id for form_id, _ in self.forms]
        picker.highlighted = ids.index(self.current) if self.current in ids else 0
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def choose_form(
    app: App, heading: str, then: Callable[[str], None], current: str | None = None
) -> None:
    """Call `then(form_id)` with the only questionnaire, or the one the user picks."""
    forms = [(form.form_id, form.title) for form in app.store.forms.list()]  # type: ignore[attr-defined]
    if not forms:
        hint = engage_invocation(app.store.path, "questionnaire import FILE")  # type: ignore[attr-defined]
        app.notify(f"No questionnaires yet: {hint}", severity="warning")
        return
    if len(forms) == 1 and current is None:
        then(forms[0][0])
        return

    def picked(form_id: str | None) -> None:
        if form_id:
            then(form_id)

    app.push_screen(FormPicker(forms, heading, current), picked)
