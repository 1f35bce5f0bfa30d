"""Provides the findings benchmark: 1M answers (10,000 x 100) through engage vs naive pandas.

Target: `compute_findings` in <= 1.0 s and <= 0.33x the naive path measured in the same run.
The naive path is what one would write first: `pd.read_sql` of the answers joined to the
completed interviews, then a question x value crosstab (it ignores skip logic and JSON
lists, so it does less than the findings do). A second pair compares a breakdown by
organisation type with the naive crosstab by organisation type.

    .venv/bin/python benchmarks/bench_findings.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from findings_data import FORM_ID, cached_database  # noqa: E402

from engagement_tui.findings import compute_findings  # noqa: E402
from engagement_tui.store import Store  # noqa: E402

NAIVE_SQL = (
    "SELECT a.interview_id, a.question, a.value, o.type AS organisation_type FROM answers a"
    " JOIN interviews i ON i.id = a.interview_id"
    " LEFT JOIN organisations o ON o.id = i.organisation_id"
    " WHERE i.form_id = ? AND i.status = 'complete'"
)


def naive(store: Store, by: str | None) -> object:
    import pandas as pd

    frame = pd.read_sql(NAIVE_SQL, store.db.conn, params=(FORM_ID,))
    columns = frame["organisation_type"] if by else frame["value"]
    index = [frame["question"], frame["value"]] if by else frame["question"]
    return pd.crosstab(index, columns)


def timed(function, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_database()
    import pandas  # noqa: F401  (imported once, outside every timing)

    with Store.open(path) as store:
        answers = store.db.scalar("SELECT count(*) FROM answers")
        print(f"database {path}: {answers:,} answers")
        compute_findings(store, FORM_ID)  # warm the page cache
        rows = []
        for by in (None, "organisation_type"):
            ours, ours_min, findings = timed(
                lambda by=by: compute_findings(store, FORM_ID, by=by), args.repeat
            )
            base, base_min, _ = timed(lambda by=by: naive(store, by), args.repeat)
            rows.append((by or "(none)", ours, ours_min, base, base_min))
            assert findings["interviews"] == 10_000
        print(
            f"{'breakdown':<20} {'engage':>9} {'(min)':>7} {'pandas':>9} {'(min)':>7} {'ratio':>7}"
        )
        for label, ours, ours_min, base, base_min in rows:
            print(
                f"{label:<20} {ours:8.3f}s {ours_min:6.3f}s {base:8.3f}s {base_min:6.3f}s"
                f" {ours / base:6.2f}x"
            )
        ours = rows[0][1]
        ratio = ours / rows[0][3]
        verdict = "met" if ours <= 1.0 and ratio <= 0.33 else "NOT met"
        print(
            f"target (no breakdown): <= 1.0 s and <= 0.33x: {verdict} ({ours:.3f} s, {ratio:.2f}x)"
        )


if __name__ == "__main__":
    main()
