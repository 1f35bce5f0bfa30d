"""Provides the records about people: finding them, erasing them for good, and what was
written out of the database about them.

    found = privacy.find(respondent="Dr Helen Marsh")   # or interview=UUID, organisation=NAME
    report = privacy.erase(found)                        # rows, then no byte left on disk
    privacy.log_export(path, "export", form_id, uuids)   # every file written from the data
    privacy.earlier_exports(uuids)                       # the files that still hold them

Erasure deletes the interviews (their answers, answer history, drafts, notes and codings go
with them, ON DELETE CASCADE), the organisation and contacts when asked, with `PRAGMA
secure_delete` on so freed pages are zeroed; then checkpoints the WAL (TRUNCATE), VACUUMs
and checkpoints again, so no byte of what was erased remains in the database, its -wal or
-shm. A tombstone keeps the ids erased, never names or answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database, StoreError


@dataclass(frozen=True)
class Found:
    """The records that hold a person (or an interview, or an organisation)."""

    interviews: tuple[str, ...] = ()
    """Interview UUIDs."""
    organisations: tuple[str, ...] = ()
    """Organisation UUIDs, when an organisation is erased."""
    contacts: tuple[str, ...] = ()
    """Contact UUIDs (the register's people) with the respondent's name or organisation."""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.interviews or self.organisations or self.contacts)


@dataclass(frozen=True)
class Erased:
    counts: dict[str, int]
    wal_cleared: bool
    """False when another process kept the WAL from being emptied (its bytes remain there)."""


_COUNTED: dict[str, tuple[str, str]] = {
    "interviews": ("", ""),
    "answers": ("answers", ""),
    "answer_history": ("answer_history", ""),
    "drafts": ("drafts", ""),
    "notes": ("notes", " AND kind = 'observation'"),
    "quotes": ("notes", " AND kind = 'quote'"),
    "codings": ("codings", ""),
}
"""What an erasure counts, as name: (table, condition); notes are observations, quotes the
quotes taken down (both in `notes`)."""


def describe(counts: dict[str, int]) -> str:
    """Counts as the officer reads them: "1 interviews, 3 answers, 2 answer history, ..."."""
    return ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in counts.items())


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


class Privacy:
    """Finding, erasing and accounting for the records about people."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- finding ------------------------------------------------------------------------

    def find(self, *, respondent: str = "", interview: str = "", organisation: str = "") -> Found:
        """The records of a respondent (by name, case and spacing ignored), an interview (by
        UUID) or an organisation (by name: its interviews, contacts and register entry)."""
        interviews: list[str] = []
        organisations: list[str] = []
        contacts: list[str] = []
        if respondent:
            name = " ".join(respondent.split()).casefold()
            for row in self.db.query("SELECT uuid, respondent FROM interviews"):
                if " ".join(row["respondent"].split()).casefold() == name:
                    interviews.append(row["uuid"])
            for row in self.db.query("SELECT uuid, name FROM contacts"):
                if " ".join(row["name"].split()).casefold() == name:
                    contacts.append(row["uuid"])
        if interview:
            rows = self.db.query("SELECT uuid FROM interviews WHERE uuid = ?", (interview,))
            interviews += [row["uuid"] for row in rows]
        if organisation:
            rows = self.db.query(
                "SELECT id, uuid FROM organisations WHERE name = ? COLLATE NOCASE",
                (organisation.strip(),),
            )
            for row in rows:
                organisations.append(row["uuid"])
                interviews += [
                    r["uuid"]
                    for r in self.db.query(
                        "SELECT uuid FROM interviews WHERE organisation_id = ?", (row["id"],)
                    )
                ]
                contacts += [
                    r["uuid"]
                    for r in self.db.query(
                        "SELECT uuid FROM contacts WHERE organisation_id = ?", (row["id"],)
                    )
                ]
        interviews = list(dict.fromkeys(interviews))
        return Found(
            tuple(interviews),
            tuple(organisations),
            tuple(dict.fromkeys(contacts)),
            self._counts(interviews),
        )

    def _counts(self, uuids: list[str]) -> dict[str, int]:
        counts = dict.fromkeys(_COUNTED, 0)
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            ids = f"SELECT id FROM interviews WHERE uuid IN ({_marks(chunk)})"
            counts["interviews"] += self.db.scalar(f"SELECT count(*) FROM ({ids})", chunk)
            for name, (table, condition) in _COUNTED.items():
                if table:
                    counts[name] += self.db.scalar(
                        f"SELECT count(*) FROM {table} WHERE interview_id IN ({ids}){condition}",
                        chunk,
                    )
        return counts

    def files_holding(self, found: Found) -> list[tuple[str, str]]:
        """The files written earlier that may still hold what `found` names, as (path, what):
        logged exports and reports holding its interviews, and the copies kept before
        upgrades (they hold everything). Erasure cannot reach them; the officer must."""
        files = [
            (row["path"], f"{row['kind']}, {row['written_at']}")
            for row in self.earlier_exports(found.interviews)
        ]
        if not self.db.in_memory:
            db = Path(self.db.path)
            for copy in sorted(db.parent.glob(f"{db.name}.before-*.bak")):
                files.append((str(copy.absolute()), "copy kept before an upgrade"))
        return files

    # -- erasing ------------------------------------------------------------------------

    def erase(self, found: Found) -> Erased:
        """Delete what `found` names, leave tombstones, and scrub the files (see module)."""
        stamp = now()
        self.db.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.db.transaction() as conn:
                uuids = list(found.interviews)
                tombstones = []
                for start in range(0, len(uuids), 500):
                    chunk = uuids[start : start + 500]
                    rows = conn.execute(
                        f"SELECT uuid, external_id FROM interviews WHERE uuid IN ({_marks(chunk)})",
                        chunk,
                    ).fetchall()
                    for uuid, external_id in rows:
                        tombstones.append(("interview", uuid, stamp))
                        if external_id:
                            tombstones.append(("external", external_id, stamp))
                    # Approved quotes keep the words they approved: those go with the person.
                    conn.execute(
                        "DELETE FROM quote_approvals WHERE key IN (SELECT 'N' || n.id FROM notes n"
                        " JOIN interviews i ON i.id = n.interview_id"
                        f" WHERE i.uuid IN ({_marks(chunk)})) OR EXISTS (SELECT 1 FROM interviews i"
                        f" WHERE i.uuid IN ({_marks(chunk)})"
                        " AND quote_approvals.key LIKE 'A' || i.id || ':%')",
                        chunk + chunk,
                    )
                    conn.execute(f"DELETE FROM interviews WHERE uuid IN ({_marks(chunk)})", chunk)
                for kind, table, values in (
                    ("contact", "contacts", found.contacts),
                    ("organisation", "organisations", found.organisations),
                ):
                    for value in values:
                        conn.execute(f"DELETE FROM {table} WHERE uuid = ?", (value,))
                        tombstones.append((kind, value, stamp))
                conn.executemany(
                    "INSERT INTO tombstones (kind, uuid, erased_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (kind, uuid) DO NOTHING",
                    tombstones,
                )
        finally:
            self.db.conn.execute("PRAGMA secure_delete = OFF")
        return Erased(dict(found.counts), self.forget(scrub=True))

    def forget(self, *, scrub: bool) -> bool:
        """After records were deleted (here, or by a merged tombstone): take their text out
        of the search index and, with `scrub`, out of the files; False if the WAL stayed."""
        self.db.conn.execute("PRAGMA secure_delete = ON")
        try:
            self._forget_in_search()
            return self.scrub() if scrub else True
        finally:
            self.db.conn.execute("PRAGMA secure_delete = OFF")

    def _forget_in_search(self) -> None:
        """Take the erased text out of the full-text index too: apply the queued deletions
        (the queue itself holds the text until then), then merge the index's segments, since
        an FTS5 deletion only adds a marker and leaves the old tokens in place until a merge."""
        from engagement_tui.store.search import Search

        Search(self.db).refresh()
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")

    def scrub(self) -> bool:
        """Empty the WAL into the file, rebuild the file (VACUUM) and empty the WAL again;
        False if another connection kept the WAL from being emptied."""
        if self.db.in_memory:
            return True
        try:
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.conn.execute("VACUUM")
            busy = self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except Exception as error:  # sqlite3.Error: explained for the user
            from engagement_tui.store.database import explain

            raise explain(self.db.path, error) from None
        return not busy

    def tombstoned_external_ids(self) -> set[str]:
        rows = self.db.conn.execute("SELECT uuid FROM tombstones WHERE kind = 'external'")
        return {row[0] for row in rows}

    # -- what was written out --------------------------------------------------------------

    def log_export(self, path: str, kind: str, form_id: str, uuids: Iterable[str]) -> None:
        """Record a file written from the database and the interviews it holds."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO export_log (path, kind, form_id, written_at) VALUES (?, ?, ?, ?)",
                (path, kind, form_id, now()),
            )
            conn.executemany(
                "INSERT INTO export_log_interviews (export_id, interview_uuid) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(cursor.lastrowid, uuid) for uuid in uuids],
            )

    def earlier_exports(self, uuids: Iterable[str]) -> list[dict[str, Any]]:
        """The logged files that hold any of these interviews, oldest first."""
        wanted = list(uuids)
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.query(
                "SELECT DISTINCT e.id, e.path, e.kind, e.form_id, e.written_at FROM export_log e"
                " JOIN export_log_interviews x ON x.export_id = e.id"
                f" WHERE x.interview_uuid IN ({_marks(chunk)})",
                chunk,
            )
            found.update({row["id"]: row for row in rows})
        return sorted(found.values(), key=lambda row: (row["written_at"], row["id"]))

    def interview_uuids(self, form_id: str, statuses: Iterable[str]) -> list[str]:
        wanted = list(statuses)
        return [
            row["uuid"]
            for row in self.db.query(
                f"SELECT uuid FROM interviews WHERE form_id = ? AND status IN ({_marks(wanted)})",
                (form_id, *wanted),
            )
        ]

    def all_interview_uuids(self) -> list[str]:
        return [row["uuid"] for row in self.db.query("SELECT uuid FROM interviews")]

    # -- subject access and retention -------------------------------------------------------

    def subject_access(self, found: Found) -> dict[str, Any]:
        """Everything held about the records `found` names, as plain JSON-ready data."""
        interviews = []
        for uuid in found.interviews:
            (row,) = self.db.query(
                "SELECT i.*, o.name AS organisation, o.type AS organisation_type,"
                " o.region AS region FROM interviews i"
                " LEFT JOIN organisations o ON o.id = i.organisation_id WHERE i.uuid = ?",
                (uuid,),
            )
            interview_id = row.pop("id")
            for private in ("lock_owner", "lock_at", "questionnaire_id", "organisation_id"):
                row.pop(private, None)
            by_id = (interview_id,)
            row["answers"] = {
                r["question"]: json.loads(r["value"])
                for r in self.db.query(
                    "SELECT question, value FROM answers WHERE interview_id = ?", by_id
                )
            }
            row["answer_history"] = self.db.query(
                "SELECT question, old_value, new_value, changed_at, device FROM answer_history"
                " WHERE interview_id = ? ORDER BY id",
                by_id,
            )
            row["drafts"] = self.db.query(
                "SELECT question, text, updated_at FROM drafts WHERE interview_id = ?", by_id
            )
            row["notes"] = self.db.query(
                "SELECT uuid, question, kind, text, created_at FROM notes WHERE interview_id = ?",
                by_id,
            )
            row["codings"] = self.db.query(
                "SELECT t.name AS theme, c.question, n.uuid AS note FROM codings c"
                " JOIN themes t ON t.id = c.theme_id LEFT JOIN notes n ON n.id = c.note_id"
                " WHERE c.interview_id = ?",
                by_id,
            )
            interviews.append(row)
        contacts = []
        for uuid in found.contacts:
            contacts += self.db.query(
                "SELECT c.uuid, c.name, c.role, c.email, c.created_at, o.name AS organisation"
                " FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id"
                " WHERE c.uuid = ?",
                (uuid,),
            )
        return {
            "interviews": interviews,
            "contacts": contacts,
            "files_written_holding_them": self.earlier_exports(found.interviews),
        }

    def expired(self, cutoff: str) -> Found:
        """Drafts and withdrawn interviews last changed before `cutoff` (a stored timestamp)."""
        rows = self.db.query(
            "SELECT uuid FROM interviews WHERE status IN ('draft', 'withdrawn') AND updated_at < ?",
            (cutoff,),
        )
        uuids = [row["uuid"] for row in rows]
        return Found(tuple(uuids), counts=self._counts(uuids))


__all__ = ["Erased", "Found", "Privacy", "StoreError", "describe"]
