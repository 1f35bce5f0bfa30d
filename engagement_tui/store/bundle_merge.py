"""Provides the merge of a checked bundle file into the database: one transaction per bundle.

Merging is idempotent (a record already held is left alone), all or nothing (one
`BEGIN IMMEDIATE` transaction; a kill at any moment leaves the bundle wholly in or out) and
order-independent: every choice depends on the records, never on which bundle came first.

- (In `bundle_reference`.) Questionnaires are matched by form and content hash. Two
  different contents under one revision number are a conflict: the smaller content hash
  keeps the number, the other takes the next free one, and both are kept.
- Organisations are matched by UUID (or a UUID recorded as an alias). The same name under
  a new UUID is a conflict: one organisation is kept (under the smaller UUID), the other
  UUID becomes its alias, and both versions are stored in the conflict. Register fields
  otherwise follow the latest `updated_at`.
- Interviews are matched by UUID and compared by version clock (edits per device, kept by
  triggers). A newer version replaces the one held, an older or equal one changes nothing,
  and concurrent versions (edited on two devices) are a conflict: every version is stored
  whole in the conflict, and the one held meanwhile is the one with the smallest
  fingerprint. Answer history and notes are unions, so nothing is ever dropped.
- Tombstones (ids of records `engage erase` removed on another device) are kept, and any
  record they name is deleted in the same transaction, whichever came first: an erasure
  on one laptop erases everywhere the bundles go. The file is then scrubbed as after an
  erasure here (see `store.privacy`).
"""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path
from typing import Any

from engagement_tui.store.bundle_reference import (
    ORG_ID,
    MergeResult,
    merge_questionnaires,
    merge_register,
)
from engagement_tui.store.bundle_sets import differing, index_for_search
from engagement_tui.store.clock import now
from engagement_tui.store.conflicts import record_conflict
from engagement_tui.store.database import Database
from engagement_tui.store.driver import attach_clause, errors

RECIPIENT_SETTING = "bundle.recipient"
"""The coordinator's age recipient, left by the newest merged kit (or by `engage keys new`)."""

SNAPSHOT_FIELDS = (
    "form_id",
    "questionnaire_hash",
    "organisation_uuid",
    "respondent",
    "role",
    "interviewer",
    "mode",
    "status",
    "consent_basis",
    "attribution",
    "source",
    "external_id",
    "device",
    "started_at",
    "completed_at",
)
_LOCAL_FIELDS = (
    "SELECT i.form_id, q.content_hash AS questionnaire_hash, o.uuid AS organisation_uuid,"
    " i.respondent, i.role, i.interviewer, i.mode, i.status, i.consent_basis, i.attribution,"
    " i.source, i.external_id, i.device, i.started_at, i.completed_at, i.origin_device,"
    " i.origin_bundle FROM main.interviews i"
    " JOIN main.questionnaires q ON q.id = i.questionnaire_id"
    " LEFT JOIN main.organisations o ON o.id = i.organisation_id WHERE i.id = ?"
)
_INCOMING_FIELDS = (
    "SELECT bi.form_id, bi.questionnaire_hash,"
    f" (SELECT uuid FROM main.organisations WHERE id = {ORG_ID.format('bi.organisation_uuid')})"
    " AS organisation_uuid, bi.respondent, bi.role, bi.interviewer, bi.mode, bi.status,"
    " bi.consent_basis, bi.attribution, bi.source, bi.external_id, bi.device, bi.started_at,"
    " bi.completed_at, bi.origin_device, bi.origin_bundle FROM b.interviews bi WHERE bi.uuid = ?"
)
_WRITE_VALUES = (
    "(SELECT q.id FROM main.questionnaires q WHERE q.form_id = bi.form_id"
    f" AND q.content_hash = bi.questionnaire_hash), bi.form_id, {ORG_ID},"
    " bi.respondent, bi.role, bi.interviewer, bi.mode, bi.status, bi.consent_basis,"
    " bi.attribution, bi.position, bi.source, bi.external_id, bi.device, bi.started_at,"
    " bi.updated_at, bi.completed_at, bi.origin_device, bi.origin_bundle"
).format("bi.organisation_uuid")
_WRITE_COLUMNS = (
    "questionnaire_id, form_id, organisation_id, respondent, role, interviewer, mode, status,"
    " consent_basis, attribution, position, source, external_id, device, started_at,"
    " updated_at, completed_at, origin_device, origin_bundle"
)


def fingerprint(snapshot: dict[str, Any]) -> str:
    content = {"fields": snapshot["fields"], "answers": snapshot["answers"]}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def dominates(a: dict[str, int], b: dict[str, int]) -> bool:
    """Clock a has seen every edit clock b has."""
    return all(a.get(device, 0) >= edits for device, edits in b.items())


