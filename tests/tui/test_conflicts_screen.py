"""The coordinator's conflict screen: open conflicts listed with what sets each version
apart; Enter and yes keep a version, through the store, and the choice is recorded."""

from __future__ import annotations

from textual.widgets import OptionList

from engagement_tui.bundles import merge_files
from engagement_tui.store import Store
from tests.test_bundles_merge import export, interviews, laptop, programme
from tests.tui.conftest import make_app


async def test_the_screen_keeps_the_chosen_version(tmp_path):
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    (uuid,) = a.imports.import_many(interviews("a", 1)).uuids
    merge_files(coordinator, [export(a, tmp_path / "1.engage")])
    a.interviews.save_answer(uuid, "confidence", 2)
    coordinator.interviews.save_answer(uuid, "confidence", 9)
    merge_files(coordinator, [export(a, tmp_path / "2.engage")])
    (conflict,) = coordinator.conflicts.list("open")
    app = make_app(coordinator)
    async with app.run_test(size=(140, 40)) as pilot:
        app.action_conflicts()  # the palette's "Settle conflicts"
        for _ in range(100):
            if app.screen.query("#conflict-list"):
                break
            await pilot.pause(0.05)
        picker = app.screen.query_one("#conflict-list", OptionList)
        texts = [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)]
        assert any("confidence=9" in text and "Coordinator" in text for text in texts)
        wanted = next(i for i, text in enumerate(texts) if "confidence=2" in text)
        picker.highlighted = wanted
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "No open conflicts" in str(app.screen.query_one("#conflicts-help").render())
    assert coordinator.interviews.answers(uuid)["confidence"] == 2
    assert [r["action"] for r in coordinator.conflicts.history(conflict.id)] == [
        "detected",
        "resolved",
    ]
    coordinator.close()
    with Store.open(tmp_path / "coordinator.db") as again:
        assert again.conflicts.list("open") == []
