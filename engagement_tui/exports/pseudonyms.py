"""Provides stable pseudonyms for respondents: keyed HMAC-SHA256 of the name.

The key belongs to one database but is kept in a file of the user's own, not in the
database (store/pseudonym_key.py): the same person gets the same pseudonym in every export
from that database, and nobody with only the database or an export can recompute it.
Pseudonymised data is still personal data (ICO): the key stays with the coordinator.
"""

from __future__ import annotations

import hashlib
import hmac
import re

PREFIX = "Respondent"
_NAME_PART = re.compile(r"[^\W\d_][\w'’-]+", re.UNICODE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "cllr"})


class Pseudonymiser:
    """Turns names into "Respondent 7f3a2c" and takes names out of free text."""

    def __init__(self, key: str) -> None:
        self._key = key.encode("utf-8")

    def pseudonym(self, name: str) -> str:
        """A stable pseudonym for `name` (case and spacing ignored); "" for no name."""
        canonical = " ".join(name.split()).casefold()
        if not canonical:
            return ""
        digest = hmac.new(self._key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{PREFIX} {digest[:6]}"

    def strip_name(self, text: str, name: str) -> str:
        """`text` with the full name, then each part of it (not titles), made the pseudonym."""
        pseudonym = self.pseudonym(name)
        if not pseudonym or not text:
            return text
        parts = [p for p in _NAME_PART.findall(name) if p.casefold() not in _TITLES]
        for target in [" ".join(name.split()), *sorted(parts, key=len, reverse=True)]:
            if len(target) < 2:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(target)}(?!\w)", re.IGNORECASE)
            text = pattern.sub(pseudonym, text)
        return text
