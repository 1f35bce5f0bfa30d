"""Provides the start screen: who the interview is with, how, and on what terms.

Choosing the organisation searches the member register as you type; a name not in the
register is added (with the type given) when the interview starts.

The fields keep one fixed order and Tab, shift+Tab and Enter move focus as soon as they
are pressed, so a fast typist's next keys land in the next field, never in the last one.
"""

from __future__ import annotations

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from engagement_tui.interview.details import (
    ATTRIBUTION_CHOICES,
    CONSENT_CHOICES,
    DEFAULT_ATTRIBUTION,
    DEFAULT_CONSENT,
    DEFAULT_MODE,
    MODE_CHOICES,
)
from engagement_tui.store import Organisation, Store
from engagement_tui.tui.inert import inert_markup
from engagement_tui.tui.widgets.marked_radio import MarkedRadioButton

__all__ = ["StartScreen"]

SEARCH_LIMIT = 6


def _radio_set(set_id: str, choices: tuple[tuple[str, str], ...], chosen: str) -> RadioSet:
    return RadioSet(
        *(
            MarkedRadioButton(label, value=name == chosen, id=name.replace(" ", "-"))
            for name, label in choices
        ),
        id=set_id,
        classes="choice-row",
    )


def _row(label: str, *widgets: Widget, row_id: str | None = None) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), *widgets, classes="field-row", id=row_id)


def _pressed(radio_set: RadioSet, choices: tuple[tuple[str, str], ...]) -> str:
    index = radio_set.pressed_index
    return choices[index][0] if index >= 0 else choices[0][0]


