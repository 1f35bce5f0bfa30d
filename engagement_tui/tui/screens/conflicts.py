"""Provides the coordinator's conflict screen: every open conflict a merge surfaced, each
version with what sets it apart; Enter on a version keeps it (after a yes/no), through the
same `store.conflicts.resolve` as `engage bundle resolve`, so the choice is recorded."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.tui.screens.dialogs import ConfirmDialog

__all__ = ["ConflictsScreen"]


class ConflictsScreen(ModalScreen[None]):
    """Open conflicts and their versions; Enter keeps the highlighted version."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, store: Any) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.choices: dict[str, tuple[int, str]] = {}
        """Option id: (conflict id, version label)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Conflicts from merged bundles", classes="dialog-title")
            yield Static("", id="conflicts-help", markup=False)
            yield OptionList(id="conflict-list")

    def on_mount(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        from engagement_tui.store.conflicts import describe

        picker = self.query_one(OptionList)
        picker.clear_options()
        self.choices.clear()
        conflicts = self.store.conflicts.list("open")
        names = self.store.conflicts.device_names()
        options: list[Option] = []
        for conflict in conflicts:
            held = self.store.conflicts.held(conflict)
            options.append(
                Option(f"#{conflict.id} {conflict.kind}: {conflict.subject}", disabled=True)
            )
            for version in conflict.versions:
                label = conflict.label(version)
                option_id = f"c{conflict.id}-{label}"
                self.choices[option_id] = (conflict.id, label)
                mark = "current " if version is held else ""
                about = describe(conflict.kind, version, conflict.versions, names)
                options.append(Option(f"   {label} {mark}{about}", id=option_id))
        picker.add_options(options)
        help_text = (
            "Enter keeps the highlighted version; the choice is recorded. Escape closes."
            if conflicts
            else "No open conflicts."
        )
        self.query_one("#conflicts-help", Static).update(help_text)
        if self.choices:
            picker.highlighted = next(
                i for i, option in enumerate(options) if option.id in self.choices
            )
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        conflict_id, label = self.choices[event.option.id or ""]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            me = self.store.devices.identity().uuid
            self.store.conflicts.resolve(conflict_id, label, me)
            self.app.notify(f"Conflict {conflict_id}: kept {label}", timeout=5)
            self.refresh_list()

        self.app.push_screen(
            ConfirmDialog(f"Keep version {label} for conflict {conflict_id}?", danger=False),
            answered,
        )
