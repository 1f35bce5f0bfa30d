"""Provides the bundle file format: an SQLite database of plain tables and a manifest.

Kits (coordinator to laptops) and bundles (laptop to coordinator) share one format; the
manifest says which. Records are keyed by UUID (interviews, organisations, notes) or by
content (questionnaires by form and content hash), never by a database's own row ids, so
any database can merge any bundle. The manifest holds the format version, kind, the
bundle's UUID, the device that wrote it, when, counts per table and a SHA-256 checksum of
every table's rows in a fixed order. A `tombstones` table (kind, uuid, erased_at: ids only,
never content) travels in every bundle for erasures.

This module owns the bundle file's own SQL (its schema, checksum and checks); the SQL that
reads and writes the engage database is in `store.exchange`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engagement_tui.bundles.crypto import BundleError

FORMAT_VERSION = 1
BUNDLE_APPLICATION_ID = 0x454E4742  # "ENGB": a bundle file, not a database to open
KINDS = ("kit", "bundle")

TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    # table: ({column: type}, primary key)
    "questionnaires": (
        {
            "form_id": str,
            "revision": int,
            "content_hash": str,
            "version": str,
            "title": str,
            "definition": str,
            "source": str,
            "imported_at": str,
        },
        ("form_id", "content_hash"),
    ),
    "organisations": (
        {
            "uuid": str,
            "name": str,
            "type": str,
            "region": str,
            "system": str,
            "attributes": str,
            "created_at": str,
            "updated_at": str,
        },
        ("uuid",),
    ),
    "themes": (
        {"form_id": str, "name": str, "description": str, "created_at": str},
        ("form_id", "name"),
    ),
    "contacts": (
        {
            "uuid": str,
            "organisation_uuid": str,
            "name": str,
            "role": str,
            "email": str,
            "created_at": str,
        },
        ("uuid",),
    ),
    "interviews": (
        {
            "uuid": str,
            "form_id": str,
            "questionnaire_hash": str,
            "organisation_uuid": str,
            "respondent": str,
            "role": str,
            "interviewer": str,
            "mode": str,
            "status": str,
            "consent_basis": str,
            "attribution": str,
            "position": str,
            "source": str,
            "external_id": str,
            "device": str,
            "started_at": str,
            "updated_at": str,
            "completed_at": str,
            "origin_device": str,
            "origin_bundle": str,
        },
        ("uuid",),
    ),
    "interview_clocks": (
        {"interview_uuid": str, "device": str, "edits": int},
        ("interview_uuid", "device"),
    ),
    "answers": (
        {"interview_uuid": str, "question": str, "value": str, "updated_at": str},
        ("interview_uuid", "question"),
    ),
    "answer_history": (
        {
            "interview_uuid": str,
            "question": str,
            "old_value": str,
            "new_value": str,
            "changed_at": str,
            "device": str,
        },
        (),
    ),
    "notes": (
        {
            "uuid": str,
            "interview_uuid": str,
            "question": str,
            "kind": str,
            "text": str,
            "created_at": str,
        },
        ("uuid",),
    ),
    "tombstones": ({"kind": str, "uuid": str, "erased_at": str}, ("kind", "uuid")),
}


@dataclass(frozen=True)
class Manifest:
    format_version: int
    kind: str
    uuid: str
    device_uuid: str
    device_name: str
    created_at: str
    counts: dict[str, int]
    checksum: str
    recipient: str = ""
    """Kits only: the coordinator's age recipient, which laptops encrypt their bundles to."""

    def to_rows(self) -> list[tuple[str, str]]:
        values = {**self.__dict__, "counts": json.dumps(self.counts, sort_keys=True)}
        return [(name, str(value)) for name, value in values.items()]


