"""The rights of the people in the data (issue 15): erasure leaves no byte of a canary in the
database, -wal, -shm or any later export, and lists the earlier exports; subject access gives
everything held; retention purges old drafts and withdrawn interviews. Real processes."""

from __future__ import annotations

import json
import sqlite3

from engagement_tui.store import Store
from tests.safety_support import engage, one_line_failure, surveyed_db

CANARY = "Zqx7CanaryVolkov"
NAME = f"Dr {CANARY}"


def plant(db) -> str:
    """An interview holding the canary in its respondent, answers (and their history), a
    draft, a quote, an observation and a coding; returns its UUID."""
    with Store.open(db) as store:
        interview = store.interviews.create(
            "member_survey", respondent=NAME, role="Chief Executive", attribution="named"
        )
        uuid = interview.uuid
        store.interviews.save_answer(uuid, "biggest_difference", f"First {CANARY} answer")
        store.interviews.save_answer(uuid, "biggest_difference", f"Then {CANARY} said more")
        store.interviews.save_draft(uuid, "what_would_change", f"typing {CANARY}")
        quote = store.interviews.add_note(uuid, f"{CANARY} told us: fund it", kind="quote")
        store.interviews.add_note(uuid, f"{CANARY} seemed tired", kind="observation")
        theme = store.coding.themes("member_survey")[0]
        store.coding.code(theme.id, uuid, question="biggest_difference")
        store.coding.code(theme.id, uuid, note_id=quote.id)
        store.interviews.set_status(uuid, "complete")
    return uuid


def hits(path) -> int:
    return path.read_bytes().count(CANARY.encode()) if path.exists() else 0


def files_of(db):
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def export(db, folder, fmt, cwd):
    result = engage(
        "--db",
        db,
        "export",
        "--questionnaire",
        "member_survey",
        "--format",
        fmt,
        "--include-personal-data",
        "-o",
        folder,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return [cwd / line for line in result.stdout.split()]


def test_erasure_leaves_no_byte_of_the_canary_and_lists_earlier_exports(tmp_path):
    db = surveyed_db(tmp_path)
    plant(db)
    before = export(db, tmp_path / "before", "json", tmp_path) + export(
        db, tmp_path / "before", "csv", tmp_path
    )
    assert all(hits(path) for path in before)
    assert sum(hits(path) for path in files_of(db)) > 0

    declined = engage("--db", db, "erase", "--respondent", NAME.lower(), cwd=tmp_path, stdin="n\n")
    assert "nothing erased" in one_line_failure(declined)
    assert sum(hits(path) for path in files_of(db)) > 0

    # Another connection stays open (as the app would): the -wal is not deleted on exit,
    # so only the erasure's own checkpoint and VACUUM can clear it.
    holder = sqlite3.connect(db)
    holder.execute("SELECT count(*) FROM interviews").fetchone()
    result = engage("--db", db, "erase", "--respondent", NAME, cwd=tmp_path, stdin="y\n")
    assert result.returncode == 0, result.stderr
    assert db.with_name("t.db-wal").exists()
    assert "1 interviews, 1 answers, 2 answer history, 1 drafts, 1 notes, 1 quotes, 2 codings" in (
        result.stdout
    )
    for path in before:
        assert str(path.absolute()) in result.stdout
    for path in files_of(db):
        assert hits(path) == 0, path
    holder.close()

    after = export(db, tmp_path / "after", "json", tmp_path) + export(
        db, tmp_path / "after", "csv", tmp_path
    )
    assert [hits(path) for path in after] == [0] * len(after)
    for path in files_of(db):  # the exports wrote to the export log: still nothing
        assert hits(path) == 0, path
    with sqlite3.connect(db) as conn:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM tombstones GROUP BY kind"))
        assert kinds == {"interview": 1}
        assert conn.execute("SELECT count(*) FROM interviews").fetchone()[0] == 30
    assert engage("--db", db, "check", cwd=tmp_path).returncode == 0


def test_an_erased_return_is_not_brought_back_by_importing_the_file_again(tmp_path):
    from tests.safety_support import RETURNS

    db = surveyed_db(tmp_path)
    result = engage("--db", db, "erase", "--respondent", "Jo Pennington", "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = engage(
        "--db",
        db,
        "responses",
        "import",
        RETURNS,
        "--questionnaire",
        "member_survey",
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr
    assert "0 imported" in again.stdout
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM interviews WHERE respondent = 'Jo Pennington'"
            ).fetchone()[0]
            == 0
        )


