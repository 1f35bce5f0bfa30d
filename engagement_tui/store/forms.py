"""Provides the stored questionnaires: versions kept by content hash, definitions as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store.clock import now
from engagement_tui.store.database import Database


@dataclass(frozen=True)
class StoredForm:
    """One stored revision of a questionnaire."""

    id: int
    form_id: str
    revision: int
    version: str
    title: str
    content_hash: str
    imported_at: str
    source: str


@dataclass(frozen=True)
class ImportResult:
    form: StoredForm
    created: bool
    """False when the same content was already stored (importing twice is a no-op)."""


class Forms:
    """Questionnaires in the store; each changed import of a form_id is a new revision."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, questionnaire: Questionnaire) -> ImportResult:
        definition = questionnaire.to_dict()
        content_hash = questionnaire.content_hash(definition)
        existing = self._row(
            "WHERE form_id = ? AND content_hash = ?", (questionnaire.form_id, content_hash)
        )
        if existing:
            return ImportResult(existing, created=False)
        with self.db.transaction() as conn:
            revision = 1 + (
                self.db.scalar(
                    "SELECT max(revision) FROM questionnaires WHERE form_id = ?",
                    (questionnaire.form_id,),
                )
                or 0
            )
            conn.execute(
                "INSERT INTO questionnaires (form_id, revision, version, title, definition,"
                " content_hash, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    questionnaire.form_id,
                    revision,
                    questionnaire.version,
                    questionnaire.title,
                    json.dumps(definition, ensure_ascii=False),
                    content_hash,
                    questionnaire.source,
                    now(),
                ),
            )
            # The free-text questions, whose answers full-text search indexes (store/search.py).
            conn.executemany(
                "INSERT OR IGNORE INTO search_questions (form_id, question) VALUES (?, ?)",
                [
                    (questionnaire.form_id, question.name)
                    for question in questionnaire.questions
                    if question.type == "text"
                ],
            )
        stored = self._row("WHERE form_id = ? AND revision = ?", (questionnaire.form_id, revision))
        assert stored is not None
        return ImportResult(stored, created=True)

    def _row(self, where: str, params: tuple) -> StoredForm | None:
        rows = self.db.query(
            "SELECT id, form_id, revision, version, title, content_hash, imported_at, source"
            f" FROM questionnaires {where} ORDER BY revision DESC LIMIT 1",
            params,
        )
        return StoredForm(**rows[0]) if rows else None

    def latest(self, form_id: str) -> StoredForm | None:
        return self._row("WHERE form_id = ?", (form_id,))

    def load(self, form_id: str) -> Questionnaire | None:
        """The latest revision of a form, or None if there is no such form."""
        definition = self.db.scalar(
            "SELECT definition FROM questionnaires WHERE form_id = ?"
            " ORDER BY revision DESC LIMIT 1",
            (form_id,),
        )
        return None if definition is None else Questionnaire.from_dict(json.loads(definition))

    def load_by_id(self, questionnaire_id: int) -> Questionnaire:
        definition = self.db.scalar(
            "SELECT definition FROM questionnaires WHERE id = ?", (questionnaire_id,)
        )
        if definition is None:
            raise KeyError(questionnaire_id)
        return Questionnaire.from_dict(json.loads(definition))

    def list(self) -> list[StoredForm]:
        """The latest revision of every form, by form_id."""
        rows = self.db.query(
            "SELECT id, form_id, revision, version, title, content_hash, imported_at, source"
            " FROM questionnaires q WHERE revision ="
            " (SELECT max(revision) FROM questionnaires WHERE form_id = q.form_id)"
            " ORDER BY form_id"
        )
        return [StoredForm(**row) for row in rows]

    def revisions(self, form_id: str) -> int:
        return self.db.scalar("SELECT count(*) FROM questionnaires WHERE form_id = ?", (form_id,))

    def held_answers(self, form_id: str, status: str = "complete") -> dict[int, dict]:
        """The answers of the form's interviews with `status`, by interview id (for weighing
        what a new revision would change)."""
        held: dict[int, dict] = {}
        rows = self.db.conn.execute(
            "SELECT i.id, a.question, a.value FROM interviews i"
            " LEFT JOIN answers a ON a.interview_id = i.id"
            " WHERE i.form_id = ? AND i.status = ?",
            (form_id, status),
        )
        for interview_id, question, value in rows:
            answers = held.setdefault(interview_id, {})
            if question is not None:
                answers[question] = json.loads(value)
        return held
