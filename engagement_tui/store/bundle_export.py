"""Provides the SQL that copies what travels from the database into a bundle file.

A kit (coordinator to laptops) holds every questionnaire revision, the member register and
the theme codebook, and contacts only when asked. A bundle (laptop to coordinator) holds
every interview (drafts, completed and withdrawn, each with its status) with its answers,
full answer history, version clock and notes, the organisations made on this device or
named by its interviews, every questionnaire revision, and tombstones of erased records
when the database keeps them (ids only). Rows are keyed by UUID, never by local row ids.
The bundle file is attached to this connection and filled in one read transaction, so it
is a consistent snapshot even while the app goes on writing.
"""

from __future__ import annotations

from pathlib import Path

from engagement_tui.store.database import Database
from engagement_tui.store.driver import attach_clause

_QUESTIONNAIRES = (
    "INSERT INTO b.questionnaires SELECT form_id, revision, content_hash, version, title,"
    " definition, source, imported_at FROM main.questionnaires"
)
_ORGANISATIONS = (
    "INSERT INTO b.organisations SELECT uuid, name, type, region, system, attributes,"
    " created_at, updated_at FROM main.organisations"
)
_BUNDLE_TABLES = (
    _QUESTIONNAIRES,
    _ORGANISATIONS + " WHERE origin_bundle IS NULL"
    " OR id IN (SELECT organisation_id FROM main.interviews WHERE organisation_id IS NOT NULL)",
    "INSERT INTO b.interviews SELECT i.uuid, i.form_id, q.content_hash, o.uuid, i.respondent,"
    " i.role, i.interviewer, i.mode, i.status, i.consent_basis, i.attribution, i.position,"
    " i.source, i.external_id, i.device, i.started_at, i.updated_at, i.completed_at,"
    " coalesce(i.origin_device, :device), coalesce(i.origin_bundle, :bundle)"
    " FROM main.interviews i JOIN main.questionnaires q ON q.id = i.questionnaire_id"
    " LEFT JOIN main.organisations o ON o.id = i.organisation_id",
    "INSERT INTO b.interview_clocks SELECT i.uuid, c.device, c.edits"
    " FROM main.interview_clocks c JOIN main.interviews i ON i.id = c.interview_id",
    "INSERT INTO b.answers SELECT i.uuid, a.question, a.value, a.updated_at"
    " FROM main.answers a JOIN main.interviews i ON i.id = a.interview_id",
    "INSERT INTO b.answer_history SELECT i.uuid, h.question, h.old_value, h.new_value,"
    " h.changed_at, h.device FROM main.answer_history h JOIN main.interviews i"
    " ON i.id = h.interview_id",
    "INSERT INTO b.notes SELECT n.uuid, i.uuid, n.question, n.kind, n.text, n.created_at"
    " FROM main.notes n JOIN main.interviews i ON i.id = n.interview_id",
)
_KIT_TABLES = (
    _QUESTIONNAIRES,
    _ORGANISATIONS,
    "INSERT INTO b.themes SELECT form_id, name, description, created_at FROM main.themes",
)
_CONTACTS = (
    "INSERT INTO b.contacts SELECT c.uuid, o.uuid, c.name, c.role, c.email, c.created_at"
    " FROM main.contacts c LEFT JOIN main.organisations o ON o.id = c.organisation_id"
)


def fill(
    db: Database,
    path: Path,
    *,
    kind: str,
    device: str,
    bundle: str,
    include_contacts: bool = False,
) -> None:
    """Copy a kit's or a bundle's records from the database into the bundle file at `path`."""
    statements = list(_KIT_TABLES if kind == "kit" else _BUNDLE_TABLES)
    if kind == "kit" and include_contacts:
        statements.append(_CONTACTS)
    if kind == "bundle" and _has_tombstones(db):
        statements.append(
            "INSERT INTO b.tombstones SELECT kind, uuid, erased_at FROM main.tombstones"
        )
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS b" + attach_clause(conn), (str(path),))
    try:
        conn.execute("BEGIN")
        try:
            for statement in statements:
                conn.execute(statement, {"device": device, "bundle": bundle})
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE b")


def _has_tombstones(db: Database) -> bool:
    """Whether this database keeps tombstones of erased records (kind, uuid, erased_at)."""
    columns = {row["name"] for row in db.query("PRAGMA main.table_info(tombstones)")}
    return {"kind", "uuid", "erased_at"} <= columns


def this_device_uuid(db: Database) -> str:
    return db.scalar("SELECT uuid FROM device_identity WHERE id = 1")
