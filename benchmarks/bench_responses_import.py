"""Times `engage responses import` and `engage demo` beside same-run baselines.

Writes a CSV of N synthetic survey returns for the shipped member survey (answers walked
through the interview session by the demo generator), then times:
  - read + check every row (the session validates each value),
  - the bulk store write (one transaction, executemany),
  - baseline A: raw executemany of the same answer rows into a keyless table (the floor),
  - baseline B: the per-interview path (create + save_answers, one commit each) on a sample,
  - the whole demo (generate + store).
Run from the repository root: .venv/bin/python benchmarks/bench_responses_import.py [N]
"""

from __future__ import annotations

import csv
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engagement_tui.demo import run_demo, shipped_questionnaires  # noqa: E402
from engagement_tui.demo.answers import ChoiceHabits, Respondent, walk  # noqa: E402
from engagement_tui.loaders import load  # noqa: E402
from engagement_tui.responses.files import read_table  # noqa: E402
from engagement_tui.responses.importer import prepare_rows  # noqa: E402
from engagement_tui.store import Store  # noqa: E402


def write_returns(questionnaire, path: Path, count: int) -> int:
    rng = random.Random(1)
    habits = ChoiceHabits(rng, questionnaire)
    columns = [q.name for q in questionnaire.questions if q.answerable]
    answers_total = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, "organisation", "instanceID"])
        for index in range(count):
            respondent = Respondent("NHS trust", "Northdale and Wyebridge ICS", "anonymous", True)
            result = walk(questionnaire, respondent, rng, habits, date(2026, 3, 2))
            answers_total += len(result.answers)
            cells = [result.answers.get(name, "") for name in columns]
            cells = [" ".join(v) if isinstance(v, list) else v for v in cells]
            writer.writerow([*cells, f"Member {index % 150}", f"uuid:{index}"])
    return answers_total


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    survey = load(ROOT / "questionnaires" / "member-survey.yaml")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        csv_path = work / "returns.csv"
        answers_total = write_returns(survey, csv_path, count)

        store = Store.open(work / "bulk.db")
        store.forms.save(survey)
        check_s, prepared = timed(lambda: prepare_rows(read_table(csv_path), survey))
        write_s, _ = timed(
            lambda: store.imports.import_many(
                [row.interview for row in prepared],
                [row.organisation for row in prepared if row.organisation],
            )
        )
        stored = store.counts()["answers"]
        store.close()

        rows = [(i, f"q{j}", '"x"') for i in range(count) for j in range(stored // count)]
        floor = sqlite3.connect(work / "floor.db", isolation_level=None)
        floor.execute("PRAGMA journal_mode = WAL")
        floor.execute("PRAGMA synchronous = FULL")
        floor.execute("CREATE TABLE answers (interview INTEGER, question TEXT, value TEXT)")

        def raw_floor():
            floor.execute("BEGIN")
            floor.executemany("INSERT INTO answers VALUES (?, ?, ?)", rows)
            floor.execute("COMMIT")

        floor_s, _ = timed(raw_floor)
        floor.close()

        sample = prepared[: min(200, count)]
        single = Store.open(work / "single.db")
        single.forms.save(survey)

        def one_by_one():
            for row in sample:
                interview = single.interviews.create("member_survey", status="complete")
                single.interviews.save_answers(interview.uuid, row.interview.answers)

        single_s, _ = timed(one_by_one)
        single.close()

        questionnaires = [load(path) for path in shipped_questionnaires()]
        demo_store = Store.open(work / "demo.db")
        demo_s, summary = timed(lambda: run_demo(demo_store, questionnaires, 2026))
        demo_store.close()

    per_row_single = single_s / len(sample)
    print(f"rows: {count}, answers stored: {stored} (generated {answers_total})")
    print(f"read + check:            {check_s:7.3f} s  ({count / check_s:,.0f} rows/s)")
    print(f"bulk store write:        {write_s:7.3f} s  ({stored / write_s:,.0f} answers/s)")
    print(f"floor, raw executemany:  {floor_s:7.3f} s  (bulk write is {write_s / floor_s:.1f}x it)")
    print(
        f"one commit per interview: {per_row_single * 1000:6.2f} ms/row on {len(sample)} rows"
        f" (bulk write is {per_row_single / (write_s / count):.0f}x faster per row)"
    )
    print(
        f"demo: {demo_s:.3f} s for {summary.completed + summary.drafts + summary.withdrawn}"
        f" interviews and {summary.organisations} organisations"
    )


if __name__ == "__main__":
    main()
