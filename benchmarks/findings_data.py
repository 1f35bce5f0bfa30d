"""Provides the synthetic 10,000 x 100 findings database the findings benchmark runs on.

Built once through the real migrations, then filled with raw `executemany` (the bulk-load
floor), and kept in the temp directory keyed by a layout version so later runs reuse it.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store

FORM_ID = "bench_survey"
INTERVIEWS = 10_000
LAYOUT = "v1"
ORG_TYPES = ("NHS trust", "Foundation trust", "Commissioner", "Local authority", "Voluntary org")
REGIONS = ("North", "Midlands", "London", "South East", "South West")


def bench_questionnaire() -> Questionnaire:
    """100 questions: select_one (agreement and others), select_multiple, integer; some skips."""
    agree = ChoiceList(
        "agree",
        tuple(
            Choice(name, label)
            for name, label in [
                ("sa", "Strongly agree"),
                ("a", "Agree"),
                ("n", "Neither agree nor disagree"),
                ("d", "Disagree"),
                ("sd", "Strongly disagree"),
            ]
        ),
    )
    yes_no = ChoiceList("yes_no", (Choice("yes", "Yes"), Choice("no", "No")))
    options = ChoiceList("options", tuple(Choice(f"o{i}", f"Option {i}") for i in range(1, 8)))
    questions = []
    for index in range(1, 101):
        name = f"q{index:03d}"
        groups = ("later",) if index > 90 else ()
        if index % 10 == 0:
            question = Question(name, "select_multiple", f"Question {index}", choice_list="options")
        elif index % 5 == 0:
            question = Question(name, "integer", f"Question {index}")
        elif index % 7 == 0:
            question = Question(name, "select_one", f"Question {index}", choice_list="yes_no")
        else:
            question = Question(
                name, "select_one", f"Question {index}", choice_list="agree", statement=f"s{index}"
            )
        if index in (12, 23, 34, 45, 56, 67, 78, 89):
            question = _replace_relevant(question, "${q007} = 'yes'")
        if index in (13, 24, 36):
            question = _replace_relevant(question, "${q001} = 'sa' or ${q001} = 'a'")
        questions.append(_with_groups(question, groups))
    return Questionnaire(
        FORM_ID,
        "Benchmark survey",
        version="1",
        questions=tuple(questions),
        groups=(Group("later", "Later section", relevant="${q014} != 'no'"),),
        choice_lists=(agree, yes_no, options),
    )


def _replace_relevant(question: Question, relevant: str) -> Question:
    return Question(**{**question.__dict__, "relevant": relevant})


def _with_groups(question: Question, groups: tuple[str, ...]) -> Question:
    return Question(**{**question.__dict__, "groups": groups})


def _answer(question: Question, rnd: random.Random) -> object:
    if question.type == "integer":
        return rnd.randint(0, 20)
    if question.type == "select_multiple":
        return sorted(rnd.sample([f"o{i}" for i in range(1, 8)], rnd.randint(1, 3)))
    if question.choice_list == "yes_no":
        return rnd.choice(("yes", "no"))
    return rnd.choices(("sa", "a", "n", "d", "sd"), weights=(20, 40, 15, 15, 10))[0]


def build(path: Path) -> None:
    """Write the database at `path`: the questionnaire, organisations, interviews, answers."""
    questionnaire = bench_questionnaire()
    with Store.open(path) as store:
        store.forms.save(questionnaire)
        questionnaire_id = store.forms.latest(FORM_ID).id
    rnd = random.Random(20261122)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN")
    stamp = "2026-11-22T00:00:00Z"
    conn.executemany(
        "INSERT INTO organisations (id, uuid, name, type, region, system, attributes,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?)",
        [
            (i, f"org-{i}", f"Organisation {i}", ORG_TYPES[i % 5], REGIONS[i % 5 - 1], "", stamp)
            + (stamp,)
            for i in range(1, 501)
        ],
    )
    conn.executemany(
        "INSERT INTO interviews (id, uuid, questionnaire_id, form_id, organisation_id, status,"
        " interviewer, mode, started_at, updated_at, completed_at)"
        " VALUES (?, ?, ?, ?, ?, 'complete', ?, 'in person', ?, ?, ?)",
        [
            (i, f"iv-{i}", questionnaire_id, FORM_ID, 1 + i % 500, f"officer {i % 7}", stamp)
            + (stamp, stamp)
            for i in range(1, INTERVIEWS + 1)
        ],
    )
    rows = []
    for interview_id in range(1, INTERVIEWS + 1):
        for question in questionnaire.questions:
            value = json.dumps(_answer(question, rnd))
            rows.append((interview_id, question.name, value, stamp))
    conn.executemany(
        "INSERT INTO answers (interview_id, question, value, updated_at) VALUES (?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()


def cached_database() -> Path:
    """The benchmark database, built on first use and reused afterwards."""
    path = Path(tempfile.gettempdir()) / f"engage-bench-findings-{LAYOUT}.db"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        for leftover in path.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial)
        partial.rename(path)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    return path
