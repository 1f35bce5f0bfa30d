"""Findings stay linear in the answers however deep the skip logic: a chain of conditions
(q2 applies if q1 was answered, q3 if q2 ...) is evaluated once per condition per interview,
counted (never timed), and the bases it gives are right."""

from __future__ import annotations

import random

from engagement_tui.findings import compute_findings
from engagement_tui.findings.skips import SkipPlan
from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire
from engagement_tui.store import Store
from engagement_tui.store.findings_queries import FindingsQueries
from engagement_tui.store.imports import NewInterview

INTERVIEWS = 40


def chain_form(depth: int) -> Questionnaire:
    yes_no = ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No")))
    questions = [Question("q1", "select_one", "Q1", choice_list="yn")]
    questions += [
        Question(f"q{k}", "select_one", f"Q{k}", choice_list="yn", relevant=f"${{q{k - 1}}} != ''")
        for k in range(2, depth + 1)
    ]
    return Questionnaire("chain", "Chain", questions=tuple(questions), choice_lists=(yes_no,))


def chain_store(tmp_path, depth: int) -> tuple[Store, list[int]]:
    """A real database of INTERVIEWS interviews, each answering q1..q<stop> (distinct stops),
    plus a stray answer to a question its chain skipped (to be left out of findings)."""
    store = Store.open(tmp_path / f"chain{depth}.db")
    store.forms.save(chain_form(depth))
    rng = random.Random(depth)
    stops = rng.sample(range(depth + 1), INTERVIEWS)
    interviews = []
    for index, stop in enumerate(stops):
        answers = {f"q{k}": rng.choice(["yes", "no"]) for k in range(1, stop + 1)}
        if stop + 2 <= depth:
            answers[f"q{stop + 2}"] = "yes"  # not relevant: q<stop+1> is unanswered
        interviews.append(NewInterview("chain", answers, external_id=f"row{index}"))
    store.imports.import_many(interviews)
    return store, stops


def conditions_evaluated(tmp_path, depth: int) -> int:
    store, _ = chain_store(tmp_path, depth)
    questionnaire = store.forms.load("chain")
    plan = SkipPlan(questionnaire)
    queries = FindingsQueries(store.db)
    ids = [row[0] for row in store.db.conn.execute("SELECT id FROM interviews")]
    plan.masks(ids, queries.values_of("chain", ("complete",), plan.inputs))
    store.close()
    assert plan.evaluations == INTERVIEWS  # every interview gave different answers
    return plan.conditions_evaluated


def test_condition_evaluations_grow_linearly_with_the_depth_of_a_chain(tmp_path):
    shallow, deep = conditions_evaluated(tmp_path, 150), conditions_evaluated(tmp_path, 300)
    # At most one evaluation per condition per interview...
    assert shallow <= 149 * INTERVIEWS and deep <= 299 * INTERVIEWS
    # ...and every condition is evaluated (a chain's conditions all apply in turn).
    assert deep == 299 * INTERVIEWS
    # Doubling the depth doubles the work (a per-question re-walk of the chain would
    # quadruple it).
    assert deep / shallow < 2.2


def test_deep_chain_bases_count_only_the_questions_that_applied(tmp_path):
    depth = 300
    store, stops = chain_store(tmp_path, depth)
    findings = compute_findings(store, "chain", threshold=1)
    store.close()
    bases = {entry["name"]: entry["base"] for entry in findings["questions"]}
    for k in (1, 2, 150, depth):
        # q<k> applied and was answered exactly where the interview went at least k deep;
        # the stray answers past each chain's end are not counted.
        assert bases[f"q{k}"] == sum(1 for stop in stops if stop >= k), k
