"""Findings over a real store: bases with skip logic, statuses, types, breakdowns, headlines."""

from __future__ import annotations

import json

import pytest

from engagement_tui.findings import FindingsError, compute_findings
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)

AGREE = ChoiceList(
    "agree",
    (
        Choice("sa", "Strongly agree"),
        Choice("a", "Agree"),
        Choice("n", "Neither agree nor disagree"),
        Choice("d", "Disagree"),
        Choice("sd", "Strongly disagree"),
    ),
)
READY = ChoiceList(
    "ready",
    (Choice("ready", "Ready", positive=True), Choice("nearly", "Nearly"), Choice("no", "Not")),
)
PROGRESS = ChoiceList(
    "progress",
    (
        Choice("lot", "A lot of progress"),
        Choice("moderate", "Only moderate progress"),
        Choice("little", "A little progress"),
        Choice("none", "No progress"),
    ),
)
PRIORITIES = ChoiceList(
    "priorities",
    (Choice("staff", "Workforce"), Choice("money", "Finance"), Choice("data", "Data")),
)
YES_NO = ChoiceList("yes_no", (Choice("yes", "Yes"), Choice("no", "No")))


def survey() -> Questionnaire:
    return Questionnaire(
        form_id="members",
        title="Member survey",
        version="2026.1",
        questions=(
            Question("intro", "note", label="Welcome"),
            Question(
                "approach",
                "select_one",
                label="STPs and ICSs are the right approach",
                choice_list="agree",
                statement="STPs and ICSs represent the right approach to partnership working",
                groups=("views",),
            ),
            Question(
                "why_not",
                "select_one",
                label="Would a duty help?",
                choice_list="yes_no",
                relevant="${approach} = 'd' or ${approach} = 'sd'",
                groups=("views",),
            ),
            Question("readiness", "select_one", label="Ready?", choice_list="ready"),
            Question(
                "progress",
                "select_one",
                label="Progress",
                choice_list="progress",
                statement="had been made",
            ),
            Question("priorities", "select_multiple", label="Priorities", choice_list="priorities"),
            Question("order", "rank", label="Rank the priorities", choice_list="priorities"),
            Question("staff", "integer", label="Staff in the team"),
            Question("comments", "text", label="Anything else?"),
            Question("score", "calculate", calculation="${staff} * 2"),
        ),
        groups=(Group("views", "Views on partnership"),),
        choice_lists=(AGREE, READY, PROGRESS, PRIORITIES, YES_NO),
    )


@pytest.fixture
def filled(store):
    store.forms.save(survey())
    return store


def add(store, answers, *, status="complete", org=None, **kwargs):
    organisation_id = None
    if org is not None:
        organisation_id = store.register.ensure(org[0], type=org[1], region=org[2]).id
    interview = store.interviews.create(
        "members", status=status, organisation_id=organisation_id, **kwargs
    )
    store.interviews.save_answers(interview.uuid, answers)
    return interview


def question(findings, name):
    return next(entry for entry in findings["questions"] if entry["name"] == name)


def by_value(entry):
    return {row["value"]: row for row in entry["results"]}


def test_hidden_answers_drafts_and_withdrawn_are_left_out(filled):
    add(filled, {"approach": "a", "why_not": "yes"})  # why_not hidden: stored but not counted
    add(filled, {"approach": "d", "why_not": "yes"})
    add(filled, {"approach": "sd", "why_not": "no"})
    add(filled, {"approach": "sd"})  # relevant, unanswered
    add(filled, {"approach": "a", "why_not": "no"}, status="draft")
    add(filled, {"approach": "d", "why_not": "no"}, status="withdrawn")
    findings = compute_findings(filled, "members", threshold=1)
    assert findings["interviews"] == 4
    assert question(findings, "approach")["base"] == 4
    why_not = question(findings, "why_not")
    assert why_not["base"] == 2
    assert by_value(why_not)["yes"]["count"] == 1
    assert by_value(why_not)["no"]["percent"] == 50.0

    assert not filled.db.conn.in_transaction  # the read snapshot is over
    with_drafts = compute_findings(filled, "members", threshold=1, include_drafts=True)
    assert with_drafts["interviews"] == 5
    assert question(with_drafts, "why_not")["base"] == 2  # the draft agreed: why_not hidden
    assert question(with_drafts, "approach")["base"] == 5


