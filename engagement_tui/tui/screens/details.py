"""Provides the details dialog: respondent, role, consent basis and attribution, changed later.

Interviewees change their minds (to be named after all, or not); the review opens this
dialog with `d`. The choices and their labels come from `interview.details`, as in the
start form and plain mode. ctrl+s stores every change through `update_details`, which
puts each one in the answer history; Esc leaves everything as it was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from engagement_tui.interview.details import ATTRIBUTION_CHOICES, CONSENT_CHOICES
from engagement_tui.store import Interview, Store
from engagement_tui.tui.widgets.marked_radio import MarkedRadioButton

__all__ = ["DetailsDialog"]


def _choices(set_id: str, choices: tuple[tuple[str, str], ...], chosen: str) -> RadioSet:
    return RadioSet(
        *(MarkedRadioButton(label, value=name == chosen) for name, label in choices),
        id=set_id,
    )


class DetailsDialog(ModalScreen[Interview | None]):
    """The interview's changeable details; dismisses with the updated interview, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save details", priority=True),
        Binding("escape", "dismiss(None)", "Cancel"),
        # Priority: focus moves when Tab arrives, so the keys typed after it reach the next
        # field (as a plain binding, Tab waited behind them and they went to the field before).
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(self, store: Store, interview: Interview) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.interview = interview

    def compose(self) -> ComposeResult:
        interview = self.interview
        with Vertical(classes="dialog details-dialog"):
            yield Static("Interview details", classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Label("Respondent", classes="field-label")
                yield Input(interview.respondent, id="respondent", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Role", classes="field-label")
                yield Input(interview.role, id="role", compact=True)
            yield Label("Consent basis")
            yield _choices("consent", CONSENT_CHOICES, interview.consent_basis)
            yield Label("Quotes attributed")
            yield _choices("attribution", ATTRIBUTION_CHOICES, interview.attribution)
            yield Static("ctrl+s saves · Esc cancels", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#respondent", Input).focus()

    def _picked(self, set_id: str, choices: tuple[tuple[str, str], ...], current: str) -> str:
        index = self.query_one(f"#{set_id}", RadioSet).pressed_index
        return choices[index][0] if index >= 0 else current

    def action_save(self) -> None:
        interview = self.interview
        details = {
            "respondent": self.query_one("#respondent", Input).value.strip(),
            "role": self.query_one("#role", Input).value.strip(),
            "consent_basis": self._picked("consent", CONSENT_CHOICES, interview.consent_basis),
            "attribution": self._picked("attribution", ATTRIBUTION_CHOICES, interview.attribution),
        }
        # The durability hook logs details as `detail:<field>`, as the answer history does.
        logged = {f"detail:{name}": value for name, value in details.items()}
        ack_log = self.app.ack_log  # type: ignore[attr-defined]
        ack_log.trying(logged)
        updated = self.store.interviews.update_details(interview.uuid, **details)
        ack_log.saved(logged)
        self.dismiss(updated)
