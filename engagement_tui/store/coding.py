"""Provides qualitative coding: a codebook of themes per form and codings of text.

A coding ties a theme to a piece of text: either a free-text answer (interview and
question) or a note (a verbatim quote or observation, by note id). Coding is
idempotent: coding the same text with the same theme twice keeps one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engagement_tui.interview.questionnaire import Theme
from engagement_tui.store.clock import now
from engagement_tui.store.database import Database


@dataclass(frozen=True)
class StoredTheme:
    id: int
    form_id: str
    name: str
    description: str


@dataclass(frozen=True)
class CodingItem:
    """A piece of text to code, with the themes it has so far."""

    interview_uuid: str
    question: str
    note_id: int | None
    text: str
    kind: str
    """'answer' for a free-text answer, else the note's kind ('quote' or 'observation')."""
    organisation: str
    organisation_type: str
    themes: tuple[str, ...]


class Coding:
    """Themes and codings."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seed_codebook(self, form_id: str, themes: Iterable[Theme]) -> int:
        """Add the codebook's themes that the form does not have yet; return how many were added."""
        added = 0
        with self.db.transaction() as conn:
            for theme in themes:
                cursor = conn.execute(
                    "INSERT INTO themes (form_id, name, description, created_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (form_id, name) DO NOTHING",
                    (form_id, theme.name, theme.description, now()),
                )
                added += cursor.rowcount
        return added

    def add_theme(self, form_id: str, name: str, description: str = "") -> StoredTheme:
        """Add a theme on the fly (or return the existing one of that name)."""
        self.seed_codebook(form_id, [Theme(name, description)])
        return next(theme for theme in self.themes(form_id) if theme.name == name)

    def themes(self, form_id: str) -> list[StoredTheme]:
        rows = self.db.query(
            "SELECT id, form_id, name, description FROM themes WHERE form_id = ? ORDER BY id",
            (form_id,),
        )
        return [StoredTheme(**row) for row in rows]

    def _interview_id(self, uuid: str) -> int:
        interview_id = self.db.scalar("SELECT id FROM interviews WHERE uuid = ?", (uuid,))
        if interview_id is None:
            raise KeyError(f"no interview {uuid}")
        return interview_id

    def code(
        self, theme_id: int, interview_uuid: str, question: str = "", note_id: int | None = None
    ) -> None:
        """Tag a free-text answer (question) or a note (note_id) with a theme."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO codings (theme_id, interview_id, question, note_id, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (theme_id, self._interview_id(interview_uuid), question, note_id, now()),
            )

    def uncode(
        self, theme_id: int, interview_uuid: str, question: str = "", note_id: int | None = None
    ) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM codings WHERE theme_id = ? AND interview_id = ? AND question = ?"
                " AND coalesce(note_id, 0) = coalesce(?, 0)",
                (theme_id, self._interview_id(interview_uuid), question, note_id),
            )

    def items(self, form_id: str, text_questions: Iterable[str]) -> list[CodingItem]:
        """Free-text answers to `text_questions` and every note, of completed interviews.

        Answers come first in interview order, then notes; each with the themes it has.
        """
        names = list(text_questions)
        marks = ",".join("?" * len(names))
        answers = (
            self.db.query(
                "SELECT i.uuid, a.question, NULL AS note_id, json_extract(a.value, '$') AS text,"
                " 'answer' AS kind, coalesce(o.name, '') AS organisation,"
                " coalesce(o.type, '') AS organisation_type, i.id AS interview_id"
                " FROM answers a JOIN interviews i ON i.id = a.interview_id"
                " LEFT JOIN organisations o ON o.id = i.organisation_id"
                f" WHERE i.form_id = ? AND i.status = 'complete' AND a.question IN ({marks})"
                " ORDER BY i.started_at, i.id, a.question",
                (form_id, *names),
            )
            if names
            else []
        )
        notes = self.db.query(
            "SELECT i.uuid, n.question, n.id AS note_id, n.text, n.kind,"
            " coalesce(o.name, '') AS organisation, coalesce(o.type, '') AS organisation_type,"
            " i.id AS interview_id"
            " FROM notes n JOIN interviews i ON i.id = n.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            " WHERE i.form_id = ? AND i.status = 'complete' ORDER BY i.started_at, i.id, n.id",
            (form_id,),
        )
        coded: dict[tuple[int, str, int], list[str]] = {}
        for row in self.db.query(
            "SELECT c.interview_id, c.question, coalesce(c.note_id, 0) AS note, t.name"
            " FROM codings c JOIN themes t ON t.id = c.theme_id WHERE t.form_id = ?"
            " ORDER BY t.id",
            (form_id,),
        ):
            coded.setdefault((row["interview_id"], row["question"], row["note"]), []).append(
                row["name"]
            )
        return [
            CodingItem(
                interview_uuid=row["uuid"],
                question=row["question"],
                note_id=row["note_id"],
                text=str(row["text"]),
                kind=row["kind"],
                organisation=row["organisation"],
                organisation_type=row["organisation_type"],
                themes=tuple(
                    coded.get((row["interview_id"], row["question"], row["note_id"] or 0), ())
                ),
            )
            for row in (*answers, *notes)
            if str(row["text"] or "").strip()
        ]

    def codings(self, form_id: str) -> list[dict]:
        """Every coding of a form's completed interviews, with what findings break down by."""
        return self.db.query(
            "SELECT t.name AS theme, i.uuid AS interview_uuid, c.question, c.note_id,"
            " coalesce(o.type, '') AS organisation_type, coalesce(o.region, '') AS region"
            " FROM codings c JOIN themes t ON t.id = c.theme_id"
            " JOIN interviews i ON i.id = c.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            " WHERE t.form_id = ? AND i.status = 'complete' ORDER BY t.id, i.id",
            (form_id,),
        )

    def theme_counts(self, form_id: str, question: str | None = None) -> dict[str, int]:
        """Interviews coded with each theme (all themes listed, zero included).

        With `question`, only codings of that question's answers and of notes made on it.
        """
        where = "" if question is None else " AND c.question = ?"
        params = () if question is None else (question,)
        rows = self.db.query(
            "SELECT t.name, count(DISTINCT c.interview_id) AS n FROM themes t"
            " LEFT JOIN (SELECT c.* FROM codings c JOIN interviews i ON i.id = c.interview_id"
            f" WHERE i.status = 'complete'{where}) c ON c.theme_id = t.id"
            " WHERE t.form_id = ? GROUP BY t.id ORDER BY n DESC, t.id",
            (*params, form_id),
        )
        return {row["name"]: row["n"] for row in rows}
