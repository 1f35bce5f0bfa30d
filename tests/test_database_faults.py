"""Damaged, full, read-only, foreign and newer databases (issue 15): each gives one clear
line, exit 1 where nothing can be done, and no lost data. Real processes on real files:
corrupt pages written into the file, a file-size limit (RLIMIT_FSIZE) standing in for a
full disk, SQLite's max_page_count for a full database, chmod for read-only."""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import stat
import subprocess
import sys

import pytest

from engagement_tui.store import Store, StoreError
from engagement_tui.store.imports import NewInterview
from tests.safety_support import RETURNS, engage, one_line_failure, surveyed_db

IMPORT = ("responses", "import", RETURNS, "--questionnaire", "member_survey")
FINDINGS = ("findings", "--questionnaire", "member_survey")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(db, table="interviews"):
    uri = db.absolute().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def corrupt_index(db, name="answers_question_value"):
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * size + 8)
        handle.write(os.urandom(size - 16))


def test_a_damaged_database_is_refused_for_writes_and_figures(tmp_path):
    db = surveyed_db(tmp_path)
    corrupt_index(db)
    before = digest(db)
    for args in (IMPORT, FINDINGS, ("settings", "set", "report.organisation", "X")):
        line = one_line_failure(engage("--db", db, *args, cwd=tmp_path))
        assert "damaged" in line and "backup" in line, line
    check = engage("--db", db, "check", cwd=tmp_path)
    assert "damaged" in one_line_failure(check)
    assert digest(db) == before


def test_check_and_backup_on_a_sound_database(tmp_path):
    db = surveyed_db(tmp_path)
    result = engage("--db", db, "check", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip().endswith(": ok")
    copy = tmp_path / "copy.db"
    made = engage("--db", db, "backup", "-o", copy, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert count(copy) == count(db) == 30
    assert engage("--db", copy, "check", cwd=tmp_path).returncode == 0
    again = engage("--db", db, "backup", "-o", copy, cwd=tmp_path)
    assert "exists" in one_line_failure(again)
    onto = engage("--db", db, "backup", "-o", db, "--force", cwd=tmp_path)
    assert "open database" in one_line_failure(onto)


def test_a_read_only_database_serves_every_read_command_and_refuses_writes(tmp_path):
    db = surveyed_db(tmp_path)
    os.chmod(db, 0o444)
    before = digest(db)
    for args in (
        FINDINGS,
        ("report", "--questionnaire", "member_survey", "-o", tmp_path / "r.pdf"),
        ("export", "--questionnaire", "member_survey", "--format", "json", "-o", tmp_path),
        ("export", "--questionnaire", "member_survey", "--format", "xlsx", "-o", tmp_path),
        ("questionnaire", "list"),
        ("check",),
        ("info",),
    ):
        result = engage("--db", db, *args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    line = one_line_failure(engage("--db", db, *IMPORT, cwd=tmp_path))
    assert "read-only" in line
    assert digest(db) == before


def test_a_database_from_a_newer_version_is_read_but_never_written(tmp_path):
    db = surveyed_db(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _migrations VALUES ('9999_from_the_future', '2030-01-01')")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db)
    line = one_line_failure(engage("--db", db, *IMPORT, cwd=tmp_path))
    assert "newer version of engage" in line and "9999_from_the_future" in line
    assert engage("--db", db, *FINDINGS, cwd=tmp_path).returncode == 0
    assert digest(db) == before


def limited(size):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def run_limited(size, *args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", *map(str, args)],
        cwd=cwd,
        preexec_fn=limited(size),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_full_disk_while_writing_the_database_says_so_and_loses_nothing(tmp_path):
    db = tmp_path / "demo.db"
    assert engage("--db", db, "init", cwd=tmp_path).returncode == 0
    result = run_limited(150_000, "--db", db, "demo", cwd=tmp_path)
    line = one_line_failure(result)
    assert "could not write to the disk" in line and "nothing from this command" in line
    assert "cannot rollback" not in result.stderr
    assert engage("--db", db, "check", cwd=tmp_path).returncode == 0
    assert count(db) == 0


def test_a_full_disk_while_writing_an_xlsx_export_is_one_line(tmp_path):
    db = surveyed_db(tmp_path)
    args = ("--db", db, "export", "--questionnaire", "member_survey", "--format", "xlsx")
    result = run_limited(40_000, *args, "-o", tmp_path / "out", cwd=tmp_path)
    line = one_line_failure(result)
    assert "could not write the export" in line
    assert "Exception ignored" not in result.stderr
    assert not list((tmp_path / "out").glob("*.xlsx")) if (tmp_path / "out").exists() else True


def test_a_full_database_is_named_as_such_not_as_a_rollback(tmp_path):
    db = surveyed_db(tmp_path)
    store = Store.open(db)
    try:
        pages = store.db.scalar("PRAGMA page_count")
        store.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        big = [
            NewInterview("member_survey", {"biggest_difference": "x" * 5000}, external_id=f"e{i}")
            for i in range(200)
        ]
        with pytest.raises(StoreError, match="the disk is full") as caught:
            store.imports.import_many(big)
        assert "rollback" not in str(caught.value)
        assert store.db.scalar("SELECT count(*) FROM interviews") == 30
    finally:
        store.close()


def test_a_world_readable_database_is_made_private(tmp_path):
    db = surveyed_db(tmp_path)
    os.chmod(db, 0o644)
    result = engage("--db", db, "info", cwd=tmp_path)
    assert result.returncode == 0
    assert "was readable by other users (mode 0644); made private (0600)" in result.stderr
    assert "encryption      none by engage: keep the database on an encrypted disk" in (
        result.stdout
    )
    for path in (db, tmp_path / "t.db-wal", tmp_path / "t.db-shm"):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_upgrade_keeps_a_copy_from_before_it(tmp_path):
    db = surveyed_db(tmp_path)
    with sqlite3.connect(db) as conn:  # as an older version left it: no settings table yet
        conn.execute("DROP TABLE settings")
        conn.execute("DELETE FROM _migrations WHERE name = '0003_settings'")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result = engage("--db", db, "info", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "t.db.before-0003_settings.bak"
    assert f"kept a copy from before the upgrade at {copy}" in result.stderr
    assert count(copy) == 30
    with sqlite3.connect(copy) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "settings" not in names
    assert count(db, "settings") == 0
