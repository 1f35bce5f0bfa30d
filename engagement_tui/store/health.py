"""Provides the database's health: integrity checks, backups and private file modes.

    problems = quick_check(db)      # cheap, before a command writes
    problems = full_check(db)       # integrity_check and foreign_key_check, for `engage check`
    backup_to(db.conn, Path("copy.db"))   # SQLite's online backup API: a consistent copy
    notices = make_private(Path("t.db"))  # chmod 600 the file and its -wal/-shm, say so

A copy is written to a temporary file and renamed into place, so a half-made backup never
sits under the target's name.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from engagement_tui.store.database import Database, StoreError, explain
from engagement_tui.store.driver import connect, errors

NEXT_STEP = (
    "restore the latest backup (engage backup makes one), or recover what is readable with"
    " `sqlite3 FILE .recover`"
)


def _rows(db: Database, pragma: str) -> list[str]:
    """The pragma's report, one problem a line ("*** in database main ***" headers left out)."""
    try:
        rows = [" ".join(str(value) for value in row) for row in db.conn.execute(pragma)]
    except errors("DatabaseError") as error:
        return [str(error)]
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return [line for line in lines if line and not line.startswith("*** in database")]


def quick_check(db: Database) -> list[str]:
    """Problems `PRAGMA quick_check` finds (empty when the file is sound)."""
    found = _rows(db, "PRAGMA quick_check")
    return [] if found == ["ok"] else found


def full_check(db: Database) -> list[str]:
    """Problems `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find."""
    found = _rows(db, "PRAGMA integrity_check")
    problems = [] if found == ["ok"] else found
    for row in _rows(db, "PRAGMA foreign_key_check"):
        problems.append(f"a broken reference: {row}")
    return problems


def refuse_if_damaged(db: Database) -> None:
    """Run the quick check; if the file is damaged, refuse every write from now on and raise."""
    problems = quick_check(db)
    if problems:
        reason = (
            f"{db.path}: the database is damaged ({problems[0]}"
            f"{f', and {len(problems) - 1} more problems' if len(problems) > 1 else ''});"
            f" nothing was written: {NEXT_STEP}"
        )
        db.refuse_writes(reason)
        raise StoreError(reason)


def backup_to(conn: sqlite3.Connection, target: Path, *, key: str | None = None) -> Path:
    """Copy the open database to `target` (mode 0600) with the backup API; return `target`.
    An encrypted database (`key`) is copied encrypted with the same passphrase."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.engage-tmp-{os.getpid()}-backup.tmp")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        copy = connect(str(temp), key=key)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.replace(temp, target)
    except errors() as error:
        temp.unlink(missing_ok=True)
        raise explain(str(target), error) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def make_private(path: Path) -> list[str]:
    """chmod 600 the database and its -wal/-shm if others can read them; say what was done."""
    notices = []
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except OSError:
            continue
        if not mode & 0o077:
            continue
        try:
            os.chmod(file, mode & 0o700)
        except OSError as error:
            notices.append(
                f"{file} is readable by other users (mode {mode:04o}) and could not be made"
                f" private ({error.strerror}): chmod 600 it"
            )
            continue
        notices.append(
            f"{file} was readable by other users (mode {mode:04o}); made private"
            f" ({mode & 0o700:04o})"
        )
    return notices
