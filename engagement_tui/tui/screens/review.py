"""Provides the review screen: every answer listed, any one reopened by selecting it, then complete.

It dismisses with the name of a question to change (the interview screen opens it), or
None to go back; completing or withdrawing returns to the home screen.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from engagement_tui.interview.details import ATTRIBUTION_CHOICES, CONSENT_CHOICES, label_of
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.store import Interview, Store
from engagement_tui.tui.inert import inert
from engagement_tui.tui.screens.details import DetailsDialog
from engagement_tui.tui.screens.dialogs import ConfirmDialog, confirm_withdraw

__all__ = ["ReviewScreen", "display_value"]


def display_value(questionnaire: Questionnaire, question: Question, value: Any) -> str:
    """An answer as a person reads it: choice labels rather than names."""
    if value is None or value == "" or value == []:
        return "—"
    if question.type == "select_one":
        return questionnaire.choices(question).label_for(str(value))
    if question.type == "select_multiple":
        labels = questionnaire.choices(question)
        return "; ".join(labels.label_for(name) for name in value)
    if question.type == "rank":
        labels = questionnaire.choices(question)
        return ", ".join(f"{n}. {labels.label_for(name)}" for n, name in enumerate(value, 1))
    if question.type == "acknowledge":
        return "Acknowledged"
    return str(value).replace("\n", " ⏎ ")


class ReviewScreen(Screen[str | None]):
    """All answers of the interview; Enter changes one, ctrl+e completes."""

    BINDINGS = [
        Binding("enter", "change", "Change answer", show=True),
        Binding("ctrl+e", "complete", "Complete", priority=True),
        Binding("ctrl+w", "withdraw", "Withdraw"),
        Binding("d", "details", "Details"),
        Binding("x", "erase", "Erase…"),
        Binding("escape", "dismiss(None)", "Back"),
    ]

    def __init__(
        self, store: Store, uuid: str, session: InterviewSession, questionnaire: Questionnaire
    ) -> None:
        super().__init__(id="review")
        self.store = store
        self.uuid = uuid
        self.session = session
        self.questionnaire = questionnaire

    def compose(self) -> ComposeResult:
        yield Static(f"Review — {self.questionnaire.title}", id="title-bar", markup=False)
        yield Static(self._summary(), id="review-summary")
        yield OptionList(*self._options(), id="review-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-list", OptionList).focus()

    def _summary(self) -> Content:
        answered, total = self.session.progress()
        missing = self.session.missing_required()
        invalid = self.session.invalid_answers()
        parts: list[tuple[str, str]] = [(f"{answered} of {total} answered. ", "")]
        if missing:
            parts.append((f"{len(missing)} required still missing. ", "bold $text-error"))
        if invalid:
            parts.append((f"{len(invalid)} answers fail their checks. ", "bold $text-error"))
        status = self.store.interviews.get(self.uuid).status
        if status != "draft":
            # A completed (or withdrawn) interview is not "ready to complete" again.
            parts.append((f"This interview is {status}; changes are saved as made. ", ""))
        elif not missing and not invalid:
            parts.append(("Ready to complete: ctrl+e.", "bold $text-success"))
        return Content.assemble(*parts, (self._details(), "$text-muted"))

    def _details(self) -> str:
        interview = self.store.interviews.get(self.uuid)
        who = ", ".join(part for part in (interview.respondent, interview.role) if part)
        consent = label_of(CONSENT_CHOICES, interview.consent_basis) or "not recorded"
        attribution = label_of(ATTRIBUTION_CHOICES, interview.attribution)
        return f"\n{who or 'No respondent'} · consent: {consent} · quotes: {attribution} (d)"

    def action_details(self) -> None:
        """Change respondent, role, consent basis or attribution (each into the history)."""

        def changed(updated: Interview | None) -> None:
            if updated is not None:
                self.query_one("#review-summary", Static).update(self._summary())
                self.notify("Interview details saved.")

        self.app.push_screen(
            DetailsDialog(self.store, self.store.interviews.get(self.uuid)), changed
        )

    def _options(self) -> list[Option]:
        missing = {_name(item) for item in self.session.missing_required()}
        invalid = {_name(item) for item in self.session.invalid_answers()}
        options = []
        for question, value in self.session.review():
            if not question.answerable:
                continue
            shown = inert(display_value(self.session.questionnaire, question, value))
            style = ""
            if question.name in missing:
                shown, style = "MISSING (required)", "bold $text-error"
            elif question.name in invalid:
                style = "bold $text-error"
            prompt = Content.assemble(
                (self.session.heading(question), "bold"), "\n  ", (shown, style or "$text-accent")
            )
            options.append(Option(prompt, id=question.name))
        return options

    @on(OptionList.OptionSelected, "#review-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_change(self) -> None:
        option = self.query_one("#review-list", OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    def action_complete(self) -> None:
        if self.session.missing_required() or self.session.invalid_answers():
            self.notify(
                "Answer the questions marked in red before completing.",
                severity="error",
                timeout=6,
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.interviews.set_status(self.uuid, "complete")
                self.app.action_home()  # type: ignore[attr-defined]
                self.notify("Interview complete. Thank you.")

        self.app.push_screen(
            ConfirmDialog(
                "Mark this interview complete?", yes="Complete", no="Not yet", danger=False
            ),
            confirmed,
        )

    def action_withdraw(self) -> None:
        confirm_withdraw(self, self.store, self.uuid)

    def action_erase(self) -> None:
        """Erase this interview for good, after showing what goes and a typed confirmation."""
        from engagement_tui.tui.screens.erase import erase_interview

        erase_interview(self.app, self.uuid)


def _name(item: Any) -> str:
    """Question name of an item of missing_required() (a Question) or invalid_answers()
    (a (Question, message) pair)."""
    if isinstance(item, tuple):
        item = item[0]
    return item.name
