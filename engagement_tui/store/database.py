"""Provides the SQLite connection: durable pragmas, migrations recorded in the file, transactions.

The connection is stdlib `sqlite3` in autocommit mode with explicit `BEGIN IMMEDIATE`
transactions, so a write is durable exactly when `transaction()` returns (WAL with
synchronous=FULL syncs the WAL on every commit). sqlite-utils is offered through
`utils()` for bulk, coordinator-side work only: importing it pulls in pandas (~0.7 s),
which must stay off the path to the interview's first frame.

Writes are refused, in one line that says what to do, when the file was made by a newer
version of engage (a migration this version does not know is recorded in it), when a check
found it damaged (`refuse_writes`), or when it is read-only. A file with no write permission
at all is opened read-only, so every read command works on it. Before migrations are applied
to a file that holds data, a copy is kept beside it (`<name>.before-<migration>.bak`, made
with SQLite's backup API). SQLite's own errors for a full disk or a read-only file become
messages that name the cause (never "cannot rollback - no transaction is active").
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engagement_tui.store.driver import (
    KEY_ENV,
    CipherMissing,
    connect,
    errors,
    is_encrypted,
    known_key,
    remember,
    row_class,
)
from engagement_tui.store.schema import MIGRATIONS

APPLICATION_ID = 0x454E4754  # "ENGT": marks the file as ours (PRAGMA application_id)
BUSY_TIMEOUT_MS = 5000
Params = tuple[Any, ...] | dict[str, Any]


class StoreError(Exception):
    """A problem with the database a user can act on (locked, read-only, not ours, corrupt)."""


def explain(path: str, error: Exception) -> StoreError:
    """A StoreError whose one line names the cause of an SQLite error and what to do."""
    text = str(error)
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(
            f"{path}: the disk is full (or the database reached its size limit); nothing from"
            " this command was saved: free some space and run it again"
        )
    if "disk I/O error" in text:
        return StoreError(
            f"{path}: could not write to the disk (an I/O error: it may be full, over a size"
            " limit, failing or removed); nothing from this command was saved: check free"
            " space and run it again"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path}: the database is read-only (file permissions or a read-only disk);"
            " nothing was written: reading commands work, or copy it somewhere writable"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(
            f"{path}: the database is damaged ({text}); nothing was written:"
            " run `engage check`, and restore from a backup"
        )
    return StoreError(f"{path}: {text}")


def environmental(error: Exception) -> bool:
    """True for errors that come from the file or the disk, not from a broken rule."""
    broken_rule = errors("IntegrityError") + errors("ProgrammingError")
    return not isinstance(error, broken_rule) and any(
        cause in str(error)
        for cause in ("disk is full", "disk I/O", "readonly", "malformed", "not a database")
    )


def read_only_file(path: Path) -> bool:
    """True when the file has no write permission bits at all: it was made read-only on
    purpose (honoured even for root, whom permissions do not stop)."""
    try:
        return not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    except OSError:
        return False


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

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        key: str | None = None,
        encrypt: bool = False,
    ) -> None:
        self.path = str(path)
        self.key: str | None = None
        """The passphrase of an encrypted (SQLCipher) database; None for a plain one."""
        self.in_memory = self.path == ":memory:"
        self.read_only = False
        self.refusal: str | None = None
        """Why writes are refused (a newer version's file, damage found), or None."""
        self.notices: list[str] = []
        """Things the user should hear about (permissions fixed, a backup kept)."""
        self._depth = 0
        if not self.in_memory:
            file = Path(self.path)
            if not file.exists() and not create:
                raise StoreError(f"{self.path}: no such database")
            held = file.exists() and file.stat().st_size > 0
            self.key = self._key_for(file, held, key, encrypt)
            _create_private_file(file)
            self.read_only = read_only_file(file)
        try:
            if self.read_only:
                uri = Path(self.path).absolute().as_uri() + "?mode=ro"
                self.conn = connect(uri, uri=True, key=self.key)
            else:
                self.conn = connect(self.path, key=self.key)
            self.conn.row_factory = row_class(self.conn)
            self._apply_pragmas()
            self._check_is_ours()
            self.migrate()
            if self.key:
                remember(self.path, self.key)
        except CipherMissing as missing:
            raise StoreError(f"{self.path}: {missing}") from None
        except errors("DatabaseError") as error:
            if self.key and "not a database" in str(error):
                raise StoreError(
                    f"{self.path}: wrong passphrase for this encrypted database (${KEY_ENV})"
                ) from None
            raise explain(self.path, error) from None
        if self.read_only:
            self.refusal = explain(self.path, sqlite3.OperationalError("readonly")).args[0]
        if not self.in_memory:
            from engagement_tui.store.health import make_private

            self.notices.extend(make_private(Path(self.path)))

    def _key_for(self, file: Path, held: bool, key: str | None, encrypt: bool) -> str | None:
        """The passphrase to open `file` with: needed when it is encrypted, or is to be made
        encrypted (`encrypt`, only for a new file); None for a plain database."""
        key = key or known_key(self.path)
        if is_encrypted(file):
            if not key:
                raise StoreError(
                    f"{self.path}: the database is encrypted: give its passphrase in ${KEY_ENV}"
                )
            return key
        if not encrypt:
            return None
        if held:
            raise StoreError(
                f"{self.path}: already holds a database that is not encrypted; encryption is"
                " chosen when a database is made (copy the data into a new encrypted one)"
            )
        if not key:
            raise StoreError(f"{self.path}: an encrypted database needs a passphrase")
        return key

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def _apply_pragmas(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not self.in_memory and not self.read_only:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: could not switch to WAL journal (got {mode})")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA trusted_schema = OFF")

    def _check_is_ours(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0 and not self.read_only:
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif app_id != APPLICATION_ID:
            raise StoreError(f"{self.path}: not an engagement-tui database")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded in the file; return their names.

        A file that records a migration this version does not know was written by a newer
        version: it is left as it is and writes to it are refused (reading works).
        """
        has_table = self.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
        )
        if not has_table and not self.read_only:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations"
                " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        done = (
            {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
            if has_table or not self.read_only
            else set()
        )
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(done - known)
        if unknown:
            self.refusal = (
                f"{self.path}: made by a newer version of engage (it records migration"
                f" {unknown[-1]}); nothing was written: update engage to change it"
            )
            return []
        pending = [name for name, _ in MIGRATIONS if name not in done]
        if pending and self.read_only:
            raise StoreError(
                f"{self.path}: read-only, and made by an older version of engage that needs"
                " upgrading first: make it writable (chmod u+w) and run engage once"
            )
        if pending and done and not self.in_memory:
            from engagement_tui.store.health import backup_to

            copy = Path(f"{self.path}.before-{pending[0]}.bak")
            if not copy.exists():
                backup_to(self.conn, copy, key=self.key)
                self.notices.append(f"kept a copy from before the upgrade at {copy}")
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
                self._rollback()
                raise
            applied.append(name)
        return applied

    def refuse_writes(self, reason: str) -> None:
        """From now on every transaction raises StoreError(reason)."""
        self.refusal = reason

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; durable on return. Nested uses become savepoints."""
        if self.refusal:
            raise StoreError(self.refusal)
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
        except errors("OperationalError") as error:
            raise explain(self.path, error) from None
        self._depth = 1
        try:
            yield self.conn
        except errors() as error:
            self._rollback()
            if not environmental(error):
                raise  # a broken rule (a constraint) is the caller's to handle
            raise explain(self.path, error) from None
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except errors() as error:
                self._rollback()
                raise explain(self.path, error) from None
        finally:
            self._depth = 0

    @contextmanager
    def one_checkpoint(self) -> Iterator[None]:
        """Hold WAL checkpoints back for a run of transactions, then run one at the end.

        Each commit is durable in the WAL on its own; checkpointing after every one would
        copy the pages the next transaction changes again (a bulk merge's indexes) into
        the database file over and over. The final checkpoint also empties the WAL."""
        before = self.scalar("PRAGMA wal_autocheckpoint")
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            if not self.in_memory and not self.read_only and not self.conn.in_transaction:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (SQLite ends it itself on a full disk)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except errors():
                pass

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
