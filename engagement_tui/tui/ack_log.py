"""Provides the durability test hook: a log of what the app tried to write and saw saved.

Set `ENGAGE_ACK_LOG=path` and the app appends, with O_APPEND so a SIGKILL keeps every
line already written:

    OPEN <interview uuid>          an interview opened for editing
    TRY <question> <sha256>        about to commit this answer (or TRY draft:<question>)
    ACK <question> <sha256>        the answer's commit returned: shown as saved
    DRAFT <question> <sha256>      a draft's commit returned

The hash is of the value's canonical JSON (`value_digest`). A kill test reopens the
database and checks that every ACK/DRAFT is what is stored, allowing only the writes
TRYed after the run's last acknowledgement to be there or not.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["ACK_LOG_ENV", "AckLog", "value_digest"]

ACK_LOG_ENV = "ENGAGE_ACK_LOG"


def value_digest(value: Any) -> str:
    """sha256 of a value's canonical JSON (None for 'no answer' hashes as null)."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AckLog:
    """Appends lines to the hook's file; does nothing when no path is set."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    @classmethod
    def from_environment(cls) -> AckLog:
        path = os.environ.get(ACK_LOG_ENV)
        return cls(Path(path) if path else None)

    def _append(self, lines: list[str]) -> None:
        if self.path is None or not lines:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, "".join(line + "\n" for line in lines).encode("utf-8"))
        finally:
            os.close(fd)

    def opened(self, uuid: str) -> None:
        self._append([f"OPEN {uuid}"])

    def trying(self, values: dict[str, Any], *, draft: bool = False) -> None:
        prefix = "draft:" if draft else ""
        self._append([f"TRY {prefix}{name} {value_digest(v)}" for name, v in values.items()])

    def saved(self, values: dict[str, Any]) -> None:
        self._append([f"ACK {name} {value_digest(v)}" for name, v in values.items()])

    def draft_saved(self, question: str, text: str) -> None:
        self._append([f"DRAFT {question} {value_digest(text)}"])
