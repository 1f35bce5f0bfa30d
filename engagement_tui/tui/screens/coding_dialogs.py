"""Provides the coding screen's helpers: the add-a-theme dialog and the quote bank.

The quote bank lists the verbatim quotes of completed interviews, each attributed exactly
as its respondent agreed (named, role only or anonymous), using the findings engine's
attribution so the screen, the findings and the report never disagree.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store import Store
from engagement_tui.tui.inert import inert_markup

__all__ = ["AddThemeDialog", "QuoteBankScreen", "ThemePicker", "attributed_quotes"]


class AddThemeDialog(ModalScreen[tuple[str, str] | None]):
    """Asks for a theme's name and description; Enter in the description adds it."""

    # Enter is a priority binding so that focus moves to the description while the key
    # is dispatched: what is typed straight after lands in the right field.
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "enter", "Next / add", priority=True, show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a theme", classes="dialog-title")
            yield Input(placeholder="Name, e.g. funding_flows", id="theme-name")
            yield Input(placeholder="What it covers (optional)", id="theme-description")
            yield Static("enter next / add   esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#theme-name", Input).focus()

    def action_enter(self) -> None:
        name_input = self.query_one("#theme-name", Input)
        if self.focused is name_input:
            self.set_focus(self.query_one("#theme-description", Input))
            return
        name = name_input.value.strip()
        if not name:
            self.notify("A theme needs a name", severity="warning")
            self.set_focus(name_input)
            return
        self.dismiss((name, self.query_one("#theme-description", Input).value.strip()))


class ThemePicker(ModalScreen[int | None]):
    """Every theme (past the ninth too), ticked where the text has it; Enter toggles one."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, themes: list[tuple[str, str, bool]]) -> None:
        super().__init__(classes="dialog-screen")
        self.themes = themes
        """(name, description, applied) of each theme, in codebook order."""

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{number:>2} {'✓' if applied else ' '} {name}: {description}".rstrip(": "))
            for number, (name, description, applied) in enumerate(self.themes, 1)
        ]
        with Vertical(classes="dialog"):
            yield Label("Toggle a theme on this text", classes="dialog-title")
            yield OptionList(*options, id="theme-picker")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index + 1)


def attributed_quotes(store: Store, questionnaire: Questionnaire) -> list[dict[str, str]]:
    """Each verbatim quote of a completed interview: text, attribution, question, themes."""
    from engagement_tui.findings.quotes import attribution

    text_questions = [q.name for q in questionnaire.coded_questions()]
    items = store.coding.items(questionnaire.form_id, text_questions)
    interviews = {}
    quotes = []
    for item in items:
        if item.kind != "quote":
            continue
        if item.interview_uuid not in interviews:
            interviews[item.interview_uuid] = store.interviews.get(item.interview_uuid)
        interview = interviews[item.interview_uuid]
        label = item.question
        if item.question and questionnaire.has_question(item.question):
            label = questionnaire.question(item.question).label or item.question
        quotes.append(
            {
                "text": item.text,
                "attribution": attribution(
                    {
                        "respondent": interview.respondent,
                        "role": interview.role,
                        "organisation": interview.organisation,
                        "organisation_type": interview.organisation_type,
                        "attribution": interview.attribution,
                    }
                ),
                "question": label,
                "themes": ", ".join(item.themes),
            }
        )
    return quotes


class QuoteBankScreen(Screen[None]):
    """Every verbatim quote with the attribution its respondent agreed to."""

    CSS_PATH = "../insights.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, store: Store, questionnaire: Questionnaire) -> None:
        super().__init__(id="quote-bank")
        self.store = store
        self.questionnaire = questionnaire

    def compose(self) -> ComposeResult:
        quotes = attributed_quotes(self.store, self.questionnaire)
        yield Static(
            f"Quote bank · {self.questionnaire.title} · {len(quotes)} quotes", id="title-bar"
        )
        with VerticalScroll(id="quote-list"):
            if not quotes:
                yield Static("No verbatim quotes yet (ctrl+n in an interview takes one).")
            for number, quote in enumerate(quotes, 1):
                who = quote["attribution"] or "unattributed"
                themes = f"  · themes: {quote['themes']}" if quote["themes"] else ""
                yield Static(
                    f"[i]“{_escape(quote['text'])}”[/i]\n"
                    f"  [b]— {_escape(who)}[/b]\n"
                    f"  [dim]{_escape(quote['question'])}{_escape(themes)}[/dim]\n",
                    classes="quote",
                    id=f"quote-{number}",
                )
        yield Footer()


def _escape(text: str) -> str:
    return inert_markup(text)
