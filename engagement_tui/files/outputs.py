"""Provides the checks made before a report or export file is written, and temp-file cleanup.

`check_output` refuses a target that is the open database (or its -wal, -shm or -journal
file) or one of the command's own input files, whatever `force` says: writing there would
destroy what the output is made from. An existing file that is not the same kind of output
(told by its first bytes: `%PDF`, a zip for XLSX, text for CSV and JSON) is refused unless
`force` is given, so `-o programme.db` or `-o questionnaire.yaml` never silently replaces it.

`clean_stale_temps` removes the temporary files (`atomic.TEMP_MARK`) that a killed report or
export left in a folder; a temp file of a process still running is left alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from engagement_tui.files.atomic import TEMP_MARK

SQLITE_MAGIC = b"SQLite format 3\x00"
KINDS = ("pdf", "xlsx", "docx", "csv", "json")
_TEMP_NAME = re.compile(r"^\..+\." + re.escape(TEMP_MARK) + r"-(\d+)-[^.]*\.tmp$")


class OutputRefused(Exception):
    """The output would overwrite something it must not; the message is one line."""


def kind_of(path: Path) -> str:
    """What an existing file holds, judged by its first bytes: one of KINDS, "sqlite",
    "binary" (anything else with a NUL byte) or "text"."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "docx"
        return "xlsx" if b"[Content_Types].xml" in head or b"xl/" in head else "zip"
    if b"\x00" in head:
        return "binary"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" and text[:1] in (b"{", b"["):
        return "json"
    if path.suffix.lower() == ".csv":
        return "csv"
    return "text"


def database_files(db_path: str | Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    db = Path(db_path)
    return [db] + [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _same_file(one: Path, other: Path) -> bool:
    try:
        if one.exists() and other.exists():
            return os.path.samefile(one, other)
    except OSError:
        pass
    return one.absolute().resolve() == other.absolute().resolve()


def check_output(
    target: Path,
    kind: str,
    *,
    protected: Iterable[tuple[Path, str]] = (),
    force: bool = False,
) -> None:
    """Raise OutputRefused if writing a `kind` file to `target` would destroy something.

    `protected` pairs a path with what it is ("the open database", "the narrative"...);
    those are refused even with `force`.
    """
    for path, what in protected:
        if _same_file(target, Path(path)):
            raise OutputRefused(f"{target}: is {what}; choose another output file")
    if target.is_dir():
        raise OutputRefused(f"{target}: is a folder; name a {kind.upper()} file")
    if not target.exists() or force:
        return
    try:
        found = kind_of(target)
    except OSError as error:
        raise OutputRefused(f"{target}: cannot read it ({error.strerror or error})") from None
    if found != kind:
        what = "an SQLite database" if found == "sqlite" else f"not a {kind.upper()} file"
        raise OutputRefused(
            f"{target}: exists and is {what} ({found}); not replaced (--force replaces it)"
        )


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files left in `folder` by a report or export that was killed; return them."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or _alive(int(match.group(1))):
            continue
        try:
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours
    return True
