"""Provides what the report says about a subset (`--where`), the same words in PDF and DOCX.

cover_line(findings)   # "Based on 31 completed interviews and survey responses where
                       #  region is London."
method_line(findings)  # "These findings cover only the returns where region is London:
                       #  31 of the 120 completed returns. Bases and suppression ..."
"""

from __future__ import annotations


def cover_line(findings: dict) -> str:
    """The cover's 'Based on ...' sentence, naming the subset when there is one."""
    count = findings.get("interviews", 0)
    subset = findings.get("subset")
    where = f" where {subset['description']}" if subset else ""
    return f"Based on {count} completed interviews and survey responses{where}."


def method_line(findings: dict) -> str:
    """The method's statement of the subset, or '' for a report on everyone."""
    subset = findings.get("subset")
    if not subset:
        return ""
    return (
        f"These findings cover only the returns where {subset['description']}:"
        f" {subset['interviews']} of the {subset['of']} completed returns. Bases, percentages"
        " and the suppression of small groups are all within this subset, and the facts"
        " below are of these returns only."
    )
