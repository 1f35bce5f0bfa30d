"""The differential test: the app, plain mode and survey-return import store the same thing.

Hypothesis draws answer scripts (`answer_scripts`) over the shipped questionnaires and one
built for the test: field-list screens saved field by field or all at once with ctrl+s,
other-specify follow-ups, ranks, multi-selects, skip logic, calculations, going back and
changing answers from the review. Each script is run (a) in the Textual app by Pilot key
presses, (b) in plain mode by scripted questionary answers, (c) as a one-row survey-return
CSV import, each into its own SQLite file. Then the files are read back: all three must
hold the answers and calculations the reference walk expects, the app and plain mode the
very same answer rows (hidden leftovers included), no drafts, and the same status.

One app (`AppRunner`) stays open for a whole test and answers script after script, each a
new interview started from Home, so a script costs its key presses rather than an app's
start-up; 67 scripts per questionnaire (201 in all) go through all three paths in CI.

This is what keeps the issue-10 faults out: a field-list screen storing only its last
question, a silent option 1, a calculation stored by one path and not another.
"""

from __future__ import annotations

import asyncio
import csv
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import questionary
import textual.screen
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from textual import events
from textual.keys import _character_to_key

import engagement_tui.plain.interview as plain_interview
from engagement_tui.plain.interview import run_plain
from engagement_tui.responses.importer import import_responses
from engagement_tui.store import Store
from engagement_tui.tui.screens.home import HomeScreen
from engagement_tui.tui.screens.interview import InterviewScreen
from engagement_tui.tui.screens.review import ReviewScreen
from engagement_tui.tui.widgets.inputs import (
    AcknowledgeInput,
    ChoiceInput,
    LongTextInput,
    MultiChoiceInput,
    RankInput,
    TextAnswerInput,
)
from tests.tui.answer_scripts import (
    Back,
    Edit,
    Screen,
    Script,
    csv_text,
    draw_script,
    effective_answers,
    questionnaires,
)
from tests.tui.conftest import make_app

SIZE = (80, 30)
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else None
"""Real SQLite files, in memory-backed storage where there is some: every answer is a
synchronous commit, and on a shared disk the fsyncs, not the code, would set the pace."""
FORMS = questionnaires(Path(tempfile.mkdtemp(prefix="paths-forms-")))


def _fresh_store(folder: Path, name: str, form_id: str) -> Store:
    store = Store.open(folder / f"{name}.db")
    store.forms.save(FORMS[form_id])
    return store


def read_back(path: Path, form_id: str, uuid: str | None = None) -> dict[str, Any]:
    """What a SQLite file holds for interview `uuid` (else its one interview), opened afresh."""
    with Store.open(path) as store:
        if uuid is None:
            [interview] = store.interviews.list()
        else:
            interview = store.interviews.get(uuid)
        answers = store.interviews.answers(interview.uuid)
        return {
            "answers": answers,
            "effective": effective_answers(FORMS[form_id], answers),
            "drafts": store.interviews.drafts(interview.uuid),
            "status": interview.status,
        }


# -- (a) the app, by key presses ---------------------------------------------------------


def _keys_for(widget: Any, raw: Any, names: list[str]) -> tuple[list[str], bool]:
    """Keys that give `raw` to the focused input, and whether Enter then submits it."""
    if isinstance(widget, ChoiceInput):
        if raw is None:
            return [], True
        index = names.index(raw)
        return ["home", *["down"] * index], True
    if isinstance(widget, MultiChoiceInput):
        wanted = set(raw or ())
        keys = ["home"]
        chosen = set(widget.selected)
        for name in names:
            if (name in wanted) != (name in chosen):
                keys.append("space")
            keys.append("down")
        return keys, True
    if isinstance(widget, RankInput):
        if raw is None:
            return [], True
        order, keys = list(widget.order), []
        for place, name in enumerate(raw):
            index = order.index(name)
            if index != place:
                keys += ["home", *["down"] * index, *["ctrl+up"] * (index - place)]
                order.insert(place, order.pop(index))
        if not keys and not widget.ordered:
            keys = ["c"]  # the order as it stands is the answer: say so
        return keys, True
    if isinstance(widget, AcknowledgeInput):
        ticked = raw == "OK"
        return (["space"] if widget.value != ticked else []), ticked
    if isinstance(widget, LongTextInput):
        return ["f7", "backspace", PASTE + str(raw or "")], False
    assert isinstance(widget, TextAnswerInput)
    return ["home", "ctrl+k", PASTE + str(raw or "")], True


