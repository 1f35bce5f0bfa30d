"""Provides disclosure control: which breakdown groups are hidden, and dates shown in bins.

Primary suppression hides a group whose base is under the threshold. A report also prints
the total, so one hidden group could be recovered by subtracting the groups shown from it;
complementary (secondary) suppression therefore hides the next smallest groups until the
hidden groups *together* reach the threshold (or every group is hidden):

    suppressed_groups([40, 2, 12, 9], 5) -> {1, 3}   # 2 alone is recoverable; 2 + 9 is not

Dates are never published one row per day: they are counted by year, quarter or month,
chosen from the span of the answers (over 3 years: years; over 1 year: quarters; else
months), the same bins for every group:

    date_bin("2025-05-14", "quarter") -> ("2025-Q2", "2025 Q2")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
RULE = (
    "Where a group's base is under {threshold}, its results are not shown (marked {mark});"
    " where that would let a reader work a hidden group out from the total, the next"
    " smallest groups are hidden too, until the hidden groups together number at least"
    " {threshold}. Dates are counted by year, quarter or month, never by day."
)
"""The rule as the report's method section states it."""


def suppressed_groups(bases: Sequence[int], threshold: int) -> set[int]:
    """Indices of the groups to hide: primary (base under threshold) and complementary."""
    hidden = {index for index, base in enumerate(bases) if base < threshold}
    while True:
        hidden_total = sum(bases[index] for index in hidden)
        shown = [(base, index) for index, base in enumerate(bases) if index not in hidden]
        if hidden_total == 0 or hidden_total >= threshold or not shown:
            return hidden
        hidden.add(min(shown)[1])


def date_resolution(values: Iterable[str]) -> str:
    """'year', 'quarter' or 'month', from the span of the ISO dates given."""
    dates = sorted(dt.date.fromisoformat(str(value)[:10]) for value in values)
    if not dates:
        return "month"
    span = (dates[-1] - dates[0]).days
    if span > 3 * 366:
        return "year"
    if span > 366:
        return "quarter"
    return "month"


def date_bin(value: str, resolution: str) -> tuple[str, str]:
    """(value, label) of the bin holding the ISO date `value`."""
    day = dt.date.fromisoformat(str(value)[:10])
    if resolution == "year":
        return str(day.year), str(day.year)
    if resolution == "quarter":
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year}-Q{quarter}", f"{day.year} Q{quarter}"
    return f"{day.year}-{day.month:02d}", f"{MONTHS[day.month - 1]} {day.year}"
