"""Times a 100-question PDF and DOCX report with charts beside a 1-page reportlab floor.

    python benchmarks/bench_report.py [--reps 5]

The findings are synthetic but demo-sized and shaped like `engage findings --format json`:
100 questions (agreement scales and single choices with a breakdown by five member types,
one suppressed; multiple choices; rankings; numbers; open questions with themes and
quotes). Target: the full report in <= 3 s on the project's 2-core VM, in either format
(the DOCX draws its charts as PNG images, so it is timed the same way).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCALE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
TYPES = [
    "NHS trust",
    "Foundation trust",
    "Commissioner",
    "Local authority",
    "Voluntary organisation",
]
OPTIONS = ["Workforce", "Finance", "Digital", "Estates", "Prevention", "Social care", "Data"]


def _results(rng: random.Random, labels: list[str], base: int, multi: bool = False) -> list[dict]:
    if multi:
        counts = [rng.randint(0, base) for _ in labels]
    else:
        weights = [rng.random() for _ in labels]
        counts = [round(base * w / sum(weights)) for w in weights]
    return [
        {"value": f"c{i}", "label": label, "count": c, "percent": round(100 * c / base, 1)}
        for i, (label, c) in enumerate(zip(labels, counts, strict=True))
    ]


def synthetic_findings(questions: int = 100, interviews: int = 240, seed: int = 7) -> dict:
    rng = random.Random(seed)
    out = []
    for index in range(questions):
        kind = ["select_one", "select_one", "select_multiple", "rank", "integer", "text"][index % 6]
        base = rng.randint(150, interviews)
        question = {
            "name": f"q{index:03d}",
            "label": f"Question {index + 1}: how far do partners in your system agree on this?",
            "type": kind,
            "section": f"Section {index // 10 + 1}",
            "base": base,
            "results": [],
            "suppressed": False,
            "breakdown": {},
        }
        if kind == "select_one":
            labels = SCALE if index % 2 == 0 else OPTIONS[:4]
            question["results"] = _results(rng, labels, base)
            groups = {}
            for position, name in enumerate(TYPES):
                group_base = 3 if position == 4 and index % 4 == 0 else base // 5
                groups[name] = (
                    {"base": group_base, "suppressed": True}
                    if group_base < 5
                    else {"base": group_base, "results": _results(rng, labels, group_base)}
                )
            question["breakdown"] = {"organisation_type": groups}
        elif kind in ("select_multiple", "rank"):
            question["results"] = _results(rng, OPTIONS, base, multi=kind == "select_multiple")
            if kind == "rank":
                for result in question["results"]:
                    result["mean_rank"] = round(rng.uniform(1, 7), 1)
        elif kind == "integer":
            question["summary"] = {"n": base, "mean": 812.4, "median": 640, "min": 4, "max": 9100}
        else:
            question["themes"] = [{"name": o, "count": rng.randint(3, 60)} for o in OPTIONS[:5]]
            question["quotes"] = [
                {"text": "We need a plan everyone owns. " * 3, "attribution": "Chief Executive"}
            ] * 3
        if question["results"]:
            top = max(question["results"], key=lambda r: r["percent"])
            question["headline"] = f"{top['percent']:.0f}% of leaders chose {top['label']}"
        out.append(question)
    return {
        "questionnaire": {"form_id": "bench", "version": "1", "title": "Benchmark survey"},
        "interviews": interviews,
        "threshold": 5,
        "questions": out,
        "key_findings": [],
    }


def demo_store(path: Path, questions: int = 100, interviews: int = 240, seed: int = 11):
    """A store holding a 100-question questionnaire and `interviews` completed returns."""
    from engagement_tui.interview.questionnaire import (
        Choice,
        ChoiceList,
        Group,
        Question,
        Questionnaire,
    )
    from engagement_tui.store import Store

    rng = random.Random(seed)
    scale = ChoiceList("scale", tuple(Choice(f"s{i}", label) for i, label in enumerate(SCALE)))
    options = ChoiceList("opts", tuple(Choice(f"o{i}", label) for i, label in enumerate(OPTIONS)))
    kinds = ["select_one", "select_one", "select_multiple", "rank", "integer", "text"]
    items = tuple(
        Question(
            f"q{i:03d}",
            kinds[i % 6],
            f"Question {i + 1}: how far do partners in your system agree on this?",
            choice_list={"select_one": "scale", "select_multiple": "opts", "rank": "opts"}.get(
                kinds[i % 6], ""
            ),
            groups=(f"s{i // 10}",),
        )
        for i in range(questions)
    )
    form = Questionnaire(
        "bench",
        "Benchmark survey",
        questions=items,
        groups=tuple(Group(f"s{g}", f"Section {g + 1}") for g in range(questions // 10 + 1)),
        choice_lists=(scale, options),
    )
    store = Store.open(path)
    store.forms.save(form)
    orgs = [
        store.register.add(f"Member {n}", TYPES[n % len(TYPES)], f"Region {n % 7}")
        for n in range(300)
    ]
    names = [c.name for c in options.choices]
    for n in range(interviews):
        interview = store.interviews.create(
            "bench",
            organisation_id=orgs[n].id,
            respondent=f"Person {n}",
            status="complete",
            attribution=["named", "role_only", "anonymous"][n % 3],
            role="Chief Executive",
        )
        answers = {}
        for question in items:
            if question.type == "select_one":
                answers[question.name] = f"s{rng.randrange(5)}"
            elif question.type == "select_multiple":
                answers[question.name] = rng.sample(names, rng.randint(1, 3))
            elif question.type == "rank":
                answers[question.name] = rng.sample(names, len(names))
            elif question.type == "integer":
                answers[question.name] = rng.randint(3, 15000)
            else:
                answers[question.name] = "We need a plan everyone owns. " * rng.randint(1, 4)
        store.interviews.save_answers(interview.uuid, answers)
    return store


def _floor(buffer: io.BytesIO) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph("Title", styles["Title"]), Paragraph("One paragraph.", styles["BodyText"])]
    )


CPU_TIMES: dict[str, list[float]] = {}
"""CPU seconds of each timed run, by what was timed: on a host shared with other work the
wall time includes waiting for a core, so both are printed."""


def _time(function, reps: int) -> tuple[list[float], int]:
    times, size = [], 0
    cpu = CPU_TIMES.setdefault(getattr(function, "__name__", "run"), [])
    for _ in range(reps):
        buffer = io.BytesIO()
        start, start_cpu = time.perf_counter(), time.process_time()
        function(buffer)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(buffer.getvalue())
    return times, size


def _cpu(name: str) -> str:
    return f"CPU median {statistics.median(CPU_TIMES[name]):.2f} s"


def _load() -> str:
    import os

    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--no-store",
        dest="store",
        action="store_false",
        help="Skip the run through a real SQLite store and the findings engine.",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    from engagement_tui.report import write_report

    import_seconds = time.perf_counter() - start
    findings = synthetic_findings()
    meta = {"interviews": findings["interviews"], "survey_responses": 80}

    def report(buffer):
        write_report(findings, meta, buffer)

    report(io.BytesIO())  # warm-up: fonts registered, modules imported
    _floor(io.BytesIO())
    floor, floor_size = _time(_floor, args.reps)
    full, size = _time(report, args.reps)

    from pypdf import PdfReader

    buffer = io.BytesIO()
    report(buffer)
    pages = len(PdfReader(buffer).pages)
    floor_median, full_median = statistics.median(floor), statistics.median(full)
    print(f"import engagement_tui.report: {import_seconds * 1000:.0f} ms (reportlab loads lazily)")
    print(
        f"1-page reportlab floor: median {floor_median * 1000:.1f} ms"
        f" (min {min(floor) * 1000:.1f}, max {max(floor) * 1000:.1f}), {floor_size / 1024:.0f} KiB"
    )
    print(
        f"100-question report (synthetic findings): median {full_median:.2f} s (min"
        f" {min(full):.2f}, max {max(full):.2f}), {pages} pages, {size / 1024:.0f} KiB,"
        f" {args.reps} reps"
    )
    print(
        f"per question: {full_median / 100 * 1000:.1f} ms;"
        f" ratio to the floor: {full_median / floor_median:.0f}x"
    )
    print(f"{_cpu('report')}; {_load()}")
    print(f"target <= 3 s: {'met' if full_median <= 3 else 'MISSED'} (wall time)")
    from engagement_tui.report.word import write_docx

    def docx(buffer):
        write_docx(findings, meta, buffer)

    docx(io.BytesIO())  # warm-up: python-docx's template loaded
    word, word_size = _time(docx, args.reps)
    word_median = statistics.median(word)
    print(
        f"100-question DOCX report (synthetic findings): median {word_median:.2f} s (min"
        f" {min(word):.2f}, max {max(word):.2f}), {word_size / 1024:.0f} KiB, {args.reps} reps,"
        f" {_cpu('docx')}; target <= 3 s: {'met' if word_median <= 3 else 'MISSED'} (wall time)"
    )
    if args.store:
        _from_store(args.reps)


def _from_store(reps: int) -> None:
    """The same through the real findings engine over 240 completed returns in SQLite."""
    import tempfile

    from engagement_tui.findings import compute_findings
    from engagement_tui.report import write_report
    from engagement_tui.report.metadata import gather
    from engagement_tui.report.word import write_docx

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        store = demo_store(Path(folder) / "bench.db")
        print(
            f"demo store: 240 returns x 100 questions built in {time.perf_counter() - start:.1f} s"
        )
        try:
            findings_times, report_times, docx_times = [], [], []
            cpu: dict[str, list[float]] = {"findings": [], "pdf": [], "docx": []}
            for _ in range(reps):
                start, start_cpu = time.perf_counter(), time.process_time()
                findings = compute_findings(store, "bench", by="organisation_type")
                meta = gather(store, "bench")
                findings_times.append(time.perf_counter() - start)
                cpu["findings"].append(time.process_time() - start_cpu)
                start, start_cpu = time.perf_counter(), time.process_time()
                write_report(findings, meta, io.BytesIO())
                report_times.append(time.perf_counter() - start)
                cpu["pdf"].append(time.process_time() - start_cpu)
                start, start_cpu = time.perf_counter(), time.process_time()
                write_docx(findings, meta, io.BytesIO())
                docx_times.append(time.perf_counter() - start)
                cpu["docx"].append(time.process_time() - start_cpu)
        finally:
            store.close()
    f_median, r_median = statistics.median(findings_times), statistics.median(report_times)
    print(
        f"from the store: findings + metadata median {f_median:.2f} s, report median"
        f" {r_median:.2f} s, together {f_median + r_median:.2f} s"
        f" ({'met' if f_median + r_median <= 3 else 'MISSED'} the 3 s target)"
    )
    d_median = statistics.median(docx_times)
    print(
        f"from the store: DOCX report median {d_median:.2f} s, with findings"
        f" {f_median + d_median:.2f} s ({'met' if f_median + d_median <= 3 else 'MISSED'}"
        " the 3 s target)"
    )
    medians = {name: statistics.median(times) for name, times in cpu.items()}
    print(
        f"from the store, CPU medians: findings {medians['findings']:.2f} s, PDF"
        f" {medians['pdf']:.2f} s, DOCX {medians['docx']:.2f} s; {_load()}"
    )


if __name__ == "__main__":
    main()
