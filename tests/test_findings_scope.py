"""Findings over a real store: scope, snapshots, calculations, themes, other answer types."""

from __future__ import annotations

import pytest

from engagement_tui.findings import compute_findings
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store
from tests.test_findings import YES_NO, add, question, survey


@pytest.fixture
def filled(store):
    store.forms.save(survey())
    return store


def test_findings_inside_a_callers_transaction_and_beside_a_writer(filled, db_path):
    add(filled, {"approach": "a"})
    with filled.db.transaction():
        assert question(compute_findings(filled, "members", threshold=1), "approach")["base"] == 1
    other = Store.open(db_path)
    try:
        add(other, {"approach": "d"})  # another process's write is never blocked by findings
    finally:
        other.close()
    assert question(compute_findings(filled, "members", threshold=1), "approach")["base"] == 2


def test_theme_counts_from_coding_respect_scope_and_breakdown(filled):
    coding = filled.coding
    workforce = coding.add_theme("members", "Workforce", "Staffing and skills")
    money = coding.add_theme("members", "Funding")
    coding.add_theme("members", "Data")
    trusts = [
        add(filled, {"comments": f"Staff shortages {i}"}, org=(f"T{i}", "NHS trust", "N"))
        for i in range(5)
    ]
    council = add(filled, {"comments": "Money"}, org=("C", "Local authority", "S"))
    draft = add(filled, {"comments": "Both"}, status="draft")
    for interview in trusts:
        coding.code(workforce.id, interview.uuid, question="comments")
    coding.code(money.id, trusts[0].uuid, question="comments")
    coding.code(money.id, council.uuid, question="comments")
    coding.code(money.id, draft.uuid, question="comments")  # a draft: not counted
    findings = compute_findings(filled, "members", by="organisation_type", threshold=1)
    entry = question(findings, "comments")
    assert entry["responses"] == 6
    assert [(t["theme"], t["count"], t["percent"]) for t in entry["themes"]] == [
        ("Workforce", 5, 83),
        ("Funding", 2, 33),
        ("Data", 0, 0),
    ]
    assert entry["themes"][0]["description"] == "Staffing and skills"
    council_themes = entry["breakdown"]["organisation_type"]["Local authority"]["themes"]
    assert {t["theme"]: t["count"] for t in council_themes} == {
        "Funding": 1,
        "Workforce": 0,
        "Data": 0,
    }


def test_relevance_through_a_calculation(store):
    form = Questionnaire(
        "calc",
        "Calculated skip",
        questions=(
            Question("staff", "integer"),
            Question("double", "calculate", calculation="${staff} * 2"),
            Question("big", "select_one", choice_list="yes_no", relevant="${double} > 10"),
        ),
        choice_lists=(YES_NO,),
    )
    store.forms.save(form)
    for staff in (1, 4, 6, 9):
        interview = store.interviews.create("calc", status="complete")
        store.interviews.save_answers(interview.uuid, {"staff": staff, "big": "yes"})
    entry = question(compute_findings(store, "calc", threshold=1), "big")
    assert entry["base"] == 2  # only staff 6 and 9 make double > 10


def test_counting_paths_agree_whatever_lies_outside_the_scope(filled):
    """Few interviews outside the scope: totals minus theirs; many: a join. Same answers."""
    other = Questionnaire("other", "Other form", questions=survey().questions[1:3])
    filled.forms.save(other)
    for index in range(12):
        add(
            filled,
            {
                "approach": ["a", "sa", "d"][index % 3],
                "priorities": [["staff"], ["money", "data"]][index % 2],
                "order": ["data", "staff"],
                "staff": index,
            },
        )
    add(filled, {"approach": "d", "priorities": ["data"], "staff": 100}, status="draft")
    stranger = filled.interviews.create("other", status="complete")
    filled.interviews.save_answers(stranger.uuid, {"approach": "d"})
    few_outside = compute_findings(filled, "members")
    for _ in range(4):
        add(filled, {"approach": "sd", "priorities": ["data"], "staff": 7}, status="withdrawn")
    many_outside = compute_findings(filled, "members")
    grouped = compute_findings(filled, "members", by="mode")
    for findings in (few_outside, many_outside, grouped):
        approach = question(findings, "approach")
        assert approach["base"] == 12
        assert [row["count"] for row in approach["results"]] == [4, 4, 0, 4, 0]
        priorities = question(findings, "priorities")
        assert priorities["base"] == 12
        assert [row["count"] for row in priorities["results"]] == [6, 6, 6]
        assert question(findings, "order")["results"][2]["count"] == 12
        assert question(findings, "staff")["summary"]["max"] == 11


def test_dates_acknowledgements_and_a_spread_out_select_one(store):
    modes = ChoiceList("modes", tuple(Choice(f"m{i}", f"Mode {i}") for i in range(5)))
    form = Questionnaire(
        "misc",
        "Misc",
        questions=(
            Question("when", "date", label="When"),
            Question("ok", "acknowledge", label="Consent"),
            Question("mode", "select_one", label="Preferred mode", choice_list="modes"),
        ),
        choice_lists=(modes,),
    )
    store.forms.save(form)
    spread = ["m0", "m0", "m0", "m1", "m1", "m2", "m3", "m4", "m4", "m2"]
    for index, mode in enumerate(spread):
        interview = store.interviews.create("misc", status="complete")
        when = "2026-11-01" if index < 6 else "2026-11-02"
        store.interviews.save_answers(interview.uuid, {"when": when, "ok": "OK", "mode": mode})
    findings = compute_findings(store, "misc")
    # Dates are published by month (their span is under a year), never one row per day.
    assert [(row["value"], row["count"]) for row in question(findings, "when")["results"]] == [
        ("2026-11", 10),
    ]
    ok = question(findings, "ok")["results"]
    assert ok == [{"value": "OK", "label": "Acknowledged", "count": 10, "percent": 100}]
    assert question(findings, "mode")["headline"] == (
        "The most common answers on mode were mode 0 (30%) and mode 1 (20%)."
    )


def test_group_relevance_hides_every_question_inside(store):
    form = Questionnaire(
        "g",
        "Group form",
        questions=(
            Question("member", "select_one", choice_list="yes_no"),
            Question("inner", "integer", groups=("extra",)),
        ),
        groups=(Group("extra", "Extra", relevant="${member} = 'yes'"),),
        choice_lists=(YES_NO,),
    )
    store.forms.save(form)
    for member, inner in [("yes", 3), ("yes", 5), ("no", 100)]:
        interview = store.interviews.create("g", status="complete")
        store.interviews.save_answers(interview.uuid, {"member": member, "inner": inner})
    findings = compute_findings(store, "g", threshold=1)
    summary = question(findings, "inner")["summary"]
    assert summary == {"n": 2, "mean": 4.0, "median": 4, "min": 3, "max": 5}