PASTE = "paste:"
"""A key that stands for text arriving as a terminal's bracketed paste: one event, not one
per character, so a script costs a few key presses a question rather than dozens."""


async def _handled(node: Any) -> None:
    """Wait until `node` has handled every message queued to it before now."""
    handled = asyncio.Event()
    if node.call_later(handled.set):
        await handled.wait()


async def _settle(pilot) -> None:
    """Wait until the app has handled what was sent, and the screen what that posted.

    A key goes to the app, then to the focused input; what handling it posts bubbles to
    the screen. A callback queued on each of the three, in that order, runs once each has
    handled what came before it; three rounds cover a key whose message posts another (an
    option picked, submitted, the next question shown). When the screen changed, every
    widget of the new one is waited for as well. (Pilot's `press` instead polls until the
    process looks idle, and its wait queues a callback on every widget on screen: many
    times the cost of the key itself.)
    """
    app = pilot.app
    screen = app.screen
    for _ in range(3):
        await _handled(app)
        await _handled(app.screen.focused or app.screen)
        await _handled(app.screen)
    if app.screen is not screen:
        await pilot._wait_for_screen()


async def press(pilot, *keys: str) -> None:
    """Press keys one at a time, each handled before the next (bracketed paste for text)."""
    app = pilot.app
    for key in keys:
        if key.startswith(PASTE):
            text = key.removeprefix(PASTE)
            if not text:
                continue
            event: events.Event = events.Paste(text)
        else:
            name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
            char = key if len(key) == 1 else {"space": " "}.get(key)
            event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await _settle(pilot)


async def _press(pilot, keys: list[str]) -> None:
    await press(pilot, *keys)


async def _fill(pilot, screen: InterviewScreen, name: str, raw: Any) -> bool:
    """Type `raw` into question `name`'s input; whether Enter may submit it."""
    view = screen._view(name)
    assert view is not None, f"{name} is not on screen: {[v.question.name for v in screen.views]}"
    screen.set_focus(view.answer_input_widget)
    await _settle(pilot)
    names = (
        list(screen.questionnaire.choices(view.question).names) if view.question.answerable else []
    )
    keys, enter_submits = _keys_for(view.answer_input_widget, raw, names)
    await _press(pilot, keys)
    return enter_submits


async def _app_screen(pilot, app, step: Screen) -> None:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    given = dict(step.answers)
    if step.save_all:
        filled: set[str] = set()
        for _ in range(len(given) + 1):
            for view in list(screen.views):
                name = view.question.name
                if name not in filled and view.question.answerable:
                    assert name in given, f"{name} shown but not in the script"
                    await _fill(pilot, screen, name, given[name])
                    filled.add(name)
            before = screen.session.current
            await press(pilot, "ctrl+s")
            if app.screen is not screen or screen.session.current is not before:
                return
            if all(v.question.name in filled for v in screen.views if v.question.answerable):
                return  # moved on to a screen of the same group? checked by the next step
        raise AssertionError("the screen never moved on")
    for name, raw in step.answers:
        view = screen._view(name)
        assert view is not None, (
            f"{name} not shown; shown {[v.question.name for v in screen.views]}"
        )
        last = view is screen.views[-1]
        if not view.question.answerable:
            screen.set_focus(view.answer_input_widget)
            await press(pilot, "enter")
            continue
        enter_submits = await _fill(pilot, screen, name, raw)
        if enter_submits:
            await press(pilot, "enter")
        elif last:
            await press(pilot, "ctrl+s")