def test_select_one_lists_every_choice_in_order_with_percent_of_base(filled):
    for value in ["a", "a", "sa", "d", "a", "n", "a", "sd"]:
        add(filled, {"approach": value})
    entry = question(compute_findings(filled, "members"), "approach")
    assert [row["value"] for row in entry["results"]] == ["sa", "a", "n", "d", "sd"]
    assert by_value(entry)["a"] == {"value": "a", "label": "Agree", "count": 4, "percent": 50}
    assert by_value(entry)["sa"]["percent"] == 13  # 12.5, rounded once, half up
    assert entry["base"] == 8 and entry["suppressed"] is False
    assert entry["favourable"] == ["sa", "a"]
    # 5 of 8 agree: 62.5% -> "63%", and 8 is a small base, so the people are counted.
    assert entry["headline"] == (
        "Five of the eight respondents (63%) agree that STPs and ICSs represent the right"
        " approach to partnership working."
    )


def test_select_multiple_is_percent_of_respondents(filled):
    add(filled, {"priorities": ["staff", "money"]})
    add(filled, {"priorities": ["staff"]})
    add(filled, {"priorities": ["staff", "data", "money"]})
    add(filled, {"priorities": []})  # an empty selection is no answer
    add(filled, {"priorities": ["money"]})
    entry = question(compute_findings(filled, "members", threshold=1), "priorities")
    assert entry["base"] == 4
    assert by_value(entry)["staff"]["percent"] == 75.0
    assert by_value(entry)["money"]["percent"] == 75.0
    assert by_value(entry)["data"]["percent"] == 25.0
    assert sum(row["percent"] for row in entry["results"]) > 100
    assert entry["headline"] == (
        "Three of the four respondents (75%) chose workforce, followed by finance (75%),"
        " when asked about priorities."
    )


def test_rank_first_choice_percent_and_mean_rank(filled):
    add(filled, {"order": ["staff", "money", "data"]})
    add(filled, {"order": ["staff", "data", "money"]})
    add(filled, {"order": ["money", "staff", "data"]})
    add(filled, {"order": ["data", "money"]})
    entry = question(compute_findings(filled, "members", threshold=1), "order")
    staff, money, data = (by_value(entry)[name] for name in ("staff", "money", "data"))
    assert (staff["count"], staff["percent"], staff["mean_rank"]) == (2, 50.0, 1.33)
    assert (money["count"], money["percent"], money["mean_rank"]) == (1, 25.0, 2.0)
    assert (data["ranked"], data["mean_rank"]) == (4, 2.25)
    assert "ranked workforce first when asked about order" in entry["headline"]


def test_numbers_summary(filled):
    for staff in [3, 10, 4, 8, 1]:
        add(filled, {"staff": staff})
    entry = question(compute_findings(filled, "members"), "staff")
    assert entry["summary"] == {"n": 5, "mean": 5.2, "median": 4, "min": 1, "max": 10}
    assert "a mean of 5.2 and a median of 4" in entry["headline"]


def test_even_count_median_is_the_middle_pair_average(filled):
    for staff in [1, 2, 3, 10, 2, 2]:
        add(filled, {"staff": staff})
    summary = question(compute_findings(filled, "members"), "staff")["summary"]
    assert summary["median"] == 2
    add(filled, {"staff": 10})
    add(filled, {"staff": 10})
    assert question(compute_findings(filled, "members"), "staff")["summary"]["median"] == 2.5


def test_base_under_threshold_is_suppressed_without_results(filled):
    for value in ["a", "d", "a"]:
        add(filled, {"approach": value})
    entry = question(compute_findings(filled, "members"), "approach")
    assert entry["base"] == 3 and entry["suppressed"] is True
    assert entry["results"] == [] and entry["headline"] is None
    assert question(compute_findings(filled, "members", threshold=3), "approach")["results"]


