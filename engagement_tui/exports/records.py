"""Provides the rows an export is made of: interviews with metadata, relevant answers, notes.

Only completed interviews by default. An answer to a question that is not relevant
under the interview's own answers (a branch the respondent was routed away from after
answering) is left out, as the findings leave it out. Respondent names are replaced by
pseudonyms unless personal data was asked for; a note keeps its words, but unless the
respondent agreed to be named, their name inside the note (or a free-text answer) is
replaced too, and so are other people's names from the register's contacts and the
organisations' names ("[name]", "[organisation]"); emails, phone numbers, postcodes and
NHS numbers are always redacted ("[email]", "[phone]"...). Unless named, the respondent's
organisation is exported as its type and region, and the role only for role_only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engagement_tui.exports.pseudonyms import Pseudonymiser
from engagement_tui.findings.redaction import Redactor
from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.interview.repeats import is_instance_record, split_key
from engagement_tui.store.pseudonym_key import PseudonymKey

METADATA_COLUMNS = (
    "uuid",
    "organisation",
    "organisation_type",
    "region",
    "system",
    "respondent",
    "role",
    "attribution",
    "interviewer",
    "mode",
    "status",
    "source",
    "started_at",
    "completed_at",
)


@dataclass
class ExportRecord:
    """One interview as exported."""

    metadata: dict[str, Any]
    answers: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)
    instances: list[str] = field(default_factory=list)
    """The interview's repeat instances (`member[2]`, `woman[1]/child[2]`), in order."""


def _relevant(
    questionnaire: Questionnaire, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The answers the interview's routing keeps, and its repeat instances."""
    from engagement_tui.interview.session import InterviewSession, relevant_questions

    if questionnaire.has_repeats:  # the instances are written out by the session
        session = InterviewSession(questionnaire, answers)
        kept = {
            q.name: session.answers[q.name]
            for q in session.questionnaire.questions
            if q.name in session.answers
            and session.is_relevant(q.name)
            and not is_instance_record(q.name)
        }
        return kept, session.instances()

    relevant = relevant_questions(questionnaire, answers)
    return {
        q.name: answers[q.name]
        for q in questionnaire.questions
        if q.name in answers and q.name in relevant and answers[q.name] is not None
    }, []


def _register_names(store) -> tuple[list[str], list[str]]:
    """(people, organisations) whose names are taken out of pseudonymised free text."""
    people = [row["name"] for row in store.db.query("SELECT name FROM contacts WHERE name != ''")]
    return people, [org.name for org in store.register.list()]


def _generalise(metadata: dict[str, Any], attribution: str) -> None:
    """Unless named, the organisation becomes its type and region (the attribution a quote
    gets: "a chief executive of an NHS trust"), and the role stays only for role_only."""
    if attribution == "named":
        return
    if attribution != "role_only":
        metadata["role"] = ""
    if metadata.get("organisation"):
        kind = metadata.get("organisation_type") or "Organisation"
        region = metadata.get("region") or ""
        metadata["organisation"] = f"{kind}, {region}" if region else kind


def collect(
    store,
    questionnaire: Questionnaire,
    *,
    include_personal_data: bool = False,
    statuses: tuple[str, ...] = ("complete",),
    only: frozenset[int] | None = None,
) -> list[ExportRecord]:
    """Every interview of the questionnaire with one of `statuses`, oldest first (with
    `only`, just the interviews of those ids: a subset)."""
    pseudonyms = Pseudonymiser(PseudonymKey(store.db).key())
    register_names: tuple[list[str], list[str]] | None = None
    systems: dict[int, str] = {}
    records = []
    interviews = [
        i
        for status in statuses
        for i in store.interviews.list(form_id=questionnaire.form_id, status=status)
        if only is None or i.id in only
    ]
    for interview in sorted(interviews, key=lambda i: (i.started_at, i.uuid)):
        if interview.organisation_id is not None and interview.organisation_id not in systems:
            systems[interview.organisation_id] = store.register.get(
                interview.organisation_id
            ).system
        metadata = {
            name: getattr(interview, name, "") for name in METADATA_COLUMNS if name != "system"
        }
        metadata["system"] = systems.get(interview.organisation_id, "")
        # Names stay only if asked for; inside free text they also stay if the respondent
        # agreed to be named (their words are quoted with their name anyway). Contact
        # details (emails, phones, postcodes, NHS numbers) never stay without personal data.
        strip = not include_personal_data and interview.attribution != "named"
        redactor = None
        if not include_personal_data:
            metadata["respondent"] = pseudonyms.pseudonym(interview.respondent)
            _generalise(metadata, interview.attribution)
            if register_names is None:
                register_names = _register_names(store)
            people, organisations = register_names
            names = [interview.respondent] if strip else []
            redactor = Redactor([*names, *people] if strip else [], organisations if strip else [])

        def words(
            value: str,
            respondent: str = interview.respondent,
            strip: bool = strip,
            redactor: Redactor | None = redactor,
        ) -> str:
            value = pseudonyms.strip_name(value, respondent) if strip else value
            return redactor.redact(value) if redactor is not None else value

        notes = [
            {
                "question": note.question,
                "kind": note.kind,
                "text": words(note.text),
                "created_at": note.created_at,
            }
            for note in store.interviews.notes(interview.uuid)
        ]
        answers, instances = _relevant(questionnaire, store.interviews.answers(interview.uuid))
        for name, value in answers.items():
            question = questionnaire.question(split_key(name)[1])
            if question.type == "text" and isinstance(value, str):
                answers[name] = words(value)
        records.append(
            ExportRecord({k: metadata[k] for k in METADATA_COLUMNS}, answers, notes, instances)
        )
    return records


QUASI_IDENTIFIERS = ("organisation", "organisation_type", "region", "system", "role")
"""Exported attributes that together can single a respondent out."""


def unique_combinations(records: list[ExportRecord]) -> list[str]:
    """Warnings for respondents whose exported attributes, together, fit no one else.

    Pseudonyms hide names, but "the only chair of a hospice in the South West" is still one
    person: each such combination is named so the coordinator can decide before sharing.
    """
    from collections import Counter

    def key(record: ExportRecord) -> tuple[str, ...]:
        return tuple(str(record.metadata.get(name) or "") for name in QUASI_IDENTIFIERS)

    counts = Counter(key(record) for record in records)
    # Those who agreed to be named are identified by their own choice.
    unique = sorted(
        key(record)
        for record in records
        if counts[key(record)] == 1
        and any(key(record))
        and record.metadata.get("attribution") != "named"
    )
    if not unique:
        return []
    examples = "; ".join(
        ", ".join(dict.fromkeys(part for part in combo if part)) for combo in unique[:3]
    )
    more = f" and {len(unique) - 3} more" if len(unique) > 3 else ""
    return [
        f"{len(unique)} respondent{'' if len(unique) == 1 else 's'} can be singled out by"
        f" {', '.join(QUASI_IDENTIFIERS)} together (e.g. {examples}{more}); consider leaving"
        " those columns out before sharing the export"
    ]
