"""Provides the SQL behind findings: aggregates counted in SQLite, never a million rows in Python.

The findings engine first fixes its scope, the interviews counted, in a temporary table
(`temp.findings_scope`: one row per interview with a breakdown group code and relevance
bit masks), then asks one small query per question. Each query walks the covering index
`answers_question_value` for one question and probes the scope by rowid, so the cost is a
range scan of that question's answers; breakdown groups are pivoted into `sum(grp = k)`
columns, which keeps the index order and avoids a sort over every answer.

A relevance mask says, per interview, which conditional questions applied (bit `b` of
column `m<w>`); the engine computes them from a few answers per interview, so answers
stored for a question that did not apply are left out here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from engagement_tui.store.database import Database

FIXED_FIELDS = {
    "organisation_type": "coalesce(o.type, '')",
    "region": "coalesce(o.region, '')",
    "system": "coalesce(o.system, '')",
    "organisation": "coalesce(o.name, '')",
    "interviewer": "i.interviewer",
    "mode": "i.mode",
    "source": "i.source",
}
"""Breakdown fields every interview has; any other name is looked up in organisation attributes."""

Mask = tuple[int, int] | None
"""(word, bit) of a conditional question's relevance in the scope table, or None."""

_UNANSWERED = "('\"\"', '[]', 'null')"


def _status_list(statuses: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return ", ".join("?" for _ in statuses), tuple(statuses)


class FindingsQueries:
    """Aggregate queries over the answers of one form's interviews."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.conn = db.conn
        self._groups = 0

    # -- scope ----------------------------------------------------------------------

    def field_expression(self, field: str) -> tuple[str, tuple[Any, ...]] | None:
        """SQL for a breakdown field (with its parameters), or None if no interview has it."""
        if field in FIXED_FIELDS:
            return FIXED_FIELDS[field], ()
        path = '$."' + field.replace('"', "") + '"'
        present = self.db.scalar(
            "SELECT 1 FROM organisations WHERE json_extract(attributes, ?) IS NOT NULL LIMIT 1",
            (path,),
        )
        if present is None:
            return None
        return "coalesce(CAST(json_extract(o.attributes, ?) AS TEXT), '')", (path,)

    def interviews(
        self, form_id: str, statuses: Sequence[str], field: str | None = None
    ) -> list[tuple[int, str]]:
        """(interview id, breakdown value or '') of every interview counted."""
        marks, status_params = _status_list(statuses)
        expression, params = ("''", ()) if field is None else self.field_expression(field)
        rows = self.conn.execute(
            f"SELECT i.id, {expression} FROM interviews i"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            f" WHERE i.form_id = ? AND i.status IN ({marks}) ORDER BY i.id",
            (*params, form_id, *status_params),
        )
        return [(row[0], row[1]) for row in rows]

    def values_of(
        self, form_id: str, statuses: Sequence[str], questions: Iterable[str]
    ) -> list[tuple[int, str, str]]:
        """(interview id, question, JSON value) of the named questions, for relevance."""
        names = tuple(questions)
        if not names:
            return []
        marks, status_params = _status_list(statuses)
        rows = self.conn.execute(
            "SELECT a.interview_id, a.question, a.value FROM answers a"
            f" WHERE a.question IN ({', '.join('?' for _ in names)}) AND a.interview_id IN"
            f" (SELECT id FROM interviews WHERE form_id = ? AND status IN ({marks}))",
            (*names, form_id, *status_params),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def open_scope(self, rows: Iterable[tuple[int, ...]], words: int, groups: int) -> None:
        """Fill the temporary scope: (interview id, group code, mask word 0, word 1, ...)."""
        self.close_scope()
        self._groups = groups
        columns = "".join(f", m{word} INTEGER NOT NULL DEFAULT 0" for word in range(words))
        self.conn.execute(
            f"CREATE TEMP TABLE findings_scope (id INTEGER PRIMARY KEY, grp INTEGER{columns})"
        )
        marks = ", ".join("?" for _ in range(2 + words))
        self.conn.execute("BEGIN")
        try:
            self.conn.executemany(f"INSERT INTO temp.findings_scope VALUES ({marks})", rows)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def close_scope(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.findings_scope")

    # -- aggregates -------------------------------------------------------------------

    def _counts(self) -> str:
        """count(*) then one pivoted count per breakdown group."""
        return "count(*)" + "".join(f", sum(s.grp = {code})" for code in range(self._groups))

    @staticmethod
    def _applies(mask: Mask) -> str:
        return "" if mask is None else f" AND (s.m{int(mask[0])} >> {int(mask[1])}) & 1"

    def value_counts(self, question: str, mask: Mask = None) -> list[tuple[Any, ...]]:
        """(JSON value, total, per-group counts...) of one question's answers in scope."""
        rows = self.conn.execute(
            f"SELECT a.value, {self._counts()} FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id"
            f" WHERE a.question = ?{self._applies(mask)} GROUP BY a.value",
            (question,),
        )
        return [tuple(row) for row in rows]

    def answered_counts(self, question: str, mask: Mask = None) -> tuple[int, ...]:
        """(total, per-group counts...) of interviews with a non-empty answer."""
        row = self.conn.execute(
            f"SELECT {self._counts()} FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id"
            f" WHERE a.question = ? AND a.value NOT IN {_UNANSWERED}{self._applies(mask)}",
            (question,),
        ).fetchone()
        return tuple(value or 0 for value in row)

    def element_counts(self, question: str, mask: Mask = None) -> list[tuple[Any, ...]]:
        """(option, position from 0, total, per-group...) over the items of list answers."""
        rows = self.conn.execute(
            f"SELECT j.value, j.key, {self._counts()} FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id,"
            " json_each(a.value) j"
            f" WHERE a.question = ? AND json_valid(a.value) AND json_type(a.value) = 'array'"
            f"{self._applies(mask)} GROUP BY j.value, j.key",
            (question,),
        )
        return [tuple(row) for row in rows]

    def quotes(self, question: str, mask: Mask = None, limit: int = 50) -> list[dict[str, Any]]:
        """The longest answers to a text question, with what attribution needs."""
        return self.db.query(
            "SELECT a.value, i.respondent, i.role, i.attribution, coalesce(o.name, '')"
            " AS organisation, coalesce(o.type, '') AS organisation_type FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id"
            " JOIN interviews i ON i.id = a.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            f" WHERE a.question = ? AND a.value NOT IN {_UNANSWERED}{self._applies(mask)}"
            " ORDER BY length(a.value) DESC, a.interview_id LIMIT ?",
            (question, limit),
        )
