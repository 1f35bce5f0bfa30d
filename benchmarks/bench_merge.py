"""Provides the merge benchmark: 100 encrypted bundles of 100 interviews x 100 questions
(1M answers, each with its history entry) merged into one coordinator database, beside a
raw floor measured in the same run.

Target: `engage bundle merge`'s path (decrypt, check manifest and checksum, merge each bundle
in its own transaction, one checkpoint at the end) in <= 5 s and <= 3x the floor. The floor
is what one would write with no checks at all: for each bundle already decrypted, `ATTACH`
it and copy its interviews, answers and history with `INSERT ... SELECT` in one transaction,
into the same tables and indexes (the template is migrated to this version's schema first),
with the same journal (WAL, synchronous=FULL, one checkpoint at the end) and without
triggers (a merge switches the version-clock ones off, and does the answers' search
triggers' work in one statement per bundle). Both are timed in wall and CPU seconds: on a
shared machine the CPU seconds say more.

    .venv/bin/python benchmarks/bench_merge.py [--bundles 100] [--interviews 100] [--questions 100]

The bundles are built once (several minutes) into the temporary folder and reused by later
runs with the same sizes; `--rebuild` makes them afresh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engagement_tui.bundles import merge_files, write_bundle, write_kit  # noqa: E402
from engagement_tui.bundles.crypto import decrypt, new_identity  # noqa: E402
from engagement_tui.loaders import load  # noqa: E402
from engagement_tui.store import Store  # noqa: E402
from engagement_tui.store.imports import NewInterview  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [
    "INSERT INTO interviews (uuid, questionnaire_id, form_id, respondent, status, device,"
    " started_at, updated_at, completed_at) SELECT bi.uuid, q.id, bi.form_id, bi.respondent,"
    " bi.status, bi.device, bi.started_at, bi.updated_at, bi.completed_at FROM b.interviews bi"
    " JOIN questionnaires q ON q.form_id = bi.form_id AND q.content_hash = bi.questionnaire_hash",
    "INSERT INTO answers (interview_id, question, value, updated_at) SELECT i.id, a.question,"
    " a.value, a.updated_at FROM b.answers a JOIN interviews i ON i.uuid = a.interview_uuid",
    "INSERT INTO answer_history (interview_id, question, old_value, new_value, changed_at,"
    " device) SELECT i.id, h.question, h.old_value, h.new_value, h.changed_at, h.device"
    " FROM b.answer_history h JOIN interviews i ON i.uuid = h.interview_uuid",
]


def build(work: Path, bundles: int, interviews: int, questions: int) -> tuple[Path, list[Path]]:
    """The coordinator's database (after `keys new` and its kit) and the laptops' bundles."""
    survey = load(ROOT / "questionnaires" / "member-survey.yaml")
    recipient = new_identity(work / "identity.txt")
    with Store.open(work / "template.db") as coordinator:
        coordinator.forms.save(survey)
        coordinator.settings.set("bundle.recipient", recipient)
        write_kit(coordinator, work / "kit.engage")
    paths = []
    for n in range(bundles):
        with Store.open(work / f"laptop{n}.db") as laptop:
            merge_files(laptop, [work / "kit.engage"])
            rows = [
                NewInterview(
                    "member_survey",
                    {f"q{q:03d}": f"answer {q} of {n}.{i}" for q in range(questions)},
                    respondent=f"Respondent {n}.{i}",
                )
                for i in range(interviews)
            ]
            laptop.imports.import_many(rows)
            paths.append(write_bundle(laptop, work / f"laptop{n}.engage").path)
        (work / f"laptop{n}.db").unlink()
    return work / "template.db", paths


def floor(database: Path, plain: list[Path]) -> tuple[float, float]:
    """Seconds (wall, CPU) to copy the plain bundles in, one transaction each, with the
    store's journal (WAL, synchronous=FULL) and its one checkpoint at the end."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for path in plain:
        conn.execute("ATTACH DATABASE ? AS b", (str(path),))
        conn.execute("BEGIN IMMEDIATE")
        for statement in FLOOR:
            conn.execute(statement)
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE b")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=100)
    parser.add_argument("--interviews", type=int, default=100)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    sizes = f"{args.bundles}x{args.interviews}x{args.questions}"
    cache = Path(tempfile.gettempdir()) / f"engage-bench-merge-{sizes}"
    if args.rebuild or not (cache / "done").exists():
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        started = time.perf_counter()
        build(cache, args.bundles, args.interviews, args.questions)
        (cache / "done").write_text("")
        print(f"built {args.bundles} bundles in {time.perf_counter() - started:.1f} s ({cache})")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template = work / "template.db"
        shutil.copy(cache / "template.db", template)
        Store.open(template).close()  # this version's schema (migrations), for both paths
        bundles = [cache / f"laptop{n}.engage" for n in range(args.bundles)]
        shutil.copy(cache / "identity.txt", work / "identity.txt")
        plain = []
        for path in bundles:
            copy = work / f"{path.stem}.sqlite"
            copy.write_bytes(decrypt(path.read_bytes(), str(path), identity=work / "identity.txt"))
            plain.append(copy)
        shutil.copy(template, work / "floor.db")
        shutil.copy(template, work / "engage.db")
        base, base_cpu = floor(work / "floor.db", plain)
        with Store.open(work / "engage.db") as store:
            started, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
            merge_files(store, bundles, identity=work / "identity.txt")
            ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
            merging = time.thread_time() - own  # the rest: decrypting and checking, beside
            answers = store.db.scalar("SELECT count(*) FROM answers")
            check = store.db.integrity_check()
        with sqlite3.connect(work / "floor.db") as conn:
            floor_answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        assert answers == floor_answers == args.bundles * args.interviews * args.questions
        print(f"answers merged {answers:,} (integrity_check: {check})")
        print(f"{'path':<34} {'seconds':>9} {'CPU s':>9}")
        print(f"{'engage bundle merge':<34} {ours:8.3f}s {ours_cpu:8.3f}s")
        print(f"{'  of which merging (main thread)':<34} {'':9} {merging:8.3f}s")
        print(f"{'floor: ATTACH + INSERT ... SELECT':<34} {base:8.3f}s {base_cpu:8.3f}s")
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        ratio = ours / base
        verdict = "met" if ours <= 5.0 and ratio <= 3.0 else "NOT met"
        print(f"target: <= 5 s and <= 3x the floor: {verdict} ({ours:.3f} s, {ratio:.2f}x)")


if __name__ == "__main__":
    main()
