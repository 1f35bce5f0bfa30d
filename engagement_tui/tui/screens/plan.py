"""Provides the report plan screen: pick, order and approve key points and quotes, then
write the plan that `engage report --plan FILE` builds from.

Above, the candidate key points (each question's headline with its live figures, the
automatic report's choice ticked, then any sentence of a loaded plan); below, the quote
bank with each quote's approval and the words as the report prints them (redacted).
Keys only: space chooses or drops the highlighted item, ctrl+↑/↓ moves it, `a` approves
or revokes a quote (through `store.quotes`, as `engage quotes approve` does), `t` edits
the title and subtitle, `w` writes the plan (`report.plan_draft.plan_text`, the same file
`engage report plan` writes) to a path the user confirms, `o` opens a plan to go on with.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.report.plan_draft import PlanDraft, point_text
from engagement_tui.store import Store, StoreError

__all__ = ["PlanLoaded", "ReportPlanScreen"]


@dataclass
class PlanLoaded(Message):
    """The worker's result: the findings, the quote bank and the draft (or why not)."""

    findings: dict[str, Any] | None
    quotes: list[dict[str, Any]]
    draft: PlanDraft | None
    path: str | None = None
    error: str | None = None


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(1, width - 1)] + "…"


def _load(db_path: str, form_id: str, plan_path: str | None, today: dt.date) -> PlanLoaded:
    """Findings, quote bank and draft, read on a connection of this thread's own."""
    from engagement_tui.findings import FindingsError, compute_findings
    from engagement_tui.report.plan import PlanError, load_plan
    from engagement_tui.report.plan_draft import draft_from_findings, draft_from_plan
    from engagement_tui.report.plan_quotes import quote_candidates

    try:
        plan = load_plan(Path(plan_path)) if plan_path else None
        form_id = plan.questionnaire if plan else form_id
        store = Store.open(db_path)
        try:
            findings = compute_findings(store, form_id)
            quotes = quote_candidates(store, form_id)
        finally:
            store.close()
    except (PlanError, FindingsError, StoreError, sqlite3.Error, OSError) as error:
        return PlanLoaded(None, [], None, plan_path, str(error))
    if plan is not None:
        draft = draft_from_plan(plan, findings)
    else:
        draft = draft_from_findings(findings, quotes, today)
    return PlanLoaded(findings, quotes, draft, plan_path)


