"""Provides the merge's set-based steps, each one statement per bundle however many
interviews it holds (see `bundle_merge` for the transaction around them):

- `differing`: of the held interviews whose version clock equals the incoming one, those
  whose fields or answers differ all the same (a database copied to a second laptop edits
  under the same device identity). Only these need a whole snapshot of both versions.
- `index_for_search`: what the answers' search triggers would do for every written
  interview, done at once while the merge has them switched off.
"""

from __future__ import annotations

import sqlite3

from engagement_tui.store.bundle_reference import ORG_ID

# The snapshot's fields (bundle_merge.SNAPSHOT_FIELDS), as one JSON array on each side.
_HELD_FIELDS = (
    "SELECT json_array(i.form_id, q.content_hash, o.uuid, i.respondent, i.role,"
    " i.interviewer, i.mode, i.status, i.consent_basis, i.attribution, i.source,"
    " i.external_id, i.device, i.started_at, i.completed_at) FROM main.interviews i"
    " JOIN main.questionnaires q ON q.id = i.questionnaire_id"
    " LEFT JOIN main.organisations o ON o.id = i.organisation_id WHERE i.id = c.id"
)
_INCOMING_FIELDS = (
    "SELECT json_array(bi.form_id, bi.questionnaire_hash,"
    f" (SELECT uuid FROM main.organisations WHERE id = {ORG_ID.format('bi.organisation_uuid')}),"
    " bi.respondent, bi.role, bi.interviewer, bi.mode, bi.status, bi.consent_basis,"
    " bi.attribution, bi.source, bi.external_id, bi.device, bi.started_at, bi.completed_at)"
    " FROM b.interviews bi WHERE bi.uuid = c.uuid"
)
# Questions are unique on both sides: as many answers, and each incoming one held as it is.
_ANSWERS_DIFFER = (
    "(SELECT count(*) FROM main.answers WHERE interview_id = c.id)"
    " != (SELECT count(*) FROM b.answers WHERE interview_uuid = c.uuid)"
    " OR EXISTS (SELECT 1 FROM b.answers x WHERE x.interview_uuid = c.uuid AND NOT EXISTS"
    " (SELECT 1 FROM main.answers a WHERE a.interview_id = c.id AND a.question = x.question"
    " AND a.value = x.value))"
)


def differing(conn: sqlite3.Connection, same_clock: dict[str, int]) -> set[str]:
    """UUIDs of `same_clock` (uuid: id held) whose fields or answers differ from the bundle's."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_check (uuid TEXT PRIMARY KEY, id INTEGER)"
        " WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.merge_check")
    conn.executemany("INSERT INTO temp.merge_check VALUES (?, ?)", same_clock.items())
    rows = conn.execute(
        f"SELECT c.uuid FROM temp.merge_check c WHERE ({_HELD_FIELDS}) IS NOT ({_INCOMING_FIELDS})"
        f" OR {_ANSWERS_DIFFER}"
    ).fetchall()
    return {uuid for (uuid,) in rows}


def index_for_search(conn: sqlite3.Connection) -> None:
    """What the answers' search triggers do, for every interview in `temp.merge_write` at
    once: its answers' old rows in `search_text` go, its text answers' new rows come (notes
    keep their own triggers)."""
    conn.execute(
        "DELETE FROM main.search_text WHERE interview_id IN (SELECT id FROM temp.merge_write)"
        " AND coalesce(note_id, 0) = 0"
    )
    conn.execute(
        "INSERT INTO main.search_text (interview_id, question, text, json)"
        " SELECT a.interview_id, a.question, a.value, 1 FROM temp.merge_write m"
        # CROSS JOIN keeps this order: each written interview's text questions, then the
        # answer by its key (not a scan of every answer held).
        " CROSS JOIN main.interviews i ON i.id = m.id"
        " CROSS JOIN main.search_questions s ON s.form_id = i.form_id"
        " CROSS JOIN main.answers a ON a.interview_id = m.id AND a.question = s.question"
        " WHERE substr(a.value, 1, 1) = '\"' AND length(a.value) > 2"
        " ORDER BY a.interview_id, a.question"
    )