def test_erasing_an_organisation_takes_its_interviews_and_register_entry(tmp_path):
    db = surveyed_db(tmp_path)
    with sqlite3.connect(db) as conn:
        (name,) = conn.execute("SELECT name FROM organisations ORDER BY id LIMIT 1").fetchone()
    result = engage("--db", db, "erase", "--organisation", name, "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM organisations WHERE name = ?", (name,)).fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM interviews").fetchone()[0] == 29
    assert hits_text(db, name) == 0
    unknown = engage("--db", db, "erase", "--interview", "no-such-uuid", "--yes", cwd=tmp_path)
    assert "no records" in one_line_failure(unknown)


def hits_text(db, text: str) -> int:
    return sum(path.read_bytes().count(text.encode()) for path in files_of(db) if path.exists())


def test_subject_access_gives_everything_held(tmp_path):
    db = surveyed_db(tmp_path)
    uuid = plant(db)
    out = tmp_path / "sar.json"
    result = engage("--db", db, "subject-access", "--respondent", NAME, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    (interview,) = document["interviews"]
    assert interview["uuid"] == uuid and interview["respondent"] == NAME
    assert interview["answers"]["biggest_difference"] == f"Then {CANARY} said more"
    assert [row["new_value"] for row in interview["answer_history"]] == [
        f'"First {CANARY} answer"',
        f'"Then {CANARY} said more"',
    ]
    assert interview["drafts"][0]["text"] == f"typing {CANARY}"
    assert {note["kind"] for note in interview["notes"]} == {"quote", "observation"}
    assert len(interview["codings"]) == 2
    onto_db = engage("--db", db, "subject-access", "--respondent", NAME, "-o", db, cwd=tmp_path)
    assert "open database" in one_line_failure(onto_db)


def test_retention_erases_old_drafts_and_withdrawn_interviews_only(tmp_path):
    db = surveyed_db(tmp_path)
    with Store.open(db) as store:
        old_draft = store.interviews.create("member_survey", respondent="Old Draft").uuid
        store.interviews.save_draft(old_draft, "biggest_difference", f"old {CANARY}")
        withdrawn = store.interviews.create("member_survey", respondent="Withdrawn").uuid
        store.interviews.set_status(withdrawn, "withdrawn")
        new_draft = store.interviews.create("member_survey", respondent="New Draft").uuid
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE interviews SET updated_at = '2020-01-01T00:00:00.000Z' WHERE uuid IN (?, ?)",
            (old_draft, withdrawn),
        )
    result = engage("--db", db, "retention", "apply", "--days", "90", "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        left = {row[0] for row in conn.execute("SELECT uuid FROM interviews")}
    assert old_draft not in left and withdrawn not in left and new_draft in left
    assert len(left) == 31
    assert hits_text(db, CANARY) == 0
    again = engage("--db", db, "retention", "apply", "--days", "90", "--yes", cwd=tmp_path)
    assert "nothing older than 90 days" in again.stdout


def test_an_erasure_while_another_reader_holds_the_wal_says_so_and_scrub_finishes_it(tmp_path):
    db = surveyed_db(tmp_path)
    plant(db)
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answers").fetchone()  # a read snapshot, as a screen
    result = engage("--db", db, "erase", "--respondent", NAME, "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "could not be emptied" in result.stderr and "erase --scrub" in result.stderr
    assert sum(hits(path) for path in files_of(db)) > 0  # what the reader still sees
    reader.execute("COMMIT")
    reader.close()
    scrub = engage("--db", db, "erase", "--scrub", cwd=tmp_path)
    assert scrub.returncode == 0 and "scrubbed" in scrub.stdout, scrub.stderr
    for path in files_of(db):
        assert hits(path) == 0, path