def merge_file(db: Database, path: Path, manifest: Any, me: str) -> MergeResult:
    """Merge the checked bundle file at `path` (its `manifest` already verified)."""
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS b" + attach_clause(conn), (str(path),))
    try:
        with db.transaction():
            # Merged writes are not edits made here: the version-clock triggers stand aside
            # for the transaction (dropped and made again inside it, so a kill undoes both).
            # So do the answers' search triggers, whose work `_index_for_search` does for
            # the whole bundle at once (a trigger per answer cost as much as the insert).
            triggers = conn.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'"
                " AND (name LIKE '%\\_clock\\_%' ESCAPE '\\'"
                " OR name LIKE 'answers\\_search\\_%' ESCAPE '\\')"
            ).fetchall()
            for name, _sql in triggers:
                conn.execute(f"DROP TRIGGER main.{name}")
            result = MergeResult()
            merge_questionnaires(db, manifest, me, result)
            merge_register(db, manifest, me, result)
            _interviews(db, manifest, me, result)
            _apply_tombstones(db, result)
            _keep_recipient(db, manifest)
            _log_bundle(db, manifest, me)
            for _name, sql in triggers:
                conn.execute(sql)
    finally:
        _detach(conn)
    if result.erased:
        from engagement_tui.store.privacy import Privacy

        Privacy(db).forget(scrub=True)
    return result


def _apply_tombstones(db: Database, result: MergeResult) -> None:
    """Keep the bundle's tombstones, then delete every record any tombstone names."""
    conn = db.conn
    if conn.execute("SELECT 1 FROM b.sqlite_master WHERE name = 'tombstones'").fetchone():
        conn.execute(
            "INSERT INTO main.tombstones (kind, uuid, erased_at)"
            " SELECT kind, uuid, erased_at FROM b.tombstones WHERE true"
            " ON CONFLICT (kind, uuid) DO NOTHING"
        )
    if conn.execute("SELECT 1 FROM main.tombstones LIMIT 1").fetchone() is None:
        return  # nothing was ever erased: no need to look through every interview
    doomed = (
        "SELECT id FROM main.interviews WHERE uuid IN"
        " (SELECT uuid FROM main.tombstones WHERE kind = 'interview')"
        " OR external_id IN (SELECT uuid FROM main.tombstones WHERE kind = 'external')"
        " OR organisation_id IN (SELECT id FROM main.organisations WHERE uuid IN"
        " (SELECT uuid FROM main.tombstones WHERE kind = 'organisation'))"
    )
    conn.execute(
        "DELETE FROM main.quote_approvals WHERE key IN (SELECT 'N' || id FROM main.notes"
        f" WHERE interview_id IN ({doomed})) OR EXISTS (SELECT 1 FROM ({doomed}) d"
        " WHERE quote_approvals.key LIKE 'A' || d.id || ':%')"
    )
    result.erased += conn.execute(f"DELETE FROM main.interviews WHERE id IN ({doomed})").rowcount
    for kind, table in (("organisation", "organisations"), ("contact", "contacts")):
        result.erased += conn.execute(
            f"DELETE FROM main.{table} WHERE uuid IN"
            f" (SELECT uuid FROM main.tombstones WHERE kind = '{kind}')"
        ).rowcount


def _detach(conn) -> None:
    try:
        conn.execute("DETACH DATABASE b")
    except errors("OperationalError"):
        gc.collect()  # a cursor left open by an error still reads the bundle: drop it
        conn.execute("DETACH DATABASE b")


def _clocks(db: Database, sql: str, params: tuple = ()) -> dict[str, dict[str, int]]:
    clocks: dict[str, dict[str, int]] = {}
    for key, device, edits in db.conn.execute(sql, params):
        clocks.setdefault(key, {})[device] = edits
    return clocks


