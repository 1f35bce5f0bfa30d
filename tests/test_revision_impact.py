"""A new revision of a questionnaire is weighed against the interviews already held (issue 15):
its effect on each base is listed ("job_role: base 30 → 0 for 30 interviews") and it is
stored only with --accept-changes. Real processes, real files."""

from __future__ import annotations

import sqlite3

from tests.safety_support import SURVEY, engage, one_line_failure, surveyed_db


def revisions(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT count(*) FROM questionnaires WHERE form_id = 'member_survey'"
        ).fetchone()[0]


def revised(tmp_path, old: str, new: str):
    text = SURVEY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "revised.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_revision_that_empties_a_base_needs_accept_changes(tmp_path):
    db = surveyed_db(tmp_path)
    path = revised(
        tmp_path,
        "      - name: job_role\n",
        "      - name: job_role\n        relevant: \"${org_type} = 'nobody'\"\n",
    )
    refused = engage("--db", db, "questionnaire", "import", path, cwd=tmp_path)
    line = one_line_failure(refused)
    assert "--accept-changes" in line and "nothing stored" in line
    assert "revised.yaml: job_role: base 30 → 0 for 30 interviews" in refused.stderr
    assert revisions(db) == 1
    accepted = engage("--db", db, "questionnaire", "import", path, "--accept-changes", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted: job_role: base 30 → 0 for 30 interviews" in accepted.stdout
    assert revisions(db) == 2


def test_a_revision_that_changes_no_base_is_stored_without_asking(tmp_path):
    db = surveyed_db(tmp_path)
    path = revised(
        tmp_path,
        "label: Which best describes your role?",
        "label: Which of these best describes your role?",
    )
    result = engage("--db", db, "questionnaire", "import", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "stored as revision 2" in result.stdout
