"""A database is created only on purpose: a mistyped --db is refused in one line and leaves
nothing behind; `init`, the demo and the imports create one; the app's default is made on
first open. Real `engage` processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def engage(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["findings", "--questionnaire", "member_survey"],
        ["report", "--questionnaire", "member_survey"],
        ["export", "--questionnaire", "member_survey", "--format", "csv"],
        ["questionnaire", "list"],
        ["org", "list"],
        ["settings", "list"],
        ["settings", "set", "report.organisation", "Confed"],
        ["interview", "--questionnaire", "member_survey", "--plain"],
        [],  # the app
    ],
    ids=lambda command: " ".join(command) or "app",
)
def test_a_mistyped_db_is_refused_in_one_line_and_nothing_is_created(tmp_path, command):
    typo = tmp_path / "sub" / "progamme.db"
    done = engage("--db", str(typo), *command, cwd=tmp_path)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"engage: no database at {typo} (a typo?)")
    assert f"--db {typo} init" in line
    assert "Traceback" not in done.stderr
    assert not typo.exists() and not typo.parent.exists()


def test_engage_db_from_the_environment_is_held_to_the_same_rule(tmp_path):
    typo = tmp_path / "progamme.db"
    done = engage("org", "list", cwd=tmp_path, env={"ENGAGE_DB": str(typo)})
    assert done.returncode == 1 and "no database at" in done.stderr
    assert not typo.exists()


def test_init_creates_once_and_says_so(tmp_path):
    db = tmp_path / "new" / "programme.db"
    first = engage("--db", str(db), "init", cwd=tmp_path)
    assert first.returncode == 0 and f"Created {db}" in first.stdout
    assert db.exists() and (db.stat().st_mode & 0o777) == 0o600
    again = engage("--db", str(db), "init", cwd=tmp_path)
    assert again.returncode == 0 and "already exists" in again.stdout
    assert engage("--db", str(db), "org", "list", cwd=tmp_path).stdout == "0 organisations\n"


@pytest.mark.parametrize(
    "command",
    [
        ["demo"],
        ["questionnaire", "import", str(ROOT / "questionnaires" / "member-survey.yaml")],
        ["org", "import", str(ROOT / "examples" / "member-register.csv")],
    ],
    ids=["demo", "questionnaire import", "org import"],
)
def test_demo_and_imports_create_their_database(tmp_path, command):
    db = tmp_path / "programme.db"
    done = engage("--db", str(db), *command, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert db.exists()


def test_info_names_a_missing_database_without_creating_it(tmp_path):
    db = tmp_path / "nothing.db"
    done = engage("--db", str(db), "info", cwd=tmp_path)
    assert done.returncode == 0 and f"{db} (not created yet)" in done.stdout
    assert not db.exists()


def test_read_commands_on_a_missing_default_database_say_how_to_start(tmp_path):
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "ENGAGE_DB": ""}
    done = engage("findings", "--questionnaire", "x", cwd=tmp_path, env=home)
    assert done.returncode == 1
    assert "no database yet at" in done.stderr and "demo" in done.stderr
    assert not (tmp_path / "data").exists()