def _interviews(db: Database, manifest: Any, me: str, result: MergeResult) -> None:
    conn = db.conn
    held = dict(
        conn.execute(
            "SELECT bi.uuid, i.id FROM b.interviews bi JOIN main.interviews i ON i.uuid = bi.uuid"
        ).fetchall()
    )
    incoming = _clocks(db, "SELECT interview_uuid, device, edits FROM b.interview_clocks")
    local = _clocks(
        db,
        "SELECT i.uuid, c.device, c.edits FROM main.interview_clocks c"
        " JOIN main.interviews i ON i.id = c.interview_id"
        " WHERE i.uuid IN (SELECT uuid FROM b.interviews)",
    )
    # The same clock is almost always the same version: compared in one statement, and
    # only a pair that differs all the same is looked at whole.
    same_clock = {u: i for u, i in held.items() if incoming.get(u, {}) == local.get(u, {})}
    differ = differing(conn, same_clock)
    replace: list[str] = []
    for uuid, interview_id in sorted(held.items()):
        theirs, mine = incoming.get(uuid, {}), local.get(uuid, {})
        if theirs != mine and dominates(theirs, mine):
            replace.append(uuid)
        elif theirs != mine and dominates(mine, theirs):
            result.interviews_unchanged += 1
        elif uuid in same_clock and uuid not in differ:
            result.interviews_unchanged += 1  # one version reached by two paths
        elif _concurrent(db, uuid, interview_id, manifest, me, result):
            replace.append(uuid)
        else:
            result.interviews_unchanged += 1
    for table in ("merge_write", "merge_held"):
        conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {table} (uuid TEXT PRIMARY KEY, id INTEGER)"
            " WITHOUT ROWID"  # a row's id is read straight off its uuid key
        )
        conn.execute(f"DELETE FROM temp.{table}")
    conn.executemany("INSERT INTO temp.merge_write VALUES (?, ?)", [(u, held[u]) for u in replace])
    conn.executemany("INSERT INTO temp.merge_held VALUES (?, ?)", list(held.items()))
    conn.execute(
        f"UPDATE main.interviews SET ({_WRITE_COLUMNS}) = (SELECT {_WRITE_VALUES}"
        " FROM b.interviews bi WHERE bi.uuid = main.interviews.uuid)"
        " WHERE id IN (SELECT id FROM temp.merge_write)"
    )
    for table in ("answers", "interview_clocks"):
        conn.execute(
            f"DELETE FROM main.{table} WHERE interview_id IN (SELECT id FROM temp.merge_write)"
        )
    result.interviews_updated += len(replace)
    result.interviews_added += conn.execute(
        f"INSERT INTO main.interviews (uuid, {_WRITE_COLUMNS}) SELECT bi.uuid, {_WRITE_VALUES}"
        " FROM b.interviews bi WHERE bi.uuid NOT IN (SELECT uuid FROM temp.merge_held)"
        " ORDER BY bi.uuid"
    ).rowcount
    # The new interviews join the written ones (their answers and clocks come in whole).
    conn.execute(
        "INSERT INTO temp.merge_write (uuid, id) SELECT i.uuid, i.id FROM main.interviews i"
        " JOIN b.interviews bi ON bi.uuid = i.uuid"
        " WHERE i.uuid NOT IN (SELECT uuid FROM temp.merge_held)"
    )
    _rows_of(conn)
    index_for_search(conn)


def _rows_of(conn) -> None:
    """Answers and clocks of every written interview; answer history and notes as unions."""
    conn.execute(
        "INSERT INTO main.answers (interview_id, question, value, updated_at)"
        " SELECT m.id, a.question, a.value, a.updated_at FROM b.answers a"
        " JOIN temp.merge_write m ON m.uuid = a.interview_uuid"
    )
    conn.execute(
        "INSERT INTO main.interview_clocks (interview_id, device, edits)"
        " SELECT m.id, c.device, c.edits FROM b.interview_clocks c"
        " JOIN temp.merge_write m ON m.uuid = c.interview_uuid"
    )
    history = (
        "INSERT INTO main.answer_history (interview_id, question, old_value, new_value,"
        " changed_at, device) SELECT m.id, h.question, h.old_value, h.new_value, h.changed_at,"
        " h.device FROM b.answer_history h JOIN temp.{} m ON m.uuid = h.interview_uuid"
    )
    # New interviews bring their whole history; held ones add the entries not held yet.
    conn.execute(
        history.format("merge_write") + " WHERE m.uuid NOT IN (SELECT uuid FROM temp.merge_held)"
    )
    conn.execute(
        history.format("merge_held") + " WHERE NOT EXISTS (SELECT 1 FROM main.answer_history x"
        " WHERE x.interview_id = m.id AND x.question = h.question"
        " AND x.changed_at = h.changed_at AND x.device = h.device"
        " AND x.old_value IS h.old_value AND x.new_value IS h.new_value)"
    )
    for table in ("merge_write", "merge_held"):
        conn.execute(
            "INSERT INTO main.notes (uuid, interview_id, question, kind, text, created_at)"
            " SELECT n.uuid, m.id, n.question, n.kind, n.text, n.created_at FROM b.notes n"
            f" JOIN temp.{table} m ON m.uuid = n.interview_uuid WHERE true"
            " ON CONFLICT (uuid) DO NOTHING"
        )


def _pairs(db: Database, sql: str, key: Any) -> list[tuple[Any, Any]]:
    return [(row[0], row[1]) for row in db.conn.execute(sql, (key,)).fetchall()]


