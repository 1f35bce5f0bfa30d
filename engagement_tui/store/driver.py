"""Provides the SQLite driver: the standard library's `sqlite3`, or SQLCipher for a database
encrypted at rest (the optional `sqlcipher3`: `pip install "engagement-tui[encrypted]"`).

    conn = connect(path, key=None)          # key: the passphrase of an encrypted database
    except errors() as error: ...           # the SQLite errors of whichever driver is in use
    is_encrypted(path)                      # a file that does not start as SQLite does

SQLCipher's exceptions are its own classes, not `sqlite3`'s, so code that handles a database
error names `errors()` (or `errors("OperationalError")`, ...), which adds SQLCipher's class
once it has been loaded. SQLCipher is imported only to open an encrypted database, so the
plain case starts no slower.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

KEY_ENV = "ENGAGE_DB_KEY"
HEADER = b"SQLite format 3\x00"
_CIPHER = "sqlcipher3.dbapi2"
_KEYS: dict[str, str] = {}
"""Passphrases that opened a database in this process, by its absolute path: the app's
background work (reports, bundles) opens its own connections to the same file."""


class CipherMissing(Exception):
    """An encrypted database was asked for and `sqlcipher3` is not installed."""


def errors(name: str = "Error") -> tuple[type[BaseException], ...]:
    """The exception class `name` (Error, DatabaseError, OperationalError, ...) of every
    driver loaded in this process."""
    found: tuple[type[BaseException], ...] = (getattr(sqlite3, name),)
    cipher = sys.modules.get(_CIPHER)
    if cipher is not None:
        found += (getattr(cipher, name),)
    return found


def cipher_available() -> bool:
    try:
        import sqlcipher3.dbapi2  # noqa: F401
    except ImportError:
        return False
    return True


def is_encrypted(path: Path) -> bool:
    """True for a file with content that does not begin with SQLite's header: SQLCipher
    encrypts the header too (an empty or missing file is not encrypted, yet)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(HEADER))
    except OSError:
        return False
    return bool(head) and head != HEADER


def _quoted(key: str) -> str:
    return "'" + key.replace("'", "''") + "'"


def connect(target: str, *, uri: bool = False, key: str | None = None) -> Any:
    """An autocommit connection (the store begins its own transactions); with `key`, through
    SQLCipher with that passphrase (wrong ones fail at the first read)."""
    if key is None:
        return sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise CipherMissing(
            'encrypted databases need SQLCipher: pip install "engagement-tui[encrypted]"'
        ) from None
    conn = dbapi2.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # its own log would print to stderr
    conn.execute(f"PRAGMA key = {_quoted(key)}")
    return conn


def row_class(conn: Any) -> type:
    """The Row class of the driver `conn` belongs to."""
    return type(conn).__module__ == _CIPHER and sys.modules[_CIPHER].Row or sqlite3.Row


def encrypted(conn: Any) -> bool:
    return type(conn).__module__ == _CIPHER


def attach_clause(conn: Any) -> str:
    """What an ATTACH of a plain SQLite file (a kit or bundle) adds: an encrypted main
    database would otherwise lend the attached file its key."""
    return " KEY ''" if encrypted(conn) else ""


def remember(path: str, key: str) -> None:
    _KEYS[str(Path(path).absolute())] = key


def known_key(path: str) -> str | None:
    return _KEYS.get(str(Path(path).absolute()))


def passphrase(path: Path) -> str | None:
    """The passphrase for the database at `path`: `$ENGAGE_DB_KEY`, else asked for on the
    terminal when the file is encrypted and there is a terminal to ask on; else None."""
    import os

    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV]
    if is_encrypted(path) and sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Passphrase for {path}: ") or None
    return None