class StartScreen(Screen[None]):
    """A form for a new interview; ctrl+s starts it."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start interview", priority=True),
        Binding("escape", "app.home", "Cancel"),
        Binding("enter", "next_field", "Next field", show=False, priority=True),
        # Priority, unlike Textual's own Tab: handled as it arrives, before any key typed after it.
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", "Previous field", show=False, priority=True),
        Binding("down", "to_matches", "Matches", show=False, priority=True),
    ]

    def __init__(self, store: Store, *, form_id: str | None = None, interviewer: str = "") -> None:
        super().__init__(id="start")
        self.store = store
        self.form_id = form_id
        self.interviewer = interviewer
        self.organisation_id: int | None = None
        """The register entry chosen from the search results, if any."""

    def _initial_form(self, forms: list) -> object:
        names = [form.form_id for form in forms]
        if self.form_id in names:
            return self.form_id
        return names[0] if len(names) == 1 else Select.NULL

    def compose(self) -> ComposeResult:
        forms = self.store.forms.list()
        recent = self.store.interviews.list()
        interviewer = self.interviewer or (recent[0].interviewer if recent else "")
        yield Static("New interview", id="title-bar")
        with VerticalScroll(id="start-form"):
            yield _row(
                "Questionnaire",
                Select(
                    [(f"{form.title} ({form.form_id})", form.form_id) for form in forms],
                    value=self._initial_form(forms),
                    prompt="Choose a questionnaire",
                    id="form",
                    compact=True,
                ),
            )
            yield _row(
                "Organisation",
                Input(placeholder="type to search the register", id="organisation", compact=True),
            )
            yield _row("", OptionList(id="matches"))
            yield _row(
                "Type",
                Input(
                    placeholder="for a new organisation, e.g. NHS trust",
                    id="org-type",
                    compact=True,
                ),
                Static("", id="organisation-note"),
            )
            yield _row("Respondent", Input(placeholder="name", id="respondent", compact=True))
            yield _row("Role", Input(placeholder="e.g. Chief executive", id="role", compact=True))
            yield _row(
                "Interviewer",
                Input(interviewer, placeholder="your name", id="interviewer", compact=True),
            )
            yield _row("Mode", _radio_set("mode", MODE_CHOICES, DEFAULT_MODE))
            yield _row("Consent basis", _radio_set("consent", CONSENT_CHOICES, DEFAULT_CONSENT))
            yield _row(
                "Quotes attributed",
                _radio_set("attribution", ATTRIBUTION_CHOICES, DEFAULT_ATTRIBUTION),
            )
            yield Static("", id="start-error", markup=False)
            yield Button("Start interview (ctrl+s)", id="start-button", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#matches", OptionList).parent.display = False  # type: ignore[union-attr]
        chosen = isinstance(self.query_one("#form", Select).value, str)
        focus = "#organisation" if chosen else "#form"
        self.query_one(focus).focus()

    @on(Input.Changed, "#organisation")
    def _search(self, event: Input.Changed) -> None:
        text = event.value.strip()
        self.organisation_id = None
        matches = self.store.register.search(text, limit=SEARCH_LIMIT) if text else []
        found = self.query_one("#matches", OptionList)
        found.set_options(
            [
                Option(
                    inert_markup(f"{org.name} · {org.type or 'type?'} · {org.region or ''}"),
                    id=str(org.id),
                )
                for org in matches
            ]
        )
        found.parent.display = bool(matches)  # type: ignore[union-attr]
        exact = next((org for org in matches if org.name.lower() == text.lower()), None)
        self._show_organisation(exact, is_new=bool(text) and exact is None)

    def _show_organisation(self, organisation: Organisation | None, *, is_new: bool) -> None:
        """Say whether the name is in the register; an entry found brings its type along."""
        note = self.query_one("#organisation-note", Static)
        if organisation is not None:
            self.organisation_id = organisation.id
            type_input = self.query_one("#org-type", Input)
            with type_input.prevent(Input.Changed):
                type_input.value = organisation.type
            note.update("in the register")
        else:
            note.update("new: added to the register with this type" if is_new else "")

    def action_move_focus(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_next_field(self) -> None:
        """Enter in a text box moves to the next field at once (so fast typing lands right)."""
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()  # lists, selects and buttons handle Enter themselves
        found = self.query_one("#matches", OptionList)
        if focused.id == "organisation" and found.parent.display:  # type: ignore[union-attr]
            # Enter takes the top match at once (↓ goes to the list to pick another).
            self._choose(found.get_option_at_index(0).id)
        else:
            self.focus_next()

    def action_to_matches(self) -> None:
        """↓ in the search box goes to the list of matches, if there is one."""
        found = self.query_one("#matches", OptionList)
        focused = self.focused
        if not (isinstance(focused, Input) and focused.id == "organisation"):
            raise SkipAction()
        if not found.parent.display:  # type: ignore[union-attr]
            raise SkipAction()
        found.focus()
        found.highlighted = 0

    @on(OptionList.OptionSelected, "#matches")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        organisation = self.store.register.get(int(option_id or 0))
        name_input = self.query_one("#organisation", Input)
        with name_input.prevent(Input.Changed):
            name_input.value = organisation.name
        self.query_one("#matches", OptionList).parent.display = False  # type: ignore[union-attr]
        self._show_organisation(organisation, is_new=False)
        self.query_one("#respondent", Input).focus()

    @on(Select.Changed, "#form")
    def _form_chosen(self) -> None:
        self._error("")  # "Choose a questionnaire first." is answered

    @on(Button.Pressed, "#start-button")
    def _start_pressed(self) -> None:
        self.action_start()

    def _error(self, message: str) -> None:
        self.query_one("#start-error", Static).update(message)

    def action_start(self) -> None:
        """Create the interview from the form and open it."""
        form_id = self.query_one("#form", Select).value
        if not isinstance(form_id, str):
            self._error("Choose a questionnaire first.")
            self.query_one("#form").focus()
            return
        name = self.query_one("#organisation", Input).value.strip()
        if not name and self.organisation_id is None:
            self._error("Name the organisation (search the register, or type a new name).")
            self.query_one("#organisation").focus()
            return
        organisation_id = self.organisation_id
        if organisation_id is None:
            org_type = self.query_one("#org-type", Input).value.strip()
            organisation_id = self.store.register.ensure(name, type=org_type).id
        value = {widget.id: widget.value.strip() for widget in self.query(Input)}
        interview = self.store.interviews.create(
            form_id,
            organisation_id=organisation_id,
            respondent=value["respondent"] or "",
            role=value["role"] or "",
            interviewer=value["interviewer"] or "",
            mode=_pressed(self.query_one("#mode", RadioSet), MODE_CHOICES),
            consent_basis=_pressed(self.query_one("#consent", RadioSet), CONSENT_CHOICES),
            attribution=_pressed(self.query_one("#attribution", RadioSet), ATTRIBUTION_CHOICES),
        )
        self.app.open_interview(interview.uuid, replace=True)  # type: ignore[attr-defined]
