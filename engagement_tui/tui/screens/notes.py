"""Provides the notes pane: verbatim quotes and observations against the current question.

The pane says how quotes will be attributed (the respondent's choice on this interview),
keeps what is typed as a draft on every change, and saves the note with ctrl+s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import RadioSet, Static, TextArea

from engagement_tui.store import Interview
from engagement_tui.tui.recorder import Recorder
from engagement_tui.tui.widgets.marked_radio import MarkedRadioButton

__all__ = ["NOTE_DRAFT_PREFIX", "NotesDialog", "attribution_text", "open_notes"]

NOTE_DRAFT_PREFIX = "note:"
"""Drafts of notes are kept beside answer drafts, under this prefix and the question name."""


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
                yield MarkedRadioButton("Verbatim quote", value=True, id="quote")
                yield MarkedRadioButton("Observation", id="observation")
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


def open_notes(
    screen: Screen, recorder: Recorder, interview: Interview, question: str, label: str
) -> None:
    """Show the notes pane for `question` ("" for the interview as a whole)."""
    key = NOTE_DRAFT_PREFIX + question
    attribution = attribution_text(
        interview.attribution, interview.respondent, interview.role, interview.organisation
    )
    earlier = [
        note
        for note in recorder.store.interviews.notes(interview.uuid)
        if note.question == question
    ]

    def saved(result: tuple[str, str] | None) -> None:
        if result is None:
            return
        text, kind = result
        error = recorder.add_note(text, question, kind, key)
        if error is not None:
            screen.notify(f"Note not saved (kept as a draft): {error}", severity="error")
        else:
            screen.notify(f"{kind.capitalize()} saved", timeout=3)

    def typed(text: str) -> None:
        error = recorder.save_draft(key, text)
        if error is not None:
            screen.notify(f"Draft of the note not saved: {error}", severity="error")

    screen.app.push_screen(
        NotesDialog(label, attribution, earlier, recorder.drafts.get(key, ""), typed), saved
    )
