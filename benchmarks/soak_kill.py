"""Soak test: SIGKILL the real app many times mid-interview and report what was lost.

    PYTHONPATH=. python benchmarks/soak_kill.py [KILLS] [SEED] [MAX_DELAY]  (1000 kills, 1.8 s)

Each run starts `engage`'s app in a child process answering interviews with real key
presses (the sample questionnaire, and one whose screens hold several questions each; at
the review it changes interview details or reopens answers), kills it a random 0-1.8 s
after it opened its interview (longer on a loaded machine, where the app needs seconds for
its first keys: MAX_DELAY), reopens the database and checks integrity and
that every answer and draft the app acknowledged (ENGAGE_ACK_LOG) is stored.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.tui.kill_harness import KillReport, run_kills  # noqa: E402


def _progress(report: KillReport) -> None:
    if report.kills % 50 == 0:
        print(
            f"after {report.kills} kills: acknowledged {report.acknowledged},"
            f" lost {len(report.lost)}, integrity failures {report.integrity_failures}",
            flush=True,
        )


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    max_delay = float(sys.argv[3]) if len(sys.argv) > 3 else 1.8
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        report = run_kills(
            Path(workdir), kills, rng_seed=seed, delay=(0.0, max_delay), progress=_progress
        )
    elapsed = time.perf_counter() - started
    print(f"kills                 {report.kills}")
    print(f"acknowledged writes   {report.acknowledged}")
    print(f"lost                  {len(report.lost)}")
    print(f"integrity failures    {report.integrity_failures}")
    print(f"in-flight applied     {report.in_flight_applied}")
    print(f"elapsed               {elapsed:.0f} s")
    for problem in report.lost[:20]:
        print("LOST", problem)
    sys.exit(1 if report.lost or report.integrity_failures else 0)


if __name__ == "__main__":
    main()
