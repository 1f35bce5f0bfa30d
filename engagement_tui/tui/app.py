"""Provides the Textual app engagement officers run interviews in, and `run_app` for the CLI.

The app holds the open Store and a clock (both passed in) and knows how to open an
interview for editing: take its edit lock, rebuild the session from what is stored,
and push the interview screen. Everything else lives in the screens.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from engagement_tui.files.paths import engage_invocation
from engagement_tui.store import InterviewLocked, Store, StoreError
from engagement_tui.store.driver import errors
from engagement_tui.tui.ack_log import AckLog
from engagement_tui.tui.commands import EngageCommands
from engagement_tui.tui.screens.home import HomeScreen

__all__ = ["EngagementApp", "run_app"]


class EngagementApp(App[None]):
    """Interviews with member organisations, every answer committed as it is given."""

    CSS_PATH = "app.tcss"
    TITLE = "engage"
    COMMANDS = App.COMMANDS | {EngageCommands}
    # Textual's own ctrl+q is hidden; every footer names it, so nobody is left without a way out.
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        store: Store,
        *,
        start_form: str | None = None,
        clock: Callable[[], datetime] = datetime.now,
        ack_log: AckLog | None = None,
        interviewer: str = "",
        freeze_after_start: bool = False,
        notices: tuple[str, ...] = (),
        language: str = "",
    ) -> None:
        super().__init__()
        self.language = language
        """The language interviews open in, where their questionnaire has it
        (`engage interview --language`); ctrl+l changes it per interview."""
        self.store = store
        """The open database."""
        self.start_form = start_form
        """A form to start a new interview of straight away (`engage --form`)."""
        self.clock = clock
        """Local time, injected so tests and snapshots are deterministic."""
        self.ack_log = ack_log or AckLog(None)
        """Test hook recording what was committed (see ack_log.py); off unless configured."""
        self.interviewer = interviewer
        """Default interviewer name on the start screen."""
        self.locked: set[str] = set()
        """UUIDs of the interviews this process holds the edit lock of."""
        self.freeze_after_start = freeze_after_start
        """Settle the collector after the first frame (see run_app and _settle_collector);
        for the app's own process only, not an app among others in a test run."""
        self.notices = notices
        """What opening the database did that the officer should hear (retention)."""

    def get_default_screen(self) -> HomeScreen:
        # The home screen is the bottom of the stack itself, not pushed over a blank one
        # from on_mount: a pushed screen is laid out and drawn once inside the app's
        # start-up batch, where the frame is thrown away, then again (about 40 ms).
        return HomeScreen(self.store)

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(notice, timeout=10)
        if self.start_form:
            self.action_new_interview(self.start_form)
        if self.freeze_after_start:
            self.call_after_refresh(_settle_collector)

    def on_unmount(self) -> None:
        for uuid in list(self.locked):
            self.release(uuid)

    # -- actions offered by keys and the command palette -----------------------------

    def action_home(self) -> None:
        """Back to the home screen, leaving any interview (its lock is released)."""
        while len(self.screen_stack) > 1:  # the home screen is the bottom one
            self.pop_screen()
        home = self.screen
        if isinstance(home, HomeScreen):
            home.refresh_lists()

    def action_new_interview(self, form_id: str | None = None) -> None:
        from engagement_tui.tui.screens.start import StartScreen

        if not self.store.forms.list():
            hint = engage_invocation(self.store.path, "questionnaire import FILE")
            self.notify(f"No questionnaires yet: {hint}", severity="warning")
            return
        self.action_home()
        self.push_screen(StartScreen(self.store, form_id=form_id, interviewer=self.interviewer))

    # The coordinator's screens are imported only when opened, so the findings engine stays
    # off the path to the first frame.
    def action_send_to_coordinator(self) -> None:
        """Write this laptop's bundle to a folder the officer picks (see screens/send.py)."""
        from engagement_tui.tui.screens.send import SendDialog

        self.push_screen(SendDialog(self.store.path))

    def action_conflicts(self) -> None:
        """The coordinator's conflict screen (see screens/conflicts.py)."""
        from engagement_tui.tui.screens.conflicts import ConflictsScreen

        self.push_screen(ConflictsScreen(self.store))

    def action_findings(self) -> None:
        """Findings of a questionnaire: headlines, bars, bases and breakdowns."""
        from engagement_tui.tui.screens.findings import FindingsScreen
        from engagement_tui.tui.screens.form_picker import choose_form

        choose_form(
            self,
            "Findings of which questionnaire?",
            lambda form_id: self.push_screen(FindingsScreen(self.store, form_id)),
        )

    def action_coding(self) -> None:
        """Code the free-text answers and quotes of a questionnaire into themes."""
        from engagement_tui.tui.screens.coding import CodingScreen
        from engagement_tui.tui.screens.form_picker import choose_form

        choose_form(
            self,
            "Code the free text of which questionnaire?",
            lambda form_id: self.push_screen(CodingScreen(self.store, form_id)),
        )

    def action_report_plan(self, form_id: str | None = None) -> None:
        """Shape the report: key points, quotes and their approval, title; write the plan."""
        from engagement_tui.tui.screens.form_picker import choose_form
        from engagement_tui.tui.screens.plan import ReportPlanScreen

        def show(chosen: str) -> None:
            self.push_screen(ReportPlanScreen(self.store, chosen))

        if form_id:
            show(form_id)
        else:
            choose_form(self, "Shape the report of which questionnaire?", show)

    def open_interview(self, uuid: str, *, replace: bool = False, review: bool = False) -> bool:
        """Take the edit lock and show the interview where it stopped (or its review).

        Returns False (with a message) when another engage holds the lock.
        """
        from engagement_tui.tui.screens.interview import InterviewScreen

        try:
            self.store.interviews.acquire_lock(uuid)
        except InterviewLocked as locked:
            self.notify(
                f"This interview is open in another engage ({locked.owner}); "
                "it was not opened for editing.",
                title="Interview locked",
                severity="error",
                timeout=10,
            )
            return False
        self.locked.add(uuid)
        screen = InterviewScreen(self.store, uuid, review=review)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        return True

    def release(self, uuid: str) -> None:
        """Give up the edit lock of an interview this process was editing."""
        if uuid in self.locked:
            self.locked.discard(uuid)
            try:
                self.store.interviews.release_lock(uuid)
            except (StoreError, *errors()):
                # Releasing is best effort: a lock left by a dead process is taken over.
                pass


