"""Provides the SQLite connection: durable pragmas, migrations recorded in the file, transactions.

The connection is stdlib `sqlite3` in autocommit mode with explicit `BEGIN IMMEDIATE`
transactions, so a write is durable exactly when `transaction()` returns (WAL with
synchronous=FULL syncs the WAL on every commit). sqlite-utils is offered through
`utils()` for bulk, coordinator-side work only: importing it pulls in pandas (~0.7 s),
which must stay off the path to the interview's first frame.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engagement_tui.store.schema import MIGRATIONS

APPLICATION_ID = 0x454E4754  # "ENGT": marks the file as ours (PRAGMA application_id)
BUSY_TIMEOUT_MS = 5000
Params = tuple[Any, ...] | dict[str, Any]


class StoreError(Exception):
    """A problem with the database a user can act on (locked, read-only, not ours, corrupt)."""


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable by its owner only (SQLite copies the mode to -wal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class Database:
    """One open SQLite database with the app's pragmas and schema applied."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        self.in_memory = self.path == ":memory:"
        if not self.in_memory:
            file = Path(self.path)
            if not file.exists() and not create:
                raise StoreError(f"{self.path}: no such database")
            _create_private_file(file)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self._apply_pragmas()
            self._check_is_ours()
            self.migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: {error}") from None
        self._depth = 0

    def _apply_pragmas(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not self.in_memory:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: could not switch to WAL journal (got {mode})")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA trusted_schema = OFF")

    def _check_is_ours(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif app_id != APPLICATION_ID:
            raise StoreError(f"{self.path}: not an engagement-tui database")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded in the file; return their names."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations"
            " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
        applied = []
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements:
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO _migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    (name,),
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; durable on return. Nested uses become savepoints."""
        if self._depth:
            savepoint = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {savepoint}")
                self.conn.execute(f"RELEASE {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE {savepoint}")
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.path}: {error}") from None
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"{self.path}: {error}") from None
        finally:
            self._depth = 0

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Rows as plain dicts (the store never hands out cursors)."""
        return [dict(row) for row in self.conn.execute(sql, params)]

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def utils(self) -> Any:
        """A sqlite_utils.Database over this connection, for bulk coordinator work."""
        import sqlite_utils  # deferred: imports pandas

        return sqlite_utils.Database(self.conn)

    def integrity_check(self) -> str:
        return self.scalar("PRAGMA integrity_check")

    def close(self) -> None:
        self.conn.close()
