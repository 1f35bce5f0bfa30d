"""Provides interviews and their answers, drafts, history, notes and edit locks.

Every method that writes commits before it returns: when `save_answer` returns, the
answer is on disk (WAL, synchronous=FULL) and the UI may say "saved". A changed answer
also appends a row to `answer_history`, in the same transaction.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from typing import Any

from engagement_tui.store.clock import new_uuid, now
from engagement_tui.store.database import Database

STATUSES = ("draft", "complete", "withdrawn")
MODES = ("in person", "phone", "video", "online survey")


@dataclass(frozen=True)
class Interview:
    """One interview (or one imported survey return) and who it was with."""

    id: int
    uuid: str
    questionnaire_id: int
    form_id: str
    organisation_id: int | None
    respondent: str
    role: str
    interviewer: str
    mode: str
    status: str
    consent_basis: str
    attribution: str
    position: str
    source: str
    external_id: str | None
    device: str
    started_at: str
    updated_at: str
    completed_at: str | None
    organisation: str = ""
    organisation_type: str = ""
    region: str = ""


@dataclass(frozen=True)
class Note:
    id: int
    uuid: str
    interview_id: int
    question: str
    kind: str
    text: str
    created_at: str


class InterviewLocked(Exception):
    """The interview is open for editing somewhere else."""

    def __init__(self, owner: str) -> None:
        super().__init__(f"this interview is open in another engage ({owner})")
        self.owner = owner


def this_process() -> str:
    """An owner tag for locks: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True  # cannot tell for another machine: assume it is still working
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


_SELECT = (
    "SELECT i.id, i.uuid, i.questionnaire_id, i.form_id, i.organisation_id, i.respondent, i.role,"
    " i.interviewer, i.mode, i.status, i.consent_basis, i.attribution, i.position, i.source,"
    " i.external_id, i.device, i.started_at, i.updated_at, i.completed_at,"
    " coalesce(o.name, '') AS organisation, coalesce(o.type, '') AS organisation_type,"
    " coalesce(o.region, '') AS region"
    " FROM interviews i LEFT JOIN organisations o ON o.id = i.organisation_id"
)


