"""Provides merge conflicts: stored whole when a merge finds them, listed, and resolved by
the coordinator's choice, with every step kept in `conflict_history`.

Three kinds: an interview edited on two devices (each version whole: fields, answers and
version clock), one organisation name made under two UUIDs, and two different questionnaire
contents under one revision number. A merge never picks a winner for good: it holds one
version meanwhile (chosen by the records alone, so merge order does not matter) and keeps
them all here until `resolve` writes the chosen one back as a new edit on this device, whose
version clock has seen every competing version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database

KEYS = {"interview": "fingerprint", "organisation": "uuid", "questionnaire": "content_hash"}


class ConflictError(Exception):
    """A resolve that cannot be done as asked (unknown id, ambiguous or unknown choice)."""


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str
    subject: str
    versions: list[dict[str, Any]]
    status: str
    detected_at: str
    resolved_at: str | None
    resolution: str | None

    def label(self, version: dict[str, Any]) -> str:
        return str(version[KEYS[self.kind]])[:8]


def describe(kind: str, version: dict, versions: list[dict], names: dict[str, str]) -> str:
    """What sets this version apart: for an interview, the answers and fields that differ."""
    if kind == "organisation":
        return f"{version['name']!r} {version['type']} / {version['region']} ({version['uuid']})"
    if kind == "questionnaire":
        return f"{version['title']!r} version {version['version']!r}, {version['imported_at']}"
    parts = []
    for key in sorted({k for v in versions for k in v["fields"]}):
        if len({v["fields"].get(key) for v in versions}) > 1:
            parts.append(f"{key}={version['fields'].get(key)}")
    for question in sorted({q for v in versions for q in v["answers"]}):
        if len({v["answers"].get(question) for v in versions}) > 1:
            value = version["answers"].get(question, "(none)")
            parts.append(f"{question}={value[:40]}")
    editors = ", ".join(sorted(names.get(device, device[:8]) for device in version["clock"]))
    return f"{'; '.join(parts) or 'same answers'} (edited on: {editors or 'unknown'})"


def _key(kind: str, version: dict[str, Any]) -> str:
    return json.dumps(version, sort_keys=True) if kind != "interview" else version["fingerprint"]


def record_conflict(
    db: Database, kind: str, subject: str, versions: list[dict], bundle: str, device: str
) -> bool:
    """Store the versions of `subject` (added to any held already); True if anything changed."""
    row = db.query(
        "SELECT id, versions, status FROM main.conflicts WHERE kind = ? AND subject = ?",
        (kind, subject),
    )
    held = json.loads(row[0]["versions"]) if row else []
    merged: dict[str, dict] = {}
    for version in [*held, *versions]:
        key = _key(kind, version)
        if key not in merged or json.dumps(version, sort_keys=True) < json.dumps(
            merged[key], sort_keys=True
        ):
            merged[key] = version
    ordered = [merged[key] for key in sorted(merged)]
    text = json.dumps(ordered, sort_keys=True)
    stamp = now()
    if row and row[0]["versions"] == text and row[0]["status"] == "open":
        return False
    if row and row[0]["versions"] == text:
        return False  # resolved already, and nothing new has come since
    if row:
        db.conn.execute(
            "UPDATE main.conflicts SET versions = ?, status = 'open' WHERE id = ?",
            (text, row[0]["id"]),
        )
        conflict_id, action = row[0]["id"], "version added"
    else:
        conflict_id = db.conn.execute(
            "INSERT INTO main.conflicts (kind, subject, versions, detected_at) VALUES (?, ?, ?, ?)",
            (kind, subject, text, stamp),
        ).lastrowid
        action = "detected"
    db.conn.execute(
        "INSERT INTO main.conflict_history (conflict_id, action, detail, device, at)"
        " VALUES (?, ?, ?, ?, ?)",
        (conflict_id, action, f"bundle {bundle}", device, stamp),
    )
    return True


class Conflicts:
    """The conflicts merges found, and their resolution."""

    def __init__(self, db: Database, interviews: Any) -> None:
        self.db = db
        self.interviews = interviews

    def list(self, status: str | None = None) -> list[Conflict]:
        where, params = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self.db.query(f"SELECT * FROM conflicts {where} ORDER BY id", params)
        return [Conflict(**{**row, "versions": json.loads(row["versions"])}) for row in rows]

    def get(self, conflict_id: int) -> Conflict:
        found = [c for c in self.list() if c.id == conflict_id]
        if not found:
            raise ConflictError(f"no conflict {conflict_id} (see: engage bundle conflicts)")
        return found[0]

    def device_names(self) -> dict[str, str]:
        """Names of this database's device and of every device merged, by UUID."""
        rows = self.db.query("SELECT uuid, name FROM devices")
        rows += self.db.query("SELECT uuid, name FROM device_identity")
        return {row["uuid"]: row["name"] for row in rows}

    def history(self, conflict_id: int) -> list[dict[str, Any]]:
        return self.db.query(
            "SELECT action, detail, device, at FROM conflict_history WHERE conflict_id = ?"
            " ORDER BY id",
            (conflict_id,),
        )

    def held(self, conflict: Conflict) -> dict[str, Any] | None:
        """The version the database holds now, if it is one of the conflict's."""
        if conflict.kind == "interview":
            from engagement_tui.store.bundle_merge import snapshot

            interview_id = self.db.scalar(
                "SELECT id FROM interviews WHERE uuid = ?", (conflict.subject,)
            )
            if interview_id is None:
                return None
            fp = snapshot(self.db, conflict.subject, interview_id)["fingerprint"]
            return next((v for v in conflict.versions if v["fingerprint"] == fp), None)
        if conflict.kind == "questionnaire":
            form_id, _, revision = conflict.subject.rpartition(" revision ")
            content_hash = self.db.scalar(
                "SELECT content_hash FROM questionnaires WHERE form_id = ? AND revision = ?",
                (form_id, int(revision)),
            )
            return next((v for v in conflict.versions if v["content_hash"] == content_hash), None)
        uuid = self._organisation(conflict)[1]
        return next((v for v in conflict.versions if v["uuid"] == uuid), None)

    def _organisation(self, conflict: Conflict) -> tuple[int, str]:
        """The id and UUID of the one organisation the conflict's versions became."""
        uuids = [v["uuid"] for v in conflict.versions]
        marks = ", ".join("?" * len(uuids))
        row = self.db.conn.execute(
            f"SELECT id, uuid FROM organisations WHERE uuid IN ({marks}) UNION ALL"
            " SELECT o.id, o.uuid FROM organisation_aliases a JOIN organisations o"
            f" ON o.id = a.organisation_id WHERE a.uuid IN ({marks}) LIMIT 1",
            uuids * 2,
        ).fetchone()
        if row is None:
            raise ConflictError(f"conflict {conflict.id}: the organisation is no longer held")
        return row[0], row[1]

    def choose(self, conflict: Conflict, keep: str) -> dict[str, Any]:
        """The version `keep` names: 'current', 'other' (with two versions) or a label prefix."""
        held = self.held(conflict)
        if keep == "current":
            if held is None:
                raise ConflictError(f"conflict {conflict.id}: none of its versions is held now")
            return held
        if keep == "other":
            others = [v for v in conflict.versions if v is not held]
            if len(others) != 1:
                raise ConflictError(
                    f"conflict {conflict.id} has {len(others)} other versions; name one"
                )
            return others[0]
        found = [v for v in conflict.versions if conflict.label(v).startswith(keep.lower())]
        if len(found) != 1 or not keep:
            labels = ", ".join(conflict.label(v) for v in conflict.versions)
            raise ConflictError(
                f"conflict {conflict.id}: --keep {keep!r} names {len(found)} versions"
                f" (current, other, or one of {labels})"
            )
        return found[0]

    def resolve(self, conflict_id: int, keep: str, device: str) -> str:
        """Write the chosen version back, mark the conflict resolved; say what was kept."""
        conflict = self.get(conflict_id)
        version = self.choose(conflict, keep)
        label = conflict.label(version)
        with self.db.transaction():
            if conflict.kind == "interview":
                self._keep_interview(conflict, version, device)
            elif conflict.kind == "organisation":
                self._keep_organisation(conflict, version)
            else:
                self._keep_revision(conflict, version)
            stamp = now()
            resolution = f"kept {label}"
            self.db.conn.execute(
                "UPDATE conflicts SET status = 'resolved', resolved_at = ?, resolution = ?"
                " WHERE id = ?",
                (stamp, resolution, conflict.id),
            )
            self.db.conn.execute(
                "INSERT INTO conflict_history (conflict_id, action, detail, device, at)"
                " VALUES (?, 'resolved', ?, ?, ?)",
                (conflict.id, resolution, device, stamp),
            )
        return label

    def _keep_interview(self, conflict: Conflict, version: dict[str, Any], device: str) -> None:
        uuid, conn = conflict.subject, self.db.conn
        interview_id = self.db.scalar("SELECT id FROM interviews WHERE uuid = ?", (uuid,))
        if interview_id is None:
            raise ConflictError(f"conflict {conflict.id}: interview {uuid} is no longer held")
        held = dict(
            conn.execute(
                "SELECT question, value FROM answers WHERE interview_id = ?", (interview_id,)
            ).fetchall()
        )
        wanted = version["answers"]
        changes: dict[str, Any] = {q: None for q in held if q not in wanted}
        changes.update({q: json.loads(v) for q, v in wanted.items() if held.get(q) != v})
        if changes:  # through the answer path: the history records the choice
            self.interviews.save_answers(uuid, changes)
        fields = version["fields"]
        conn.execute(
            "UPDATE interviews SET questionnaire_id = (SELECT id FROM questionnaires"
            " WHERE form_id = ? AND content_hash = ?), organisation_id = (SELECT id FROM"
            " organisations WHERE uuid = ?), respondent = ?, role = ?, interviewer = ?,"
            " mode = ?, status = ?, consent_basis = ?, attribution = ?, source = ?,"
            " external_id = ?, device = ?, started_at = ?, completed_at = ?, updated_at = ?,"
            " origin_device = ?, origin_bundle = ? WHERE id = ?",
            tuple(fields[k] for k in ("form_id", "questionnaire_hash", "organisation_uuid"))
            + tuple(fields[k] for k in ("respondent", "role", "interviewer", "mode", "status"))
            + tuple(fields[k] for k in ("consent_basis", "attribution", "source"))
            + tuple(fields[k] for k in ("external_id", "device", "started_at", "completed_at"))
            + (now(), version["origin_device"], version["origin_bundle"], interview_id),
        )
        # The kept version is a new edit here that has seen every competing version.
        clock: dict[str, int] = {}
        rows = conn.execute(
            "SELECT device, edits FROM interview_clocks WHERE interview_id = ?", (interview_id,)
        ).fetchall()
        for source in [dict(rows), *(v["clock"] for v in conflict.versions)]:
            for name, edits in source.items():
                clock[name] = max(clock.get(name, 0), edits)
        clock[device] = clock.get(device, 0) + 1
        conn.execute("DELETE FROM interview_clocks WHERE interview_id = ?", (interview_id,))
        conn.executemany(
            "INSERT INTO interview_clocks (interview_id, device, edits) VALUES (?, ?, ?)",
            [(interview_id, name, edits) for name, edits in sorted(clock.items())],
        )

    def _keep_organisation(self, conflict: Conflict, version: dict[str, Any]) -> None:
        """The chosen UUID and register fields; every other UUID stays an alias of it."""
        organisation_id, held_uuid = self._organisation(conflict)
        conn = self.db.conn
        conn.execute(
            "UPDATE organisations SET uuid = ?, type = ?, region = ?, system = ?,"
            " attributes = ?, updated_at = ? WHERE id = ?",
            (version["uuid"], version["type"], version["region"], version["system"])
            + (version["attributes"], now(), organisation_id),
        )
        conn.execute("DELETE FROM organisation_aliases WHERE uuid = ?", (version["uuid"],))
        for uuid in {held_uuid, *(v["uuid"] for v in conflict.versions)} - {version["uuid"]}:
            conn.execute(
                "INSERT INTO organisation_aliases (uuid, organisation_id) VALUES (?, ?)"
                " ON CONFLICT (uuid) DO UPDATE SET organisation_id = excluded.organisation_id",
                (uuid, organisation_id),
            )

    def _keep_revision(self, conflict: Conflict, version: dict[str, Any]) -> None:
        form_id, _, revision = conflict.subject.rpartition(" revision ")
        conn = self.db.conn
        chosen = conn.execute(
            "SELECT id, revision FROM questionnaires WHERE form_id = ? AND content_hash = ?",
            (form_id, version["content_hash"]),
        ).fetchone()
        if chosen is None or chosen[1] == int(revision):
            return
        holder = conn.execute(
            "SELECT id FROM questionnaires WHERE form_id = ? AND revision = ?",
            (form_id, int(revision)),
        ).fetchone()
        conn.execute("UPDATE questionnaires SET revision = -1 WHERE id = ?", (chosen[0],))
        if holder is not None:
            conn.execute(
                "UPDATE questionnaires SET revision = ? WHERE id = ?", (chosen[1], holder[0])
            )
        conn.execute(
            "UPDATE questionnaires SET revision = ? WHERE id = ?", (int(revision), chosen[0])
        )
