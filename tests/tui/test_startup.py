"""The app's entry point: what it imports before the first frame, and a database it cannot open."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "sqlite_utils", "pyxform", "reportlab", "openpyxl", "questionary")


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_first_screen_imports_nothing_heavy(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from engagement_tui.store import Store
        from engagement_tui.tui.app import EngagementApp
        from tests.tui.sample import seed

        store = Store.open(Path(sys.argv[1]))
        seed(store)
        seen = []

        async def look(pilot):
            await pilot.pause()
            seen.append(type(pilot.app.screen).__name__)
            pilot.app.exit()

        EngagementApp(store).run(headless=True, auto_pilot=look, size=(80, 24))
        heavy = [name for name in sys.argv[2:] if name in sys.modules]
        print(seen[0], "heavy:", ",".join(heavy) or "none")
        """
    )
    result = run_python(code, str(tmp_path / "e.db"), *HEAVY)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["HomeScreen", "heavy:", "none"]


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    code = (
        "import sys; from pathlib import Path; from engagement_tui.tui.app import run_app; "
        "run_app(Path(sys.argv[1]))"
    )
    result = run_python(code, str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("engage: ") and str(bad) in lines[0]


def test_coverage_panel_with_many_types_says_how_many_more():
    from engagement_tui.store.coverage import Coverage, CoverageRow
    from engagement_tui.tui.screens.home import coverage_content

    rows = tuple(CoverageRow(f"type {n}", n, 0, 10) for n in range(10))
    text = coverage_content(Coverage(CoverageRow("all", 45, 0, 100), rows, rows[:2])).plain
    assert "Engaged 45 of 100 organisations (45%)" in text
    assert "type 7" in text and "type 8" not in text
    assert "… and 2 more" in text


def test_coverage_rows_fit_the_panel_at_80_columns():
    """At 80x24 the coverage panel has 34 columns inside its border and scrollbar."""
    from types import SimpleNamespace as Row

    from engagement_tui.store.coverage import coverage
    from engagement_tui.tui.screens.home import coverage_content

    organisations = [
        Row(
            id=i,
            type="Voluntary, community and social enterprise",
            region="North East and Yorkshire",
        )
        for i in range(1, 4)
    ]
    interviews = [Row(organisation_id=1, status="complete")] * 120
    lines = coverage_content(coverage(organisations, interviews)).plain.splitlines()
    rows = [line for line in lines if "/" in line]
    assert rows and all(len(line) <= 34 for line in rows)
