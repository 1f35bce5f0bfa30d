"""Helpers for the data-safety tests (issue 15): real `engage` processes on real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SURVEY = ROOT / "questionnaires" / "member-survey.yaml"
RETURNS = ROOT / "examples" / "member-survey-returns.csv"


def engage(*args: object, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m engagement_tui ARGS` in `cwd`; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "ENGAGE_INTERVIEWER": "Tester"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_failure(result: subprocess.CompletedProcess) -> str:
    """Assert exit 1, no traceback, and a single `engage:` line; return that line."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("engage:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


_CACHE: dict[str, Path] = {}


def surveyed_db(folder: Path) -> Path:
    """A database at folder/t.db with member_survey and its 30 example returns imported."""
    if "surveyed" not in _CACHE:
        import tempfile

        base = Path(tempfile.mkdtemp(prefix="engage-surveyed-"))
        db = base / "t.db"
        for args in (
            ("init",),
            ("questionnaire", "import", SURVEY),
            ("responses", "import", RETURNS, "--questionnaire", "member_survey"),
        ):
            result = engage("--db", db, *args, cwd=base)
            assert result.returncode == 0, result.stderr
        _CACHE["surveyed"] = db
    target = folder / "t.db"
    shutil.copy(_CACHE["surveyed"], target)
    os.chmod(target, 0o600)
    return target