def _settle_collector() -> None:
    """After the first frame: free what start-up left behind, then keep what remains (modules,
    the app, the home screen: it lives as long as the process) out of the collector's full
    passes, which would otherwise scan it all (30-50 ms) every second or so as questions
    are answered; then collect as usual."""
    gc.collect(0)  # everything allocated since run_app began is in the youngest generation
    gc.freeze()
    gc.enable()


def run_app(db_path: Path, *, start_form: str | None = None, language: str = "") -> None:
    """Open the database and run the app on it; one line and exit 1 if it cannot be opened."""
    try:
        from engagement_tui.store.driver import passphrase

        store = Store.open(db_path, key=passphrase(db_path))
        purged = None
        if not store.db.read_only and not store.db.refusal:
            from engagement_tui.store.retention import PersonalRetention

            # The app writes: personal fields past their retention go first, as for commands.
            purged = PersonalRetention(store.db).apply()
    except (StoreError, *errors(), OSError) as error:
        print(f"engage: {error}", file=sys.stderr)
        sys.exit(1)
    # No collection until the first frame is drawn (see _settle_collector): the full pass
    # start-up triggers would otherwise delay it by 20-30 ms.
    gc.disable()
    try:
        app = EngagementApp(
            store,
            start_form=start_form,
            language=language,
            ack_log=AckLog.from_environment(),
            interviewer=os.environ.get("ENGAGE_INTERVIEWER", ""),
            freeze_after_start=True,
            notices=(purged.line(),) if purged and purged.removed else (),
        )
        app.run()
    finally:
        gc.enable()
        store.close()
