"""Pilot test: a repeat asked in the app, instance by instance, checked against the store."""

from __future__ import annotations

from textual.widgets import Static

from engagement_tui.loaders import load
from engagement_tui.store import Store
from engagement_tui.tui.screens.interview import InterviewScreen
from tests.tui.conftest import make_app

FORM = """\
| survey |
| | type | name | label | relevant |
| | text | household | Household name | |
| | begin repeat | member | Household member | |
| | text | name | Name | |
| | integer | age | Age of ${name} | |
| | select_one yn | works | Works? | ${age} >= 16 |
| | end repeat | | | |
| | text | last | Anything else? | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | | | |
| | households | | | |
"""


def shown(app) -> tuple[list[str], str]:
    title = str(app.screen.query_one("#section-title", Static).content)
    return [view.question.name for view in app.screen.views], title


async def test_members_are_asked_one_instance_at_a_time_with_add_another(store: Store, tmp_path):
    path = tmp_path / "households.md"
    path.write_text(FORM, encoding="utf-8")
    store.forms.save(load(path))
    uuid = store.interviews.create("households").uuid
    app = make_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_interview(uuid)
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press(*"Smith", "enter")
        assert shown(app)[0] == ["member[1]/@add"]
        await pilot.press("1")  # Yes: add a household member
        await pilot.pause()
        assert shown(app) == (["member[1]/name"], "Household member 1 of 1")
        await pilot.press(*"Ann", "enter", *"40", "enter")
        assert shown(app) == (["member[1]/works"], "Household member 1 of 1")
        await pilot.press("1")
        await pilot.pause()
        assert shown(app)[0] == ["member[2]/@add"]
        await pilot.press("1")
        await pilot.pause()
        assert shown(app) == (["member[2]/name"], "Household member 2 of 2")
        await pilot.press(*"Bo", "enter", *"9", "enter")  # a child: "works?" not asked
        assert shown(app)[0] == ["member[3]/@add"]
        await pilot.press("2")  # No more members
        await pilot.pause()
        assert shown(app)[0] == ["last"]
    answers = store.interviews.answers(uuid)
    assert answers == {
        "household": "Smith",
        "member[1]/@add": "yes",
        "member[1]/name": "Ann",
        "member[1]/age": 40,
        "member[1]/works": "yes",
        "member[2]/@add": "yes",
        "member[2]/name": "Bo",
        "member[2]/age": 9,
        "member[3]/@add": "no",
    }
