"""Provides bulk writes: many interviews, their answers, notes and drafts in ONE transaction.

Used by `engage responses import` (survey returns) and `engage demo` (a synthetic
programme). Either everything in a call is stored or nothing is: a failure part way
rolls the whole call back. Rows go in with `executemany`, so a few thousand answers
take milliseconds. Records whose `external_id` is already stored for the same form are
skipped (and those erased, by their tombstones), which is what makes re-importing the
same export harmless; one stored with a
different `content_hash` raises ExternalIdConflict (storing nothing), so a changed return is
never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.store.clock import new_uuid, now
from engagement_tui.store.database import Database

ANSWER_CHUNK = 2000
"""Interviews whose answer rows are built and inserted together."""


class ExternalIdConflict(Exception):
    """Records whose external_id is stored already with different content; nothing stored."""

    def __init__(self, stored: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(stored)))
        self.stored = stored
        """external_id -> UUID of the interview already holding it."""


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation to add to the register unless one of that name is there already."""

    name: str
    type: str = ""
    region: str = ""
    system: str = ""
    uuid: str = ""
    """Empty: a fresh UUID4. The demo passes seeded UUIDs so its content is reproducible."""
    created_at: str = ""


@dataclass(frozen=True)
class NewNote:
    text: str
    question: str = ""
    kind: str = "quote"
    uuid: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class NewTheme:
    """A codebook theme of a form, added unless the form has one of that name."""

    form_id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class NewCoding:
    """A theme given to a free-text answer (question) or to one of the interview's notes."""

    theme: str
    """Theme name; a theme the form does not have yet is added."""
    question: str = ""
    note: int | None = None
    """Index into the interview's `notes`, for coding a note rather than an answer."""


@dataclass(frozen=True)
class NewInterview:
    """One interview with everything it holds, ready to be stored in bulk."""

    form_id: str
    answers: dict[str, Any]
    organisation: str = ""
    """Name of an organisation in the register (or among those passed alongside); "" for none."""
    respondent: str = ""
    role: str = ""
    interviewer: str = ""
    mode: str = "online survey"
    status: str = "complete"
    consent_basis: str = ""
    attribution: str = "anonymous"
    position: str = ""
    source: str = "import"
    external_id: str | None = None
    content_hash: str | None = None
    """A hash of what the record says; the same external_id with another hash conflicts."""
    uuid: str = ""
    device: str = ""
    started_at: str = ""
    updated_at: str = ""
    completed_at: str | None = None
    notes: tuple[NewNote, ...] = ()
    drafts: dict[str, str] = field(default_factory=dict)
    codings: tuple[NewCoding, ...] = ()


@dataclass(frozen=True)
class BulkResult:
    imported: int
    skipped: int
    """Records whose external_id was already stored for the form (or repeated in the call)."""
    organisations_added: int
    uuids: tuple[str, ...] = ()
    """UUIDs of the interviews stored, in the order given."""


