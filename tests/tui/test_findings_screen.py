"""Pilot tests of the findings screen: headlines, bases, suppression, a worker that never blocks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from textual.geometry import Region
from textual.widgets import Static

import engagement_tui.findings as findings_engine
from engagement_tui.store import Store
from engagement_tui.tui import report_job
from engagement_tui.tui.screens.findings import FindingsScreen
from tests.tui.conftest import make_app
from tests.tui.insights_data import seed_pulse

SIZE = (100, 30)


def shown(app, selector: str) -> str:
    """The words a widget shows, lines joined (headlines wrap)."""
    widget = app.screen.query_one(selector, Static)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(strip.text.split()) for strip in lines).strip()


async def counted(app, pilot) -> None:
    """Wait until the findings worker is done and its message handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_question_headline_base_and_a_suppressed_group(store: Store):
    seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")  # one questionnaire: no picker
        await counted(app, pilot)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert "Key findings" in shown(app, "#detail")
        await pilot.press("down")  # past the section heading to the first question
        assert screen.shown_question == "right_approach"
        detail = shown(app, "#detail")
        assert (
            "Five of the eight respondents (63%) agree that ICSs represent the right approach"
            " to partnership working." in detail
        )
        assert "Base: 8 respondents" in detail
        assert "Agree" in detail and "50% (4)" in detail
        await pilot.press("b")
        await counted(app, pilot)
        assert screen.by == "organisation_type"
        assert screen.shown_question == "right_approach"  # the same question stays shown
        table = shown(app, "#breakdown")
        # Two councils: under the threshold of five, so stars and the note, no percentages.
        assert "All Local authority NHS trust n=8 n=2 n=6" in table
        # The trusts are hidden too: All minus trusts would give the two councils' answers.
        assert "Agree 50% * *" in table
        assert "Net favourable 63% * *" in table
        assert "* not shown: fewer than 5 respondents, or hidden to protect a small group" in table
        assert "breakdown: organisation type" in shown(app, "#findings-status")
        await pilot.press("l")  # the list hides; the detail has the width and the focus
        assert not screen.query_one("#question-list").display
        assert app.focused is screen.query_one("#question-detail")


async def test_the_worker_leaves_the_screen_answering_keys(store: Store, monkeypatch):
    """While findings are counted the loading indicator shows and keys still act."""
    seed_pulse(store)
    gate = threading.Event()
    real = findings_engine.compute_findings
    threads = []

    def held(*args, **kwargs):
        threads.append(threading.current_thread())
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(findings_engine, "compute_findings", held)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert screen.query_one("#findings-loading").display
        assert shown(app, "#findings-status") == "Counting…"
        await pilot.press("b")  # handled while the first count is still held
        assert screen.by == "organisation_type" and screen.findings is None
        gate.set()
        await counted(app, pilot)
        assert not screen.query_one("#findings-loading").display
        # Only the answer to the latest request is shown.
        assert screen.findings is not None and screen.findings["by"] == "organisation_type"
        assert threading.main_thread() not in threads


async def test_an_unknown_questionnaire_is_one_line_not_a_crash(store: Store):
    seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(FindingsScreen(store, "nope"))
        await counted(app, pilot)
        assert "no questionnaire 'nope'" in shown(app, "#findings-status")


async def test_palette_opens_findings_and_coding(store: Store):
    seed_pulse(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"findings", "enter")
        await counted(app, pilot)
        assert isinstance(app.screen, FindingsScreen)


async def test_palette_writes_the_pdf_report_in_a_worker(store: Store, tmp_path, monkeypatch):
    seed_pulse(store)
    monkeypatch.chdir(tmp_path)  # the report goes to ./exports/, as with engage report
    gate = threading.Event()
    real = report_job.write_pdf_report

    def held(*args, **kwargs):
        gate.wait(10)  # the worker waits here until the progress has been seen
        return real(*args, **kwargs)

    monkeypatch.setattr(report_job, "write_pdf_report", held)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await counted(app, pilot)
        await pilot.press("ctrl+p", *"write pdf", "enter")  # the same action as the w key
        await pilot.pause()
        assert app.screen.query_one("#report-progress").display  # shown while it is written
        gate.set()
        await counted(app, pilot)
        assert not app.screen.query_one("#report-progress").display
        reports = list((tmp_path / "exports").glob("pulse-*.pdf"))
        assert len(reports) == 1
        assert reports[0].read_bytes().startswith(b"%PDF")
        assert any(
            f"Report written: exports/{reports[0].name}" in str(n.message)
            for n in app._notifications
        )


def test_findings_screen_snapshot(store: Store, snap_compare):
    """Findings at 100x30 on "ICSs represent the right approach..." broken down by
    organisation type: the question list on the left (Key findings, Your views, The year
    ahead), the green headline "Five of the eight respondents (63%) agree...", "Base: 8
    respondents", five bars with percent and count, then the table with a column each for
    All (n=8), Local authority (n=2: "*" in every row) and NHS trust (n=6: "*" too, or it
    would give the councils' answers away), a Net favourable row, and the note
    "* not shown: fewer than 5 respondents, or hidden to protect a small group"."""
    seed_pulse(store)

    async def run_before(pilot) -> None:
        await pilot.press("f")
        await counted(pilot.app, pilot)
        await pilot.press("down", "b")
        await counted(pilot.app, pilot)

    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=run_before)


def test_the_app_and_its_home_screen_do_not_import_the_findings_engine():
    """The findings engine is imported by the worker, not on the way to the first frame."""
    code = (
        "import sys; import engagement_tui.tui.app, engagement_tui.tui.screens.home;"
        " print(sorted(m for m in sys.modules if m.startswith('engagement_tui.findings')))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
