"""Benchmark: which questions are relevant, over 10,000 interviews of an 80-question form.

Findings call `relevant_questions` once per interview, so its cost times the number of
interviews is the floor under every findings run. Measured beside, in the same run:
- baseline: the obvious single pass with `is_true(text, values)` per question and group
  (expression text handed over each time, no precomputed order or parsed trees);
- the full `InterviewSession` construction per interview (what the TUI pays on open).

Target: 10,000 interviews of 80 questions in under 1 s (about 100 us per interview).
Run from the repository root: python benchmarks/bench_relevance.py
"""

from __future__ import annotations

import random
import sys
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


if __name__ == "__main__":
    main()
