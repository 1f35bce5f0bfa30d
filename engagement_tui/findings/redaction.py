"""Provides personal data found in free text, and the text with it taken out.

    redactor = Redactor(names=["Priya Shah"], organisations=["Northdale NHS Trust"])
    redactor.redact("Call Priya on 07700 900123 or priya@nhs.net")
        -> "Call [name] on [phone] or [email]"
    redactor.find(text) -> [("name", "Priya"), ("phone", "07700 900123"), ("email", ...)]

Detected: email addresses, UK phone numbers (0... or +44 ..., spaces and dashes allowed),
NHS numbers (ten digits, 3-3-4), UK postcodes, the names given (a respondent's own name
and its parts, names of contacts in the register) and organisation names from the member
register ("[organisation]"). Reports and pseudonymised exports print free text only
through `redact`; `find` lists what was found, for the coordinator to review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "cllr"})
_NAME_PART = re.compile(r"[^\W\d_][\w'’-]+", re.UNICODE)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")),
    ("phone", re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s)-]{0,2}\d){8,9}(?!\d)")),
    ("NHS number", re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")),
    (
        "postcode",
        re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}|GIR\s?0AA)\b"),
    ),
)
MARKS = {"email": "[email]", "phone": "[phone]", "NHS number": "[NHS number]"}
MARKS |= {"postcode": "[postcode]", "name": "[name]", "organisation": "[organisation]"}


def _name_targets(names: Iterable[str]) -> list[str]:
    """Each full name and each of its parts (not titles, not initials), longest first."""
    targets: set[str] = set()
    for name in names:
        full = " ".join((name or "").split())
        if not full:
            continue
        targets.add(full)
        targets.update(part for part in _NAME_PART.findall(full) if part.casefold() not in _TITLES)
    return sorted((t for t in targets if len(t) >= 3), key=len, reverse=True)


class Redactor:
    """Finds and replaces personal data in free text."""

    def __init__(self, names: Iterable[str] = (), organisations: Iterable[str] = ()) -> None:
        self._rules: list[tuple[str, re.Pattern[str]]] = []
        orgs = sorted({" ".join(o.split()) for o in organisations if o and o.strip()}, key=len)
        for org in reversed(orgs):
            pattern = re.compile(rf"(?<!\w){re.escape(org)}(?!\w)", re.IGNORECASE)
            self._rules.append(("organisation", pattern))
        self._rules += list(PATTERNS)
        targets = _name_targets(names)
        if targets:
            alternatives = "|".join(re.escape(t) for t in targets)
            # Names as written: a capital first letter, so "will" is not "Will".
            self._rules.append(("name", re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")))

    def find(self, text: str) -> list[tuple[str, str]]:
        """(kind, the words found) for each piece of personal data, in rule order."""
        found = []
        for kind, pattern in self._rules:
            for match in pattern.finditer(text or ""):
                found.append((kind, match.group(0).strip()))
            text = pattern.sub(MARKS[kind], text or "")
        return found

    def redact(self, text: str) -> str:
        """`text` with every piece of personal data replaced by its mark ("[phone]")."""
        for kind, pattern in self._rules:
            text = pattern.sub(MARKS[kind], text or "")
        return text
