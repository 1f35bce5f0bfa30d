"""Provides the merge of a bundle's reference records: questionnaires, the member register,
the theme codebook and contacts (see `bundle_merge` for the transaction around it).

Questionnaires are matched by form and content hash; two different contents under one
revision number are a conflict, and the smaller content hash keeps the number while the
other takes the next free one (both kept). Organisations are matched by UUID or a recorded
alias; the same name under a new UUID is a conflict: one organisation stays (under the
smaller UUID), the other UUID becomes its alias. Register fields follow the latest
`updated_at`. Themes and contacts are added or updated by key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.store.conflicts import record_conflict
from engagement_tui.store.database import Database

ORG_ID = (
    "coalesce((SELECT id FROM main.organisations WHERE uuid = {0}),"
    " (SELECT organisation_id FROM main.organisation_aliases WHERE uuid = {0}))"
)


@dataclass
class MergeResult:
    interviews_added: int = 0
    interviews_updated: int = 0
    interviews_unchanged: int = 0
    organisations_added: int = 0
    questionnaires_added: int = 0
    erased: int = 0
    """Records held here that a tombstone (from this bundle or an earlier one) named."""
    conflicts: list[str] = field(default_factory=list)


def merge_questionnaires(db: Database, manifest: Any, me: str, result: MergeResult) -> None:
    rows = db.query(
        "SELECT * FROM b.questionnaires bq WHERE NOT EXISTS (SELECT 1 FROM main.questionnaires q"
        " WHERE q.form_id = bq.form_id AND q.content_hash = bq.content_hash)"
        " ORDER BY form_id, revision, content_hash"
    )
    for row in rows:
        revision = row["revision"]
        held = db.query(
            "SELECT id, content_hash, title, version, imported_at FROM main.questionnaires"
            " WHERE form_id = ? AND revision = ?",
            (row["form_id"], revision),
        )
        if held:
            free = 1 + db.scalar(
                "SELECT max(revision) FROM main.questionnaires WHERE form_id = ?",
                (row["form_id"],),
            )
            if row["content_hash"] < held[0]["content_hash"]:
                db.conn.execute(
                    "UPDATE main.questionnaires SET revision = ? WHERE id = ?",
                    (free, held[0]["id"]),
                )
            else:
                revision = free
            versions = [
                {k: v for k, v in held[0].items() if k != "id"},
                {k: row[k] for k in ("content_hash", "title", "version", "imported_at")},
            ]
            subject = f"{row['form_id']} revision {row['revision']}"
            if record_conflict(db, "questionnaire", subject, versions, manifest.uuid, me):
                result.conflicts.append(f"questionnaire {subject}")
        db.conn.execute(
            "INSERT INTO main.questionnaires (form_id, revision, version, title, definition,"
            " content_hash, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["form_id"],
                revision,
                row["version"],
                row["title"],
                row["definition"],
                row["content_hash"],
                row["source"],
                row["imported_at"],
            ),
        )
        # Its free-text questions, whose answers search indexes (as `forms.save` does).
        db.conn.executemany(
            "INSERT OR IGNORE INTO main.search_questions (form_id, question) VALUES (?, ?)",
            [
                (row["form_id"], question["name"])
                for question in json.loads(row["definition"]).get("questions", [])
                if question.get("type") == "text"
            ],
        )
        result.questionnaires_added += 1


def _org_version(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("uuid", "name", "type", "region", "system", "attributes", "updated_at")
    return {key: row[key] for key in keys}


def merge_register(db: Database, manifest: Any, me: str, result: MergeResult) -> None:
    """Organisations by UUID (or alias), else by name (a conflict); themes; contacts."""
    conn = db.conn
    for row in db.query("SELECT * FROM b.organisations ORDER BY uuid"):
        found = db.query(
            f"SELECT * FROM main.organisations WHERE id = {ORG_ID.format('?')}",
            (row["uuid"], row["uuid"]),
        ) or db.query(
            "SELECT * FROM main.organisations WHERE name = ? COLLATE NOCASE", (row["name"],)
        )
        if not found:
            conn.execute(
                "INSERT INTO main.organisations (uuid, name, type, region, system, attributes,"
                " created_at, updated_at, origin_bundle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*(row[k] for k in ("uuid", "name", "type", "region", "system", "attributes")),)
                + (row["created_at"], row["updated_at"], manifest.uuid),
            )
            result.organisations_added += 1
            continue
        held = found[0]
        known = held["uuid"] == row["uuid"] or db.scalar(
            "SELECT 1 FROM main.organisation_aliases WHERE uuid = ?", (row["uuid"],)
        )
        if not known:
            # The same name made under two UUIDs: one organisation, both versions kept.
            versions = [_org_version(held), _org_version(row)]
            subject = held["name"]
            if record_conflict(db, "organisation", subject.casefold(), versions, manifest.uuid, me):
                result.conflicts.append(f"organisation {subject}")
            keep, alias = sorted((held["uuid"], row["uuid"]))
            conn.execute("UPDATE main.organisations SET uuid = ? WHERE id = ?", (keep, held["id"]))
            conn.execute(
                "INSERT INTO main.organisation_aliases (uuid, organisation_id) VALUES (?, ?)"
                " ON CONFLICT (uuid) DO NOTHING",
                (alias, held["id"]),
            )
        mine = (held["updated_at"], json.dumps(_org_version(held), sort_keys=True))
        theirs = (row["updated_at"], json.dumps(_org_version(row), sort_keys=True))
        if theirs > mine:
            conn.execute(
                "UPDATE main.organisations SET type = ?, region = ?, system = ?, attributes = ?,"
                " updated_at = ? WHERE id = ?",
                (row["type"], row["region"], row["system"], row["attributes"], row["updated_at"])
                + (held["id"],),
            )
    _themes_and_contacts(db)


def _themes_and_contacts(db: Database) -> None:
    db.conn.execute(
        "INSERT INTO main.themes (form_id, name, description, created_at)"
        " SELECT form_id, name, description, created_at FROM b.themes WHERE true"
        " ON CONFLICT (form_id, name) DO NOTHING"
    )
    db.conn.execute(
        "INSERT INTO main.contacts (uuid, organisation_id, name, role, email, created_at)"
        f" SELECT c.uuid, {ORG_ID.format('c.organisation_uuid')}, c.name, c.role, c.email,"
        " c.created_at FROM b.contacts c WHERE true ON CONFLICT (uuid) DO UPDATE SET"
        " name = excluded.name, role = excluded.role, email = excluded.email"
    )
