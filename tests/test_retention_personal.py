"""Retention of personal fields after a programme closes (issue 15): names, contacts and
named attribution go once `retention.personal_days` have passed since `programme.closed_on`,
no byte of a name is left in the database, -wal or -shm, and the findings do not change.
Real databases, real `engage` processes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from engagement_tui.store import Store
from tests.safety_support import engage, one_line_failure, surveyed_db
from tests.test_erasure import CANARY, files_of, hits, plant

TODAY = dt.datetime.now(dt.UTC).date()


def planted(tmp_path):
    """The surveyed database with the canary in a respondent's name (also in the answer, a
    quote, an observation, a draft), in an earlier name of another respondent, and in a
    register contact; returns (db, uuid of the canary's interview, uuid of the renamed)."""
    db = surveyed_db(tmp_path)
    uuid = plant(db)
    with Store.open(db) as store:
        renamed = store.interviews.create(
            "member_survey", respondent=f"Ms {CANARY}son", attribution="named"
        ).uuid
        store.interviews.update_details(renamed, respondent="Ms Anon")
        store.interviews.save_answer(renamed, "biggest_difference", "We will fund it")
        note = store.interviews.add_note(renamed, "We will fund it")
        store.interviews.set_status(renamed, "complete")
        quotes = store.db.query("SELECT id FROM notes WHERE kind = 'quote'")
        store.quotes.approve([f"N{row['id']}" for row in quotes])
        assert note.id in {row["id"] for row in quotes}
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO contacts (uuid, name, email, created_at) VALUES"
            f" ('c-1', 'Pat {CANARY}', 'pat@{CANARY}.org', '2026-01-01')"
        )
    return db, uuid, renamed


def findings(db, cwd) -> dict:
    result = engage(
        "--db", db, "findings", "--questionnaire", "member_survey", "--format", "json", cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings(db, cwd, closed_on: dt.date, days: int) -> None:
    for name, value in (
        ("programme.closed_on", closed_on.isoformat()),
        ("retention.personal_days", str(days)),
    ):
        result = engage("--db", db, "settings", "set", name, value, cwd=cwd)
        assert result.returncode == 0, result.stderr


def test_names_go_after_the_programme_closes_and_findings_stay(tmp_path):
    db, uuid, renamed = planted(tmp_path)
    with sqlite3.connect(db) as conn:  # the programme's interviews were held before it closed
        conn.execute("UPDATE interviews SET started_at = '2026-01-05T10:00:00.000Z'")
    with Store.open(db) as store:  # one started after the close, for the next programme
        later = store.interviews.create("member_survey", respondent="Kept Name").uuid
    before = findings(db, tmp_path)
    with sqlite3.connect(db) as conn:
        answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        interviews = conn.execute("SELECT count(*) FROM interviews").fetchone()[0]
    assert sum(hits(path) for path in files_of(db)) > 0

    settings(db, tmp_path, TODAY - dt.timedelta(days=31), 30)
    result = engage("--db", db, "retention", "apply", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    closed = (TODAY - dt.timedelta(days=31)).isoformat()
    assert result.stdout.strip() == (
        f"Retention: removed names from {interviews - 1} interviews and 1 register contacts"
        f" closed {closed}"
    )
    for path in files_of(db):
        assert hits(path) == 0, path
    assert findings(db, tmp_path) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == answers
        assert conn.execute("SELECT count(*) FROM interviews").fetchone()[0] == interviews
        named = conn.execute("SELECT uuid FROM interviews WHERE respondent != ''").fetchall()
        assert named == [(later,)]
        assert (
            conn.execute("SELECT count(*) FROM interviews WHERE attribution = 'named'").fetchone()[
                0
            ]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
        (text,) = conn.execute(
            "SELECT value FROM answers a JOIN interviews i ON i.id = a.interview_id"
            " WHERE i.uuid = ? AND question = 'biggest_difference'",
            (uuid,),
        ).fetchone()
        assert json.loads(text) == "Then [name removed] said more"  # the answer itself stays
        # Another respondent's words that merely look like a name part are left alone.
        (words,) = conn.execute(
            "SELECT n.text FROM notes n JOIN interviews i ON i.id = n.interview_id"
            " WHERE i.uuid = ?",
            (renamed,),
        ).fetchone()
        assert words == "We will fund it"
        # Approvals still match the quotes' words, so the quotes are still published.
        approved = conn.execute(
            "SELECT count(*) FROM quote_approvals q JOIN notes n ON q.key = 'N' || n.id"
            " WHERE q.text = n.text"
        ).fetchone()[0]
        assert approved == 2
    again = engage("--db", db, "retention", "apply", cwd=tmp_path)
    assert again.stdout.strip() == f"Retention: no names left in interviews closed {closed}"
    assert engage("--db", db, "check", cwd=tmp_path).returncode == 0


def test_any_write_command_applies_it_once_due_and_not_before(tmp_path):
    db, _, _ = planted(tmp_path)
    settings(db, tmp_path, TODAY, 30)
    kept = engage("--db", db, "retention", "apply", cwd=tmp_path)
    due = (TODAY + dt.timedelta(days=30)).isoformat()
    assert kept.stdout.strip() == f"Retention: names are kept until {due} (30 days after close)"
    assert sum(hits(path) for path in files_of(db)) > 0

    settings(db, tmp_path, TODAY, 0)  # this write itself opens the store: removed at once
    result = engage("--db", db, "settings", "set", "report.programme", "Spring", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Retention: removed names from ")
    assert sum(hits(path) for path in files_of(db)) == 0
    reader = engage("--db", db, "findings", "--questionnaire", "member_survey", cwd=tmp_path)
    assert "Retention" not in reader.stderr


def test_bad_retention_settings_are_refused_in_one_line(tmp_path):
    db = surveyed_db(tmp_path)
    date = engage("--db", db, "settings", "set", "programme.closed_on", "31/01/2026", cwd=tmp_path)
    assert one_line_failure(date) == (
        "engage: programme.closed_on: '31/01/2026' is not a date like 2026-01-31"
    )
    days = engage("--db", db, "settings", "set", "retention.personal_days", "ninety", cwd=tmp_path)
    assert "not a whole number of days" in one_line_failure(days)
    listed = engage("--db", db, "settings", "list", cwd=tmp_path).stdout
    assert "programme.closed_on" in listed and "retention.personal_days" in listed
    unknown = engage("--db", db, "settings", "set", "retention.days", "3", cwd=tmp_path)
    assert "unknown setting 'retention.days'" in one_line_failure(unknown)
