"""Relevance cycles are refused with their place (issue 15): q1 <-> q2, a question relevant
on its own answer, a group relevant on its own member, and through a calculation. The CLI
refuses them in one line per problem and stores nothing."""

from __future__ import annotations

import sqlite3

import pytest

from engagement_tui.loaders import check
from tests.safety_support import engage

HEAD = "form_id: f\nsurvey:\n"
CASES = {
    "pair": (
        "  - {type: integer, name: q1, label: One, relevant: '${q2} > 1'}\n"
        "  - {type: integer, name: q2, label: Two, relevant: '${q1} > 1'}\n",
        "3:53: circular relevance: q1 -> q2 -> q1",
    ),
    "self": (
        "  - {type: integer, name: q1, label: One, relevant: '${q1} > 1'}\n",
        "3:53: circular relevance: q1 -> q1",
    ),
    "group": (
        "  - group: g\n"
        "    label: G\n"
        "    relevant: \"${inner} = 'yes'\"\n"
        "    questions:\n"
        "      - {type: text, name: inner, label: Inner}\n",
        "5:15: circular relevance: inner -> inner",
    ),
    "calculation": (
        "  - {type: integer, name: q1, label: One, relevant: '${c} > 1'}\n"
        "  - {type: calculate, name: c, calculation: '${q1} * 2'}\n",
        "3:53: circular relevance: q1 -> c -> q1",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_relevance_cycle_is_refused_with_its_place(tmp_path, case):
    body, expected = CASES[case]
    path = tmp_path / "form.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    found = [str(problem).removeprefix(f"{path}:") for problem in check(path)]
    assert found == [expected]


def test_a_chain_of_relevance_is_not_a_cycle(tmp_path):
    lines = ["  - {type: integer, name: r0, label: R}"]
    lines += [
        f"  - {{type: integer, name: r{i}, label: R, relevant: '${{r{i - 1}}} > 0'}}"
        for i in range(1, 400)
    ]
    path = tmp_path / "chain.yaml"
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    assert check(path) == []


def test_the_cli_refuses_a_cyclic_questionnaire_and_stores_nothing(tmp_path):
    db = tmp_path / "c.db"
    assert engage("--db", db, "init", cwd=tmp_path).returncode == 0
    path = tmp_path / "form.yaml"
    path.write_text(HEAD + CASES["pair"][0], encoding="utf-8")
    result = engage("--db", db, "questionnaire", "import", path, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "circular relevance: q1 -> q2 -> q1" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM questionnaires").fetchone()[0] == 0