class Imports:
    """Bulk writers over the interviews and register tables."""

    def __init__(self, db: Database, device: str = "") -> None:
        self.db = db
        self.device = device

    def existing_external_ids(self, form_id: str) -> set[str]:
        return set(self._stored_external_ids(form_id))

    def _stored_external_ids(self, form_id: str) -> dict[str, tuple[str | None, str]]:
        """external_id -> (content_hash, uuid) of the form's stored interviews."""
        rows = self.db.conn.execute(
            "SELECT external_id, content_hash, uuid FROM interviews"
            " WHERE form_id = ? AND external_id IS NOT NULL",
            (form_id,),
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    def import_many(
        self,
        interviews: Sequence[NewInterview],
        organisations: Iterable[NewOrganisation] = (),
        themes: Iterable[NewTheme] = (),
        *,
        stamp: str | None = None,
    ) -> BulkResult:
        """Store organisations and interviews in one transaction; all or nothing.

        Organisations already in the register (by name, case-insensitive) are left as
        they are. An interview naming an organisation that is neither in the register
        nor in `organisations` is added to the register with no type or region.
        Raises KeyError (and stores nothing) if a form_id has no stored questionnaire.
        `stamp` (default: now) dates what has no date of its own.
        """
        stamp = stamp or now()
        with self.db.transaction() as conn:
            form_ids = {interview.form_id for interview in interviews}
            questionnaire_ids = {form_id: self._questionnaire_id(form_id) for form_id in form_ids}
            wanted = {org.name.strip().casefold(): org for org in organisations}
            for interview in interviews:
                key = interview.organisation.strip().casefold()
                if key and key not in wanted:
                    wanted[key] = NewOrganisation(interview.organisation.strip())
            added = self._add_organisations(conn, wanted.values(), stamp)
            org_ids = self._organisation_ids(conn)
            seen = {form_id: self._stored_external_ids(form_id) for form_id in form_ids}
            # An erased return stays erased: importing the same file again skips it.
            erased = {
                row[0]
                for row in conn.execute("SELECT uuid FROM tombstones WHERE kind = 'external'")
            }
            for held in seen.values():
                held.update({key: (None, "") for key in erased if key not in held})
            fresh, conflicts = [], {}
            for interview in interviews:
                key = interview.external_id
                if key is not None:
                    if key in seen[interview.form_id]:
                        stored_hash, stored_uuid = seen[interview.form_id][key]
                        new_hash = interview.content_hash
                        if stored_hash and new_hash and stored_hash != new_hash:
                            conflicts[key] = stored_uuid
                        continue
                    seen[interview.form_id][key] = (interview.content_hash, "")
                fresh.append(interview)
            if conflicts:
                raise ExternalIdConflict(conflicts)
            uuids = self._insert_interviews(conn, fresh, questionnaire_ids, org_ids, stamp)
            ids = self._ids_by_uuid(conn, uuids)
            self._insert_answers(conn, fresh, uuids, ids, stamp)
            note_ids = self._insert_notes_and_drafts(conn, fresh, uuids, ids, stamp)
            self._insert_codings(conn, fresh, themes, uuids, ids, note_ids, stamp)
        return BulkResult(len(fresh), len(interviews) - len(fresh), added, tuple(uuids))

    def _questionnaire_id(self, form_id: str) -> int:
        questionnaire_id = self.db.scalar(
            "SELECT id FROM questionnaires WHERE form_id = ? ORDER BY revision DESC LIMIT 1",
            (form_id,),
        )
        if questionnaire_id is None:
            raise KeyError(f"no questionnaire {form_id!r}")
        return questionnaire_id

    @staticmethod
    def _organisation_ids(conn) -> dict[str, int]:
        rows = conn.execute("SELECT name, id FROM organisations")
        return {name.casefold(): organisation_id for name, organisation_id in rows}

    def _add_organisations(self, conn, organisations: Iterable[NewOrganisation], stamp: str) -> int:
        present = self._organisation_ids(conn)
        rows = []
        for org in organisations:
            name = org.name.strip()
            if not name or name.casefold() in present:
                continue
            present[name.casefold()] = 0
            created = org.created_at or stamp
            rows.append(
                (
                    org.uuid or new_uuid(),
                    name,
                    org.type.strip(),
                    org.region.strip(),
                    org.system.strip(),
                    created,
                    created,
                )
            )
        conn.executemany(
            "INSERT INTO organisations (uuid, name, type, region, system, attributes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)",
            rows,
        )
        return len(rows)

    def _insert_interviews(self, conn, interviews, questionnaire_ids, org_ids, stamp) -> list[str]:
        rows, uuids = [], []
        for item in interviews:
            uuid = item.uuid or new_uuid()
            uuids.append(uuid)
            updated = item.updated_at or stamp
            completed = item.completed_at
            if completed is None and item.status == "complete":
                completed = updated
            rows.append(
                (
                    uuid,
                    questionnaire_ids[item.form_id],
                    item.form_id,
                    org_ids.get(item.organisation.strip().casefold()),
                    item.respondent,
                    item.role,
                    item.interviewer,
                    item.mode,
                    item.status,
                    item.consent_basis,
                    item.attribution,
                    item.position,
                    item.source,
                    item.external_id,
                    item.content_hash,
                    item.device or self.device,
                    item.started_at or updated,
                    updated,
                    completed,
                )
            )
        conn.executemany(
            "INSERT INTO interviews (uuid, questionnaire_id, form_id, organisation_id, respondent,"
            " role, interviewer, mode, status, consent_basis, attribution, position, source,"
            " external_id, content_hash, device, started_at, updated_at, completed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return uuids

    @staticmethod
    def _ids_by_uuid(conn, uuids: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        # Chunks stay under SQLite's limit on bound parameters.
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(f"SELECT uuid, id FROM interviews WHERE uuid IN ({marks})", chunk)
            ids.update({uuid: interview_id for uuid, interview_id in rows})
        return ids

    def _insert_answers(self, conn, interviews, uuids, ids, stamp) -> None:
        """Answers and their first history rows, a few thousand interviews at a time (so the
        rows for executemany never all sit in memory at once)."""
        pairs = list(zip(interviews, uuids, strict=True))
        for start in range(0, len(pairs), ANSWER_CHUNK):
            answers, history = [], []
            for item, uuid in pairs[start : start + ANSWER_CHUNK]:
                interview_id = ids[uuid]
                when = item.updated_at or stamp
                device = item.device or self.device
                for question, value in item.answers.items():
                    if value is None:
                        continue
                    encoded = json.dumps(value, ensure_ascii=False)
                    answers.append((interview_id, question, encoded, when))
                    # The history starts with the imported value, as for a typed answer.
                    history.append((interview_id, question, None, encoded, when, device))
            conn.executemany(
                "INSERT INTO answers (interview_id, question, value, updated_at)"
                " VALUES (?, ?, ?, ?)",
                answers,
            )
            conn.executemany(
                "INSERT INTO answer_history (interview_id, question, old_value, new_value,"
                " changed_at, device) VALUES (?, ?, ?, ?, ?, ?)",
                history,
            )

    @staticmethod
    def _insert_notes_and_drafts(conn, interviews, uuids, ids, stamp) -> dict[tuple[str, int], int]:
        """Insert the notes and drafts; return note ids by (interview UUID, note index)."""
        notes, drafts, keys = [], [], {}
        for item, uuid in zip(interviews, uuids, strict=True):
            interview_id = ids[uuid]
            when = item.updated_at or stamp
            for index, note in enumerate(item.notes):
                note_uuid = note.uuid or new_uuid()
                keys[note_uuid] = (uuid, index)
                notes.append(
                    (
                        note_uuid,
                        interview_id,
                        note.question,
                        note.kind,
                        note.text,
                        note.created_at or when,
                    )
                )
            for question, text in item.drafts.items():
                drafts.append((interview_id, question, text, when))
        conn.executemany(
            "INSERT INTO notes (uuid, interview_id, question, kind, text, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            notes,
        )
        conn.executemany(
            "INSERT INTO drafts (interview_id, question, text, updated_at) VALUES (?, ?, ?, ?)",
            drafts,
        )
        note_ids: dict[tuple[str, int], int] = {}
        note_uuids = list(keys)
        for start in range(0, len(note_uuids), 500):
            chunk = note_uuids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(f"SELECT uuid, id FROM notes WHERE uuid IN ({marks})", chunk)
            note_ids.update({keys[note_uuid]: note_id for note_uuid, note_id in rows})
        return note_ids

    @staticmethod
    def _insert_codings(conn, interviews, themes, uuids, ids, note_ids, stamp) -> None:
        wanted = {(theme.form_id, theme.name): theme.description for theme in themes}
        for item in interviews:
            for coding in item.codings:
                wanted.setdefault((item.form_id, coding.theme), "")
        conn.executemany(
            "INSERT INTO themes (form_id, name, description, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (form_id, name) DO NOTHING",
            [(form_id, name, text, stamp) for (form_id, name), text in wanted.items()],
        )
        theme_ids = {
            (form_id, name): theme_id
            for form_id, name, theme_id in conn.execute("SELECT form_id, name, id FROM themes")
        }
        rows = []
        for item, uuid in zip(interviews, uuids, strict=True):
            for coding in item.codings:
                note_id = None
                if coding.note is not None:
                    note_id = note_ids[(uuid, coding.note)]
                rows.append(
                    (
                        theme_ids[(item.form_id, coding.theme)],
                        ids[uuid],
                        coding.question,
                        note_id,
                        item.updated_at or stamp,
                    )
                )
        conn.executemany(
            "INSERT INTO codings (theme_id, interview_id, question, note_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            rows,
        )
