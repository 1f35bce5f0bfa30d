"""Provides the findings screen: a questionnaire's results question by question.

On the left the questions by section (and the key findings first); on the right the chosen
question's headline, base, bars and, with `b`, a breakdown by organisation type, region,
interviewer or mode. Findings are computed in a worker thread on its own connection to
the database, so the screen keeps answering keys while they are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.store import Store, StoreError
from engagement_tui.store.driver import errors
from engagement_tui.tui.widgets.findings_view import (
    breakdown_view,
    key_findings_view,
    question_view,
)

__all__ = ["BREAKDOWNS", "FindingsComputed", "FindingsScreen", "ReportWritten"]

BREAKDOWNS: tuple[str | None, ...] = (None, "organisation_type", "region", "interviewer", "mode")
"""What `b` cycles through: no breakdown, then each field."""
KEY_FINDINGS = "key-findings"


@dataclass
class ReportWritten(Message):
    """The report worker is done: the path written, or the one-line reason it was not."""

    path: str | None
    error: str | None = None


@dataclass
class FindingsComputed(Message):
    """The worker's result: findings for (form_id, by), or the one-line reason there are none."""

    request: int
    findings: dict[str, Any] | None
    error: str | None = None


def _short(label: str, width: int) -> str:
    """One line of the question list: long labels are cut with an ellipsis."""
    return label if len(label) <= width else label[: width - 1] + "…"


