"""Provides the retention of personal fields after a programme closes.

Two settings decide it: `programme.closed_on` (the date the programme closed) and
`retention.personal_days` (how many days after that the names may still be kept). Once that
time has passed, `PersonalRetention.apply` anonymises every interview started on or before
the close date, keeping the answers for findings:

- the respondent's name is emptied, the link to a register contact dropped, and a "named"
  attribution becomes "anonymous" (quotes are then published without a name);
- the answer-history rows of changes to the respondent's name (`detail:respondent`, which
  hold the old names) and the drafts (unsaved typing) are deleted;
- each of those names, in full and by its parts, is replaced by "[name removed]" wherever it
  appears in free text: answers, answer history, notes, quote approvals and conflicts;
- the register's contacts (names and emails) are deleted, with tombstones so that bundles
  carry the deletion to other laptops.

Then the file is scrubbed as an erasure is (`secure_delete`, WAL checkpoint, VACUUM), so no
byte of a removed name remains in the database, -wal or -shm. Running it again finds nothing
to do. Figures do not change: no answer is removed, and free text stays answered.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database

CLOSED_ON = "programme.closed_on"
PERSONAL_DAYS = "retention.personal_days"
SETTINGS = {
    CLOSED_ON: "Date the programme closed, as YYYY-MM-DD (starts retention.personal_days)",
    PERSONAL_DAYS: "Days after the close that names and contacts are kept; then removed",
}
REMOVED = "[name removed]"
_NAME_PART = re.compile(r"[^\W\d_][\w'’-]+", re.UNICODE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "cllr"})
_FREE_TEXT = (
    ("answers", "value", "interview_id, question"),
    ("answer_history", "old_value", "id"),
    ("answer_history", "new_value", "id"),
    ("notes", "text", "id"),
    ("quote_approvals", "text", "key"),
    ("conflicts", "versions", "id"),
)
"""Where free text that may name a person is kept: (table, column, key columns)."""


class RetentionSettingError(ValueError):
    """A retention setting's value that cannot be used, with what is wrong."""


def check_setting(name: str, value: str) -> str:
    """The value as stored ("" turns it off), or RetentionSettingError naming the problem."""
    value = value.strip()
    if not value:
        return ""
    if name == CLOSED_ON:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise RetentionSettingError(
                f"{name}: {value!r} is not a date like 2026-01-31"
            ) from None
    if not value.isdigit():
        raise RetentionSettingError(f"{name}: {value!r} is not a whole number of days")
    return str(int(value))


@dataclass(frozen=True)
class Purged:
    """What one run of the personal-field retention removed."""

    closed_on: str
    interviews: int
    """Interviews whose respondent's name, contact or named attribution was removed."""
    contacts: int
    """Register contacts deleted."""
    wal_cleared: bool = True

    @property
    def removed(self) -> bool:
        return bool(self.interviews or self.contacts)

    def line(self) -> str:
        """The one line a command prints about it."""
        what = f"removed names from {self.interviews} interviews"
        if self.contacts:
            what += f" and {self.contacts} register contacts"
        return f"Retention: {what} closed {self.closed_on}"