class ReportPlanScreen(Screen[None]):
    """The coordinator's report plan of one questionnaire."""

    CSS_PATH = "../insights.tcss"
    BINDINGS = [
        Binding("space", "choose", "Choose"),
        Binding("ctrl+up,left_square_bracket", "move(-1)", "Move", key_display="^↑↓"),
        Binding("ctrl+down,right_square_bracket", "move(1)", "Down", show=False),
        Binding("a", "approve", "Approve"),
        Binding("t", "edit_title", "Title"),
        Binding("w", "write", "Write"),
        Binding("o", "open_plan", "Open"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, store: Store, form_id: str, *, today: dt.date | None = None) -> None:
        super().__init__(id="report-plan")
        self.store = store
        self.form_id = form_id
        self.today = today or dt.date.today()
        self.findings: dict[str, Any] | None = None
        self.quotes: list[dict[str, Any]] = []
        """The quote bank (report.plan_quotes rows), approvals kept current."""
        self.draft: PlanDraft | None = None
        self.path: str | None = None
        """The plan file opened or last written."""

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar", markup=False)
        yield Static(id="plan-heading", markup=False)
        with Vertical(id="plan-body"):
            yield OptionList(id="plan-points")
            yield OptionList(id="plan-quotes")
        yield Static(id="plan-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title-bar", Static).update(f"Report plan · {self.form_id}")
        self.query_one("#plan-heading", Static).update("Counting…")
        self.load(self.store.path, self.form_id, None)

    @work(thread=True, exclusive=True, group="plan")
    def load(self, db_path: str, form_id: str, plan_path: str | None) -> None:
        self.post_message(_load(db_path, form_id, plan_path, self.today))

    def on_plan_loaded(self, message: PlanLoaded) -> None:
        if message.draft is None or message.findings is None:
            self.notify(message.error or "No findings to plan", severity="error", timeout=10)
            if self.draft is None:
                self.query_one("#plan-heading", Static).update(message.error or "")
            return
        self.findings, self.quotes, self.draft = message.findings, message.quotes, message.draft
        self.form_id = self.draft.questionnaire
        self.path = message.path or self.path
        form = self.findings["questionnaire"]
        self.query_one("#title-bar", Static).update(
            f"Report plan · {form['title']} ({form['form_id']})"
        )
        self._fill()
        self.query_one("#plan-points", OptionList).focus()

    # -- showing ------------------------------------------------------------------------

    def _width(self, widget: OptionList) -> int:
        return max(20, widget.scrollable_content_region.width - 2)

    def _fill(self, points_at: int | None = None, quotes_at: int | None = None) -> None:
        assert self.draft is not None and self.findings is not None
        draft = self.draft
        self.query_one("#plan-heading", Static).update(
            f"Title: {draft.title or '(the questionnaire’s)'} · Subtitle: {draft.subtitle or '-'}"
        )
        points = self.query_one("#plan-points", OptionList)
        width = self._width(points)
        options, number = [], 0
        for point in draft.key_points:
            number += point.chosen
            mark = f"[x] {number:>2}. " if point.chosen else "[ ]     "
            text = mark + _short(point_text(point, self.findings), width - len(mark))
            options.append(Option(Content(text)))
        chosen = sum(point.chosen for point in draft.key_points)
        points.border_title = f"Key points: {chosen} chosen of {len(draft.key_points)}"
        self._set(points, options, points_at)

        quotes = self.query_one("#plan-quotes", OptionList)
        width = self._width(quotes)
        options = []
        for row in self._quote_order():
            box = "[x]" if row["key"] in (draft.quotes or []) else "[ ]"
            prefix = f"{box} {'approved' if row['approved'] else 'pending':<8} {row['key']}  "
            text = prefix + _short(row["redacted"], width - len(prefix))
            options.append(Option(Content(text)))
        approved = sum(row["approved"] for row in self.quotes)
        quotes.border_title = (
            f"Quotes: {len(draft.quotes or [])} chosen · {approved} approved of {len(self.quotes)}"
        )
        self._set(quotes, options, quotes_at)
        self._detail()

    def _set(self, widget: OptionList, options: list[Option], at: int | None) -> None:
        previous = widget.highlighted if at is None else at
        widget.set_options(options)
        if options:
            widget.highlighted = min(previous or 0, len(options) - 1)

    def _quote_order(self) -> list[dict[str, Any]]:
        """The chosen quotes in the plan's order, then the others as the bank lists them."""
        chosen = self.draft.quotes or [] if self.draft else []
        by_key = {row["key"]: row for row in self.quotes}
        first = [by_key[key] for key in chosen if key in by_key]
        return first + [row for row in self.quotes if row["key"] not in chosen]

    def _detail(self) -> None:
        """The highlighted item in full: the whole sentence, its base, or the quote's words."""
        detail = self.query_one("#plan-detail", Static)
        if self.draft is None or self.findings is None:
            return
        if self.focused is self.query_one("#plan-quotes") and self.quotes:
            index = self.query_one("#plan-quotes", OptionList).highlighted or 0
            row = self._quote_order()[index]
            found = f" · personal data redacted: {', '.join(row['personal'])}"
            text = (
                f"“{row['redacted']}” — {row['attributed'] or 'unattributed'}"
                f"\n{row['key']} · {'approved' if row['approved'] else 'pending: a approves'}"
                + (found if row["personal"] else "")
            )
        elif self.draft.key_points:
            index = self.query_one("#plan-points", OptionList).highlighted or 0
            point = self.draft.key_points[index]
            text = point_text(point, self.findings)
            if point.kind == "question":
                entry = next(q for q in self.findings["questions"] if q["name"] == point.value)
                text += f"\n{point.value} · base {entry.get('base')}"
            else:
                text += f"\nyour sentence: {point.value}"
        else:
            text = "No question has a headline yet."
        detail.update(text)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def on_descendant_focus(self) -> None:
        self._detail()

    # -- actions ------------------------------------------------------------------------

    def _in_quotes(self) -> bool:
        return self.focused is self.query_one("#plan-quotes")

    def action_choose(self) -> None:
        """Choose the highlighted key point or quote, or drop it from the plan."""
        if self.draft is None:
            return
        if not self._in_quotes():
            index = self.query_one("#plan-points", OptionList).highlighted
            if index is not None and self.draft.key_points:
                point = self.draft.key_points[index]
                point.chosen = not point.chosen
                self._fill()
            return
        index = self.query_one("#plan-quotes", OptionList).highlighted
        if index is None or not self.quotes:
            return
        row = self._quote_order()[index]
        chosen = self.draft.quotes if self.draft.quotes is not None else []
        if row["key"] in chosen:
            chosen.remove(row["key"])
        elif not row["approved"]:
            self.notify(f"Quote {row['key']} is not approved: a approves it first.", timeout=5)
            return
        else:
            chosen.append(row["key"])
        self.draft.quotes = chosen
        self._fill(quotes_at=self._quote_order().index(row))

    def action_move(self, step: int) -> None:
        """Move the highlighted key point (or chosen quote) up or down the plan's order."""
        if self.draft is None:
            return
        if not self._in_quotes():
            index = self.query_one("#plan-points", OptionList).highlighted
            if index is not None and self.draft.key_points:
                self._fill(points_at=self.draft.move(index, step))
            return
        chosen = self.draft.quotes or []
        index = self.query_one("#plan-quotes", OptionList).highlighted
        if index is None or index >= len(chosen):
            self.notify("Only chosen quotes have a place in the plan's order.", timeout=3)
            return
        target = max(0, min(len(chosen) - 1, index + step))
        chosen.insert(target, chosen.pop(index))
        self._fill(quotes_at=target)

    def action_approve(self) -> None:
        """Approve the highlighted quote as it now reads, or revoke its approval."""
        if self.draft is None or not self._in_quotes() or not self.quotes:
            self.notify("Approval is for quotes: tab to the quotes first.", timeout=3)
            return
        index = self.query_one("#plan-quotes", OptionList).highlighted or 0
        row = self._quote_order()[index]
        try:
            if row["approved"]:
                self.store.quotes.revoke([row["key"]])
                if self.draft.quotes and row["key"] in self.draft.quotes:
                    self.draft.quotes.remove(row["key"])  # revoked: it can no longer print
            else:
                self.store.quotes.approve([row["key"]])
        except (StoreError, sqlite3.Error, KeyError) as error:
            self.notify(f"Not saved: {error}", severity="error")
            return
        row["approved"] = not row["approved"]
        self._fill(quotes_at=self._quote_order().index(row))

    def action_edit_title(self) -> None:
        from engagement_tui.tui.screens.plan_dialogs import TitleDialog

        if self.draft is None:
            return

        def edited(result: tuple[str, str] | None) -> None:
            if result is not None and self.draft is not None:
                self.draft.title, self.draft.subtitle = result
                self._fill()

        self.app.push_screen(TitleDialog(self.draft.title or "", self.draft.subtitle or ""), edited)

    def _default_path(self) -> str:
        from engagement_tui.files.paths import default_output_dir

        return self.path or str(default_output_dir() / f"{self.form_id}-plan.yaml")

    def action_write(self) -> None:
        from engagement_tui.tui.screens.plan_dialogs import PathDialog

        if self.draft is None:
            return
        self.app.push_screen(
            PathDialog(
                "Write the report plan to",
                self._default_path(),
                "⏎ write (a plan there is replaced)   esc cancel",
            ),  # fmt: skip
            self._write,
        )

    def _write(self, typed: str | None) -> None:
        from engagement_tui.files.atomic import atomic_write
        from engagement_tui.files.outputs import database_files
        from engagement_tui.report.plan import PlanError, load_plan
        from engagement_tui.report.plan_draft import plan_text

        if not typed or self.draft is None or self.findings is None:
            return
        target = Path(typed).expanduser()
        try:
            if any(target.resolve() == path.resolve() for path in database_files(self.store.path)):
                raise ValueError(f"{target} is the open database; choose another file")
            if target.is_dir():
                raise ValueError(f"{target} is a folder; name a .yaml file")
            if target.exists():
                try:
                    load_plan(target)
                except PlanError:
                    raise ValueError(
                        f"{target} exists and is not a report plan; not replaced"
                    ) from None
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(target) as handle:
                handle.write(plan_text(self.draft, self.findings, self.quotes).encode("utf-8"))
        except (ValueError, OSError) as error:
            message = error.strerror if isinstance(error, OSError) else None
            self.notify(f"Not written: {message or error}", severity="error", timeout=10)
            return
        self.path = str(target)
        self.notify(f"Plan written: {target} (engage report --plan {target})", timeout=10)

    def action_open_plan(self) -> None:
        from engagement_tui.tui.screens.plan_dialogs import PathDialog

        def opened(typed: str | None) -> None:
            if typed:
                self.load(self.store.path, self.form_id, str(Path(typed).expanduser()))

        self.app.push_screen(
            PathDialog("Open a report plan", self._default_path(), "⏎ open   esc cancel"), opened
        )
