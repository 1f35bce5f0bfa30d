"""Benchmark of the TUI on a real pseudo-terminal: start-up, and keypress to next question.

    PYTHONPATH=. python benchmarks/bench_tui.py [--runs 10] [--presses 200]

1. Start-up: time from spawning `python -m engagement_tui --db DB` until the home screen's
   title bytes arrive on the terminal, beside a bare Textual app (Header, a 20-item
   ListView, an Input, a Label, Footer) measured the same way, interleaved, in the same
   run. Target: engage <= 1.2x the bare app.
2. Keypress: with an interview open, write "1" (answer a single-choice question) to the
   terminal and time until the next question's label arrives. The answer is committed
   before the screen moves on; the script checks every answer is in the database
   afterwards. Target: p99 <= 33 ms. Beside it, the floor on this machine in the same
   run: the bare app with a binding that only changes a label, timed the same way.

The database is demo-sized: 500 organisations, 200 interviews, and a 300-question form.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engagement_tui.interview.questionnaire import (  # noqa: E402
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store  # noqa: E402

QUESTIONS = 300
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Input, Label, ListItem, ListView

class Bare(App):
    BINDINGS = [("1", "count", "Count")]
    presses = 0

    def action_count(self):
        self.presses += 1
        self.query_one("#count", Label).update(f"press {self.presses:04d}")

    def compose(self):
        yield Header()
        yield ListView(*(ListItem(Label(f"item {n}")) for n in range(20)))
        yield Input(placeholder="type")
        yield Label("bare-ready-marker")
        yield Label("press 0000", id="count")
        yield Footer()

Bare().run()
"""


