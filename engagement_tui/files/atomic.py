"""Provides atomic file writes for reports and exports: all of the new file, or the old one.

The content goes to a temporary file in the same folder (so the rename never crosses a
filesystem), is flushed and fsynced, then `os.replace`d over the target. A failure at
any point removes the temporary file and leaves an existing target untouched. Files
are created readable by their owner only (mkstemp's 0600): exports hold personal data.
Temporary files are named `.<target>.engage-tmp-<pid>-<random>.tmp`, so one left by a
killed process is recognised and removed by the next run (`outputs.clean_stale_temps`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_MARK = "engage-tmp"


@contextmanager
def atomic_write(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces `path` in one step."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{TEMP_MARK}-{os.getpid()}-", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(target.parent)


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); some platforms cannot open a directory."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
