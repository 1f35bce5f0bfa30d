"""Provides attribution of quotes, honouring each respondent's choice.

named     -> "Jane Smith, Chief Executive, Northshire NHS Trust"
role_only -> "a chief executive of an NHS trust" (role and organisation type, never names)
anonymous -> "a respondent from an NHS trust", or no attribution without a type
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engagement_tui.findings.phrasing import with_article


def _in_sentence(text: str) -> str:
    """Lower-case ordinary words, keep acronyms: "NHS Trust" -> "NHS trust"."""
    return " ".join(
        word if word.isupper() and len(word) > 1 else word.lower() for word in text.split()
    )


def attribution(row: Mapping[str, Any]) -> str:
    """How a quote is attributed, given respondent, role, organisation, type and choice."""
    kind = (row.get("organisation_type") or "").strip()
    role = (row.get("role") or "").strip()
    choice = row.get("attribution") or "anonymous"
    if choice == "named":
        parts = [row.get("respondent") or "", role, row.get("organisation") or ""]
        named = ", ".join(part.strip() for part in parts if part and part.strip())
        if named:
            return named
    if choice in ("named", "role_only") and role:
        where = f" of {with_article(_in_sentence(kind))}" if kind else ""
        return with_article(_in_sentence(role)) + where
    return f"a respondent from {with_article(_in_sentence(kind))}" if kind else ""
