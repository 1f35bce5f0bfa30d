"""Provides the member register: organisations (name, type, region, system, other attributes)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.store.clock import new_uuid, now
from engagement_tui.store.database import Database

REGISTER_COLUMNS = ("name", "type", "region", "system")
"""The register's own columns; any other column of an imported file is kept as an attribute."""


@dataclass(frozen=True)
class Organisation:
    id: int
    uuid: str
    name: str
    type: str = ""
    region: str = ""
    system: str = ""
    attributes: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RegisterImport:
    added: int
    updated: int


class Register:
    """The organisations that make up the membership."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _from_row(row: dict[str, Any]) -> Organisation:
        return Organisation(
            id=row["id"],
            uuid=row["uuid"],
            name=row["name"],
            type=row["type"],
            region=row["region"],
            system=row["system"],
            attributes=json.loads(row["attributes"]),
        )

    def upsert_many(self, records: list[dict[str, Any]]) -> RegisterImport:
        """Add or update organisations by name (case-insensitive), all in one transaction.

        Each record has `name` and optionally type, region, system; other keys are attributes.
        """
        added = updated = 0
        with self.db.transaction() as conn:
            for record in records:
                attributes = {k: v for k, v in record.items() if k not in REGISTER_COLUMNS}
                values = {k: str(record.get(k) or "").strip() for k in REGISTER_COLUMNS}
                existing = conn.execute(
                    "SELECT id, attributes FROM organisations WHERE name = ? COLLATE NOCASE",
                    (values["name"],),
                ).fetchone()
                stamp = now()
                if existing:
                    merged = {**json.loads(existing["attributes"]), **attributes}
                    conn.execute(
                        "UPDATE organisations SET type = ?, region = ?, system = ?, attributes = ?,"
                        " updated_at = ? WHERE id = ?",
                        (
                            values["type"],
                            values["region"],
                            values["system"],
                            json.dumps(merged, ensure_ascii=False),
                            stamp,
                            existing["id"],
                        ),
                    )
                    updated += 1
                else:
                    conn.execute(
                        "INSERT INTO organisations (uuid, name, type, region, system, attributes,"
                        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            new_uuid(),
                            values["name"],
                            values["type"],
                            values["region"],
                            values["system"],
                            json.dumps(attributes, ensure_ascii=False),
                            stamp,
                            stamp,
                        ),
                    )
                    added += 1
        return RegisterImport(added, updated)

    def add(self, name: str, type: str = "", region: str = "", system: str = "") -> Organisation:
        """Add one organisation (or return the existing one of that name)."""
        self.upsert_many([{"name": name, "type": type, "region": region, "system": system}])
        found = self.find(name)
        assert found is not None
        return found

    def ensure(self, name: str, **values: str) -> Organisation:
        """The organisation of that name, created with `values` if it is not in the register."""
        return self.find(name) or self.add(name, **values)

    def find(self, name: str) -> Organisation | None:
        rows = self.db.query("SELECT * FROM organisations WHERE name = ? COLLATE NOCASE", (name,))
        return self._from_row(rows[0]) if rows else None

    def get(self, organisation_id: int) -> Organisation:
        rows = self.db.query("SELECT * FROM organisations WHERE id = ?", (organisation_id,))
        if not rows:
            raise KeyError(organisation_id)
        return self._from_row(rows[0])

    def search(self, text: str, limit: int = 20) -> list[Organisation]:
        """Organisations whose name contains `text` (case-insensitive), best matches first."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.query(
            "SELECT * FROM organisations WHERE name LIKE ? ESCAPE '\\'"
            " ORDER BY instr(lower(name), lower(?)) , name LIMIT ?",
            (pattern, text, limit),
        )
        return [self._from_row(row) for row in rows]

    def list(self) -> list[Organisation]:
        return [
            self._from_row(row)
            for row in self.db.query("SELECT * FROM organisations ORDER BY name COLLATE NOCASE")
        ]

    def count(self) -> int:
        return self.db.scalar("SELECT count(*) FROM organisations")