class FindingsScreen(Screen[None]):
    """Headlines, distributions, bases and breakdowns of one questionnaire."""

    CSS_PATH = "../insights.tcss"
    BINDINGS = [
        Binding("b", "breakdown", "Breakdown"),
        Binding("o", "choose_form", "Questionnaire"),
        Binding("w", "report", "Write PDF report"),
        Binding("p", "plan", "Plan"),
        Binding("l", "toggle_list", "List"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, store: Store, form_id: str) -> None:
        super().__init__(id="findings")
        self.store = store
        self.form_id = form_id
        """The questionnaire shown."""
        self.by: str | None = None
        """The breakdown field shown, None for none."""
        self.findings: dict[str, Any] | None = None
        """The last findings computed, for the current form and breakdown."""
        self._request = 0

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar", markup=False)
        yield Static(id="findings-status", markup=False)
        with Horizontal(id="findings-body"):
            yield OptionList(id="question-list")
            with VerticalScroll(id="question-detail"):
                yield LoadingIndicator(id="findings-loading")
                yield Static(id="detail", markup=False)
                yield Static(id="breakdown", markup=False)
        yield LoadingIndicator(id="report-progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question-list").border_title = "Questions"
        self.refresh_findings()

    # -- computing ------------------------------------------------------------------

    def refresh_findings(self) -> None:
        """Count again for the current form and breakdown; show the loading indicator meanwhile."""
        self._request += 1
        self.findings = None
        self.query_one("#title-bar", Static).update(f"Findings · {self.form_id}")
        self._status("Counting…")
        self.query_one("#findings-loading").display = True
        self.query_one("#detail").display = False
        self.query_one("#breakdown").display = False
        self.compute(self._request, self.store.path, self.form_id, self.by)

    @work(thread=True, exclusive=True, group="findings")
    def compute(self, request: int, db_path: str, form_id: str, by: str | None) -> None:
        """Compute findings on a connection of its own (a connection stays in its thread)."""
        from engagement_tui.findings import FindingsError, compute_findings

        try:
            store = Store.open(db_path)
            try:
                result = compute_findings(store, form_id, by=by)
            finally:
                store.close()
        except (FindingsError, StoreError, *errors(), OSError) as error:
            # One line on the screen; an exception escaping a worker would end the app.
            self.post_message(FindingsComputed(request, None, str(error)))
            return
        self.post_message(FindingsComputed(request, result))

    def on_findings_computed(self, message: FindingsComputed) -> None:
        if message.request != self._request:
            return  # an answer to an earlier question (another form or breakdown)
        self.query_one("#findings-loading").display = False
        self.query_one("#detail").display = True
        if message.findings is None:
            self._status(message.error or "No findings")
            self.query_one("#detail", Static).update(message.error or "")
            return
        self.findings = message.findings
        form = self.findings["questionnaire"]
        self.query_one("#title-bar", Static).update(
            f"Findings · {form['title']} ({form['form_id']})"
        )
        self._fill_questions()

    def _status(self, text: str) -> None:
        self.query_one("#findings-status", Static).update(text)

    # -- showing ----------------------------------------------------------------------

    def _fill_questions(self) -> None:
        assert self.findings is not None
        questions = self.query_one("#question-list", OptionList)
        previous = questions.highlighted_option.id if questions.highlighted_option else None
        options = [Option(Content.styled("Key findings", "bold"), id=KEY_FINDINGS)]
        width = max(16, questions.scrollable_content_region.width - 5)
        section = None
        for entry in self.findings["questions"]:
            if entry["section"] and entry["section"] != section:
                options.append(
                    Option(Content.styled(entry["section"], "bold $accent"), disabled=True)
                )
            section = entry["section"]
            marker = " *" if entry.get("suppressed") else ""
            options.append(
                Option(
                    f"  {_short(entry['label'] or entry['name'], width)}{marker}", id=entry["name"]
                )
            )
        questions.set_options(options)
        ids = [option.id for option in options]
        questions.highlighted = ids.index(previous) if previous in ids else 0
        questions.focus()
        self._show(questions.highlighted_option.id if questions.highlighted_option else None)
        by = (self.by or "none").replace("_", " ")
        self._status(
            f"{self.findings['interviews']} completed interviews · breakdown: {by} (b)"
            f" · * base under {self.findings['threshold']}"
        )

    def _entry(self, name: str) -> dict[str, Any] | None:
        if self.findings is None:
            return None
        return next((e for e in self.findings["questions"] if e["name"] == name), None)

    def _show(self, option_id: str | None) -> None:
        if self.findings is None:
            return
        detail = self.query_one("#detail", Static)
        breakdown = self.query_one("#breakdown", Static)
        entry = self._entry(option_id) if option_id else None
        if entry is None:
            detail.update(key_findings_view(self.findings))
            breakdown.display = False
        else:
            threshold = self.findings["threshold"]
            bar_width = 20 if self.app.size.width >= 100 else 12
            detail.update(question_view(entry, threshold, bar_width))
            table = breakdown_view(entry, threshold)
            breakdown.display = table is not None
            if table is not None:
                renderable, needed = table
                breakdown.update(renderable)
                # Never narrower than the table needs: a wide one scrolls sideways.
                available = self.query_one("#question-detail").scrollable_content_region.width
                breakdown.styles.width = max(needed, available)
        self.query_one("#question-detail").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#question-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    @property
    def shown_question(self) -> str | None:
        """The name of the question on the right (None for the key findings)."""
        option = self.query_one("#question-list", OptionList).highlighted_option
        return option.id if option is not None and option.id != KEY_FINDINGS else None

    # -- actions ------------------------------------------------------------------------

    def action_breakdown(self) -> None:
        """Next breakdown: none, organisation type, region, interviewer, mode."""
        self.by = BREAKDOWNS[(BREAKDOWNS.index(self.by) + 1) % len(BREAKDOWNS)]
        self.refresh_findings()

    def action_toggle_list(self) -> None:
        """Hide the question list to give a wide breakdown the whole width (l again: back)."""
        questions = self.query_one("#question-list", OptionList)
        questions.display = not questions.display
        detail = self.query_one("#question-detail")
        (questions if questions.display else detail).focus()
        shown = questions.highlighted_option.id if questions.highlighted_option else None
        # Widths are known after the next layout; draw the question again then.
        self.call_after_refresh(self._show, shown)

    def action_choose_form(self) -> None:
        from engagement_tui.tui.screens.form_picker import choose_form

        def chosen(form_id: str) -> None:
            self.form_id = form_id
            self.refresh_findings()

        choose_form(self.app, "Findings of which questionnaire?", chosen, current=self.form_id)

    def action_plan(self) -> None:
        """Shape this questionnaire's report: key points, quotes, title; write the plan."""
        self.app.action_report_plan(self.form_id)  # type: ignore[attr-defined]

    def action_report(self) -> None:
        """Write the PDF report of this questionnaire to exports/, in a worker thread."""
        if self.query_one("#report-progress").display:
            self.notify("A report is being written already.", timeout=3)
            return
        self.query_one("#report-progress").display = True
        self.notify(f"Writing the PDF report of {self.form_id}…", timeout=3)
        self.write_report(self.store.path, self.form_id)

    @work(thread=True, exclusive=True, group="report")
    def write_report(self, db_path: str, form_id: str) -> None:
        from engagement_tui.report.publish import ReportFailed
        from engagement_tui.tui.report_job import write_pdf_report

        try:
            path = write_pdf_report(db_path, form_id)
        except (ReportFailed, StoreError, *errors()) as error:
            self.post_message(ReportWritten(None, str(error)))
            return
        self.post_message(ReportWritten(str(path)))

    def on_report_written(self, message: ReportWritten) -> None:
        self.query_one("#report-progress").display = False
        if message.path is None:
            self.notify(message.error or "The report was not written", severity="error")
        else:
            self.notify(f"Report written: {message.path}", title="PDF report", timeout=10)
