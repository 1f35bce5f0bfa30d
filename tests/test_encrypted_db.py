"""Encryption at rest with SQLCipher (issue 15), opt-in with `engage init --encrypted`: every
command opens the database with $ENGAGE_DB_KEY; a wrong or missing passphrase is one line,
exit 1, the file unchanged; no byte of a canary is ever in the file, -wal or -shm; findings
equal those of a plain database; backups, bundles and erasure work on it; and engage works as
before where `sqlcipher3` is not installed. Real `engage` processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from engagement_tui.store import driver
from tests.safety_support import RETURNS, SURVEY, engage, one_line_failure, surveyed_db
from tests.test_erasure import NAME, files_of, hits, plant

pytest.importorskip("sqlcipher3")
KEY = "correct horse 'battery'"


def with_key(*args, cwd, key=KEY):
    previous = os.environ.get(driver.KEY_ENV)
    os.environ[driver.KEY_ENV] = key
    try:
        return engage(*args, cwd=cwd)
    finally:
        if previous is None:
            del os.environ[driver.KEY_ENV]
        else:
            os.environ[driver.KEY_ENV] = previous


def digest(db) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(tmp_path):
    db = tmp_path / "e.db"
    for args in (
        ("init", "--encrypted"),
        ("questionnaire", "import", SURVEY),
        ("responses", "import", RETURNS, "--questionnaire", "member_survey"),
    ):
        result = with_key("--db", db, *args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
    return db


def findings(db, cwd, key=None):
    args = ("--db", db, "findings", "--questionnaire", "member_survey", "--format", "json")
    result = with_key(*args, cwd=cwd, key=key) if key else engage(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_encrypted_database_holds_no_readable_byte_and_counts_the_same(encrypted, tmp_path):
    assert encrypted.read_bytes()[:16] != driver.HEADER
    driver.remember(str(encrypted), KEY)  # this test process opens it too, to plant
    plant(encrypted)
    assert sum(hits(path) for path in files_of(encrypted)) == 0  # held, but only encrypted
    assert b"Jo Pennington" not in encrypted.read_bytes()
    (tmp_path / "plain").mkdir()
    plain = surveyed_db(tmp_path / "plain")
    plant(plain)
    assert findings(encrypted, tmp_path, key=KEY) == findings(plain, tmp_path)
    info = with_key("--db", encrypted, "info", cwd=tmp_path)
    assert "encryption      SQLCipher: the database file is encrypted" in info.stdout
    assert "engage init --encrypted" in engage("--db", plain, "info", cwd=tmp_path).stdout

    erased = with_key("--db", encrypted, "erase", "--respondent", NAME, "--yes", cwd=tmp_path)
    assert erased.returncode == 0, erased.stderr
    assert "1 interviews" in erased.stdout
    assert with_key("--db", encrypted, "check", cwd=tmp_path).returncode == 0
    sar = with_key(
        "--db",
        encrypted,
        "subject-access",
        "--respondent",
        NAME,
        "-o",
        tmp_path / "s.json",
        cwd=tmp_path,
    )
    assert "no records" in one_line_failure(sar)


def test_a_wrong_or_missing_passphrase_is_one_line_and_changes_nothing(encrypted, tmp_path):
    before = digest(encrypted)
    missing = engage(
        "--db", encrypted, "findings", "--questionnaire", "member_survey", cwd=tmp_path
    )
    assert one_line_failure(missing) == (
        f"engage: {encrypted}: the database is encrypted: give its passphrase in $ENGAGE_DB_KEY"
    )
    wrong = with_key(
        "--db",
        encrypted,
        *("responses", "import", RETURNS, "--questionnaire", "member_survey"),
        cwd=tmp_path,
        key="wrong",
    )
    assert one_line_failure(wrong) == (
        f"engage: {encrypted}: wrong passphrase for this encrypted database ($ENGAGE_DB_KEY)"
    )
    assert digest(encrypted) == before
    plain = surveyed_db(tmp_path)
    again = with_key("--db", plain, "init", "--encrypted", cwd=tmp_path)
    assert "already holds a database that is not encrypted" in one_line_failure(again)


def test_backups_bundles_and_exports_from_an_encrypted_database(encrypted, tmp_path):
    copy = tmp_path / "copy.db"
    made = with_key("--db", encrypted, "backup", "-o", copy, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert copy.read_bytes()[:16] != driver.HEADER  # the copy is encrypted too
    assert with_key("--db", copy, "check", cwd=tmp_path).returncode == 0
    assert "engage:" in engage("--db", copy, "check", cwd=tmp_path).stderr

    os.environ["ENGAGE_PASSPHRASE"] = "bundle pass"
    try:
        bundle = with_key(
            "--db",
            encrypted,
            "bundle",
            "export",
            "--passphrase",
            "-o",
            tmp_path / "b.engage",
            cwd=tmp_path,
        )
        assert bundle.returncode == 0, bundle.stderr
        coordinator = tmp_path / "coordinator.db"
        assert (
            with_key(
                "--db", coordinator, "init", "--encrypted", cwd=tmp_path, key="other"
            ).returncode
            == 0
        )
        merged = with_key(
            "--db",
            coordinator,
            "bundle",
            "merge",
            "--passphrase",
            tmp_path / "b.engage",
            cwd=tmp_path,
            key="other",
        )
        assert merged.returncode == 0, merged.stderr
    finally:
        del os.environ["ENGAGE_PASSPHRASE"]
    # Every figure arrives (themes are the kit's to bring, so they are left out here).
    figures = [
        findings(db, tmp_path, key=key) for db, key in ((coordinator, "other"), (encrypted, KEY))
    ]
    for found in figures:
        for question in found["questions"]:
            question.pop("themes", None)
    assert figures[0] == figures[1]

    exported = with_key(
        "--db",
        encrypted,
        "export",
        "--questionnaire",
        "member_survey",
        "--format",
        "csv",
        "-o",
        tmp_path / "out",
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr


def test_engage_works_without_sqlcipher_installed(tmp_path):
    """With `sqlcipher3` hidden, a plain database works and asking for encryption says what
    to install, in one line."""
    hide = (
        "import sys; sys.modules['sqlcipher3'] = None; from engagement_tui.cli import main; main()"
    )

    def run(*args):
        return subprocess.run(
            [sys.executable, "-c", hide, *map(str, args)],
            cwd=tmp_path,
            env={**os.environ, driver.KEY_ENV: KEY},
            capture_output=True,
            text=True,
            timeout=120,
        )

    plain = surveyed_db(tmp_path)
    assert run("--db", plain, "findings", "--questionnaire", "member_survey").returncode == 0
    refused = run("--db", tmp_path / "new.db", "init", "--encrypted")
    assert one_line_failure(refused).endswith('pip install "engagement-tui[encrypted]"')