def test_breakdown_suppresses_small_groups(filled):
    for index in range(6):
        add(filled, {"approach": "a" if index < 4 else "d"}, org=(f"T{index}", "NHS trust", "N"))
    for index in range(2):
        add(filled, {"approach": "sa"}, org=(f"LA{index}", "Local authority", "S"))
    add(filled, {"approach": "n"})  # no organisation: "Not recorded"
    findings = compute_findings(filled, "members", by="organisation_type")
    groups = question(findings, "approach")["breakdown"]["organisation_type"]
    assert set(groups) == {"NHS trust", "Local authority", "Not recorded"}
    assert groups["Local authority"] == {"base": 2, "suppressed": True}
    # The two small groups (3 people) would be the total minus the trusts: trusts hide too.
    assert groups["NHS trust"] == {"base": 6, "suppressed": True}
    findings = compute_findings(filled, "members", by="organisation_type", threshold=3)
    groups = question(findings, "approach")["breakdown"]["organisation_type"]
    assert groups["Local authority"]["suppressed"] and groups["Not recorded"]["suppressed"]
    trust = groups["NHS trust"]
    assert trust["base"] == 6 and trust["suppressed"] is False
    assert by_value(trust)["a"]["percent"] == 67
    assert trust["favourable_percent"] == 67
    assert question(findings, "approach")["favourable_percent"] == 67  # 4 + 2 of 9
    assert question(findings, "approach")["base"] == 9


def test_unknown_form_and_field(filled):
    with pytest.raises(FindingsError, match="no questionnaire 'nope'"):
        compute_findings(filled, "nope")
    with pytest.raises(FindingsError, match="unknown breakdown field 'colour'"):
        compute_findings(filled, "members", by="colour")


def test_breakdown_by_organisation_attribute(filled):
    filled.register.upsert_many([{"name": "Acme", "type": "NHS trust", "size": "large"}])
    org = filled.register.find("Acme")
    for _ in range(5):
        interview = filled.interviews.create("members", status="complete", organisation_id=org.id)
        filled.interviews.save_answers(interview.uuid, {"approach": "a"})
    findings = compute_findings(filled, "members", by="size")
    assert question(findings, "approach")["breakdown"]["size"]["large"]["base"] == 5


def test_positive_choices_make_the_favourable_side(filled):
    for value in ["ready"] * 6 + ["nearly"] * 3 + ["no"]:
        add(filled, {"readiness": value})
    entry = question(compute_findings(filled, "members"), "readiness")
    assert entry["favourable"] == ["ready"]
    assert entry["headline"] == (
        "Six in ten respondents (60%) answered ready when asked about readiness."
    )


def test_distribution_headline_with_statement(filled):
    answers = ["moderate"] * 44 + ["little"] * 42 + ["lot"] * 10 + ["none"] * 4
    for value in answers:
        add(filled, {"progress": value})
    entry = question(compute_findings(filled, "members"), "progress")
    assert entry["headline"] == (
        "Most respondents said only moderate (44%) or a little progress (42%) had been made."
    )


def test_text_responses_and_attributed_quotes(filled):
    org = ("Northshire NHS Trust", "NHS trust", "North")
    add(filled, {"comments": "Short."}, org=org, attribution="anonymous")
    add(filled, {"comments": "A much longer comment about the system."}, org=org)
    add(
        filled,
        {"comments": "The longest comment of all, about partnership working in the region."},
        org=org,
        respondent="Jane Smith",
        role="Chief Executive",
        attribution="role_only",
    )
    add(filled, {"comments": ""})
    add(filled, {"comments": "Named and medium length."}, respondent="Ann Lee", role="Chair")
    entry = question(compute_findings(filled, "members", threshold=1), "comments")
    assert entry["responses"] == 4 and entry["base"] == 4
    assert entry["quotes"] == []  # nothing approved yet: the longest answers are not quotes
    candidates = filled.quotes.candidates("members", ["comments"])
    filled.quotes.approve(c["key"] for c in candidates if c["text"] != "Short.")
    entry = question(compute_findings(filled, "members", threshold=1), "comments")
    assert [quote["attribution"] for quote in entry["quotes"]] == [
        "a chief executive of an NHS trust",
        "a respondent from an NHS trust",
        "",
    ]
    assert "Jane Smith" not in json.dumps(entry)
    # An approval is of the words as they read: changed words are pending again.
    note = filled.interviews.add_note(
        candidates[0]["interview"], "Said aloud.", question="comments"
    )
    filled.quotes.approve([f"N{note.id}"])
    entry = question(compute_findings(filled, "members", threshold=1), "comments")
    assert entry["quotes"][0]["text"] == "Said aloud."  # the interviewer's quote leads
    assert entry["quotes"][0]["source"] == "interviewer"
    filled.db.conn.execute("UPDATE notes SET text = 'Changed.' WHERE id = ?", (note.id,))
    entry = question(compute_findings(filled, "members", threshold=1), "comments")
    assert all(quote["source"] == "answer" for quote in entry["quotes"])


