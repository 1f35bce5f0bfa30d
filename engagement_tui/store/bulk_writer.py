"""Provides `BulkWriter`: interviews and their answers written in chunks inside ONE open
transaction, for imports that stream (100,000 survey returns never held at once).

Each chunk is checked against what the store holds and what earlier chunks wrote (external
ids, with their content hashes, and the tombstones of erased returns), read once when the
writer is made; rows go in with `executemany`. Interview ids are given explicitly (the
transaction holds the write lock, so max(id) + 1 onwards is free), so no row is read back.
Nothing is committed here: the caller's transaction commits or rolls back the whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engagement_tui.store.clock import new_uuid

if TYPE_CHECKING:
    from engagement_tui.store.imports import NewInterview, NewOrganisation

ANSWER_CHUNK = 2000
"""Interviews whose answer rows are built and inserted together."""


@dataclass
class Added:
    """What one chunk did: the interviews written (with their UUIDs and ids), or, when some
    external_id is stored already with other content, nothing and the conflicts."""

    fresh: list[NewInterview] = field(default_factory=list)
    uuids: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    """UUID -> interview id."""
    conflicts: dict[str, str] = field(default_factory=dict)
    """external_id -> UUID of the interview already holding it with different content."""


class BulkWriter:
    """Writes chunks of interviews into the open transaction of `conn`."""

    def __init__(
        self, conn, device: str, stamp: str, questionnaire_id: Callable[[str], int]
    ) -> None:
        self.conn = conn
        self.device = device
        self.stamp = stamp
        self._questionnaire_id = questionnaire_id
        self._questionnaire_ids: dict[str, int] = {}
        self._org_ids = self._organisation_ids()
        self._seen: dict[str, dict[str, tuple[str | None, str]]] = {}
        # An erased return stays erased: importing the same file again skips it.
        self._erased = {
            row[0] for row in conn.execute("SELECT uuid FROM tombstones WHERE kind = 'external'")
        }
        self._next_id = (
            1 + conn.execute("SELECT coalesce(max(id), 0) FROM interviews").fetchone()[0]
        )
        self.imported = 0
        self.skipped = 0
        self.organisations_added = 0
        # The per-answer triggers stand aside while this row exists (schema 0009); `finish`
        # removes it before the transaction commits, and a rollback takes it away too.
        conn.execute("INSERT OR IGNORE INTO bulk_writes (active) VALUES (1)")
        conn.execute("PRAGMA cache_size = -65536")

    def finish(self) -> None:
        """Called before the transaction commits: per-answer triggers apply again."""
        self.conn.execute("DELETE FROM bulk_writes")

    def _organisation_ids(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT name, id FROM organisations")
        return {name.casefold(): organisation_id for name, organisation_id in rows}

    def _stored(self, form_id: str) -> dict[str, tuple[str | None, str]]:
        """external_id -> (content_hash, uuid) of the form's interviews, stored or written."""
        held = self._seen.get(form_id)
        if held is None:
            rows = self.conn.execute(
                "SELECT external_id, content_hash, uuid FROM interviews"
                " WHERE form_id = ? AND external_id IS NOT NULL",
                (form_id,),
            )
            held = self._seen[form_id] = {row[0]: (row[1], row[2]) for row in rows}
            held.update({key: (None, "") for key in self._erased if key not in held})
            self._questionnaire_ids[form_id] = self._questionnaire_id(form_id)
        return held

    def add(
        self, interviews: Sequence[NewInterview], organisations: Iterable[NewOrganisation] = ()
    ) -> Added:
        """Write the chunk (organisations first); KeyError for a form with no questionnaire."""
        from engagement_tui.store.imports import NewOrganisation

        added = Added()
        fresh: list[NewInterview] = []
        for interview in interviews:
            held = self._stored(interview.form_id)
            key = interview.external_id
            uuid = interview.uuid or new_uuid()
            if key is not None:
                if key in held:  # stored, or earlier in this import
                    stored_hash, stored_uuid = held[key]
                    new_hash = interview.content_hash
                    if stored_hash and new_hash and stored_hash != new_hash:
                        added.conflicts[key] = stored_uuid
                    continue
                held[key] = (interview.content_hash, uuid)
            fresh.append(interview)
            added.uuids.append(uuid)
        if added.conflicts:
            added.uuids = []
            return added
        wanted = {org.name.strip().casefold(): org for org in organisations}
        for interview in interviews:  # skipped ones too, as a first import would have
            name = interview.organisation.strip()
            if name and name.casefold() not in wanted:
                wanted[name.casefold()] = NewOrganisation(name)
        self._add_organisations(wanted.values())
        added.fresh = fresh
        added.ids = {uuid: self._next_id + offset for offset, uuid in enumerate(added.uuids)}
        self._next_id += len(added.uuids)
        self._insert_interviews(fresh, added.uuids, added.ids)
        # Answer rows a few thousand interviews at a time, so they never all sit in memory.
        for start in range(0, len(fresh), ANSWER_CHUNK):
            end = start + ANSWER_CHUNK
            self._insert_answers(fresh[start:end], added.uuids[start:end], added.ids)
        self.imported += len(fresh)
        self.skipped += len(interviews) - len(fresh)
        return added

    def _add_organisations(self, organisations: Iterable[NewOrganisation]) -> None:
        rows = []
        for org in organisations:
            name = org.name.strip()
            if not name or name.casefold() in self._org_ids:
                continue
            self._org_ids[name.casefold()] = 0
            created = org.created_at or self.stamp
            uuid = org.uuid or new_uuid()
            rows.append(
                (uuid, name, org.type.strip(), org.region.strip(), org.system.strip())
                + (created, created)
            )
        if not rows:
            return
        self.conn.executemany(
            "INSERT INTO organisations (uuid, name, type, region, system, attributes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)",
            rows,
        )
        self._org_ids = self._organisation_ids()
        self.organisations_added += len(rows)

    def _insert_interviews(self, interviews, uuids, ids) -> None:
        rows = []
        for item, uuid in zip(interviews, uuids, strict=True):
            updated = item.updated_at or self.stamp
            completed = item.completed_at
            if completed is None and item.status == "complete":
                completed = updated
            rows.append(
                (
                    ids[uuid],
                    uuid,
                    self._questionnaire_ids[item.form_id],
                    item.form_id,
                    self._org_ids.get(item.organisation.strip().casefold()),
                    item.respondent,
                    item.role,
                    item.interviewer,
                    item.mode,
                    item.status,
                    item.consent_basis,
                    item.attribution,
                    item.position,
                    item.source,
                    item.external_id,
                    item.content_hash,
                    item.device or self.device,
                    item.started_at or updated,
                    updated,
                    completed,
                )
            )
        self.conn.executemany(
            "INSERT INTO interviews (id, uuid, questionnaire_id, form_id, organisation_id,"
            " respondent, role, interviewer, mode, status, consent_basis, attribution, position,"
            " source, external_id, content_hash, device, started_at, updated_at, completed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _insert_answers(self, interviews, uuids, ids) -> None:
        """Answers and their first history rows (the imported value, as for a typed one)."""
        answers, history = [], []
        dumps = json.dumps
        for item, uuid in zip(interviews, uuids, strict=True):
            interview_id = ids[uuid]
            when = item.updated_at or self.stamp
            device = item.device or self.device
            for question, value in item.answers.items():
                if value is None:
                    continue
                encoded = dumps(value, ensure_ascii=False)
                answers.append((interview_id, question, encoded, when))
                history.append((interview_id, question, None, encoded, when, device))
        self.conn.executemany(
            "INSERT INTO answers (interview_id, question, value, updated_at) VALUES (?, ?, ?, ?)",
            answers,
        )
        self.conn.executemany(
            "INSERT INTO answer_history (interview_id, question, old_value, new_value,"
            " changed_at, device) VALUES (?, ?, ?, ?, ?, ?)",
            history,
        )
        if ids_written := [ids[uuid] for uuid in uuids]:
            self._after_answers(min(ids_written), max(ids_written))

    def _after_answers(self, first: int, last: int) -> None:
        """What the per-answer triggers do (schema 0005/0006), once for the interviews
        `first`..`last` just written (fresh ids, so every answer of theirs is new): each
        answer is one edit by this device in the interview's version clock, and answers to
        free-text questions are queued for the full-text index."""
        self.conn.execute(
            "INSERT INTO interview_clocks (interview_id, device, edits)"
            " SELECT interview_id, (SELECT uuid FROM device_identity), count(*) FROM answers"
            " WHERE interview_id BETWEEN ? AND ? GROUP BY interview_id"
            " ON CONFLICT (interview_id, device) DO UPDATE SET edits = edits + excluded.edits",
            (first, last),
        )
        self.conn.execute(
            "INSERT INTO search_text (interview_id, question, text, json)"
            " SELECT a.interview_id, a.question, a.value, 1 FROM answers a"
            " JOIN interviews i ON i.id = a.interview_id"
            " JOIN search_questions s ON s.form_id = i.form_id AND s.question = a.question"
            " WHERE a.interview_id BETWEEN ? AND ?"
            " AND substr(a.value, 1, 1) = '\"' AND length(a.value) > 2",
            (first, last),
        )
