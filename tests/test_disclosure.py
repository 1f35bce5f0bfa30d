"""Disclosure control over a real store: complementary suppression and dates in bins."""

from __future__ import annotations

import pytest

from engagement_tui.findings import compute_findings
from engagement_tui.findings.disclosure import date_bin, date_resolution, suppressed_groups
from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire


def form() -> Questionnaire:
    return Questionnaire(
        form_id="disc",
        title="Disclosure",
        questions=(
            Question("view", "select_one", label="Agree?", choice_list="yn"),
            Question("formed", "date", label="Formed when?"),
        ),
        choice_lists=(ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No"))),),
    )


@pytest.fixture
def disc(store):
    store.forms.save(form())
    kinds = {"NHS trust": 8, "Local authority": 6, "Hospice": 1}
    day = 0
    for kind, size in kinds.items():
        org = store.register.add(f"Org {kind}", type=kind, region="North")
        for index in range(size):
            interview = store.interviews.create("disc", organisation_id=org.id, status="complete")
            answer = "no" if kind == "Hospice" else ("yes" if index % 2 else "no")
            day += 23
            formed = f"{2023 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}"
            store.interviews.save_answers(interview.uuid, {"view": answer, "formed": formed})
    return store


def test_rule_hides_the_next_smallest_group_until_the_hidden_reach_the_threshold():
    assert suppressed_groups([40, 2, 12, 9], 5) == {1, 3}
    assert suppressed_groups([40, 0, 12], 5) == {1}  # nothing to recover from an empty group
    assert suppressed_groups([3, 1], 5) == {0, 1}
    assert suppressed_groups([6, 7], 5) == set()


def test_a_lone_small_group_cannot_be_recovered_by_subtraction(disc):
    """The hospice's one answer was total minus trusts minus councils: now councils hide too."""
    findings = compute_findings(disc, "disc", by="organisation_type", threshold=5)
    groups = findings["questions"][0]["breakdown"]["organisation_type"]
    assert groups["Hospice"]["suppressed"] and groups["Local authority"]["suppressed"]
    assert not groups["NHS trust"]["suppressed"]
    assert "results" not in groups["Local authority"]


def test_dates_are_counted_in_bins_never_one_row_per_day(disc):
    entry = compute_findings(disc, "disc")["questions"][1]
    assert entry["base"] == 15
    assert len(entry["results"]) < 15
    assert all(row["value"][:4].isdigit() and len(row["value"]) <= 7 for row in entry["results"])
    assert sum(row["count"] for row in entry["results"]) == 15


def test_date_resolution_follows_the_span():
    assert date_resolution(["2020-01-01", "2025-01-01"]) == "year"
    assert date_resolution(["2024-01-01", "2025-06-01"]) == "quarter"
    assert date_resolution(["2025-01-01", "2025-06-01"]) == "month"
    assert date_bin("2025-05-14", "month") == ("2025-05", "May 2025")
    assert date_bin("2025-05-14", "year") == ("2025", "2025")


def test_numbers_are_counted_in_round_bands():
    from engagement_tui.findings.disclosure import band_width, number_band

    assert band_width(0, 41) == 10 and band_width(2, 9) == 1 and band_width(0, 39.1) == 5
    assert number_band(17, 10, whole=True) == ("10-20", "10 to 19")
    assert number_band(7, 1, whole=True) == ("7-8", "7")
    assert number_band(39.1, 5) == ("35-40", "35 to under 40")
