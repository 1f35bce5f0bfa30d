"""Provides the kill -9 harness: run the real app, SIGKILL it at random moments, check the database.

After each kill the database is reopened (as the next `engage` would) and checked:
`PRAGMA integrity_check` is ok, and every answer and draft the app acknowledged in the
ACK log (see engagement_tui/tui/ack_log.py) is stored with the same hash. The only
writes allowed to differ are those TRYed after the run's last acknowledgement: the one
in flight when the kill landed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engagement_tui.store import Store
from engagement_tui.tui.ack_log import value_digest
from tests.tui.kill_child import fields_questionnaire
from tests.tui.sample import seed

ROOT = Path(__file__).resolve().parents[2]
ANY = "*"
"""In `allowed`: any stored value will do (a detail's unlogged value from before)."""


@dataclass
class KillReport:
    kills: int = 0
    acknowledged: int = 0
    """Answer and draft commits the app reported saved, over all runs."""
    lost: list[str] = field(default_factory=list)
    """Acknowledged writes not found in the database (must stay empty)."""
    integrity_failures: int = 0
    in_flight_applied: int = 0
    """Kills that landed after a commit but before its ACK line (allowed: nothing was
    reported saved that was not, the write simply got in before the kill)."""


def _runs(log: Path) -> list[list[list[str]]]:
    """The log's lines split into runs (each child writes RUN first)."""
    runs: list[list[list[str]]] = []
    if not log.exists():
        return runs
    for line in log.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if parts[0] == "RUN":
            runs.append([])
        elif runs and len(parts) >= 2:
            runs[-1].append(parts)
    return runs


def expected_state(log: Path) -> tuple[dict, dict, int, set]:
    """What must be stored, what else may be, the ACK count, and the last run's tail keys.

    Keys are (interview uuid, question) for answers and (uuid, "draft:" + question) for
    drafts; values are hashes, with value_digest(None) meaning 'not stored'. A write TRYed
    after a run's last acknowledgement was in flight when the kill landed: it may or may
    not be stored, until a later acknowledgement of the same key settles it.
    """
    gone = value_digest(None)
    expected: dict[tuple[str, str], str] = {}
    allowed: dict[tuple[str, str], set[str]] = {}
    acknowledged = 0
    last_tail: set[tuple[str, str]] = set()

    def settle(key: tuple[str, str], digest: str) -> None:
        expected[key] = digest
        allowed.pop(key, None)

    for lines in _runs(log):
        uuid = ""
        tail: list[tuple[str, str, str]] = []
        for parts in lines:
            kind = parts[0]
            if kind == "OPEN":
                uuid = parts[1]
            elif kind == "TRY":
                tail.append((uuid, parts[1], parts[2]))
            elif kind == "ACK":
                settle((uuid, parts[1]), parts[2])
                settle((uuid, "draft:" + parts[1]), gone)  # an answer replaces its draft
                acknowledged += 1
                tail = []
            elif kind == "DRAFT":
                settle((uuid, "draft:" + parts[1]), parts[2])
                acknowledged += 1
                tail = []
        last_tail = set()
        for owner, key, digest in tail:
            allowed.setdefault((owner, key), set()).add(digest)
            if key.startswith("detail:") and (owner, key) not in expected:
                # A detail has a value from the start (not logged): in flight, it may stay.
                allowed[(owner, key)].add(ANY)
            last_tail.add((owner, key))
            if not key.startswith("draft:"):
                allowed.setdefault((owner, "draft:" + key), set()).add(gone)
                last_tail.add((owner, "draft:" + key))
    return expected, allowed, acknowledged, last_tail


DETAILS = ("respondent", "role", "consent_basis", "attribution")
"""Interview details changeable from the review, logged and checked as `detail:<field>`."""


def stored_state(store: Store, uuids: set[str]) -> dict[tuple[str, str], str]:
    state = {}
    for uuid in uuids:
        interview = store.interviews.get(uuid)
        for name in DETAILS:
            state[(uuid, "detail:" + name)] = value_digest(getattr(interview, name))
        for question, value in store.interviews.answers(uuid).items():
            state[(uuid, question)] = value_digest(value)
        for question, text in store.interviews.drafts(uuid).items():
            state[(uuid, "draft:" + question)] = value_digest(text)
    return state


def check(db: Path, log: Path, report: KillReport) -> None:
    """Reopen the database and compare it with the log; record problems in `report`."""
    expected, allowed, acknowledged, last_tail = expected_state(log)
    report.acknowledged = acknowledged
    gone = value_digest(None)
    with Store.open(db) as store:
        if store.db.integrity_check() != "ok":
            report.integrity_failures += 1
        uuids = {uuid for uuid, _ in expected} | {uuid for uuid, _ in allowed}
        stored = stored_state(store, uuids)
    applied = False
    # Details are checked where the app changed them (every interview has some details).
    answers = {key for key in stored if not key[1].startswith("detail:")}
    for key in set(expected) | set(allowed) | answers:
        have = stored.get(key, gone)
        if have == expected.get(key, gone):
            continue
        if have in allowed.get(key, set()) or ANY in allowed.get(key, set()):
            applied = applied or key in last_tail
            continue
        report.lost.append(f"{key}: stored {have[:8]} expected {expected.get(key, gone)[:8]}")
    report.in_flight_applied += applied


def _wait_until_opened(log: Path, run: int, child: subprocess.Popen, limit: float = 30) -> None:
    """Wait until this run's child wrote OPEN to the log (or exited, or `limit` passed)."""
    marker = f"RUN {run}\n"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and child.poll() is None:
        text = log.read_text(encoding="utf-8")
        if "\nOPEN " in text[text.rfind(marker) :]:
            return
        time.sleep(0.02)


def run_kills(
    workdir: Path,
    kills: int,
    *,
    rng_seed: int = 7,
    delay: tuple[float, float] = (0.0, 1.6),
    progress: Callable[[KillReport], None] | None = None,
) -> KillReport:
    """Start the app `kills` times on one database, SIGKILL it after a random delay each time."""
    db, log = workdir / "kill.db", workdir / "acks.log"
    with Store.open(db) as store:
        seed(store)
        store.forms.save(fields_questionnaire())
    chance = random.Random(rng_seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENGAGE_ACK_LOG": str(log)}
    report = KillReport()
    for run in range(kills):
        with log.open("a", encoding="utf-8") as marker:
            marker.write(f"RUN {run}\n")
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.tui.kill_child", str(db), str(rng_seed * 1000 + run)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The delay runs from the moment the app opened its interview, not from the process
        # start: on a loaded machine start-up alone can outlast the whole delay, and a kill
        # before the first answer tests nothing.
        _wait_until_opened(log, run, child)
        time.sleep(chance.uniform(*delay))
        child.send_signal(signal.SIGKILL)
        child.wait()
        report.kills += 1
        check(db, log, report)
        if progress is not None:
            progress(report)
    return report