async def _app_edit(pilot, app, edit: Edit) -> None:
    review = app.screen
    assert isinstance(review, ReviewScreen), app.screen
    ids = [option.id for option in review.query_one("#review-list").options]
    await press(pilot, "home", *["down"] * ids.index(edit.question), "enter")
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    await _fill(pilot, screen, edit.question, edit.raw)
    await press(pilot, "ctrl+s")


class AppRunner:
    """One app, kept running, answering script after script: each a new interview.

    Starting the app and drawing its first screens costs more than most scripts, so one
    app (on one SQLite file holding every interview) serves a whole test. Its event loop
    runs only while a script is being answered; the app itself runs in one task that
    takes scripts from a queue, so Textual's context is the app's throughout.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / "app.db"
        self.store = Store.open(self.path)
        for form in FORMS.values():
            self.store.forms.save(form)
        self.app = make_app(self.store)
        self.loop = asyncio.new_event_loop()
        self.jobs: asyncio.Queue[tuple[Script, asyncio.Future[str]] | None] = asyncio.Queue()
        self.task = self.loop.create_task(self._serve())

    async def _serve(self) -> None:
        async with self.app.run_test(size=SIZE) as pilot:
            while (job := await self.jobs.get()) is not None:
                script, done = job
                try:
                    done.set_result(await self._answer(pilot, script))
                except BaseException as error:  # handed to the test that sent the script
                    done.set_exception(error)

    async def _answer(self, pilot, script: Script) -> str:
        app = self.app
        app.action_home()  # after a failed script too: every script starts at Home
        app.clear_notifications()
        await _settle(pilot)
        uuid = self.store.interviews.create(script.form_id).uuid
        assert app.open_interview(uuid)
        await _settle(pilot)
        for step in script.steps:
            if isinstance(step, Back):
                await press(pilot, "ctrl+b")
            elif isinstance(step, Screen):
                await _app_screen(pilot, app, step)
            else:
                await _app_edit(pilot, app, step)
        assert isinstance(app.screen, ReviewScreen), app.screen
        await press(pilot, "ctrl+e", "y")
        assert isinstance(app.screen, HomeScreen), app.screen
        return uuid

    def run(self, script: Script) -> str:
        """Answer `script` in the app by key presses; the new interview's uuid."""
        done: asyncio.Future[str] = self.loop.create_future()
        self.jobs.put_nowait((script, done))
        return self.loop.run_until_complete(done)

    def close(self) -> None:
        self.jobs.put_nowait(None)
        self.loop.run_until_complete(self.task)
        self.loop.close()
        self.store.close()


FRAME_PERIOD = 0.5
"""Seconds between the frames the app draws (Textual's 1/60 s otherwise). What is checked
here is the store; drawing a frame after each key, whole screens of strips nobody reads,
cost more than the keys themselves. Keys still reach screens mounted but not yet drawn,
as a fast typist's do. The drawing is checked by the snapshot tests."""


@pytest.fixture(scope="module")
def app_runner():
    with (
        pytest.MonkeyPatch.context() as patch,
        tempfile.TemporaryDirectory(prefix="paths-app-", dir=SCRATCH) as tmp,
    ):
        patch.setattr(textual.screen, "UPDATE_PERIOD", FRAME_PERIOD)
        runner = AppRunner(Path(tmp))
        try:
            yield runner
        finally:
            runner.close()


# -- (b) plain mode, by scripted prompts ---------------------------------------------------


