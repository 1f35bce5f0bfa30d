"""Soak test: SIGKILL `engage bundle merge` at many random moments and report what was left.

    .venv/bin/python benchmarks/kill_merge.py [KILLS] [SEED]      (default 200 kills)

Each kill merges four encrypted bundles (100 interviews x 40 answers each) into a fresh copy
of a coordinator's database in a real process, kills it after a random delay between half
its start-up and the time a whole merge takes, then checks `PRAGMA integrity_check` and that
every bundle is wholly in or wholly out (interviews, answers, history and its log row).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bundle_kill_harness import run_kills  # noqa: E402


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        report = run_kills(Path(workdir), kills, seed=seed)
    elapsed = time.perf_counter() - started
    print(f"kills                 {report.kills}")
    print(f"integrity failures    {report.integrity_failures}")
    print(f"partial bundles       {len(report.partial_bundles)}")
    shown = ", ".join(f"{n} in: {count}" for n, count in sorted(report.bundles_in.items()))
    print(f"bundles merged at kill {shown}")
    print(f"elapsed               {elapsed:.0f} s")
    for problem in report.partial_bundles[:20]:
        print("PARTIAL", problem)
    sys.exit(1 if report.partial_bundles or report.integrity_failures else 0)


if __name__ == "__main__":
    main()
