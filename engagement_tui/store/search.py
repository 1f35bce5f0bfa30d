"""Provides full-text search over free-text answers, quotes and observations (SQLite FTS5).

    hits = store.search.find("workforce", form_id="member_survey")
    store.search.code_all(hits, theme_id)        # every match coded, one transaction

Triggers on answers and notes keep `search_text` exact and queue each change for the FTS5
index (migration 0006_text_search explains why the index itself cannot be written by a
trigger here); every search first replays the queue (`refresh`), so it sees an answer the
moment it is saved. Only completed
interviews are searched (the ones coding and findings count). A query is words, each
matched in any form the stemmer knows ("workforce" finds "workforces"), all required;
`word*` matches a prefix and `"two words"` a phrase. Nothing the user types is handed to
FTS5's own query syntax, so no query can fail to parse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engagement_tui.store.clock import now
from engagement_tui.store.database import Database

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchError(Exception):
    """A query with nothing to search for."""


@dataclass(frozen=True)
class SearchHit:
    """One piece of text that matches, with what coding needs to tag it."""

    interview_uuid: str
    form_id: str
    question: str
    note_id: int | None
    kind: str
    """'answer' for a free-text answer, else the note's kind ('quote' or 'observation')."""
    text: str
    snippet: str
    """The text around the match, matched words in [brackets]."""
    organisation: str


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for what a person typed: every term required.

    Each word becomes a quoted FTS5 string (so `AND`, `-`, `:` or a stray quote mean
    nothing special); `word*` keeps its prefix star; `"two words"` stays a phrase.
    """
    terms = []
    for phrase, word in _TERM.findall(query):
        prefix = bool(word) and word.endswith("*")
        words = _WORD.findall(phrase or word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        terms.append(term + ("*" if prefix else ""))
    if not terms:
        raise SearchError(f"nothing to search for in {query!r}: give a word")
    return " AND ".join(terms)


def _decoded(stored: str, is_json: int) -> str:
    """The words of a search_text row: answers are stored as their JSON string."""
    if not is_json:
        return stored
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    return value if isinstance(value, str) else str(value)


def snippet(text: str, query: str, width: int = 90) -> str:
    """The text around the first word that starts like a query word, matches in [brackets]."""
    stems = [word.lower()[:5] for word in _WORD.findall(query)]
    flat = " ".join(text.split())
    if not stems:
        return flat[:width]
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE
    )
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 15 else start
    end = min(len(flat), start + width)
    shown = pattern.sub(lambda m: f"[{m.group(0)}]", flat[start:end])
    return ("…" if start else "") + shown + ("…" if end < len(flat) else "")


class Search:
    """Searching free text and coding what it finds."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def refresh(self) -> int:
        """Bring the FTS5 index up to date with the queued changes; return how many."""
        if self.db.scalar("SELECT 1 FROM search_changes LIMIT 1") is None:
            return 0
        with self.db.transaction() as conn:
            changes = conn.execute(
                "SELECT seq, id, op, text, json FROM search_changes ORDER BY seq"
            )
            last = 0
            count = 0
            for seq, rowid, op, stored, is_json in changes.fetchall():
                text = _decoded(stored, is_json)
                if op == "delete":
                    conn.execute(
                        "INSERT INTO search_index (search_index, rowid, text)"
                        " VALUES ('delete', ?, ?)",
                        (rowid, text),
                    )
                else:
                    conn.execute(
                        "INSERT INTO search_index (rowid, text) VALUES (?, ?)", (rowid, text)
                    )
                last, count = seq, count + 1
            conn.execute("DELETE FROM search_changes WHERE seq <= ?", (last,))
        return count

    def find(
        self,
        query: str,
        *,
        form_id: str | None = None,
        questions: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[SearchHit]:
        """Matches in completed interviews, best first.

        `questions` limits answers (not notes) to those questions: the open questions a
        coder codes, so a choice's stored value never counts as a match.
        """
        expression = match_expression(query)
        self.refresh()
        where, params = ["search_index MATCH ?", "i.status = 'complete'"], [expression]
        if form_id is not None:
            where.append("i.form_id = ?")
            params.append(form_id)
        if questions is not None:
            marks = ", ".join("?" for _ in questions) or "NULL"
            where.append(f"(t.note_id IS NOT NULL OR t.question IN ({marks}))")
            params.extend(questions)
        rows = self.db.query(
            "SELECT i.uuid, i.form_id, t.question, t.note_id, t.text, t.json,"
            " coalesce(n.kind, 'answer') AS kind, coalesce(o.name, '') AS organisation"
            " FROM search_index JOIN search_text t ON t.id = search_index.rowid"
            " JOIN interviews i ON i.id = t.interview_id"
            " LEFT JOIN notes n ON n.id = t.note_id"
            " LEFT JOIN organisations o ON o.id = i.organisation_id"
            f" WHERE {' AND '.join(where)} ORDER BY rank, i.id, t.id"
            + (" LIMIT ?" if limit else ""),
            (*params, *((limit,) if limit else ())),
        )
        hits = []
        for row in rows:
            text = _decoded(row["text"], row["json"])
            hits.append(
                SearchHit(
                    interview_uuid=row["uuid"],
                    form_id=row["form_id"],
                    question=row["question"],
                    note_id=row["note_id"],
                    kind=row["kind"],
                    text=text,
                    snippet=snippet(text, query),
                    organisation=row["organisation"],
                )
            )
        return hits

    def code_all(self, hits: Iterable[SearchHit], theme_id: int) -> int:
        """Code every hit with the theme, all in one transaction; return how many were new."""
        added = 0
        with self.db.transaction() as conn:
            for hit in hits:
                cursor = conn.execute(
                    "INSERT INTO codings (theme_id, interview_id, question, note_id, created_at)"
                    " SELECT ?, id, ?, ?, ? FROM interviews WHERE uuid = ?"
                    " ON CONFLICT DO NOTHING",
                    (theme_id, hit.question, hit.note_id, now(), hit.interview_uuid),
                )
                added += cursor.rowcount
        return added
