"""Provides erasing from the app: what an erasure removes, shown before a typed confirmation,
the choice offered after a withdrawal (keep out of findings, or erase now), and the picker
of an organisation to erase.

The erasure itself is the headless `store.privacy.erase`, the one `engage erase` runs; the
screens here only say what it will remove and ask for the word that confirms it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.store import InterviewLocked, Store
from engagement_tui.store.privacy import Found, describe
from engagement_tui.tui.inert import inert_markup

__all__ = [
    "EraseDialog",
    "OrganisationPicker",
    "WithdrawnDialog",
    "erase_interview",
    "erase_organisation",
]

ERASE_WORD = "ERASE"
"""What to type when the interview has no respondent's name to type."""


def _same(typed: str, word: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(word.split()).casefold()


class EraseDialog(ModalScreen[bool]):
    """What will be removed, then erase only once `word` is typed; True when erased."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, store: Store, found: Found, what: str, word: str) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.found = found
        self.what = what
        """Who or what is erased, as the title names it."""
        self.word = word
        """What the officer types to confirm (case and spacing ignored)."""

    def compose(self) -> ComposeResult:
        lines = [f"This removes for good: {describe(self.found.counts)}."]
        if self.found.organisations:
            lines.append(
                f"And the organisation's register entry, {len(self.found.contacts)} contacts."
            )
        elif self.found.contacts:
            lines.append(f"And {len(self.found.contacts)} register contacts of that name.")
        files = self.store.privacy.files_holding(self.found)
        if files:
            lines.append(f"\n{len(files)} earlier files still hold them (delete or re-make them):")
            lines += [f"  {path}  ({what})" for path, what in files]
        with Vertical(classes="dialog erase-dialog"):
            yield Label(f"Erase {self.what}?", classes="dialog-title", markup=False)
            yield Static("\n".join(lines), id="erase-summary", markup=False)
            yield Static(f"Type {self.word} to erase:", classes="dialog-help", markup=False)
            yield Input(id="erase-word", placeholder=self.word)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Erase", id="erase", variant="error", disabled=True)
                yield Button("Cancel (esc)", id="cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#erase-word", Input).focus()

    @on(Input.Changed, "#erase-word")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#erase", Button).disabled = not _same(event.value, self.word)

    @on(Input.Submitted, "#erase-word")
    def _submitted(self, event: Input.Submitted) -> None:
        if _same(event.value, self.word):
            self._erase()
        else:
            self.notify(f"Type {self.word} to erase, or press esc.", severity="warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "erase" and _same(self.query_one(Input).value, self.word):
            self._erase()
        else:
            self.dismiss(False)

    def _erase(self) -> None:
        erased = self.store.privacy.erase(self.found)
        message = f"Erased {self.what}: {describe(erased.counts)}."
        if not erased.wal_cleared:
            message += " Another engage holds the database: run `engage erase --scrub` later."
        self.notify(message, timeout=10)
        self.dismiss(True)


class WithdrawnDialog(ModalScreen[bool]):
    """After a withdrawal: keep the interview (out of findings) or erase it; True to erase."""

    BINDINGS = [
        Binding("k,escape", "dismiss(False)", "Keep"),
        Binding("e", "dismiss(True)", "Erase now"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Interview withdrawn. Its answers are kept but left out of findings.\n"
                "If the respondent asked for their data to be removed, erase it now.",
                classes="dialog-question",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep out of findings (k)", id="keep", variant="primary")
                yield Button("Erase now… (e)", id="erase", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "erase")


class OrganisationPicker(ModalScreen[str | None]):
    """Type to find an organisation of the register; Enter picks it, Escape cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, store: Store) -> None:
        super().__init__(classes="dialog-screen")
        self.names = [organisation.name for organisation in store.register.list()]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Erase which organisation?", classes="dialog-title")
            yield Input(id="organisation-search", placeholder="Type to search the register")
            yield OptionList(id="organisation-list")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#organisation-search")
    def _search(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, typed: str) -> None:
        wanted = typed.casefold().strip()
        matches = [name for name in self.names if wanted in name.casefold()][:8]
        listed = self.query_one(OptionList)
        listed.set_options([Option(inert_markup(name), id=name) for name in matches])
        listed.highlighted = 0 if matches else None

    @on(Input.Submitted, "#organisation-search")
    def _enter(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#organisation-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def erase_interview(app: Any, uuid: str, after: Callable[[bool], None] | None = None) -> None:
    """Offer to erase one interview: refused while another engage edits it; else the
    dialog, then home. `after` is told whether it was erased."""
    store: Store = app.store
    interview = store.interviews.get(uuid)
    held = uuid in app.locked
    if not held:
        try:
            store.interviews.acquire_lock(uuid)
        except InterviewLocked as locked:
            app.notify(
                f"This interview is open in another engage ({locked.owner}); nothing erased.",
                severity="error",
                timeout=10,
            )
            return
    found = store.privacy.find(interview=uuid)
    who = interview.respondent or "an unnamed respondent"
    what = f"the interview with {who}" + (
        f" ({interview.organisation})" if interview.organisation else ""
    )

    def done(erased: bool | None) -> None:
        if erased:
            app.locked.discard(uuid)
            app.action_home()
        elif not held:
            store.interviews.release_lock(uuid)
        if after is not None:
            after(bool(erased))

    app.push_screen(EraseDialog(store, found, what, interview.respondent or ERASE_WORD), done)


def erase_organisation(app: Any) -> None:
    """Pick an organisation, show what erasing it removes, erase after its name is typed."""
    store: Store = app.store

    def picked(name: str | None) -> None:
        if not name:
            return
        found = store.privacy.find(organisation=name)

        def done(erased: bool | None) -> None:
            if erased:
                app.action_home()

        app.push_screen(EraseDialog(store, found, f"the organisation {name}", name), done)

    app.push_screen(OrganisationPicker(store), picked)


def offer_erasure_after_withdrawal(app: Any, uuid: str) -> None:
    """The choice a withdrawal leads to: keep the interview out of findings, or erase it."""

    def chosen(erase: bool | None) -> None:
        if erase:
            erase_interview(app, uuid)

    app.push_screen(WithdrawnDialog(classes="dialog-screen"), chosen)
