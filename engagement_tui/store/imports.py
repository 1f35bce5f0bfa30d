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

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.store.bulk_writer import BulkWriter
from engagement_tui.store.clock import new_uuid, now
from engagement_tui.store.database import Database


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
        rows = self.db.conn.execute(
            "SELECT external_id FROM interviews WHERE form_id = ? AND external_id IS NOT NULL",
            (form_id,),
        )
        return {row[0] for row in rows}

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
        with self.streaming(stamp) as writer:
            added = writer.add(interviews, organisations)
            if added.conflicts:
                raise ExternalIdConflict(added.conflicts)
            conn = writer.conn
            note_ids = self._insert_notes_and_drafts(
                conn, added.fresh, added.uuids, added.ids, stamp
            )
            self._insert_codings(conn, added.fresh, themes, added.uuids, added.ids, note_ids, stamp)
        return BulkResult(
            writer.imported, writer.skipped, writer.organisations_added, tuple(added.uuids)
        )

    @contextmanager
    def streaming(self, stamp: str | None = None) -> Iterator[BulkWriter]:
        """A writer for chunk after chunk of interviews in ONE transaction: committed when
        the block ends, rolled back (nothing stored) if it raises."""
        with self.db.transaction() as conn:
            writer = BulkWriter(conn, self.device, stamp or now(), self._questionnaire_id)
            yield writer
            writer.finish()

    def _questionnaire_id(self, form_id: str) -> int:
        questionnaire_id = self.db.scalar(
            "SELECT id FROM questionnaires WHERE form_id = ? ORDER BY revision DESC LIMIT 1",
            (form_id,),
        )
        if questionnaire_id is None:
            raise KeyError(f"no questionnaire {form_id!r}")
        return questionnaire_id

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
