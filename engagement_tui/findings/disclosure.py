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

Numbers are also counted in bands of a round width (1, 2 or 5 times a power of ten) giving
at most eight bands over everyone's answers, the same bands for every group:

    band_width(0, 41) -> 10;  number_band(17, 10, whole=True) -> ("10-20", "10 to 19")
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
RULE = (
    "Where a group's base is under {threshold}, its results are not shown (marked {mark});"
    " where that would let a reader work a hidden group out from the total, the next"
    " smallest groups are hidden too, until the hidden groups together number at least"
    " {threshold}. Dates are counted by year, quarter or month, never by day, and numbers"
    " in bands."
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


MAX_BANDS = 8


def band_width(low: float, high: float) -> float:
    """The smallest round width (1, 2, 5 x 10^k, at least 1) giving at most MAX_BANDS bands."""
    width = 1.0
    while True:
        for step in (1, 2, 5):
            candidate = step * width
            if math.floor(high / candidate) - math.floor(low / candidate) + 1 <= MAX_BANDS:
                return int(candidate) if float(candidate).is_integer() else candidate
        width *= 10


def number_band(value: float, width: float, whole: bool = False) -> tuple[str, str]:
    """(value, label) of the band [start, start + width) holding `value`.

    number_band(17, 10) -> ("10-20", "10 to under 20"); with whole numbers the label
    ends one below the next start ("10 to 19"), and a band of one is the number ("7").
    """
    start = math.floor(value / width) * width
    start = int(start) if float(start).is_integer() else start
    end = start + width
    if whole:
        label = str(start) if width == 1 else f"{start} to {end - 1}"
    else:
        label = f"{start} to under {end}"
    return f"{start}-{end}", label
