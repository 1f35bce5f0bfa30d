"""Provides the plain interview run: choose or start an interview, ask, save, review.

Every accepted answer (with any calculation it changed) is committed in one transaction
before "saved" is printed, so stopping at any moment (Ctrl-C, end of input, a closed
terminal) loses nothing; the interview stays a draft to resume at the saved position.
The edit lock is held for the whole run and released on every way out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import questionary

from engagement_tui.interview.details import (
    ATTRIBUTION_CHOICES,
    CONSENT_CHOICES,
    DEFAULT_ATTRIBUTION,
    DEFAULT_CONSENT,
    DEFAULT_MODE,
    MODE_CHOICES,
)
from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.plain.prompts import (
    BACK,
    HELP_LINE,
    Answer,
    NoteRequest,
    ask_answer,
    say,
    show_note,
    show_question,
    show_review,
)
from engagement_tui.recording import AnswerPath
from engagement_tui.store import Interview, Store

_NEW = "\x00new"
_OTHER = "\x00other"
_DETAILS = "\x00details"
_KEEP = "\x00keep"


def resume_hint(form_id: str, db_path: str | None = None, language: str = "") -> str:
    """How to come back to this interview, spelt as it runs in this shell."""
    import shlex

    from engagement_tui.files.paths import engage_invocation

    args = f"interview --questionnaire {form_id} --plain"
    if language:
        args += f" --language {shlex.quote(language)}"
    command = engage_invocation(db_path, args) if db_path else f"engage {args}"
    return f"Interview saved as a draft; resume with: {command}"


@dataclass
class PlainRun:
    """One plain interview being run against the store."""

    store: Store
    interview: Interview
    session: InterviewSession
    fixing: bool = False
    """Sent back from the review: after each answer go to the next problem, not onwards."""

    @property
    def uuid(self) -> str:
        return self.interview.uuid

    def ask_all(self) -> None:
        """Ask each visible question in order until the end, then review."""
        session = self.session
        say(HELP_LINE)
        while True:
            question = session.current
            if question is None:
                if self.review_and_finish():
                    return
                continue
            if not question.answerable:  # a note, or a read-only question
                show_note(session.shown(question))
                self._move_after(question)
                continue
            show_question(session, session.shown(question))
            outcome = ask_answer(session, session.shown(question))
            if outcome is BACK:
                self._move_before(question)
            elif isinstance(outcome, NoteRequest):
                self.store.interviews.add_note(self.uuid, outcome.text, question=question.name)
                say("note saved")
            elif isinstance(outcome, Answer):
                self._save(question, outcome)

    def _save(self, question: Question, outcome: Answer) -> None:
        following: list[Question | None] = []

        def position() -> str:
            # Where the run goes next depends on the answer just applied.
            after = self._first_problem() if self.fixing else self._following(question)
            following.append(after)
            return after.name if after else question.name

        path = AnswerPath(self.store, self.uuid, self.session)
        recorded = path.record({question.name: outcome.raw}, position=position)
        for name, problem in self.session.expression_errors().items():  # never taken as true
            say(f"Form rule failed for {name}: {problem}")
        if not recorded.ok:  # the prompt checked already; the rules may have moved since
            say(f"Not saved: {recorded.error or next(iter(recorded.problems.values()))}")
            return
        say("saved")
        self._go(following[0])

    def _first_problem(self) -> Question | None:
        """The earliest question that stops the interview being complete."""
        session = self.session
        problems = session.missing_required() + [q for q, _ in session.invalid_answers()]
        return min(problems, key=session.questionnaire.questions.index, default=None)

    def _following(self, question: Question) -> Question | None:
        order = self.session.questionnaire.questions
        index = order.index(question)
        shown = {q.name for q in self.session.visible()}
        return next((q for q in order[index + 1 :] if q.name in shown), None)

    def _move_after(self, question: Question) -> None:
        self._go(self._following(question))

    def _move_before(self, question: Question) -> None:
        order = self.session.questionnaire.questions
        index = order.index(question)
        shown = {q.name for q in self.session.visible()}
        earlier = [q for q in order[:index] if q.name in shown]
        if earlier:
            self._go(earlier[-1])
        else:
            say("This is the first question.")

    def _go(self, question: Question | None) -> None:
        if question is None:
            self.session.current, self.session.at_end = None, True
        else:
            self.session.go_to(question.name)

    def review_and_finish(self) -> bool:
        """Show the review; True when the run is over (complete or left as a draft)."""
        session = self.session
        show_review(session)
        if session.is_complete:
            if questionary.confirm("Mark this interview complete?", default=True).unsafe_ask():
                self.store.interviews.set_status(self.uuid, "complete")
                say("Interview marked complete.")
                return True
            return not self._change_from_review()
        first = self._first_problem()
        assert first is not None  # not complete means there is a problem
        go_back = questionary.confirm(
            f"Go back to '{first.label or first.name}' to finish it?", default=True
        ).unsafe_ask()
        if go_back:
            self.fixing = True
            self._go(first)
            return False
        say(resume_hint(self.interview.form_id, self.store.path, self.session.language))
        return True

    def _change_from_review(self) -> bool:
        """Offer to change an answer (or the interview's details) before completing.

        True when a question is to be asked again (the run goes back to the review after
        it); False when the officer keeps the interview as a draft for now.
        """
        session = self.session
        choices = [
            questionary.Choice(question.label or question.name, question.name)
            for question, _ in session.review()
        ]
        choices.append(
            questionary.Choice("The interview details (respondent, consent...)", _DETAILS)
        )
        choices.append(questionary.Choice("Nothing: keep it as a draft for now", _KEEP))
        while True:
            picked = questionary.select("Change an answer before completing?", choices=choices)
            picked = picked.unsafe_ask()
            if picked == _DETAILS:
                self.interview = change_details(self.store, self.interview)
                continue
            if picked == _KEEP:
                say(resume_hint(self.interview.form_id, self.store.path, self.session.language))
                return False
            self.fixing = True  # after the answer, straight back to the review
            self._go(session.questionnaire.question(picked))
            return True


def choose_interview(store: Store, form_id: str) -> Interview:
    """Offer to resume a draft of the form, or start a new interview."""
    drafts = store.interviews.list(form_id=form_id, status="draft")
    if drafts:
        choices = [questionary.Choice(_describe_draft(store, d), d.uuid) for d in drafts]
        choices.append(questionary.Choice("Start a new interview", _NEW))
        picked = questionary.select("Resume a draft interview?", choices=choices).unsafe_ask()
        if picked != _NEW:
            return store.interviews.get(picked)
    return new_interview(store, form_id)


def _describe_draft(store: Store, draft: Interview) -> str:
    questionnaire = store.forms.load_by_id(draft.questionnaire_id)
    answered, total = InterviewSession(
        questionnaire, store.interviews.answers(draft.uuid)
    ).progress()
    who = ", ".join(part for part in (draft.respondent, draft.role) if part) or "no respondent"
    return (
        f"{draft.organisation or 'No organisation'} - {who} - "
        f"started {draft.started_at[:10]} - {answered} of {total} answered"
    )


def new_interview(store: Store, form_id: str) -> Interview:
    """Ask who the interview is with and how, then create it as a draft."""
    organisation = _ask_organisation(store)
    respondent = questionary.text("Respondent name").unsafe_ask().strip()
    role = questionary.text("Respondent role").unsafe_ask().strip()
    interviewer = questionary.text("Interviewer", default=_user()).unsafe_ask().strip()
    mode = _ask_detail("Mode", MODE_CHOICES, DEFAULT_MODE)
    consent = _ask_detail("Consent basis", CONSENT_CHOICES, DEFAULT_CONSENT)
    attribution = _ask_detail("Attribution", ATTRIBUTION_CHOICES, DEFAULT_ATTRIBUTION)
    return store.interviews.create(
        form_id,
        organisation_id=organisation,
        respondent=respondent,
        role=role,
        interviewer=interviewer,
        mode=mode,
        consent_basis=consent,
        attribution=attribution,
    )


def _ask_detail(message: str, choices: tuple[tuple[str, str], ...], default: str) -> str:
    """One of the interview details' choices, the pointer starting on the shared default."""
    offered = [questionary.Choice(label, value) for value, label in choices]
    start = next((choice for choice in offered if choice.value == default), offered[0])
    return questionary.select(message, choices=offered, default=start).unsafe_ask()


def change_details(store: Store, interview: Interview) -> Interview:
    """Ask respondent, role, consent basis and attribution again, each starting as stored."""
    respondent = questionary.text("Respondent name", default=interview.respondent).unsafe_ask()
    role = questionary.text("Respondent role", default=interview.role).unsafe_ask()
    consent = _ask_detail("Consent basis", CONSENT_CHOICES, interview.consent_basis)
    attribution = _ask_detail("Attribution", ATTRIBUTION_CHOICES, interview.attribution)
    changed = store.interviews.update_details(
        interview.uuid,
        respondent=respondent.strip(),
        role=role.strip(),
        consent_basis=consent,
        attribution=attribution,
    )
    say("details saved")
    return changed


def _user() -> str:
    """The officer's name from $ENGAGE_INTERVIEWER, as the app uses; else nothing.

    Not the login name: it is often a laptop account ("admin", "root"), and a prefilled
    default is text the officer would have to delete before typing their name.
    """
    return os.environ.get("ENGAGE_INTERVIEWER", "")


def _ask_organisation(store: Store) -> int | None:
    """An organisation from the register, or a new one added with its type; None to skip."""
    organisations = store.register.list()
    names = [organisation.name for organisation in organisations]
    while True:
        message = "Organisation (start typing; empty for none)"
        if names:
            prompt = questionary.autocomplete(message, choices=names, match_middle=True)
        else:  # questionary's autocomplete refuses an empty list: an empty register is fine
            prompt = questionary.text("Organisation (the register is empty; empty for none)")
        name = prompt.unsafe_ask().strip()
        if not name:
            return None
        found = store.register.find(name)
        if found is not None:
            return found.id
        if questionary.confirm(f"'{name}' is not in the register. Add it?").unsafe_ask():
            kind = _ask_organisation_type(sorted({o.type for o in organisations if o.type}))
            return store.register.add(name, type=kind).id


def _ask_organisation_type(known: list[str]) -> str:
    choices = [questionary.Choice(kind, kind) for kind in known]
    choices.append(questionary.Choice("Another type (type it)", _OTHER))
    picked = questionary.select("Organisation type", choices=choices).unsafe_ask()
    if picked == _OTHER:
        return questionary.text("Organisation type").unsafe_ask().strip()
    return picked


def open_session(
    store: Store, interview: Interview, today=None, language: str = ""
) -> InterviewSession:
    """The session of a stored interview, at its saved position, its texts in `language`."""
    questionnaire: Questionnaire = store.forms.load_by_id(interview.questionnaire_id)
    return InterviewSession(
        questionnaire,
        store.interviews.answers(interview.uuid),
        position=interview.position,
        today=today,
        language=language,
    )


def run_plain(store: Store, form_id: str, language: str = "") -> None:
    """The whole plain interview; Ctrl-C or end of input leaves a resumable draft.

    `language` (one of the form's, checked by the caller) is the language of its texts.
    Raises InterviewLocked when the chosen interview is open elsewhere.
    """
    try:
        interview = choose_interview(store, form_id)
    except (KeyboardInterrupt, EOFError):
        say()
        say("Cancelled before the interview started; nothing was saved.")
        return
    store.interviews.acquire_lock(interview.uuid)
    try:
        session = open_session(store, interview, language=language)
        PlainRun(store, interview, session).ask_all()
    except (KeyboardInterrupt, EOFError):
        say()
        say(resume_hint(form_id, store.path, language))
    finally:
        store.interviews.release_lock(interview.uuid)