def build_database(path: Path) -> str:
    """A demo-sized database; returns the uuid of the draft interview to answer."""
    scale = ChoiceList("scale", tuple(Choice(f"c{n}", f"Option {n}") for n in range(1, 6)))
    questions = tuple(
        Question(
            f"q{n:03d}",
            "select_one",
            f"Q{n:03d} How far do you agree with statement {n}?",
            choice_list="scale",
            groups=(f"s{n // 30}",),
            probe="Ask for an example." if n % 3 == 0 else "",
        )
        for n in range(1, QUESTIONS + 1)
    )
    groups = tuple(Group(f"s{n}", f"Section {n}") for n in range(QUESTIONS // 30 + 1))
    form = Questionnaire(
        "bench", "Benchmark form", "1", questions=questions, groups=groups, choice_lists=(scale,)
    )
    with Store.open(path) as store:
        store.forms.save(form)
        kinds = ["NHS trust", "Commissioner", "Local authority", "Voluntary organisation"]
        store.register.upsert_many(
            [
                {"name": f"Organisation {n:03d}", "type": kinds[n % 4], "region": f"R{n % 7}"}
                for n in range(500)
            ]
        )
        for n in range(200):
            org = store.register.find(f"Organisation {n:03d}")
            uuid = store.interviews.create("bench", organisation_id=org.id).uuid
            store.interviews.save_answers(uuid, {f"q{k:03d}": "c2" for k in range(1, 21)})
            if n % 4:
                store.interviews.set_status(uuid, "complete")
        org = store.register.find("Organisation 499")
        return store.interviews.create("bench", organisation_id=org.id, respondent="Bench").uuid


class Terminal:
    """A child process on a pseudo-terminal of a fixed size, read from the master side."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (100, 30)) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> float:
        """Read until `marker` has arrived since the last call; return the monotonic time."""
        deadline = time.monotonic() + timeout
        self.seen = b""
        while marker not in self.seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{marker!r} not seen; last output {self.seen[-300:]!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                self.seen += os.read(self.master, 1 << 16)
        return time.monotonic()

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


RUN_APP_ONLY = "import sys; from pathlib import Path; from engagement_tui.tui.app import run_app; "
RUN_APP_ONLY += "run_app(Path(sys.argv[1]))"


def startup(db: Path, bare: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Interleaved: `engage` (click CLI), the app alone (run_app, no CLI), the bare app."""
    engage_times, app_times, bare_times = [], [], []
    engage = [sys.executable, "-m", "engagement_tui", "--db", str(db)]
    app_only = [sys.executable, "-c", RUN_APP_ONLY, str(db)]
    title = b"interviews with member organisations"
    for _ in range(runs):
        for argv, marker, times in (
            (engage, title, engage_times),
            (app_only, title, app_times),
            ([sys.executable, str(bare)], b"bare-ready-marker", bare_times),
        ):
            terminal = Terminal(argv)
            try:
                times.append(terminal.wait_for(marker) - terminal.started)
            finally:
                terminal.close()
    return engage_times, app_times, bare_times


def keypresses(db: Path, presses: int) -> list[float]:
    terminal = Terminal([sys.executable, "-m", "engagement_tui", "--db", str(db)])
    latencies = []
    try:
        terminal.wait_for(b"interviews with member organisations")
        terminal.send(b"\r")  # resume the newest draft: the benchmark interview
        terminal.wait_for(b"Q001 How far")
        time.sleep(0.3)
        for n in range(2, presses + 2):
            started = time.monotonic()
            terminal.send(b"1")
            latencies.append(terminal.wait_for(f"Q{n:03d} How far".encode()) - started)
            time.sleep(0.02)  # a person does not type faster than this
    finally:
        terminal.close()
    return latencies


def bare_keypresses(bare: Path, presses: int) -> list[float]:
    """The floor: the bare app's label redrawn after a key, on the same terminal setup."""
    terminal = Terminal([sys.executable, str(bare)])
    latencies = []
    try:
        terminal.wait_for(b"bare-ready-marker")
        time.sleep(0.3)
        for n in range(1, presses + 1):
            started = time.monotonic()
            terminal.send(b"1")
            latencies.append(terminal.wait_for(f"press {n:04d}".encode()) - started)
            time.sleep(0.02)
    finally:
        terminal.close()
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = percentile(values, 0.99)
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms  min {ordered[0] * 1000:7.1f} ms"
        f"  p99 {p99 * 1000:7.1f} ms  (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        db, bare = Path(workdir) / "bench.db", Path(workdir) / "bare_app.py"
        bare.write_text(BARE_APP)
        uuid = build_database(db)
        engage_times, app_times, bare_times = startup(db, bare, args.runs)
        print("start-up to first frame (pty)")
        print(f"  engage        {summary(engage_times)}")
        print(f"  run_app only  {summary(app_times)}  (no click CLI)")
        print(f"  bare Textual  {summary(bare_times)}")
        ratio = statistics.median(engage_times) / statistics.median(bare_times)
        print(
            f"  ratio engage/bare: median {ratio:.2f}x"
            f"  min {min(engage_times) / min(bare_times):.2f}x  (target <= 1.2x)"
        )
        ratio = statistics.median(app_times) / statistics.median(bare_times)
        print(
            f"  ratio run_app/bare: median {ratio:.2f}x"
            f"  min {min(app_times) / min(bare_times):.2f}x"
        )
        presses = min(args.presses, QUESTIONS - 1)
        latencies = keypresses(db, presses)
        floor = bare_keypresses(bare, presses)
        with Store.open(db) as store:
            stored = sum(
                1 for name, value in store.interviews.answers(uuid).items() if value == "c1"
            )
        print("keypress to next question on screen, answer committed (pty)")
        print(f"  engage        {summary(latencies)}")
        print(f"  bare label    {summary(floor)}")
        print(
            f"  p99 / 33 ms target: {percentile(latencies, 0.99) * 1000 / 33:.2f}x;"
            f" median engage/bare {statistics.median(latencies) / statistics.median(floor):.2f}x,"
            f" p99 engage/bare {percentile(latencies, 0.99) / percentile(floor, 0.99):.2f}x"
        )
        print(f"  answers committed: {stored} of {presses}")


if __name__ == "__main__":
    main()
