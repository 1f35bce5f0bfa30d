"""Provides what a report plan reads from the store: the verbatim quotes a coordinator can
choose, by note id, with what attribution needs (never more than the respondent agreed to
is shown: `findings.quotes.attribution` decides)."""

from __future__ import annotations

from typing import Any

from engagement_tui.store.database import Database


def quote_notes(db: Database, form_id: str) -> list[dict[str, Any]]:
    """Every verbatim quote of the form's completed interviews, oldest first."""
    return db.query(
        "SELECT n.id, n.question, n.text, i.respondent, i.role, i.attribution,"
        " coalesce(o.name, '') AS organisation, coalesce(o.type, '') AS organisation_type"
        " FROM notes n JOIN interviews i ON i.id = n.interview_id"
        " LEFT JOIN organisations o ON o.id = i.organisation_id"
        " WHERE i.form_id = ? AND i.status = 'complete' AND n.kind = 'quote'"
        " ORDER BY i.started_at, n.id",
        (form_id,),
    )
