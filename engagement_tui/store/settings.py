"""Provides small per-database settings (branding, retention, the id of the pseudonym key).

Secrets are not kept here: the pseudonymisation key is in a file of the user's own
(store/pseudonym_key.py), so a copy of the database does not carry it.
"""

from __future__ import annotations

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database


class Settings:
    """Named text values stored in the database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> str | None:
        return self.db.scalar("SELECT value FROM settings WHERE name = ?", (name,))

    def set(self, name: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (name, value, now()),
            )
