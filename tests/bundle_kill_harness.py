"""Kills `engage bundle merge` with SIGKILL at random moments and checks what is left.

Used by tests/test_bundles_kill.py (a CI-sized run) and benchmarks/kill_merge.py (hundreds).
Each kill starts a real `python -m engagement_tui bundle merge` of several encrypted bundles
into a fresh copy of a coordinator's database, kills it after a random delay between half the
process's start-up and the time a whole merge takes, then checks `PRAGMA integrity_check`
and that each bundle is wholly in (every interview, answer and history entry, and its log
row) or wholly out (none of them).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class KillReport:
    kills: int = 0
    integrity_failures: int = 0
    partial_bundles: list[str] = field(default_factory=list)
    bundles_in: dict[int, int] = field(default_factory=dict)
    """How many kills left 0, 1, 2 ... bundles merged: kills landed all through the merges."""


@dataclass(frozen=True)
class Setup:
    template: Path
    identity: Path
    bundles: list[tuple[Path, set[str], int, int]]
    """Each bundle: path, its interview UUIDs, its answer and history counts."""


def build(work: Path, bundles: int = 4, interviews: int = 100, questions: int = 40) -> Setup:
    sys.path.insert(0, str(ROOT))
    from engagement_tui.bundles import merge_files, write_bundle, write_kit
    from engagement_tui.bundles.crypto import new_identity
    from engagement_tui.loaders import load
    from engagement_tui.store import Store
    from engagement_tui.store.imports import NewInterview

    recipient = new_identity(work / "identity.txt")
    with Store.open(work / "template.db") as coordinator:
        coordinator.forms.save(load(ROOT / "questionnaires" / "member-survey.yaml"))
        coordinator.settings.set("bundle.recipient", recipient)
        write_kit(coordinator, work / "kit.engage")
    made = []
    for n in range(bundles):
        with Store.open(work / f"laptop{n}.db") as laptop:
            merge_files(laptop, [work / "kit.engage"])
            rows = [
                NewInterview(
                    "member_survey",
                    {f"q{q:02d}": f"answer {q} of {n}.{i}" for q in range(questions)},
                    organisation=f"Field organisation {n}.{i % 7}",
                )
                for i in range(interviews)
            ]
            uuids = set(laptop.imports.import_many(rows).uuids)
            path = write_bundle(laptop, work / f"laptop{n}.engage").path
            made.append((path, uuids, interviews * questions, interviews * questions))
    return Setup(work / "template.db", work / "identity.txt", made)


def _command(setup: Setup, db: Path) -> list[str]:
    paths = [str(path) for path, *_ in setup.bundles]
    return [
        sys.executable,
        "-m",
        "engagement_tui",
        "--db",
        str(db),
        "bundle",
        "merge",
        *paths,
        "--identity",
        str(setup.identity),
    ]


def start_up_seconds() -> float:
    """How long `engage` takes to start before it does anything (imports, on this machine)."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--version"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def whole_run_seconds(setup: Setup, work: Path) -> float:
    db = work / "calibrate.db"
    shutil.copy(setup.template, db)
    started = time.monotonic()
    subprocess.run(_command(setup, db), cwd=ROOT, check=True, capture_output=True)
    return time.monotonic() - started


def check(setup: Setup, db: Path, report: KillReport) -> None:
    conn = sqlite3.connect(db)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            report.integrity_failures += 1
        merged = 0
        for path, uuids, answers, history in setup.bundles:
            marks = ", ".join("?" * len(uuids))
            found = conn.execute(
                f"SELECT count(*), (SELECT count(*) FROM answers WHERE interview_id IN"
                f" (SELECT id FROM interviews WHERE uuid IN ({marks}))),"
                f" (SELECT count(*) FROM answer_history WHERE interview_id IN"
                f" (SELECT id FROM interviews WHERE uuid IN ({marks})))"
                f" FROM interviews WHERE uuid IN ({marks})",
                [*uuids, *uuids, *uuids],
            ).fetchone()
            logged = conn.execute(
                "SELECT count(*) FROM bundles WHERE device_uuid IN"
                " (SELECT origin_device FROM interviews WHERE uuid IN (" + marks + "))",
                list(uuids),
            ).fetchone()[0]
            if found == (len(uuids), answers, history) and logged == 1:
                merged += 1
            elif found != (0, 0, 0):
                report.partial_bundles.append(f"{db}: {path.name} {found}")
        report.bundles_in[merged] = report.bundles_in.get(merged, 0) + 1
    finally:
        conn.close()


def run_kills(work: Path, kills: int, seed: int = 1, setup: Setup | None = None) -> KillReport:
    setup = setup or build(work)
    rng = random.Random(seed)
    longest = whole_run_seconds(setup, work)
    # Most kills land once the merging has begun: half of start-up is the earliest moment.
    earliest = min(start_up_seconds() / 2, longest / 2)
    report = KillReport()
    for n in range(kills):
        db = work / f"kill{n % 3}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(setup.template, db)
        process = subprocess.Popen(
            _command(setup, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(earliest, longest))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        report.kills += 1
        check(setup, db, report)
    return report