class Interviews:
    """Interviews, answers, drafts, notes and locks."""

    def __init__(self, db: Database, device: str | None = None) -> None:
        self.db = db
        self.device = device or socket.gethostname()

    # -- interviews ---------------------------------------------------------------

    def create(
        self,
        form_id: str,
        *,
        organisation_id: int | None = None,
        respondent: str = "",
        role: str = "",
        interviewer: str = "",
        mode: str = "in person",
        consent_basis: str = "",
        attribution: str = "anonymous",
        status: str = "draft",
        source: str = "interview",
        external_id: str | None = None,
        started_at: str | None = None,
    ) -> Interview:
        """Start an interview against the latest revision of `form_id`."""
        questionnaire_id = self.db.scalar(
            "SELECT id FROM questionnaires WHERE form_id = ? ORDER BY revision DESC LIMIT 1",
            (form_id,),
        )
        if questionnaire_id is None:
            raise KeyError(f"no questionnaire {form_id!r}")
        uuid = new_uuid()
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO interviews (uuid, questionnaire_id, form_id, organisation_id,"
                " respondent, role, interviewer, mode, status, consent_basis, attribution,"
                " source, external_id, device, started_at, updated_at, completed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uuid,
                    questionnaire_id,
                    form_id,
                    organisation_id,
                    respondent,
                    role,
                    interviewer,
                    mode,
                    status,
                    consent_basis,
                    attribution,
                    source,
                    external_id,
                    self.device,
                    started_at or stamp,
                    stamp,
                    stamp if status == "complete" else None,
                ),
            )
        return self.get(uuid)

    def get(self, uuid: str) -> Interview:
        rows = self.db.query(_SELECT + " WHERE i.uuid = ?", (uuid,))
        if not rows:
            raise KeyError(f"no interview {uuid}")
        return Interview(**rows[0])

    def list(self, *, form_id: str | None = None, status: str | None = None) -> list[Interview]:
        """Interviews, most recently updated first, optionally of one form and status."""
        clauses, params = [], []
        if form_id is not None:
            clauses.append("i.form_id = ?")
            params.append(form_id)
        if status is not None:
            clauses.append("i.status = ?")
            params.append(status)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.db.query(_SELECT + where + " ORDER BY i.updated_at DESC", tuple(params))
        return [Interview(**row) for row in rows]

    def set_status(self, uuid: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE interviews SET status = ?, updated_at = ?,"
                " completed_at = CASE WHEN ? = 'complete' THEN ? ELSE completed_at END"
                " WHERE uuid = ?",
                (status, stamp, status, stamp, uuid),
            )

    def set_position(self, uuid: str, question: str) -> None:
        """Remember where the interview is, so a resume lands on the same question."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE interviews SET position = ?, updated_at = ? WHERE uuid = ?",
                (question, now(), uuid),
            )

    def update_details(self, uuid: str, **details: str) -> Interview:
        """Change respondent, role, consent basis or attribution after the start.

        Interviewees change their minds; each real change goes into the answer history
        (as `detail:<field>`, old and new as JSON) in the same transaction, and every output
        reads the interview's row, so all follow the new choice at once.
        """
        allowed = ("respondent", "role", "consent_basis", "attribution")
        unknown = sorted(set(details) - set(allowed))
        if unknown:
            raise ValueError(f"not an interview detail: {', '.join(unknown)}")
        current = self.get(uuid)
        changed = {k: v for k, v in details.items() if getattr(current, k) != v}
        if not changed:
            return current
        stamp = now()
        with self.db.transaction() as conn:
            for name, value in changed.items():
                conn.execute(f"UPDATE interviews SET {name} = ? WHERE id = ?", (value, current.id))
                conn.execute(
                    "INSERT INTO answer_history (interview_id, question, old_value, new_value,"
                    " changed_at, device) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        current.id,
                        f"detail:{name}",
                        json.dumps(getattr(current, name), ensure_ascii=False),
                        json.dumps(value, ensure_ascii=False),
                        stamp,
                        self.device,
                    ),
                )
            conn.execute("UPDATE interviews SET updated_at = ? WHERE id = ?", (stamp, current.id))
        return self.get(uuid)

    def _id(self, uuid: str) -> int:
        interview_id = self.db.scalar("SELECT id FROM interviews WHERE uuid = ?", (uuid,))
        if interview_id is None:
            raise KeyError(f"no interview {uuid}")
        return interview_id

    # -- answers ------------------------------------------------------------------

    def save_answer(self, uuid: str, question: str, value: Any, *, position: str = "") -> None:
        """Store one answer (None clears it); durable on return. See `save_answers`."""
        self.save_answers(uuid, {question: value}, position=position)

    def save_answers(self, uuid: str, values: dict[str, Any], *, position: str = "") -> None:
        """Store answers in one transaction, durable on return.

        None clears an answer. Each real change appends to the history; each saved
        question's draft is dropped. `position`, when given, is where a resume lands.
        """
        interview_id = self._id(uuid)
        stamp = now()
        with self.db.transaction() as conn:
            for question, value in values.items():
                self._write_answer(conn, interview_id, question, value, stamp)
            conn.execute(
                "UPDATE interviews SET updated_at = ?,"
                " position = CASE WHEN ? != '' THEN ? ELSE position END WHERE id = ?",
                (stamp, position, position, interview_id),
            )

    def _write_answer(self, conn, interview_id: int, question: str, value: Any, stamp: str) -> None:
        new = None if value is None else json.dumps(value, ensure_ascii=False)
        row = conn.execute(
            "SELECT value FROM answers WHERE interview_id = ? AND question = ?",
            (interview_id, question),
        ).fetchone()
        old = row[0] if row else None
        if old != new:
            if new is None:
                conn.execute(
                    "DELETE FROM answers WHERE interview_id = ? AND question = ?",
                    (interview_id, question),
                )
            else:
                conn.execute(
                    "INSERT INTO answers (interview_id, question, value, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (interview_id, question)"
                    " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    (interview_id, question, new, stamp),
                )
            conn.execute(
                "INSERT INTO answer_history (interview_id, question, old_value, new_value,"
                " changed_at, device) VALUES (?, ?, ?, ?, ?, ?)",
                (interview_id, question, old, new, stamp, self.device),
            )
        conn.execute(
            "DELETE FROM drafts WHERE interview_id = ? AND question = ?", (interview_id, question)
        )

    def answers(self, uuid: str) -> dict[str, Any]:
        """Every stored answer of an interview, by question name."""
        rows = self.db.conn.execute(
            "SELECT question, value FROM answers WHERE interview_id = ?", (self._id(uuid),)
        )
        return {question: json.loads(value) for question, value in rows}

    def history(self, uuid: str) -> list[dict[str, Any]]:
        return self.db.query(
            "SELECT question, old_value, new_value, changed_at, device FROM answer_history"
            " WHERE interview_id = ? ORDER BY id",
            (self._id(uuid),),
        )

    # -- drafts: text typed but not yet submitted -----------------------------------

    def save_draft(self, uuid: str, question: str, text: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (interview_id, question, text, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (interview_id, question) DO UPDATE SET text = excluded.text,"
                " updated_at = excluded.updated_at",
                (self._id(uuid), question, text, now()),
            )

    def drafts(self, uuid: str) -> dict[str, str]:
        rows = self.db.conn.execute(
            "SELECT question, text FROM drafts WHERE interview_id = ?", (self._id(uuid),)
        )
        return {question: text for question, text in rows}

    # -- notes: verbatim quotes and observations ------------------------------------

    def add_note(self, uuid: str, text: str, *, question: str = "", kind: str = "quote") -> Note:
        note_uuid = new_uuid()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (uuid, interview_id, question, kind, text, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (note_uuid, self._id(uuid), question, kind, text, now()),
            )
        return Note(**self.db.query("SELECT * FROM notes WHERE uuid = ?", (note_uuid,))[0])

    def notes(self, uuid: str) -> list[Note]:
        rows = self.db.query(
            "SELECT * FROM notes WHERE interview_id = ? ORDER BY id", (self._id(uuid),)
        )
        return [Note(**row) for row in rows]

    # -- locks: one interview is edited in one place at a time -----------------------

    def acquire_lock(self, uuid: str, owner: str | None = None) -> None:
        """Take the edit lock, or raise InterviewLocked if a live process holds it."""
        owner = owner or this_process()
        with self.db.transaction() as conn:
            holder = conn.execute(
                "SELECT lock_owner FROM interviews WHERE uuid = ?", (uuid,)
            ).fetchone()
            if holder is None:
                raise KeyError(f"no interview {uuid}")
            current = holder[0]
            if current and current != owner and _owner_alive(current):
                raise InterviewLocked(current)
            conn.execute(
                "UPDATE interviews SET lock_owner = ?, lock_at = ? WHERE uuid = ?",
                (owner, now(), uuid),
            )

    def release_lock(self, uuid: str, owner: str | None = None) -> None:
        owner = owner or this_process()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE interviews SET lock_owner = NULL, lock_at = NULL"
                " WHERE uuid = ? AND lock_owner = ?",
                (uuid, owner),
            )
