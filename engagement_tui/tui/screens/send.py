"""Provides "Send to coordinator": the laptop's bundle written to a folder the officer picks
(a USB stick, a shared drive), encrypted to the coordinator's key, with progress.

The bundle is written in a worker thread with its own Store (a SQLite connection stays in
the thread that opened it), through the same path as `engage bundle export`.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from engagement_tui.store.driver import errors

__all__ = ["SendDialog"]

SEND_DIR_ENV = "ENGAGE_SEND_DIR"
"""The folder offered first (else the home folder)."""


class Progressed(Message):
    def __init__(self, what: str, done: int, total: int) -> None:
        super().__init__()
        self.what, self.done, self.total = what, done, total


class Sent(Message):
    def __init__(self, path: str | None, detail: str) -> None:
        super().__init__()
        self.path, self.detail = path, detail


class SendDialog(ModalScreen[str | None]):
    """Asks for a folder, writes the bundle there, shows each step; dismisses with its path."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, db_path: str) -> None:
        super().__init__(classes="dialog-screen")
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        folder = os.environ.get(SEND_DIR_ENV) or str(Path.home())
        with Vertical(classes="dialog"):
            yield Label("Send to coordinator", classes="dialog-title")
            yield Static(
                "The interviews on this laptop go into one encrypted file. Choose the folder"
                " to write it to (a USB stick or a shared drive):",
                classes="dialog-question",
            )
            yield Input(folder, id="send-folder")
            yield ProgressBar(total=4, show_eta=False, id="send-progress")
            yield Static("", id="send-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send (enter)", id="send", variant="success")
                yield Button("Cancel (esc)", id="cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#send-progress").display = False
        self.query_one("#send-folder", Input).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#send")
    @on(Input.Submitted, "#send-folder")
    def _send(self) -> None:
        folder = Path(self.query_one("#send-folder", Input).value.strip()).expanduser()
        status = self.query_one("#send-status", Static)
        if not folder.is_dir():
            status.update(f"No folder {folder}: plug the drive in, or type another folder.")
            return
        self.query_one("#send", Button).disabled = True
        self.query_one("#send-progress").display = True
        self.write_bundle(str(folder))

    @work(thread=True, exclusive=True, group="send")
    def write_bundle(self, folder: str) -> None:

        from engagement_tui.bundles import BundleError, bundle_file_name, write_bundle
        from engagement_tui.store import Store, StoreError

        try:
            with Store.open(self.db_path) as store:
                path = Path(folder) / bundle_file_name(store)
                written = write_bundle(
                    store, path, progress=lambda *step: self.post_message(Progressed(*step))
                )
        except (BundleError, StoreError, *errors(), OSError) as error:
            self.post_message(Sent(None, str(error)))
            return
        interviews = written.manifest.counts.get("interviews", 0)
        self.post_message(Sent(str(written.path), f"{interviews} interviews"))

    def on_progressed(self, message: Progressed) -> None:
        self.query_one("#send-progress", ProgressBar).update(progress=message.done)
        self.query_one("#send-status", Static).update(message.what.capitalize() + "…")

    def on_sent(self, message: Sent) -> None:
        if message.path is None:
            self.query_one("#send-status", Static).update(message.detail)
            self.query_one("#send", Button).disabled = False
            self.query_one("#send-progress").display = False
            return
        self.app.notify(
            f"{message.path} ({message.detail}), encrypted for the coordinator",
            title="Sent to coordinator",
            timeout=10,
        )
        self.dismiss(message.path)
