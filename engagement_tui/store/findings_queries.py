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

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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
        self._outside = 0
        self._subtract = False

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

    @staticmethod
    def answer_expression(question: str) -> tuple[str, tuple[Any, ...]]:
        """SQL for breaking down by an interview's own answer to a (profile) question."""
        return (
            "coalesce((SELECT CAST(json_extract(x.value, '$') AS TEXT) FROM answers x"
            " WHERE x.interview_id = i.id AND x.question = ?), '')",
            (question,),
        )

    def interviews(
        self,
        form_id: str,
        statuses: Sequence[str],
        field: str | None = None,
        expression: tuple[str, tuple[Any, ...]] | None = None,
    ) -> list[tuple[int, str]]:
        """(interview id, breakdown value or '') of every interview counted.

        `expression` (SQL and parameters) overrides the field's own, e.g. an answer.
        """
        marks, status_params = _status_list(statuses)
        if expression is None:
            expression = ("''", ()) if field is None else self.field_expression(field)
        expression, params = expression
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

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state of the database (writers are not blocked)."""
        if self.conn.in_transaction:  # the caller's transaction already is one
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            # Nothing was written to the main database: this only ends the read snapshot.
            self.conn.execute("COMMIT")

    @contextmanager
    def scope(self, rows: Iterable[tuple[int, ...]], words: int, groups: int) -> Iterator[None]:
        """The temporary scope: (interview id, group code, mask word 0, word 1, ...).

        Also notes the interviews outside the scope (other forms, drafts, withdrawn): when
        they are few, counting a question's answers over everyone and subtracting theirs
        skips a million scope probes (see `_aggregate`). Use inside `snapshot()`.
        """
        self._drop_scope()
        self._groups = groups
        columns = "".join(f", m{word} INTEGER NOT NULL DEFAULT 0" for word in range(words))
        try:
            self.conn.execute(
                f"CREATE TEMP TABLE findings_scope (id INTEGER PRIMARY KEY, grp INTEGER{columns})"
            )
            self.conn.execute("CREATE TEMP TABLE findings_outside (id INTEGER PRIMARY KEY)")
            marks = ", ".join("?" for _ in range(2 + words))
            self.conn.executemany(f"INSERT INTO temp.findings_scope VALUES ({marks})", rows)
            self.conn.execute(
                "INSERT INTO temp.findings_outside SELECT id FROM interviews"
                " WHERE id NOT IN (SELECT id FROM temp.findings_scope)"
            )
            inside = self.db.scalar("SELECT count(*) FROM temp.findings_scope")
            self._outside = self.db.scalar("SELECT count(*) FROM temp.findings_outside")
            self._subtract = self._outside * 4 <= inside
            yield
        finally:
            self._drop_scope()

    def _drop_scope(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.findings_scope")
        self.conn.execute("DROP TABLE IF EXISTS temp.findings_outside")

    # -- aggregates -------------------------------------------------------------------

    def _counts(self) -> str:
        """count(*) then one pivoted count per breakdown group."""
        return "count(*)" + "".join(f", sum(s.grp = {code})" for code in range(self._groups))

    @staticmethod
    def _applies(mask: Mask) -> str:
        return "" if mask is None else f" AND (s.m{int(mask[0])} >> {int(mask[1])}) & 1"

    def _aggregate(
        self, keys: str, question: str, mask: Mask, *, where: str = "", each: str = ""
    ) -> list[tuple[Any, ...]]:
        """Rows (keys..., count, per-group counts...) of one question's answers in scope.

        `keys` are the grouping columns ("" for one row), `where` extra conditions and
        `each` an extra FROM item (json_each). Without breakdown or skip mask, and with few
        interviews outside the scope, it counts everyone's answers straight off the
        covering index and subtracts those of the interviews outside; otherwise it joins
        every answer to the scope.
        """
        select = f"{keys}, " if keys else ""
        group = f" GROUP BY {keys}" if keys else ""
        if mask is None and not self._groups and self._subtract:
            rows = self.conn.execute(
                f"SELECT {select}count(*) FROM answers a{each} WHERE a.question = ?{where}{group}",
                (question,),
            ).fetchall()
            if self._outside:
                outside = self.conn.execute(
                    f"SELECT {select}count(*) FROM temp.findings_outside x"
                    f" CROSS JOIN answers a ON a.interview_id = x.id{each}"
                    f" WHERE a.question = ?{where}{group}",
                    (question,),
                ).fetchall()
                less = {tuple(row[:-1]): row[-1] for row in outside}
                rows = [(*row[:-1], row[-1] - less.get(tuple(row[:-1]), 0)) for row in rows]
            return [tuple(row) for row in rows if row[-1]]
        rows = self.conn.execute(
            f"SELECT {select}{self._counts()} FROM answers a"
            f" CROSS JOIN temp.findings_scope s ON s.id = a.interview_id{each}"
            f" WHERE a.question = ?{where}{self._applies(mask)}{group}",
            (question,),
        )
        total = keys.count(",") + 1 if keys else 0
        return [tuple(row) for row in rows if row[total]]

    def answers_in_scope(self) -> list[tuple[int, str, Any]]:
        """(interview id, question key, value) of every answer of the interviews in scope:
        what the instances of repeats are counted from (see findings/repeat_tally.py)."""
        rows = self.conn.execute(
            "SELECT a.interview_id, a.question, a.value FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id"
        )
        return [(row[0], row[1], json.loads(row[2])) for row in rows]

    def value_counts(self, question: str, mask: Mask = None) -> list[tuple[Any, ...]]:
        """(JSON value, total, per-group counts...) of one question's answers in scope."""
        return self._aggregate("a.value", question, mask)

    def answered_counts(self, question: str, mask: Mask = None) -> tuple[int, ...]:
        """(total, per-group counts...) of interviews with a non-empty answer."""
        rows = self._aggregate("", question, mask, where=f" AND a.value NOT IN {_UNANSWERED}")
        return tuple(value or 0 for value in rows[0]) if rows else (0,) * (1 + self._groups)

    def applicable_counts(self, mask: Mask = None) -> tuple[int, ...]:
        """(total, per-group counts...) of interviews in scope where the question applied.

        The base of a question that may be left blank on purpose (an acknowledgement:
        "tick if you are happy to be contacted"): everyone asked, ticked or not.
        """
        groups = "".join(f", coalesce(sum(s.grp = {code}), 0)" for code in range(self._groups))
        where = self._applies(mask).replace(" AND ", " WHERE ", 1)
        row = self.conn.execute(
            f"SELECT count(*){groups} FROM temp.findings_scope s{where}"
        ).fetchone()
        return tuple(value or 0 for value in row)

    def element_counts(self, question: str, mask: Mask = None) -> list[tuple[Any, ...]]:
        """(option, position from 0, total, per-group...) over the items of list answers."""
        return self._aggregate(
            "j.value, j.key",
            question,
            mask,
            where=" AND json_type(a.value) = 'array'",
            each=", json_each(a.value) j",
        )

    def theme_counts(self, form_id: str, question: str, mask: Mask = None) -> list[tuple[Any, ...]]:
        """(theme, description, interviews coded, per-group...) for every theme of the form.

        Codings of the question's answers and of notes made on it count, once per interview.
        """
        groups = "".join(
            f", count(DISTINCT CASE WHEN s.grp = {code} THEN c.interview_id END)"
            for code in range(self._groups)
        )
        rows = self.conn.execute(
            f"SELECT t.name, t.description, count(DISTINCT s.id){groups} FROM themes t"
            " LEFT JOIN codings c ON c.theme_id = t.id AND c.question = ?"
            " LEFT JOIN temp.findings_scope s ON s.id = c.interview_id"
            f"{self._applies(mask)} WHERE t.form_id = ? GROUP BY t.id ORDER BY t.id",
            (question, form_id),
        )
        return [tuple(row) for row in rows]

    def quotes(self, question: str, mask: Mask = None, limit: int = 50) -> list[dict[str, Any]]:
        """Approved quotes on a question, in scope: interviewers' notes first, then answers.

        Only quotes whose words were approved as they now read (store/quotes.py); the
        longest first within each source. `value` is JSON text, as answers store it.
        """
        people = (
            "i.respondent, i.role, i.attribution, coalesce(o.name, '') AS organisation,"
            " coalesce(o.type, '') AS organisation_type"
        )
        notes = self.db.query(
            f"SELECT json_quote(n.text) AS value, {people}, 'interviewer' AS source FROM notes n"
            " CROSS JOIN temp.findings_scope s ON s.id = n.interview_id"
            " JOIN interviews i ON i.id = n.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            " JOIN quote_approvals q ON q.key = 'N' || n.id AND q.text = n.text"
            f" WHERE n.question = ? AND n.kind = 'quote'{self._applies(mask)}"
            " ORDER BY length(n.text) DESC, n.id LIMIT ?",
            (question, limit),
        )
        answers = self.db.query(
            f"SELECT a.value, {people}, 'answer' AS source FROM answers a"
            " CROSS JOIN temp.findings_scope s ON s.id = a.interview_id"
            " JOIN interviews i ON i.id = a.interview_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            " JOIN quote_approvals q"
            " ON q.key = 'A' || a.interview_id || ':' || a.question AND q.text = a.value"
            f" WHERE a.question = ? AND a.value NOT IN {_UNANSWERED}{self._applies(mask)}"
            " ORDER BY length(a.value) DESC, a.interview_id LIMIT ?",
            (question, limit),
        )
        return notes + answers

    def known_names(self) -> tuple[list[str], list[str]]:
        """(people, organisations) the register knows: contacts and every respondent; orgs."""
        people = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM contacts WHERE name != ''"
                " UNION SELECT respondent FROM interviews WHERE respondent != ''"
            )
        ]
        organisations = [row[0] for row in self.conn.execute("SELECT name FROM organisations")]
        return people, organisations
