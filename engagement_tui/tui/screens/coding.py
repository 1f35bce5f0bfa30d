"""Provides the coding screen: free-text answers and quotes, one at a time, coded into themes.

Keys 1-9 toggle the first nine themes of the codebook on the text shown, 0 picks any
theme from a list (each change is committed by the store at once), n/p or the arrows
move, u jumps to the next uncoded item, a adds a theme, t shows theme counts (this
question, everything, by member type), and q opens the quote bank with each quote
attributed as its respondent agreed. `/` searches the free text by words and codes every
match with a theme in one step (see search_dialog).
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from engagement_tui.interview.questionnaire import theme_label
from engagement_tui.store import Store
from engagement_tui.store.coding import CodingItem, StoredTheme
from engagement_tui.tui.inert import inert

__all__ = ["CodingScreen"]

KIND_LABELS = {"answer": "Answer", "quote": "Verbatim quote", "observation": "Observation"}


class CodingScreen(Screen[None]):
    """Walks through a questionnaire's free text and tags it with themes."""

    CSS_PATH = "../insights.tcss"
    BINDINGS = [
        *(Binding(str(n), f"toggle({n})", f"Theme {n}", show=False) for n in range(1, 10)),
        Binding("n,right", "move(1)", "Move", key_display="n/p"),
        Binding("p,left", "move(-1)", "Prev", show=False),  # shown with n as n/p
        Binding("u", "next_uncoded", "Uncoded"),
        Binding("0", "pick_theme", "Theme"),
        Binding("a", "add_theme", "New theme"),
        Binding("slash", "search_code", "Search"),
        Binding("t", "counts", "Counts"),
        Binding("q", "quotes", "Quotes"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, store: Store, form_id: str) -> None:
        super().__init__(id="coding")
        self.store = store
        self.form_id = form_id
        self.questionnaire = store.forms.load(form_id)
        if self.questionnaire is None:
            raise KeyError(f"no questionnaire {form_id!r}")
        # The codebook written in the questionnaire is where coding starts (idempotent).
        store.coding.seed_codebook(form_id, self.questionnaire.codebook)
        self.text_questions = [q.name for q in self.questionnaire.coded_questions()]
        self.items: list[CodingItem] = store.coding.items(form_id, self.text_questions)
        self.themes: list[StoredTheme] = store.coding.themes(form_id)
        self.index = 0
        """Position of the item shown in `items`."""

    def compose(self) -> ComposeResult:
        yield Static(
            f"Code free text · {self.questionnaire.title} ({self.form_id})", id="title-bar"
        )
        yield Static(id="coding-status", markup=False)
        with Horizontal(id="coding-body"):
            with VerticalScroll(id="coding-item"):
                yield Static(id="item-question", markup=False)
                yield Static(id="item-who", markup=False)
                yield Static(id="item-text", markup=False)
                yield Static(id="item-themes", markup=False)
            with VerticalScroll(id="coding-counts"):
                yield Static(id="counts", markup=False)
            with VerticalScroll(id="theme-panel"):
                yield Static(id="theme-list", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#theme-panel").border_title = "Themes: 1-9 toggle, 0 any"
        self.show()

    @property
    def item(self) -> CodingItem | None:
        return self.items[self.index] if self.items else None

    # -- showing --------------------------------------------------------------------------

    def show(self) -> None:
        """Draw the current item, the progress, the numbered themes and (if shown) counts."""
        coded = sum(1 for item in self.items if item.themes)
        item = self.item
        where = f"Item {self.index + 1} of {len(self.items)} · " if item else ""
        self.query_one("#coding-status", Static).update(
            f"{where}{coded} of {len(self.items)} coded"
        )
        self.query_one("#theme-list", Static).update(self._theme_list(item))
        question, who, text, themes = self._item_parts(item)
        self.query_one("#item-question", Static).update(inert(question))
        self.query_one("#item-who", Static).update(inert(who))
        self.query_one("#item-text", Static).update(inert(text))
        self.query_one("#item-themes", Static).update(themes)
        if self.has_class("-counts"):
            self.query_one("#counts", Static).update(self._counts())

    def _item_parts(self, item: CodingItem | None) -> tuple[str, str, str, Text]:
        if item is None:
            return (
                "Nothing to code yet",
                "",
                "Free-text answers and quotes of completed interviews appear here.",
                Text(""),
            )
        assert self.questionnaire is not None
        label = item.question
        if item.question and self.questionnaire.has_question(item.question):
            label = self.questionnaire.question(item.question).label or item.question
        question = (
            f"{KIND_LABELS.get(item.kind, item.kind)} · {label or 'the interview as a whole'}"
        )
        who = item.organisation_type or "Organisation type not recorded"
        if item.organisation:
            who += f" · {item.organisation}"
        themes = (
            Text.assemble(("Themes: ", "bold"), ", ".join(map(theme_label, item.themes)))
            if item.themes
            else Text("No themes yet: press 1-9 to tag this text", style="dim")
        )
        return question, who, item.text, themes

    def _theme_list(self, item: CodingItem | None) -> Table | Text:
        if not self.themes:
            return Text("No themes yet: press a to add one.", style="dim")
        table = Table.grid(padding=(0, 1))
        table.add_column(width=3, no_wrap=True)
        table.add_column(ratio=1)
        for number, theme in enumerate(self.themes, 1):
            applied = item is not None and theme.name in item.themes
            key = str(number) if number <= 9 else " "
            name = Text(theme_label(theme.name), style="bold green" if applied else "bold")
            if theme.description:
                name.append(f"\n{theme.description}", style="dim")
            table.add_row(Text(f"{key}{'✓' if applied else ' '}", style="bold"), name)
        if len(self.themes) > 9:
            table.add_row("", Text("0 picks any theme, the tenth on too.", style="dim italic"))
        return table

    def _counts(self) -> Table:
        """Interviews coded with each theme: on this question, overall, and by member type."""
        item = self.item
        question = item.question if item else None
        here = self.store.coding.theme_counts(self.form_id, question=question) if item else {}
        overall = self.store.coding.theme_counts(self.form_id)
        by_type: Counter[tuple[str, str]] = Counter()
        seen: set[tuple[str, str]] = set()
        for row in self.store.coding.codings(self.form_id):
            key = (row["theme"], row["interview_uuid"])
            if key not in seen:  # interviews, not codings: one per theme and interview
                seen.add(key)
                by_type[(row["theme"], row["organisation_type"] or "Not recorded")] += 1
        types = sorted({kind for _, kind in by_type})
        table = Table(box=None, padding=(0, 0, 0, 1), header_style="bold", show_edge=False)
        longest = max((len(theme.name) for theme in self.themes), default=5)
        table.add_column("Theme", min_width=min(longest, 30), no_wrap=True)
        table.add_column("Here", justify="right")
        table.add_column("All", justify="right")
        for kind in types:
            table.add_column(kind, justify="right")
        for theme in self.themes:
            table.add_row(
                theme_label(theme.name),
                str(here.get(theme.name, 0)),
                str(overall.get(theme.name, 0)),
                *(str(by_type[(theme.name, kind)]) for kind in types),
            )
        table.title = f"Interviews coded with each theme · Here: {question or '-'}"
        table.title_justify = "left"
        table.caption = "Columns after All: by member type."
        table.caption_justify = "left"
        return table

    # -- actions ----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)
            self.show()

    def action_next_uncoded(self) -> None:
        if not self.items:
            self.notify("Nothing to code yet.", timeout=3)
            return
        for offset in range(1, len(self.items) + 1):
            position = (self.index + offset) % len(self.items)
            if not self.items[position].themes:
                self.index = position
                self.show()
                return
        self.notify("Every item has a theme.", timeout=3)

    def action_toggle(self, number: int) -> None:
        """Tag the text with theme `number`, or take the tag off if it has it."""
        item = self.item
        if item is None or not 1 <= number <= len(self.themes):
            return
        theme = self.themes[number - 1]
        where = {"question": item.question, "note_id": item.note_id}
        if theme.name in item.themes:
            self.store.coding.uncode(theme.id, item.interview_uuid, **where)
            names = {name for name in item.themes if name != theme.name}
        else:
            self.store.coding.code(theme.id, item.interview_uuid, **where)
            names = {*item.themes, theme.name}
        ordered = tuple(t.name for t in self.themes if t.name in names)
        self.items[self.index] = dataclasses.replace(item, themes=ordered)
        self.show()

    def action_pick_theme(self) -> None:
        """Toggle any theme, the tenth and later included, from a list."""
        from engagement_tui.tui.screens.coding_dialogs import ThemePicker

        item = self.item
        if item is None or not self.themes:
            return
        listed = [(t.name, t.description, t.name in item.themes) for t in self.themes]

        def picked(number: int | None) -> None:
            if number is not None:
                self.action_toggle(number)

        self.app.push_screen(ThemePicker(listed), picked)

    def action_add_theme(self) -> None:
        from engagement_tui.tui.screens.coding_dialogs import AddThemeDialog

        def added(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            name, description = result
            self.store.coding.add_theme(self.form_id, name, description)
            self.themes = self.store.coding.themes(self.form_id)
            number = next(n for n, t in enumerate(self.themes, 1) if t.name == name)
            key = f" (key {number})" if number <= 9 else ""
            self.notify(f"Theme {number}: {name}{key}", timeout=4)
            self.show()

        self.app.push_screen(AddThemeDialog(), added)

    def action_search_code(self) -> None:
        """Search the free text and code every match with a chosen theme."""
        from engagement_tui.store.search import SearchError
        from engagement_tui.tui.screens.search_dialog import SearchCodeDialog

        def find(words: str) -> list:
            try:
                return self.store.search.find(
                    words, form_id=self.form_id, questions=self.text_questions
                )
            except SearchError as error:
                raise ValueError(str(error)) from None

        def chosen(result: tuple[str, int] | None) -> None:
            if result is None:
                return
            words, number = result
            theme = self.themes[number - 1]
            hits = find(words)
            added = self.store.search.code_all(hits, theme.id)
            self.items = self.store.coding.items(self.form_id, self.text_questions)
            self.index = min(self.index, max(len(self.items) - 1, 0))
            self.notify(
                f"Coded {added} new of {len(hits)} matches for {words!r} as"
                f" {theme_label(theme.name)}",
                timeout=5,
            )
            self.show()

        if not self.themes:
            self.notify("No themes yet: press a to add one.", timeout=3)
            return
        names = [theme.name for theme in self.themes]
        self.app.push_screen(SearchCodeDialog(names, lambda words: len(find(words))), chosen)

    def action_back(self) -> None:
        """Esc closes the theme counts if they are shown; else back to where coding began."""
        if self.has_class("-counts"):
            self.action_counts()
        else:
            self.app.pop_screen()

    def action_counts(self) -> None:
        self.toggle_class("-counts")
        self.show()

    def action_quotes(self) -> None:
        from engagement_tui.tui.screens.coding_dialogs import QuoteBankScreen

        assert self.questionnaire is not None
        self.app.push_screen(QuoteBankScreen(self.store, self.questionnaire))
