"""Provides small per-database settings, including secrets created on first use.

The pseudonymisation key lives here: it belongs to this database (so pseudonyms stay
the same across exports from it) and never leaves it in an export or a report.
"""

from __future__ import annotations

import secrets

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database

PSEUDONYM_KEY = "pseudonym_key"
_PROCESS_SECRETS: dict[str, str] = {}


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

    def secret(self, name: str) -> str:
        """The named secret (64 hex digits), created and stored the first time it is asked for.

        A read-only database that has none yet gets one for this process only (and a notice
        saying that pseudonyms made with it will differ from those of later exports).
        """
        stored = self.get(name)
        if stored is not None:
            return stored
        if self.db.read_only:
            if name not in _PROCESS_SECRETS:
                _PROCESS_SECRETS[name] = secrets.token_hex(32)
                self.db.notices.append(
                    f"the database is read-only and has no {name} yet: pseudonyms in this"
                    " output are made with a one-off key and will not match later exports"
                )
            return _PROCESS_SECRETS[name]
        with self.db.transaction() as conn:
            # Inside one IMMEDIATE transaction, so two processes cannot create two keys.
            conn.execute(
                "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, secrets.token_hex(32), now()),
            )
        value = self.get(name)
        assert value is not None
        return value