def snapshot(db: Database, uuid: str, interview_id: int | None) -> dict[str, Any]:
    """One version of an interview, whole: held here (by id) or incoming (from the bundle)."""
    if interview_id is not None:
        row = db.query(_LOCAL_FIELDS, (interview_id,))[0]
        answers = _pairs(
            db, "SELECT question, value FROM main.answers WHERE interview_id = ?", interview_id
        )
        clock = _pairs(
            db,
            "SELECT device, edits FROM main.interview_clocks WHERE interview_id = ?",
            interview_id,
        )
    else:
        row = db.query(_INCOMING_FIELDS, (uuid,))[0]
        answers = _pairs(db, "SELECT question, value FROM b.answers WHERE interview_uuid = ?", uuid)
        clock = _pairs(
            db, "SELECT device, edits FROM b.interview_clocks WHERE interview_uuid = ?", uuid
        )
    version = {
        "fields": {key: row[key] for key in SNAPSHOT_FIELDS},
        "answers": dict(sorted(answers)),
        "clock": dict(sorted(clock)),
        "origin_device": row["origin_device"],
        "origin_bundle": row["origin_bundle"],
    }
    version["fingerprint"] = fingerprint(version)
    return version


def _concurrent(db, uuid, interview_id, manifest, me, result: MergeResult) -> bool:
    """Two versions neither of which has seen the other: surface them; True to hold theirs."""
    mine = snapshot(db, uuid, interview_id)
    theirs = snapshot(db, uuid, None)
    if mine["fingerprint"] == theirs["fingerprint"]:
        # The same content reached by two paths: hold the clock that has seen both.
        merged = {
            d: max(mine["clock"].get(d, 0), theirs["clock"].get(d, 0))
            for d in {*mine["clock"], *theirs["clock"]}
        }
        db.conn.executemany(
            "INSERT INTO main.interview_clocks (interview_id, device, edits) VALUES (?, ?, ?)"
            " ON CONFLICT (interview_id, device) DO UPDATE SET edits = excluded.edits",
            [(interview_id, device, edits) for device, edits in merged.items()],
        )
        return False
    stored = db.scalar(
        "SELECT versions FROM main.conflicts WHERE kind = 'interview' AND subject = ?", (uuid,)
    )
    versions = {v["fingerprint"]: v for v in json.loads(stored or "[]")}
    versions.setdefault(mine["fingerprint"], mine)
    versions.setdefault(theirs["fingerprint"], theirs)
    if record_conflict(db, "interview", uuid, list(versions.values()), manifest.uuid, me):
        result.conflicts.append(f"interview {uuid}")
    maximal = [
        fp
        for fp, v in versions.items()
        if not any(
            dominates(o["clock"], v["clock"]) and o["clock"] != v["clock"]
            for o in versions.values()
        )
    ]
    return min(maximal) == theirs["fingerprint"]


def _keep_recipient(db: Database, manifest: Any) -> None:
    """A kit leaves its recipient, unless a newer kit was merged already."""
    newest = db.scalar("SELECT max(created_at) FROM main.bundles WHERE kind = 'kit'")
    if (
        manifest.kind != "kit"
        or not manifest.recipient
        or (newest and newest > manifest.created_at)
    ):
        return
    db.conn.execute(
        "INSERT INTO main.settings (name, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
        " updated_at = excluded.updated_at WHERE value != excluded.value",
        (RECIPIENT_SETTING, manifest.recipient, now()),
    )


def _log_bundle(db: Database, manifest: Any, me: str) -> None:
    db.conn.execute(
        "INSERT INTO main.bundles (uuid, kind, device_uuid, created_at, checksum, counts,"
        " merged_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
        (
            manifest.uuid,
            manifest.kind,
            manifest.device_uuid,
            manifest.created_at,
            manifest.checksum,
            json.dumps(manifest.counts, sort_keys=True),
            now(),
        ),
    )
    if manifest.device_uuid == me:
        return  # this database's own kit or bundle, merged back: not another device
    db.conn.execute(
        "INSERT INTO main.devices (uuid, name, last_bundle, last_bundle_created)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (uuid) DO UPDATE SET"
        " name = CASE WHEN excluded.last_bundle_created >= devices.last_bundle_created"
        " THEN excluded.name ELSE devices.name END,"
        " last_bundle = CASE WHEN excluded.last_bundle_created >= devices.last_bundle_created"
        " THEN excluded.last_bundle ELSE devices.last_bundle END,"
        " last_bundle_created = max(devices.last_bundle_created, excluded.last_bundle_created)",
        (manifest.device_uuid, manifest.device_name, manifest.uuid, manifest.created_at),
    )
