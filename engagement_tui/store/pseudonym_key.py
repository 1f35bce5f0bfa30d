"""Provides the pseudonymisation key, kept in a file of the user's own, never in the database.

A pseudonym is an HMAC of the name under this key (exports/pseudonyms.py), so whoever holds
the key and a name can tell whether that person is in a pseudonymised export. Kept inside the
database, anyone given a copy of the database had it too. So the database holds only the
key's id (`pseudonym_key_id`, not secret), and the key itself is in

    $ENGAGE_KEYS_DIR/pseudonym-<id>.key   (default: the user data directory's keys/ folder)

a file of mode 0600 in a folder of mode 0700, like the coordinator's age identity. The same
key gives the same pseudonyms in every export from the database, read-only ones included.

If the file is lost (a new laptop, a database copied without it), a new key is made on the
next export and pseudonyms change between exports made before and after: `engage info`
names the file so it can be backed up with the database. A database made before the key
left it (a `pseudonym_key` setting) has it moved out on the first export that may write,
with `secure_delete`, so the old row is zeroed.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database
from engagement_tui.store.driver import errors

KEYS_ENV = "ENGAGE_KEYS_DIR"
KEY_ID = "pseudonym_key_id"
LEGACY_KEY = "pseudonym_key"
"""Where the key used to be kept: in the settings table, in plaintext."""
_ONE_OFF: dict[str, str] = {}


def keys_dir() -> Path:
    """`$ENGAGE_KEYS_DIR` if set, else `keys/` in the user data directory (platformdirs)."""
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV]).expanduser()
    from platformdirs import user_data_path

    from engagement_tui.files.paths import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / "keys"


def key_path(key_id: str) -> Path:
    return keys_dir() / f"pseudonym-{key_id}.key"


@dataclass(frozen=True)
class KeyState:
    """Where this database's key is, as `engage info` tells it."""

    path: Path | None
    """The key file (None when the database has no key yet, or an old one inside it)."""
    status: str
    """'present', 'missing', 'none yet' or 'in the database (old)'."""


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return text if len(text) == 64 else None


def _write_new(path: Path, key: str) -> str:
    """Put `key` at `path` (0600) unless a key is there already; return the key at `path`.
    Written aside and linked into place, so no process ever reads half a key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, aside = tempfile.mkstemp(dir=path.parent, prefix=".pseudonym-")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(aside)
    found = _read(path)
    if found is None:
        raise OSError(f"{path}: not a pseudonym key (64 hex digits)")
    return found


class PseudonymKey:
    """This database's pseudonymisation key, from its file (see module)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _setting(self, name: str) -> str | None:
        return self.db.scalar("SELECT value FROM settings WHERE name = ?", (name,))

    def state(self) -> KeyState:
        """Where the key is, without making one."""
        key_id = self._setting(KEY_ID)
        if key_id:
            path = key_path(key_id)
            return KeyState(path, "present" if _read(path) else "missing")
        if self._setting(LEGACY_KEY):
            return KeyState(None, "in the database (old)")
        return KeyState(None, "none yet")

    def key(self) -> str:
        """The key, made (or moved out of the database) the first time it is needed."""
        key_id = self._setting(KEY_ID)
        legacy = self._setting(LEGACY_KEY)
        if key_id:
            found = _read(key_path(key_id))
            if found:
                return found
            if self.db.read_only:
                return self._one_off(f"the pseudonym key file {key_path(key_id)} is missing")
            self.db.notices.append(
                f"the pseudonym key file {key_path(key_id)} is missing: a new key is made,"
                " so pseudonyms in this export differ from earlier exports"
            )
            return self._make(secrets.token_hex(32), replacing=key_id)
        if self.db.read_only:
            if legacy:
                return legacy  # an old database, moved out at its first writable export
            return self._one_off("the database is read-only and has no pseudonym key yet")
        return self._make(legacy or secrets.token_hex(32), replacing=None)

    def _one_off(self, why: str) -> str:
        if self.db.path not in _ONE_OFF:
            _ONE_OFF[self.db.path] = secrets.token_hex(32)
            self.db.notices.append(
                f"{why}: pseudonyms in this output are made with a one-off key and will not"
                " match other exports"
            )
        return _ONE_OFF[self.db.path]

    def _make(self, key: str, replacing: str | None) -> str:
        """Store `key` in a new file and its id in the database, in one IMMEDIATE transaction
        (so two processes agree on one key), removing the old plaintext row for good."""
        new_id = secrets.token_hex(8)
        self.db.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.db.transaction() as conn:
                current = conn.execute(
                    "SELECT value FROM settings WHERE name = ?", (KEY_ID,)
                ).fetchone()
                if current and current[0] != replacing:
                    key_id = current[0]  # another process made one meanwhile: use it
                    found = _read(key_path(key_id))
                    if found:
                        return found
                else:
                    key_id = new_id
                key = _write_new(key_path(key_id), key)
                conn.execute(
                    "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                    " updated_at = excluded.updated_at",
                    (KEY_ID, key_id, now()),
                )
                conn.execute("DELETE FROM settings WHERE name = ?", (LEGACY_KEY,))
        finally:
            self.db.conn.execute("PRAGMA secure_delete = OFF")
        if not self.db.in_memory:
            try:  # the -wal holds the old row's page until checkpointed: now, if it can be
                self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except errors():
                pass  # (then at the next checkpoint; the row itself was zeroed)
        return key
