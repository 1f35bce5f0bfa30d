"""Times `engage responses import` of N survey returns end to end, in a real process, and its
peak memory, beside baselines measured in the same run (issue 15's goal: 100,000 returns in
<= 10 s and <= 300 MB).

  - the import: `python -m engagement_tui --db X responses import returns.csv` (a new process)
  - baseline A, reading: a process that only parses the same CSV with the csv module
  - baseline B, storing: a process that only inserts the same number of answer rows with
    executemany into a keyless table (WAL, synchronous=FULL): the floor for the write
  - baseline C, Python: a process that starts and exits (interpreter start-up)

Peak memory is each process's maximum resident set (getrusage, RUSAGE_CHILDREN, measured in a
fresh child each time). Run from the repository root:
  .venv/bin/python benchmarks/bench_stream_import.py [N]      (default 100000)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_responses_import import write_returns  # noqa: E402
from engagement_tui.loaders import load  # noqa: E402

GOAL_S, GOAL_MB = 10.0, 300.0

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, f"{seconds:.3f}", f"{peak:.1f}")
sys.stderr.write(done.stderr[-2000:])
"""

READ_ONLY = """
import csv, sys
csv.field_size_limit(10_000_000)
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = sum(1 for _ in csv.reader(handle))
print(rows)
"""

FLOOR = """
import sqlite3, sys
count, per = int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL"); db.execute("PRAGMA synchronous = FULL")
db.execute("CREATE TABLE answers (interview INTEGER, question TEXT, value TEXT)")
db.execute("BEGIN")
db.executemany("INSERT INTO answers VALUES (?, ?, ?)",
               ((i, f"q{j}", '"x"') for i in range(count) for j in range(per)))
db.execute("COMMIT")
"""


def measure(*command: str) -> tuple[int, float, float]:
    """(exit status, seconds, peak MB) of `command` run in a fresh child process."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    status, seconds, peak = result.stdout.split()
    if int(status) != 0:
        print(result.stderr, file=sys.stderr)
    return int(status), float(seconds), float(peak)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    survey = load(ROOT / "questionnaires" / "member-survey.yaml")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        returns = work / "returns.csv"
        answers = write_returns(survey, returns, count)
        db = work / "import.db"
        engage = [sys.executable, "-m", "engagement_tui", "--db", str(db)]
        subprocess.run([*engage[:-2], "--db", str(db), "init"], check=True, capture_output=True)
        subprocess.run(
            [*engage, "questionnaire", "import", str(ROOT / "questionnaires/member-survey.yaml")],
            check=True,
            capture_output=True,
        )
        status, import_s, import_mb = measure(
            *engage, "responses", "import", str(returns), "--questionnaire", "member_survey"
        )
        _, read_s, read_mb = measure(sys.executable, "-c", READ_ONLY, str(returns))
        per = max(1, answers // count)
        _, floor_s, floor_mb = measure(
            sys.executable, "-c", FLOOR, str(work / "floor.db"), str(count), str(per)
        )
        _, python_s, python_mb = measure(sys.executable, "-c", "pass")
        size_mb = returns.stat().st_size / 1e6

    print(f"returns: {count:,} ({size_mb:.1f} MB of CSV, {answers:,} answers)")
    print(
        f"engage responses import: {import_s:7.2f} s  {import_mb:7.1f} MB peak"
        f"  (exit {status}; goal <= {GOAL_S:.0f} s and <= {GOAL_MB:.0f} MB:"
        f" {'met' if status == 0 and import_s <= GOAL_S and import_mb <= GOAL_MB else 'NOT met'})"
    )
    print(f"baseline A, csv read only:  {read_s:7.2f} s  {read_mb:7.1f} MB peak")
    print(f"baseline B, executemany:    {floor_s:7.2f} s  {floor_mb:7.1f} MB peak")
    print(f"baseline C, python start:   {python_s:7.2f} s  {python_mb:7.1f} MB peak")
    print(
        f"import is {import_s / max(read_s + floor_s, 1e-9):.1f}x (read + write floors),"
        f" {import_mb / max(python_mb, 1e-9):.1f}x python's own memory"
    )


if __name__ == "__main__":
    main()