def create_empty(path: Path) -> None:
    """A new bundle file with every table and an empty manifest (sqlite-utils does the DDL)."""
    import sqlite_utils

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA application_id = {BUNDLE_APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = DELETE")
        db = sqlite_utils.Database(conn)
        db["manifest"].create({"name": str, "value": str}, pk="name")
        for table, (columns, key) in TABLES.items():
            db[table].create(columns, pk=list(key) if len(key) > 1 else (key[0] if key else None))
    finally:
        conn.close()


def checksum(conn: sqlite3.Connection, schema: str = "main") -> tuple[str, dict[str, int]]:
    """SHA-256 over every table's rows in a fixed order, and the count of rows per table.

    Each row is spelt by SQLite itself (a JSON array, so types count), in the
    file's own row order, one string per table: the checksum seals this very file, so any
    change to a row, or to the rows' order, no longer matches.
    """
    digest = hashlib.sha256(f"engage-bundle-v{FORMAT_VERSION}".encode())
    counts = {}
    for table, (columns, _key) in TABLES.items():
        text, count = conn.execute(
            f"SELECT group_concat(row, char(10)), count(*) FROM (SELECT"
            f" json_array({', '.join(columns)}) AS row FROM {schema}.{table} ORDER BY rowid)"
        ).fetchone()
        digest.update(f"\x00{table}\x00".encode())
        digest.update((text or "").encode())
        counts[table] = count
    return digest.hexdigest(), counts


def seal(path: Path, manifest: Manifest) -> Manifest:
    """Write the manifest with the checksum and counts of what the file holds; return it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        digest, counts = checksum(conn)
        sealed = Manifest(**{**manifest.__dict__, "checksum": digest, "counts": counts})
        conn.execute("BEGIN")
        conn.execute("DELETE FROM manifest")
        conn.executemany("INSERT INTO manifest (name, value) VALUES (?, ?)", sealed.to_rows())
        conn.execute("COMMIT")
    finally:
        conn.close()
    return sealed


def verify(path: Path, name: str, *, kind: str | None = None) -> Manifest:
    """The manifest of a bundle file after every check, or one BundleError naming `name`.

    Refused: not an SQLite file, not an engage bundle (foreign), a newer format, missing or
    changed tables, a checksum that does not match the rows (tampered or damaged), or a
    kit where a bundle was expected and the other way round.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error:
        raise BundleError(f"{name}: cannot be opened as a bundle") from None
    try:
        return _verify(conn, name, kind)
    except sqlite3.DatabaseError as error:
        raise BundleError(f"{name}: damaged or truncated ({error})") from None
    finally:
        conn.close()


def _verify(conn: sqlite3.Connection, name: str, kind: str | None) -> Manifest:
    conn.execute("PRAGMA trusted_schema = OFF")
    if conn.execute("PRAGMA application_id").fetchone()[0] != BUNDLE_APPLICATION_ID:
        raise BundleError(f"{name}: not an engage bundle or kit")
    # Only plain tables: a view or trigger in a file from elsewhere would run code on reading.
    kinds = conn.execute("SELECT DISTINCT type FROM sqlite_master").fetchall()
    if {row[0] for row in kinds} - {"table", "index"}:
        raise BundleError(f"{name}: not an engage bundle (it holds views or triggers)")
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise BundleError(f"{name}: damaged or truncated (the SQLite check failed)")
    values = dict(conn.execute("SELECT name, value FROM manifest").fetchall())
    try:
        version = int(values["format_version"])
    except (KeyError, ValueError):
        raise BundleError(f"{name}: not an engage bundle or kit (no manifest)") from None
    if version > FORMAT_VERSION:
        raise BundleError(
            f"{name}: written in bundle format {version} by a newer engage; this one reads"
            f" format {FORMAT_VERSION} (update engage)"
        )
    for table, (columns, _key) in TABLES.items():
        found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if found != list(columns):
            raise BundleError(f"{name}: not an engage bundle (table {table} is not as expected)")
    try:
        manifest = Manifest(
            format_version=version,
            kind=values["kind"],
            uuid=values["uuid"],
            device_uuid=values["device_uuid"],
            device_name=values["device_name"],
            created_at=values["created_at"],
            counts=json.loads(values["counts"]),
            checksum=values["checksum"],
            recipient=values.get("recipient", ""),
        )
    except (KeyError, ValueError):
        raise BundleError(f"{name}: the manifest is incomplete") from None
    digest, counts = checksum(conn)
    if digest != manifest.checksum or counts != manifest.counts:
        raise BundleError(f"{name}: tampered with or damaged (the checksum does not match)")
    if kind is not None and manifest.kind != kind:
        raise BundleError(f"{name}: a {manifest.kind}, not a {kind}")
    if manifest.kind not in KINDS:
        raise BundleError(f"{name}: unknown kind {manifest.kind!r}")
    return manifest


def manifest_values(manifest: Manifest) -> dict[str, Any]:
    return dict(manifest.to_rows())
