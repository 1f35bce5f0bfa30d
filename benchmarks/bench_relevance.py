"""Benchmark: which questions are relevant, over 10,000 interviews of an 80-question form.

Findings call `relevant_questions` once per interview, so its cost times the number of
interviews is the floor under every findings run. Measured beside, in the same run:
- baseline: the obvious single pass with `is_true(text, values)` per question and group
  (expression text handed over each time, no precomputed order or parsed trees);
- the full `InterviewSession` construction per interview (what the TUI pays on open).

Target: 10,000 interviews of 80 questions in under 1 s (about 100 us per interview).

A second case is depth: a form whose 2,023 questions form one chain of conditions (q2
applies if q1 was answered, q3 if q2 ...), 200 interviews stopping at different depths,
through `compute_findings` on a real database. Findings must stay linear in the answers:
each condition is evaluated at most once per interview (counted), beside a single pass of
`relevant_questions` per interview (the floor).
Run from the repository root: python benchmarks/bench_relevance.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engagement_tui.expressions import is_true  # noqa: E402
from engagement_tui.interview.questionnaire import (  # noqa: E402
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.interview.relevance import RelevancePlan, relevant_questions  # noqa: E402
from engagement_tui.interview.session import InterviewSession  # noqa: E402

INTERVIEWS = 10_000
SECTIONS = 8
PER_SECTION = 10
CHAIN_DEPTH = 2_023
CHAIN_INTERVIEWS = 200


def build_form() -> Questionnaire:
    agree = ChoiceList("agree", tuple(Choice(n, n.title()) for n in ("yes", "maybe", "no")))
    topics = ChoiceList("topics", tuple(Choice(f"t{i}", f"Topic {i}") for i in range(6)))
    questions = [Question("kind", "select_one", choice_list="agree")]
    groups = []
    for s in range(SECTIONS):
        group = f"s{s}"
        groups.append(Group(group, f"Section {s}", relevant="${kind} != 'no'" if s % 2 else ""))
        for q in range(PER_SECTION):
            name = f"q{s}_{q}"
            previous = f"q{s}_{q - 1}"
            if q % 3 == 0:
                questions.append(
                    Question(name, "select_multiple", choice_list="topics", groups=(group,))
                )
            elif q % 3 == 1:
                questions.append(
                    Question(
                        name,
                        "integer",
                        relevant=f"count-selected(${{{previous}}}) >= 2",
                        groups=(group,),
                    )
                )
            else:
                questions.append(
                    Question(
                        name,
                        "select_one",
                        choice_list="agree",
                        relevant=f"coalesce(${{{previous}}}, 0) > 3 or ${{kind}} = 'yes'",
                        groups=(group,),
                    )
                )
        questions.append(
            Question(f"c{s}", "calculate", calculation=f"coalesce(${{q{s}_1}}, 0) * 2")
        )
    return Questionnaire(
        "bench",
        "Bench",
        questions=tuple(questions),
        groups=tuple(groups),
        choice_lists=(agree, topics),
    )


def answer_sets(form: Questionnaire, count: int) -> list[dict]:
    rng = random.Random(7)
    sets = []
    for _ in range(count):
        answers = {}
        for question in form.questions:
            if question.type == "select_one":
                answers[question.name] = rng.choice(["yes", "maybe", "no"])
            elif question.type == "select_multiple":
                picked = rng.sample(range(6), rng.randint(0, 4))
                answers[question.name] = [f"t{i}" for i in sorted(picked)]  # choice order
            elif question.type == "integer":
                answers[question.name] = rng.randint(0, 9)
        sets.append(answers)
    return sets


def baseline(form: Questionnaire, answers: dict) -> frozenset[str]:
    """Document order, expression text each time, calculations ignored."""
    groups = {group.name: group for group in form.groups}
    values: dict = {}
    relevant = set()
    for question in form.questions:
        if all(is_true(groups[g].relevant, values) for g in question.groups) and is_true(
            question.relevant, values
        ):
            relevant.add(question.name)
            if answers.get(question.name) is not None:
                values[question.name] = answers[question.name]
    return frozenset(relevant)


def timed(label: str, run, sets: list[dict]) -> float:
    start = time.perf_counter()
    for answers in sets:
        run(answers)
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:7.3f} s  {elapsed / len(sets) * 1e6:7.1f} us/interview")
    return elapsed


def main() -> None:
    form = build_form()
    sets = answer_sets(form, INTERVIEWS)
    print(f"{len(form.questions)} questions, {len(form.groups)} groups, {INTERVIEWS} interviews")
    start = time.perf_counter()
    RelevancePlan(form)
    print(f"{'plan build (once per questionnaire)':<44} {time.perf_counter() - start:7.4f} s")
    base = timed(
        "baseline: is_true per question, document order", lambda a: baseline(form, a), sets
    )
    ours = timed("relevant_questions (cached plan)", lambda a: relevant_questions(form, a), sets)
    timed("InterviewSession(form, answers)", lambda a: InterviewSession(form, a), sets)
    verdict = "met" if ours < 1 else "MISSED"
    print(f"speed-up over baseline: {base / ours:.1f}x; target < 1 s: {verdict}")
    deep_chain()


def chain_form(depth: int) -> Questionnaire:
    yes_no = ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No")))
    questions = [Question("q1", "select_one", "Q1", choice_list="yn")]
    questions += [
        Question(f"q{k}", "select_one", f"Q{k}", choice_list="yn", relevant=f"${{q{k - 1}}} != ''")
        for k in range(2, depth + 1)
    ]
    return Questionnaire("chain", "Chain", questions=tuple(questions), choice_lists=(yes_no,))


def deep_chain() -> None:
    from engagement_tui.findings import compute_findings
    from engagement_tui.findings.skips import SkipPlan
    from engagement_tui.store import Store
    from engagement_tui.store.findings_queries import FindingsQueries
    from engagement_tui.store.imports import NewInterview

    form = chain_form(CHAIN_DEPTH)
    rng = random.Random(11)
    sets = []
    for _ in range(CHAIN_INTERVIEWS):
        stop = rng.randint(0, CHAIN_DEPTH)
        sets.append({f"q{k}": rng.choice(["yes", "no"]) for k in range(1, stop + 1)})
    answers = sum(len(answers) for answers in sets)
    print(
        f"\nchain of {CHAIN_DEPTH:,} conditions, {CHAIN_INTERVIEWS} interviews, {answers:,} answers"
    )
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "chain.db")
        store.forms.save(form)
        store.imports.import_many(
            [NewInterview("chain", given, external_id=f"r{i}") for i, given in enumerate(sets)]
        )
        stored = store.forms.load("chain")
        start = time.perf_counter()
        findings = compute_findings(store, "chain")
        elapsed = time.perf_counter() - start
        plan = SkipPlan(stored)
        ids = [row[0] for row in store.db.conn.execute("SELECT id FROM interviews")]
        plan.masks(ids, FindingsQueries(store.db).values_of("chain", ("complete",), plan.inputs))
        store.close()
    floor = timed(
        "relevant_questions, one pass per interview", lambda a: relevant_questions(form, a), sets
    )
    print(
        f"{'compute_findings (real database)':<44} {elapsed:7.3f} s"
        f"  ({len(findings['questions'])} questions)"
    )
    per = plan.conditions_evaluated / plan.evaluations
    print(
        f"conditions evaluated per interview: {per:,.0f} of {CHAIN_DEPTH - 1:,}"
        f" ({'linear' if per <= CHAIN_DEPTH - 1 else 'SUPER-LINEAR'});"
        f" findings are {elapsed / floor:.1f}x one relevance pass per interview"
    )


if __name__ == "__main__":
    main()