def test_json_shape_and_key_findings(filled):
    for index in range(20):
        add(filled, {"approach": "a" if index < 19 else "d", "readiness": "ready"})
    findings = compute_findings(filled, "members")
    json.dumps(findings)  # JSON-ready
    assert findings["questionnaire"] == {
        "form_id": "members",
        "version": "2026.1",
        "title": "Member survey",
        "revision": 1,
    }
    assert findings["threshold"] == 5
    names = [entry["name"] for entry in findings["questions"]]
    assert "intro" not in names and "score" not in names
    entry = question(findings, "approach")
    for key in ("name", "label", "type", "section", "base", "results", "headline", "suppressed"):
        assert key in entry
    assert entry["section"] == "Views on partnership"
    key = findings["key_findings"]
    assert [item["question"] for item in key[:2]] == ["readiness", "approach"]
    assert key[1]["percent"] == 95.0 and key[1]["base"] == 20


def test_published_style_dataset(store):
    """100 respondents, 61 agreeing; skip logic; a multi-select; a small member type."""
    store.forms.save(survey())
    types = ["NHS trust"] * 60 + ["Local authority"] * 37 + ["Voluntary organisation"] * 3
    approach = ["sa"] * 21 + ["a"] * 40 + ["n"] * 14 + ["d"] * 15 + ["sd"] * 10
    for index in range(100):
        answers = {
            "approach": approach[index],
            # Everyone has a stored why_not; only the 25 who disagreed were asked it.
            "why_not": "yes" if index % 5 else "no",
            "priorities": ["staff", "money"] if index % 2 else ["staff"],
        }
        add(store, answers, org=(f"Org {index}", types[index], "North"))
    findings = compute_findings(store, "members", by="organisation_type")
    entry = question(findings, "approach")
    assert entry["base"] == 100
    assert "Six in ten" in entry["headline"] and "(61%)" in entry["headline"]
    assert entry["headline"].startswith("Six in ten respondents (61%) agree that STPs")
    why_not = question(findings, "why_not")
    assert why_not["base"] == 25
    assert by_value(why_not)["yes"]["count"] == 20
    priorities = question(findings, "priorities")
    assert by_value(priorities)["staff"]["percent"] == 100.0
    assert by_value(priorities)["money"]["percent"] == 50.0
    groups = entry["breakdown"]["organisation_type"]
    assert groups["Voluntary organisation"] == {"base": 3, "suppressed": True}
    assert groups["NHS trust"]["base"] == 60
    assert priorities["headline"].startswith("All respondents (100%) chose workforce")
    leaders = compute_findings(store, "members", subject="leaders")
    assert question(leaders, "approach")["headline"].startswith("Six in ten leaders (61%) agree")


def test_percent_is_rounded_once_half_up_from_exact_counts():
    """1/67 is 1.49%: 1, not 2 (rounded to 1.5 first); 30/48 is 62.5%: 63 everywhere."""
    from engagement_tui.findings.results import percent_of

    assert percent_of(1, 67) == 1
    assert percent_of(3, 67) == 4
    assert percent_of(30, 48) == 63
    assert percent_of(1, 8) == 13
    assert percent_of(0, 0) == 0


def test_headline_table_and_key_point_show_the_same_figure(filled):
    """A 63% headline never sits above a 62% bar: both are the one rounded figure."""
    for value in ["a"] * 30 + ["d"] * 18:
        add(filled, {"approach": value})
    findings = compute_findings(filled, "members")
    entry = question(findings, "approach")
    assert entry["favourable_percent"] == 63 == entry["headline_percent"]
    assert by_value(entry)["a"]["percent"] == 63
    assert "(63%)" in entry["headline"]
    assert [k["percent"] for k in findings["key_findings"] if k["question"] == "approach"] == [63]
