"""Coverage of the member register by interviews: engaged, in progress, by type and region."""

from __future__ import annotations

from types import SimpleNamespace as Row

from engagement_tui.store.coverage import CoverageRow, coverage

ORGS = [
    Row(id=1, type="NHS trust", region="North"),
    Row(id=2, type="NHS trust", region="South"),
    Row(id=3, type="Local authority", region="North"),
    Row(id=4, type="", region="North"),
]


def interview(org, status):
    return Row(organisation_id=org, status=status)


def test_complete_counts_as_engaged_draft_as_in_progress_withdrawn_as_nothing():
    result = coverage(
        ORGS,
        [
            interview(1, "complete"),
            interview(1, "draft"),  # already engaged: not also "in progress"
            interview(2, "draft"),
            interview(3, "withdrawn"),
            interview(None, "complete"),  # no organisation recorded
            interview(99, "complete"),  # not in the register
        ],
    )
    assert result.overall == CoverageRow("all", 1, 1, 4)
    assert result.overall.percent == 25
    assert result.by_type == (
        CoverageRow("NHS trust", 1, 1, 2),
        CoverageRow("(not recorded)", 0, 0, 1),
        CoverageRow("Local authority", 0, 0, 1),
    )
    assert result.by_region[0] == CoverageRow("North", 1, 0, 3)


def test_empty_register():
    result = coverage([], [])
    assert result.overall == CoverageRow("all", 0, 0, 0)
    assert result.overall.percent == 0
    assert result.by_type == () and result.by_region == ()
