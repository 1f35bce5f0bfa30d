"""Provides coverage of the member register: how many organisations have been engaged, by group.

An organisation counts as engaged once it has a completed interview; one with only a
draft counts as in progress. Pure functions over the store's model objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Coverage", "CoverageRow", "coverage"]


@dataclass(frozen=True)
class CoverageRow:
    """Engagement of one group of organisations (one type, or one region)."""

    group: str
    engaged: int
    in_progress: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.engaged / self.total) if self.total else 0


@dataclass(frozen=True)
class Coverage:
    """Engagement of the whole register, and split by organisation type and by region."""

    overall: CoverageRow
    by_type: tuple[CoverageRow, ...]
    by_region: tuple[CoverageRow, ...]


def _rows(
    organisations: list[Any], engaged: set[int], in_progress: set[int], key: str
) -> tuple[CoverageRow, ...]:
    totals: Counter[str] = Counter()
    done: Counter[str] = Counter()
    going: Counter[str] = Counter()
    for organisation in organisations:
        group = getattr(organisation, key) or "(not recorded)"
        totals[group] += 1
        done[group] += organisation.id in engaged
        going[group] += organisation.id in in_progress and organisation.id not in engaged
    return tuple(
        CoverageRow(group, done[group], going[group], totals[group])
        for group in sorted(totals, key=lambda name: (-totals[name], name))
    )


def coverage(organisations: Iterable[Any], interviews: Iterable[Any]) -> Coverage:
    """Coverage of `organisations` (the register) by `interviews` (any status).

    Withdrawn interviews count for nothing.
    """
    organisations = list(organisations)
    engaged: set[int] = set()
    in_progress: set[int] = set()
    for interview in interviews:
        if interview.organisation_id is None:
            continue
        if interview.status == "complete":
            engaged.add(interview.organisation_id)
        elif interview.status == "draft":
            in_progress.add(interview.organisation_id)
    known = {organisation.id for organisation in organisations}
    overall = CoverageRow(
        "all",
        len(engaged & known),
        len((in_progress - engaged) & known),
        len(organisations),
    )
    return Coverage(
        overall,
        _rows(organisations, engaged, in_progress, "type"),
        _rows(organisations, engaged, in_progress, "region"),
    )