class PlainOfficer:
    """Answers plain mode's prompts from a script, through each prompt's own validation."""

    def __init__(self, uuid: str, script: Script) -> None:
        self.uuid = uuid
        self.form = FORMS[script.form_id]
        self.current: Any = None
        self.current_edit: Edit | None = None
        self.events: list[Any] = []
        for step in script.steps:
            if isinstance(step, Screen):
                self.events += [
                    (name, raw)
                    for name, raw in step.answers
                    if FORMS[script.form_id].question(name).answerable
                ]
            else:
                self.events.append(step)
        self.edits = [step for step in self.events if isinstance(step, Edit)]
        self.events = [event for event in self.events if not isinstance(event, Edit)]

    def install(self, monkeypatch) -> None:
        shown = plain_interview.show_question

        def show_question(session, question):
            self.current = question
            shown(session, question)

        monkeypatch.setattr(plain_interview, "show_question", show_question)
        for kind in ("text", "select", "checkbox", "confirm", "autocomplete"):
            monkeypatch.setattr(questionary, kind, self._prompt(kind))

    def _prompt(self, kind: str):
        def make(message, choices=None, validate=None, **_):
            return _Prompt(lambda: self.answer(kind, message, choices, validate))

        return make

    def answer(self, kind: str, message: str, choices, validate) -> Any:
        offered = [c.value if isinstance(c, questionary.Choice) else c for c in choices or ()]
        if message.startswith("Resume a draft"):
            return self.uuid
        if message.startswith("Mark this interview complete"):
            return not self.edits
        if message.startswith("Change an answer before completing"):
            self.current_edit = self.edits.pop(0)
            return self.current_edit.question
        if self.current_edit is not None:
            event, self.current_edit = (self.current_edit.question, self.current_edit.raw), None
        else:
            event = self.events.pop(0)
        if isinstance(event, Back):
            value = {"select": "\x00back", "checkbox": ["\x00back"]}.get(kind, "<")
            return value
        name, raw = event
        question = self.current
        assert question.name == name, f"plain asks {question.name}, the script has {name}"
        value = self._typed(kind, question, raw, offered)
        if validate is not None:
            assert validate(value) is True, (name, value, validate(value))
        return value

    def _typed(self, kind: str, question, raw: Any, offered: list[Any]) -> Any:
        if kind == "select":
            if raw is None:
                return "\x00unchosen" if "\x00unchosen" in offered else "\x00skip"
            return raw
        if kind == "checkbox":
            return list(raw or [])
        if question.type == "rank":
            names = list(self.form.choices(question).names)
            return " ".join(str(names.index(name) + 1) for name in raw)
        return "" if raw is None else str(raw)


class _Prompt:
    def __init__(self, answer) -> None:
        self.answer = answer

    def unsafe_ask(self) -> Any:
        return self.answer()


# -- (c) survey-return import --------------------------------------------------------------


def import_row(store: Store, folder: Path, script: Script) -> None:
    path = folder / "returns.csv"
    names = sorted(script.effective)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerow([csv_text(script.effective[name]) for name in names])
    import_responses(store, path, script.form_id)


# -- the test -------------------------------------------------------------------------------


def run_three_ways(script: Script, runner: AppRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    app_uuid = runner.run(script)
    with tempfile.TemporaryDirectory(prefix="paths-", dir=SCRATCH) as tmp:
        folder = Path(tmp)
        plain_store = _fresh_store(folder, "plain", script.form_id)
        plain_uuid = plain_store.interviews.create(script.form_id).uuid
        with monkeypatch.context() as patch:
            PlainOfficer(plain_uuid, script).install(patch)
            run_plain(plain_store, script.form_id)
        plain_store.close()

        imported = _fresh_store(folder, "import", script.form_id)
        import_row(imported, folder, script)
        imported.close()

        app = read_back(runner.path, script.form_id, app_uuid)
        plain = read_back(folder / "plain.db", script.form_id)
        returned = read_back(folder / "import.db", script.form_id)

    assert app["effective"] == script.effective
    assert plain["effective"] == script.effective
    assert returned["effective"] == script.effective
    assert app["answers"] == plain["answers"] == script.final
    assert app["drafts"] == plain["drafts"] == {}
    assert app["status"] == plain["status"] == returned["status"] == "complete"


EXAMPLES = int(os.environ.get("ANSWER_PATH_EXAMPLES", "67"))
"""Scripts per questionnaire, each run through all three paths (3 x 67 = 201 in CI)."""


@pytest.mark.parametrize("form_id", sorted(FORMS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Shrinking replays the app hundreds of times; the script is printed instead.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_app_plain_and_import_store_the_same(form_id, data, app_runner, monkeypatch):
    script = draw_script(data, FORMS[form_id])
    note(f"script: {script.steps}")
    run_three_ways(script, app_runner, monkeypatch)