def name_pattern(names: set[str], *, parts: bool) -> re.Pattern[str] | None:
    """The names in full as whole words in any case; with `parts`, also each part of them
    (not titles), as written (so "Will" goes, "will" stays)."""
    full = {" ".join(name.split()) for name in names if len(name.strip()) >= 2}
    split = set()
    if parts:
        for name in names:
            split.update(p for p in _NAME_PART.findall(name) if p.casefold() not in _TITLES)
    if not full and not split:
        return None
    alternatives = [
        *(f"(?i:{re.escape(t)})" for t in sorted(full, key=len, reverse=True)),
        *(re.escape(t) for t in sorted(split - full, key=len, reverse=True)),
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


class PersonalRetention:
    """Removing personal fields once the programme's retention time has passed."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _setting(self, name: str) -> str:
        value = self.db.scalar("SELECT value FROM settings WHERE name = ?", (name,))
        return value or ""

    def due(self, today: dt.date | None = None) -> str:
        """The close date when names are due for removal today, else ""."""
        closed, days = self._setting(CLOSED_ON), self._setting(PERSONAL_DAYS)
        if not closed or not days:
            return ""
        today = today or dt.datetime.now(dt.UTC).date()
        if today < dt.date.fromisoformat(closed) + dt.timedelta(days=int(days)):
            return ""
        return closed

    def apply(self, today: dt.date | None = None) -> Purged | None:
        """Remove the personal fields if due (see module); None when not due or not set,
        a Purged with zero counts when there was nothing left to remove."""
        closed = self.due(today)
        if not closed or self.db.read_only:
            return None
        # Stored times are UTC ISO strings: started on or before the close date.
        before = (dt.date.fromisoformat(closed) + dt.timedelta(days=1)).isoformat()
        rows = self.db.query(
            "SELECT id, respondent FROM interviews WHERE started_at < ? AND (respondent != ''"
            " OR contact_id IS NOT NULL OR attribution = 'named' OR EXISTS (SELECT 1 FROM"
            " answer_history h WHERE h.interview_id = interviews.id"
            " AND h.question = 'detail:respondent'))",
            (before,),
        )
        contacts = self.db.query("SELECT id, uuid, name FROM contacts")
        if not rows and not contacts:
            return Purged(closed, 0, 0)
        own: dict[int, set[str]] = {row["id"]: {row["respondent"]} for row in rows}
        for row in self.db.query(
            "SELECT interview_id, old_value, new_value FROM answer_history"
            " WHERE question = 'detail:respondent'"
        ):
            for value in (row["old_value"], row["new_value"]):
                own.setdefault(row["interview_id"], set()).add(json.loads(value or '""'))
        everyone = {row["name"] for row in contacts}.union(*own.values())
        self.db.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.db.transaction() as conn:
                ids = [row["id"] for row in rows]
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    marks = ", ".join("?" for _ in chunk)
                    conn.execute(
                        "UPDATE interviews SET respondent = '', contact_id = NULL, attribution ="
                        " CASE attribution WHEN 'named' THEN 'anonymous' ELSE attribution END"
                        f" WHERE id IN ({marks})",
                        chunk,
                    )
                    conn.execute(
                        "DELETE FROM answer_history WHERE question = 'detail:respondent'"
                        f" AND interview_id IN ({marks})",
                        chunk,
                    )
                    conn.execute(f"DELETE FROM drafts WHERE interview_id IN ({marks})", chunk)
                conn.execute("UPDATE interviews SET contact_id = NULL WHERE contact_id IS NOT NULL")
                conn.execute("DELETE FROM contacts")
                conn.executemany(
                    "INSERT INTO tombstones (kind, uuid, erased_at) VALUES ('contact', ?, ?)"
                    " ON CONFLICT (kind, uuid) DO NOTHING",
                    [(row["uuid"], now()) for row in contacts],
                )
                _replace_names(conn, everyone, own)
        finally:
            self.db.conn.execute("PRAGMA secure_delete = OFF")
        from engagement_tui.store.privacy import Privacy

        cleared = Privacy(self.db).forget(scrub=True)
        return Purged(closed, len(rows), len(contacts), cleared)


def _replace_names(conn, everyone: set[str], own: dict[int, set[str]]) -> None:
    """Every name made REMOVED in every free text that may hold one: anyone's name in full
    anywhere, and the parts of a respondent's own name in their own interview's text."""
    anywhere = name_pattern(everyone, parts=False)
    patterns = {interview: name_pattern(names, parts=True) for interview, names in own.items()}
    note_interview = dict(conn.execute("SELECT id, interview_id FROM notes").fetchall())

    def interview_of(table: str, row: tuple) -> int | None:
        if table in ("answers", "answer_history", "notes"):
            return row[-2]
        if table == "quote_approvals":  # key 'N<note id>' or 'A<interview id>:<question>'
            key = row[0]
            if key.startswith("N"):
                return note_interview.get(int(key[1:]))
            return int(key[1:].split(":", 1)[0])
        return None

    for table, column, key in _FREE_TEXT:
        keys = key.split(", ")
        owner = ", interview_id" if table in ("answers", "answer_history", "notes") else ""
        selected = conn.execute(
            f"SELECT {key}{owner}, {column} FROM {table} WHERE {column} IS NOT NULL"
        )
        changes = []
        for row in selected.fetchall():
            text = row[-1]
            replaced = text
            own_pattern = patterns.get(interview_of(table, row))  # type: ignore[arg-type]
            for pattern in (own_pattern, anywhere):
                if pattern is not None:
                    replaced = pattern.sub(REMOVED, replaced)
            if replaced != text:
                changes.append((replaced, *row[: len(keys)]))
        where = " AND ".join(f"{name} = ?" for name in keys)
        conn.executemany(f"UPDATE {table} SET {column} = ? WHERE {where}", changes)
