"""Outputs never overwrite what they should not: `-o` onto the database, its -wal/-shm, an
input file or a file of another kind is refused in one line (issue 15); stale temp files
left by a killed run are removed by the next one. Real processes, real files."""

from __future__ import annotations

import hashlib

import pytest

from engagement_tui.files.outputs import OutputRefused, check_output, kind_of
from tests.safety_support import engage, one_line_failure, surveyed_db


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["t.db", "t.db-wal", "t.db-shm"])
@pytest.mark.parametrize("force", [False, True])
def test_report_onto_the_open_database_is_refused_even_with_force(tmp_path, name, force):
    db = surveyed_db(tmp_path)
    engage("--db", db, "info", cwd=tmp_path)  # leaves -wal/-shm as a session would
    (tmp_path / name).touch()
    before = digest(db)
    args = ["--db", db, "report", "--questionnaire", "member_survey", "-o", tmp_path / name]
    line = one_line_failure(engage(*args, *(["--force"] if force else []), cwd=tmp_path))
    assert "open database" in line
    assert digest(db) == before
    assert engage("--db", db, "questionnaire", "list", cwd=tmp_path).returncode == 0


def test_report_onto_its_narrative_is_refused(tmp_path):
    db = surveyed_db(tmp_path)
    narrative = tmp_path / "recs.md"
    narrative.write_text("# Recommendations\n\nFund the ICS.\n")
    args = ["--db", db, "report", "--questionnaire", "member_survey"]
    line = one_line_failure(
        engage(*args, "--narrative", narrative, "-o", narrative, "--force", cwd=tmp_path)
    )
    assert "narrative" in line
    assert narrative.read_text().startswith("# Recommendations")


def test_report_onto_another_database_or_a_questionnaire_needs_force(tmp_path):
    db = surveyed_db(tmp_path)
    other = tmp_path / "other.db"
    engage("--db", other, "init", cwd=tmp_path)
    yaml = tmp_path / "q.yaml"
    yaml.write_text("form_id: x\n")
    for victim in (other, yaml):
        before = digest(victim)
        args = ["--db", db, "report", "--questionnaire", "member_survey", "-o", victim]
        line = one_line_failure(engage(*args, cwd=tmp_path))
        assert "--force" in line
        assert digest(victim) == before
    forced = engage(*args, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert yaml.read_bytes().startswith(b"%PDF")


def test_an_existing_report_is_replaced_and_stale_temps_cleaned(tmp_path):
    db = surveyed_db(tmp_path)
    out = tmp_path / "out.pdf"
    stale = tmp_path / ".out.pdf.engage-tmp-999999999-x1.tmp"  # no such process
    stale.write_bytes(b"half a report")
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_text("someone else's")
    args = ["--db", db, "report", "--questionnaire", "member_survey", "-o", out]
    first = engage(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert not stale.exists() and unrelated.exists()
    second = engage(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_export_refuses_to_replace_a_file_of_another_kind(tmp_path):
    db = surveyed_db(tmp_path)
    first = engage(
        "--db",
        db,
        "export",
        "--questionnaire",
        "member_survey",
        "--format",
        "json",
        "-o",
        tmp_path,
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    written = tmp_path / first.stdout.split()[0]
    again = engage(
        "--db",
        db,
        "export",
        "--questionnaire",
        "member_survey",
        "--format",
        "json",
        "-o",
        tmp_path,
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr  # the same kind: replaced
    written.write_bytes(db.read_bytes())
    line = one_line_failure(
        engage(
            "--db",
            db,
            "export",
            "--questionnaire",
            "member_survey",
            "--format",
            "json",
            "-o",
            tmp_path,
            cwd=tmp_path,
        )
    )
    assert "SQLite database" in line


def test_kinds_are_told_by_their_first_bytes(tmp_path):
    pdf, text = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    text.write_text("not a pdf")
    assert kind_of(pdf) == "pdf" and kind_of(text) == "text"
    check_output(pdf, "pdf")
    with pytest.raises(OutputRefused):
        check_output(text, "pdf")
    with pytest.raises(OutputRefused):
        check_output(tmp_path, "pdf")
