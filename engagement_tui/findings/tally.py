"""Provides tallies: the counts of one question, overall and per breakdown group.

Every count is a list: index 0 is everyone in scope, index k (1..G) breakdown group k.
Tallies are filled from the store's aggregate queries and decoded here (JSON values,
answered or not), so the result builders work on plain numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.interview.questionnaire import Question
from engagement_tui.store.findings_queries import FindingsQueries, Mask

SCALAR_TYPES = frozenset(
    {"select_one", "integer", "decimal", "range", "date", "time", "datetime", "acknowledge"}
)
LIST_TYPES = frozenset({"select_multiple", "rank"})
ANSWERED_ONLY_TYPES = frozenset(
    {"geopoint", "geotrace", "geoshape", "image", "audio", "video", "file", "barcode"}
)
"""Types whose findings are how many answered: locations, files and codes are not tallied."""


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _add(target: list[int], counts: tuple[int, ...]) -> None:
    for index, count in enumerate(counts):
        target[index] += count or 0


@dataclass
class Tally:
    """Counts of one question's answers."""

    columns: int
    """1 + the number of breakdown groups."""
    base: list[int] = field(default_factory=list)
    values: dict[Any, list[int]] = field(default_factory=dict)
    """select_one, numbers, dates: answers per value; lists: respondents choosing each option."""
    first: dict[str, list[int]] = field(default_factory=dict)
    """rank: respondents ranking each option first."""
    rank_total: dict[str, list[int]] = field(default_factory=dict)
    """rank: sum of the (1-based) ranks given to each option, for the mean rank."""
    quotes: list[dict[str, Any]] = field(default_factory=list)
    themes: list[tuple[str, str, list[int]]] = field(default_factory=list)
    """text: (theme, description, interviews coded per column), in codebook order."""

    def __post_init__(self) -> None:
        if not self.base:
            self.base = [0] * self.columns

    def _row(self, table: dict, key: Any) -> list[int]:
        return table.setdefault(key, [0] * self.columns)


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def tally_question(
    queries: FindingsQueries, form_id: str, question: Question, mask: Mask, columns: int
) -> Tally:
    """The counts of one question, asked of the store in one or two aggregate queries."""
    tally = Tally(columns)
    if question.type in SCALAR_TYPES:
        for raw, *counts in queries.value_counts(question.name, mask):
            value = json.loads(raw)
            if _blank(value):
                continue
            _add(tally._row(tally.values, _hashable(value)), tuple(counts))
            _add(tally.base, tuple(counts))
        if question.type == "acknowledge":
            # Not ticking is an answer too: the base is everyone the question was put to.
            tally.base = list(queries.applicable_counts(mask))
    elif question.type in LIST_TYPES:
        tally.base = list(queries.answered_counts(question.name, mask))
        for option, position, *counts in queries.element_counts(question.name, mask):
            option = str(option)
            _add(tally._row(tally.values, option), tuple(counts))
            if question.type == "rank":
                if position == 0:
                    _add(tally._row(tally.first, option), tuple(counts))
                weighted = tuple((position + 1) * (count or 0) for count in counts)
                _add(tally._row(tally.rank_total, option), weighted)
    elif question.type in ANSWERED_ONLY_TYPES:
        tally.base = list(queries.answered_counts(question.name, mask))
    elif question.type == "text":
        tally.base = list(queries.answered_counts(question.name, mask))
        tally.quotes = queries.quotes(question.name, mask)
        tally.themes = [
            (name, description, list(counts))
            for name, description, *counts in queries.theme_counts(form_id, question.name, mask)
        ]
    return tally
