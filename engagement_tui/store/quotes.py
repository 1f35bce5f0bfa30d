"""Provides the quote bank's approvals: which quotes the coordinator agreed may be published.

    store.quotes.candidates("leaders_interview", ["system_journey"])  # every possible quote
    store.quotes.approve(["N12", "A40:system_journey"])
    store.quotes.revoke(["N12"])

A quote is either a note of kind 'quote' that an interviewer took down (key `N<note id>`)
or a free-text answer (key `A<interview id>:<question>`), from a completed interview.
An approval records the words approved; if they change afterwards the quote is pending
again (the leaders' guide promises interviewees their quotes are checked with them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database

_PEOPLE = (
    "i.uuid AS interview, i.respondent, i.role, i.attribution,"
    " coalesce(o.name, '') AS organisation, coalesce(o.type, '') AS organisation_type"
)


class QuoteNotFound(KeyError):
    """No quote has that key."""


class Quotes:
    """Approvals of quotes, and the candidates to approve."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def candidates(self, form_id: str, questions: Sequence[str]) -> list[dict[str, Any]]:
        """Interviewers' quotes first, then answers to `questions`, each with `approved`."""
        notes = self.db.query(
            f"SELECT 'N' || n.id AS key, 'interviewer' AS source, n.question, n.text, {_PEOPLE},"
            " q.key IS NOT NULL AS approved FROM notes n"
            " JOIN interviews i ON i.id = n.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            " LEFT JOIN quote_approvals q ON q.key = 'N' || n.id AND q.text = n.text"
            " WHERE i.form_id = ? AND i.status = 'complete' AND n.kind = 'quote'"
            " ORDER BY n.id",
            (form_id,),
        )
        answers = []
        if questions:
            marks = ", ".join("?" for _ in questions)
            rows = self.db.query(
                f"SELECT 'A' || i.id || ':' || a.question AS key, 'answer' AS source,"
                f" a.question, a.value, {_PEOPLE}, q.key IS NOT NULL AS approved FROM answers a"
                " JOIN interviews i ON i.id = a.interview_id"
                " LEFT JOIN organisations o ON o.id = i.organisation_id"
                " LEFT JOIN quote_approvals q"
                " ON q.key = 'A' || i.id || ':' || a.question AND q.text = a.value"
                f" WHERE i.form_id = ? AND i.status = 'complete' AND a.question IN ({marks})"
                " AND a.value NOT IN ('\"\"', 'null') ORDER BY i.id, a.question",
                (form_id, *questions),
            )
            for row in rows:
                row["text"] = json.loads(row.pop("value"))
                if isinstance(row["text"], str) and row["text"].strip():
                    answers.append(row)
        for row in (*notes, *answers):
            row["approved"] = bool(row["approved"])
        return [*notes, *answers]

    def _current_text(self, key: str) -> str:
        if key.startswith("N") and key[1:].isdigit():
            text = self.db.scalar(
                "SELECT text FROM notes WHERE id = ? AND kind = 'quote'", (int(key[1:]),)
            )
        elif key.startswith("A") and ":" in key and key[1 : key.index(":")].isdigit():
            interview_id, question = key[1:].split(":", 1)
            text = self.db.scalar(
                "SELECT value FROM answers WHERE interview_id = ? AND question = ?",
                (int(interview_id), question),
            )
        else:
            text = None
        if text is None:
            raise QuoteNotFound(key)
        return text

    def approve(self, keys: Iterable[str], *, stamp: str | None = None) -> int:
        """Approve the quotes as they now read; all or nothing (QuoteNotFound names a bad key)."""
        stamp = stamp or now()
        with self.db.transaction() as conn:
            count = 0
            for key in keys:
                conn.execute(
                    "INSERT OR REPLACE INTO quote_approvals (key, text, approved_at)"
                    " VALUES (?, ?, ?)",
                    (key, self._current_text(key), stamp),
                )
                count += 1
        return count

    def revoke(self, keys: Iterable[str]) -> int:
        with self.db.transaction() as conn:
            return sum(
                conn.execute("DELETE FROM quote_approvals WHERE key = ?", (key,)).rowcount
                for key in keys
            )
