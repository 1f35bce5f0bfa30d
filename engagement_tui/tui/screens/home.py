"""Provides the home screen: interviews to resume, recent completions, coverage, questionnaires.

On an empty database it says what to do first instead (the CLI commands that load a
questionnaire and the member register, or the demo).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.files.paths import engage_invocation
from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store import Interview, Store
from engagement_tui.store.coverage import Coverage, coverage
from engagement_tui.tui.inert import inert_markup

__all__ = ["HomeScreen"]


def welcome_text(db_path: str) -> str:
    """What an empty database's home says: `d` for the demo, and the commands that load a
    programme, spelt so that they work as typed in this shell (see `engage_command`)."""
    command = engage_invocation(db_path, "").rstrip()
    return f"""\
Welcome to engage. This database is empty:
  {db_path}

Press d to fill it with a realistic demo programme (about 150 member
organisations, 120 interviews and survey returns) and explore every screen.

To run your own programme, load a questionnaire and the member
register from the command line, then open engage again:

  {command} questionnaire import FILE
      (a questionnaire: .yaml, or an XLSForm .xlsx)
  {command} org import FILE.csv
      (the member register: name,type,region,system)

Press ctrl+q to quit."""


RECENT_LIMIT = 8
NAME_WIDTH = 20
"""Characters of an organisation type or region shown in the coverage panel."""


def _who(interview: Interview) -> str:
    """Organisation and respondent as stored, made inert (shown in markup-parsing lists)."""
    who = interview.organisation or "(no organisation)"
    if interview.respondent:
        who += f" · {interview.respondent}"
    return inert_markup(who)


def coverage_content(cover: Coverage) -> Content:
    """The coverage panel: overall, then by type and by region, as aligned text."""
    overall = cover.overall
    lines = [
        Content.assemble(
            ("Engaged ", ""),
            (f"{overall.engaged} of {overall.total}", "bold"),
            (f" organisations ({overall.percent}%)", ""),
        ),
        Content(f"{overall.in_progress} more in progress"),
    ]
    for title, rows in (("By type", cover.by_type), ("By region", cover.by_region)):
        lines.append(Content(""))
        lines.append(Content.assemble((title, "bold underline")))
        for row in rows[:8]:
            # 33 columns: what the panel has at 80x24 once its border and scrollbar are drawn.
            name = row.group if len(row.group) <= NAME_WIDTH else row.group[: NAME_WIDTH - 1] + "…"
            lines.append(
                Content(f"{name:<{NAME_WIDTH}} {row.engaged:>3}/{row.total:<3}{row.percent:>4}%")
            )
        if len(rows) > 8:
            lines.append(Content.styled(f"… and {len(rows) - 8} more", "dim"))
    return Content("\n").join(lines)


class HomeScreen(Screen[None]):
    """Where the app opens: resume, start, and see how much of the register is covered."""

    BINDINGS = [
        Binding("n", "app.new_interview", "New interview"),
        Binding("f", "app.findings", "Findings"),
        Binding("c", "app.coding", "Code free text"),
        Binding("r", "refresh_lists", "Refresh", show=False),
        Binding("d", "fill_with_demo", "Demo programme"),
        Binding("x", "erase_selected", "Erase…"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(id="home")
        self.store = store
        self._forms: dict[int, Questionnaire] = {}

    def compose(self) -> ComposeResult:
        yield Static("engage · interviews with member organisations", id="title-bar")
        forms = self.store.forms.list()
        if not forms and not self.store.register.count():
            with VerticalScroll(id="welcome-box"):
                yield Static(welcome_text(self.store.path), id="welcome", markup=False)
        else:
            with Horizontal(id="home-columns"):
                with Vertical(id="home-left"):
                    yield OptionList(id="drafts", classes="home-list")
                    yield OptionList(id="completed", classes="home-list")
                    yield OptionList(id="forms", classes="home-list")
                with VerticalScroll(id="home-right"):
                    yield Static(id="coverage")
        yield Footer()

    def on_mount(self) -> None:
        titles = {
            "#drafts": "In progress: Enter to resume",
            "#completed": "Completed: Enter to review",
            "#forms": "Questionnaires: Enter to start",
            "#home-right": "Coverage of the member register",
        }
        for selector, title in titles.items():
            for widget in self.query(selector):
                widget.border_title = title

    def on_screen_resume(self) -> None:
        # Also the first showing: a pushed screen is resumed straight after its mount, so
        # loading the lists here (not in on_mount too) reads the store once at start-up.
        self.refresh_lists()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "fill_with_demo":
            return bool(self.query("#welcome"))  # only on an empty database
        if action == "erase_selected":
            return not self.query("#welcome")
        return True

    def action_erase_selected(self) -> None:
        """Erase the highlighted interview (in progress or completed), after a typed
        confirmation; elsewhere, pick an organisation to erase."""
        from engagement_tui.tui.screens.erase import erase_interview, erase_organisation

        focused = self.focused
        if isinstance(focused, OptionList) and focused.id in ("drafts", "completed"):
            option = focused.highlighted_option
            if option is not None and option.id:
                erase_interview(self.app, option.id)
                return
        erase_organisation(self.app)

    async def action_fill_with_demo(self) -> None:
        """Fill the empty database with the demo programme, then show the full home."""
        from engagement_tui.demo import DemoRefused, fill_with_demo

        try:
            summary = fill_with_demo(self.store)
        except DemoRefused as refused:
            self.notify(str(refused), severity="error")
            return
        await self.recompose()
        self.on_mount()
        self.refresh_lists()
        self.notify(
            f"Demo programme written: {summary.organisations} organisations,"
            f" {summary.completed} completed interviews. Press f for findings."
        )

    def action_refresh_lists(self) -> None:
        self.refresh_lists()

    def refresh_lists(self) -> None:
        """Reload every panel from the store."""
        if not self.query("#drafts"):
            return
        interviews = self.store.interviews.list()
        drafts = [interview for interview in interviews if interview.status == "draft"]
        done = [interview for interview in interviews if interview.status == "complete"]
        draft_list = self.query_one("#drafts", OptionList)
        draft_list.set_options(
            [
                Option(f"{_who(i)}\n  {i.form_id} · at: {self._position_label(i)}", id=i.uuid)
                for i in drafts
            ]
            or [Option("No interviews in progress. Press n to start one.", disabled=True)]
        )
        self.query_one("#completed", OptionList).set_options(
            [
                Option(f"{_who(i)} · {(i.completed_at or '')[:10]}", id=i.uuid)
                for i in done[:RECENT_LIMIT]
            ]
            or [Option("None yet.", disabled=True)]
        )
        forms = self.store.forms.list()
        self.query_one("#forms", OptionList).set_options(
            [
                Option(inert_markup(f"{form.title} ({form.form_id})"), id=form.form_id)
                for form in forms
            ]
            or [
                Option(
                    f"None: {engage_invocation(self.store.path, 'questionnaire import FILE')}",
                    disabled=True,
                )
            ]
        )
        cover = coverage(self.store.register.list(), interviews)
        self.query_one("#coverage", Static).update(coverage_content(cover))
        for listed in self.query(".home-list").results(OptionList):
            if listed.highlighted is None and listed.option_count:
                listed.highlighted = 0
        (draft_list if drafts else self.query_one("#forms", OptionList)).focus()

    def _position_label(self, interview: Interview) -> str:
        """The label of the question a draft interview stopped at."""
        if not interview.position:
            return "the start"
        form = self._forms.get(interview.questionnaire_id)
        if form is None:
            form = self._forms[interview.questionnaire_id] = self.store.forms.load_by_id(
                interview.questionnaire_id
            )
        from engagement_tui.interview.repeats import split_key

        scope, name = split_key(interview.position)  # in a repeat: member[2]/age
        if not form.has_question(name):
            return interview.position
        label = form.question(name).label or name
        if scope:
            label = f"{label} ({', '.join(f'{repeat} {index}' for repeat, index in scope)})"
        return label if len(label) <= 50 else label[:49] + "…"

    @on(OptionList.OptionSelected, "#drafts")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_interview(event.option.id)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#completed")
    def _review(self, event: OptionList.OptionSelected) -> None:
        """A completed interview opens on its review: any answer can still be corrected."""
        if event.option.id:
            self.app.open_interview(event.option.id, review=True)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#forms")
    def _start(self, event: OptionList.OptionSelected) -> None:
        self.app.action_new_interview(event.option.id)  # type: ignore[attr-defined]
