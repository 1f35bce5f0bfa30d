"""Pilot tests of the report plan screen: keys pick, order and approve; the plan written is
read back with the loader `engage report --plan` uses, and approvals are in the store."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from textual.widgets import Input, OptionList

from engagement_tui.cli import main
from engagement_tui.report.plan import load_plan
from engagement_tui.store import Store
from engagement_tui.tui.screens.plan import ReportPlanScreen
from tests.tui.conftest import make_app
from tests.tui.insights_data import seed_member_survey, seed_pulse

SIZE = (100, 30)
ROOT = Path(__file__).resolve().parents[2]


async def loaded(app, pilot) -> ReportPlanScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ReportPlanScreen) and app.screen.draft is not None
    return app.screen


async def type_text(pilot, text: str) -> None:
    await pilot.press("ctrl+u", *(" " if c == " " else c for c in text))


def approvals(store: Store) -> dict[str, str]:
    return dict(store.db.conn.execute("SELECT key, text FROM quote_approvals").fetchall())


async def test_keys_shape_the_plan_and_the_cli_builds_the_file_written(store: Store, tmp_path):
    seed_pulse(store)
    seed_member_survey(store, ROOT)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")  # two questionnaires: the picker
        await pilot.pause()
        picker = app.screen.query_one(OptionList)
        ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        await pilot.press(*["down"] * ids.index("member_survey"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")  # the findings screen's report plan
        screen = await loaded(app, pilot)
        points = [p.value for p in screen.draft.key_points]
        assert len(points) == 8 and all(p.chosen for p in screen.draft.key_points)
        assert screen.draft.quotes == []  # nothing approved yet, so nothing chosen

        # Drop the first key point, move the third to the top.
        await pilot.press("space", "down", "down", "ctrl+up", "ctrl+up")
        # Approve the second quote and choose it; the first is pending and refused.
        await pilot.press("tab", "space")
        assert screen.draft.quotes == []
        await pilot.press("down", "a", "space")
        second = screen.quotes[1]
        assert set(approvals(store)) == {second["key"]}  # as `engage quotes approve` records
        assert screen.draft.quotes == [second["key"]]
        await pilot.press("t")
        await type_text(pilot, "Partners in care")
        await pilot.press("enter")
        await type_text(pilot, "Member engagement 2026")
        await pilot.press("enter", "w")
        await pilot.pause()
        target = tmp_path / "shaped.yaml"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()

    plan = load_plan(target)  # the loader `engage report --plan` uses
    assert plan.questionnaire == "member_survey"
    assert (plan.title.value, plan.subtitle.value) == ("Partners in care", "Member engagement 2026")
    assert [text.value for _, text in plan.key_points] == [points[2], *points[1:2], *points[3:]]
    assert [text.value for text in plan.quotes] == [second["key"]]

    docx = tmp_path / "shaped.docx"
    main(["--db", str(store.path), "report", "--plan", str(target), "--format", "docx",
          "-o", str(docx)])  # fmt: skip
    document = Document(str(docx))
    assert document.core_properties.title == "Partners in care"
    text = "\n".join(p.text for p in document.paragraphs)
    assert " ".join(second["redacted"].split()[:6]) in " ".join(text.split())


async def test_an_existing_plan_opens_to_go_on_editing_and_revoking_drops_a_quote(
    store: Store, tmp_path
):
    seed_pulse(store)
    store.quotes.approve(["N2", "N3"])
    source = tmp_path / "plan.yaml"
    source.write_text(
        "questionnaire: pulse\ntitle: Pulse\n"
        'key_points:\n  - text: "{right_approach.favourable} back it"\n'
        "  - question: right_approach\n"
        "introduction: [Kept as written.]\nrecommendations: [Fund it]\nquotes: [N3, N2]\n",
        encoding="utf-8",
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_report_plan("pulse")
        await loaded(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one(Input).value = str(source)
        await pilot.press("enter")
        screen = await loaded(app, pilot)
        assert screen.draft.quotes == ["N3", "N2"]
        assert screen.draft.key_points[0].value == "{right_approach.favourable} back it"
        # The chosen quotes lead the list in the plan's order: revoke N3 (the first).
        await pilot.press("down", "ctrl+up", "tab", "a")
        assert "N3" not in approvals(store) and screen.draft.quotes == ["N2"]
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # the path offered is the plan opened
        await pilot.pause()

    plan = load_plan(source)
    assert [(kind, text.value) for kind, text in plan.key_points] == [
        ("question", "right_approach"),
        ("text", "{right_approach.favourable} back it"),
    ]
    assert [t.value for t in plan.introduction] == ["Kept as written."]
    assert [t.value for t in plan.recommendations] == ["Fund it"]
    assert [t.value for t in plan.quotes] == ["N2"]


async def test_a_file_that_is_not_a_plan_is_not_replaced(store: Store, tmp_path):
    seed_pulse(store)
    other = tmp_path / "questionnaire.yaml"
    other.write_text("form_id: pulse\nsurvey: []\n", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_report_plan("pulse")
        await loaded(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = str(other)
        await pilot.press("enter")
        await pilot.pause()
    assert other.read_text(encoding="utf-8") == "form_id: pulse\nsurvey: []\n"


def test_plan_screen_snapshot(store: Store, snap_compare):
    """The report plan of the pulse survey at 100x30: the title bar "Report plan · System
    pulse survey (pulse)", "Title: System pulse survey · Subtitle: -"; a "Key points: 1
    chosen of 1" box with "[x]  1. Five of the eight respondents (63%) agree that ICSs
    represent the right approach..."; a "Quotes: 1 chosen · 2 approved of 11" box whose
    first row is the chosen "[x] approved N3  Nobody knows who decides.", then "[ ] pending
    N1  Money follows...", "[ ] approved N2  We compete..." and the free-text answers
    ("[ ] pending  A1:biggest_difference  Pooled budgets...") in aligned columns;
    below, the highlighted key point in full with "right_approach · base 8", and the keys
    space Choose, ^↑↓ Move, a Approve, t Title, w Write, o Open, esc Back."""
    seed_pulse(store)
    store.quotes.approve(["N2", "N3"])

    async def run_before(pilot) -> None:
        pilot.app.action_report_plan("pulse")
        await loaded(pilot.app, pilot)
        pilot.app.screen.draft.quotes = ["N3"]
        pilot.app.screen._fill()

    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=run_before)
