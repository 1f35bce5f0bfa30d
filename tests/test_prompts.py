"""The plain interview driven through fake prompts against a real store on disk.

questionary's prompt functions are replaced by a script: each prompt must match the next
expected message substring and gets the scripted answer, after the prompt's own validation
(a refused answer is recorded and the next scripted answer is typed, as a person would).
"""

from __future__ import annotations

import json
import re
import socket
import sys
import types

import pytest
import questionary
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire
from engagement_tui.plain.interview import run_plain

RESUME = (
    r"Interview saved as a draft; resume with:"
    r" \S*engage( --db \S+)? interview --questionnaire members --plain"
)

FORM = Questionnaire(
    form_id="members",
    title="Member survey",
    questions=(
        Question("intro", "note", label="Thank you for taking part"),
        Question(
            "approach",
            "select_one",
            label="Are ICSs the right approach?",
            choice_list="agree",
            required=True,
            probe="Ask about local partnerships",
        ),
        Question(
            "why_not",
            "text",
            label="Why not?",
            relevant="${approach} = 'disagree'",
            hint="In their own words",
        ),
        Question("staff", "integer", label="How many staff?", constraint=". >= 0"),
        Question("staff_k", "calculate", calculation="${staff} div 1000"),
        Question("priorities", "select_multiple", label="Priorities", choice_list="topics"),
        Question("ranking", "rank", label="Rank the topics", choice_list="topics"),
        Question("ok", "acknowledge", label="Happy to be contacted again"),
    ),
    choice_lists=(
        ChoiceList(
            "agree",
            (
                Choice("agree", "Agree"),
                Choice("neutral", "Neither"),
                Choice("disagree", "Disagree"),
            ),
        ),
        ChoiceList(
            "topics",
            (Choice("staff", "Workforce"), Choice("money", "Finance"), Choice("data", "Data")),
        ),
    ),
)


def _value(choice):
    return choice.value if isinstance(choice, questionary.Choice) else choice


class ScriptedPrompts:
    """Stands in for questionary: answers prompts from a script, in order."""

    def __init__(self, script: list[tuple[str, object]]) -> None:
        self.script = list(script)
        self.asked: list[str] = []
        self.refused: list[tuple[str, str]] = []

    def install(self, monkeypatch) -> None:
        for kind in ("text", "select", "checkbox", "confirm", "autocomplete"):
            monkeypatch.setattr(questionary, kind, self._prompt(kind))

    def _prompt(self, kind: str):
        def make(message, choices=None, validate=None, **_):
            return _Asked(self, kind, message, choices, validate)

        return make

    def next_answer(self, kind: str, message: str, choices, validate):
        self.asked.append(message)
        while True:
            assert self.script, f"no scripted answer left for {kind} {message!r}"
            expected, answer = self.script.pop(0)
            assert expected in message, f"expected a prompt about {expected!r}, got {message!r}"
            if isinstance(answer, type) and issubclass(answer, BaseException):
                raise answer()
            if kind == "select":
                assert answer in [_value(c) for c in choices], f"{answer!r} not offered"
            verdict = validate(answer) if validate else True
            if verdict is True:
                return answer
            self.refused.append((message, verdict))


class _Asked:
    def __init__(self, prompts, kind, message, choices, validate) -> None:
        self.args = (kind, message, choices, validate)
        self.prompts = prompts

    def unsafe_ask(self):
        return self.prompts.next_answer(*self.args)


def lock_owner(store, uuid):
    return store.db.scalar("SELECT lock_owner FROM interviews WHERE uuid = ?", (uuid,))


NEW_INTERVIEW = [
    ("Organisation", "leeds teaching hospitals"),
    ("Respondent name", "Ann Smith"),
    ("Respondent role", "Director of Strategy"),
    ("Interviewer", "Sam"),
    ("Mode", "phone"),
    ("Consent basis", "consent"),
    ("Attribution", "role_only"),
]


@pytest.fixture
def stored(store):
    store.forms.save(FORM)
    store.register.add("Leeds Teaching Hospitals", type="NHS trust")
    return store


def test_whole_interview_is_saved_answer_by_answer(stored, monkeypatch, capsys):
    prompts = ScriptedPrompts(
        [
            *NEW_INTERVIEW,
            ("right approach", "disagree"),
            ("Why not", "!They said 'we are not there yet'"),
            ("Why not", "Too slow"),
            ("How many staff", "<"),
            ("Why not", "<"),
            ("right approach", "disagree"),
            ("Why not", "Too slow, still"),
            ("How many staff", "lots"),
            ("How many staff", "-1"),
            ("How many staff", "12,000"),
            ("Priorities", ["data", "staff"]),
            ("order of priority", "3 3"),
            ("order of priority", "3 1 2"),
            ("Happy to be contacted", "OK"),
            ("Mark this interview complete", True),
        ]
    )
    prompts.install(monkeypatch)
    run_plain(stored, "members")
    assert not prompts.script

    [interview] = stored.interviews.list(form_id="members")
    assert interview.status == "complete"
    assert interview.organisation == "Leeds Teaching Hospitals"
    assert (interview.respondent, interview.role, interview.interviewer) == (
        "Ann Smith",
        "Director of Strategy",
        "Sam",
    )
    assert (interview.mode, interview.consent_basis, interview.attribution) == (
        "phone",
        "consent",
        "role_only",
    )
    assert stored.interviews.answers(interview.uuid) == {
        "approach": "disagree",
        "why_not": "Too slow, still",
        "staff": 12000,
        "staff_k": 12,
        "priorities": ["staff", "data"],
        "ranking": ["data", "staff", "money"],
        "ok": "OK",
    }
    changes = [
        (row["question"], row["new_value"]) for row in stored.interviews.history(interview.uuid)
    ]
    assert ("why_not", json.dumps("Too slow")) in changes
    assert ("why_not", json.dumps("Too slow, still")) in changes
    assert (
        changes.count(("approach", json.dumps("disagree"))) == 1
    )  # re-answering the same is no change
    [note] = stored.interviews.notes(interview.uuid)
    assert (note.question, note.text) == ("why_not", "They said 'we are not there yet'")
    assert [message for _, message in prompts.refused] == [
        "Enter a whole number",
        "This answer is not allowed here",
        "Each answer can be ranked once; repeated: Data",
    ]
    assert lock_owner(stored, interview.uuid) is None

    out = capsys.readouterr().out
    assert "Thank you for taking part" in out  # the note is printed
    assert "Probe (for you, not to read out): Ask about local partnerships" in out
    assert "Hint: In their own words" in out
    assert "  3. Data" in out
    assert out.count("saved") >= 7
    assert "- Rank the topics: 1. Data, 2. Workforce, 3. Finance" in out


def test_ctrl_c_half_way_leaves_a_draft_that_resumes_where_it_stopped(stored, monkeypatch, capsys):
    ScriptedPrompts(
        [
            *NEW_INTERVIEW,
            ("right approach", "agree"),
            ("How many staff", "40"),
            ("Priorities", KeyboardInterrupt),
        ]
    ).install(monkeypatch)
    run_plain(stored, "members")
    assert re.search(RESUME, capsys.readouterr().out)

    [draft] = stored.interviews.list(form_id="members")
    assert draft.status == "draft"
    assert draft.position == "priorities"
    assert stored.interviews.answers(draft.uuid) == {
        "approach": "agree",
        "staff": 40,
        "staff_k": 0.04,
    }
    assert lock_owner(stored, draft.uuid) is None

    resumed = ScriptedPrompts(
        [
            ("Resume a draft", draft.uuid),
            ("Priorities", ["money"]),
            ("order of priority", "2"),  # a partial ranking is refused: rank every answer
            ("order of priority", "2 1 3"),
            ("Happy to be contacted", "OK"),
            ("Mark this interview complete", False),
            ("Change an answer before completing", "\x00keep"),
        ]
    )
    resumed.install(monkeypatch)
    run_plain(stored, "members")
    out = capsys.readouterr().out
    assert resumed.asked[1] == "Priorities"  # straight back to the saved position
    assert stored.interviews.get(draft.uuid).status == "draft"
    assert resumed.refused[0][1] == "Rank every answer; not ranked yet: Workforce; Data"
    assert stored.interviews.answers(draft.uuid)["ranking"] == ["money", "staff", "data"]
    assert re.search(RESUME, out)


def test_the_draft_list_describes_each_draft(stored, monkeypatch):
    interview = stored.interviews.create(
        "members",
        organisation_id=stored.register.find("Leeds Teaching Hospitals").id,
        respondent="Ann Smith",
        role="Director",
    )
    stored.interviews.save_answers(interview.uuid, {"approach": "agree"})
    offered = []
    original = ScriptedPrompts.next_answer

    def spy(self, kind, message, choices, validate):
        if choices:
            offered.extend(c.title for c in choices if isinstance(c, questionary.Choice))
        return original(self, kind, message, choices, validate)

    monkeypatch.setattr(ScriptedPrompts, "next_answer", spy)
    ScriptedPrompts([("Resume a draft", KeyboardInterrupt)]).install(monkeypatch)
    run_plain(stored, "members")
    today = interview.started_at[:10]
    assert offered == [
        f"Leeds Teaching Hospitals - Ann Smith, Director - started {today} - 1 of 5 answered",
        "Start a new interview",
    ]


def test_a_new_organisation_is_added_to_the_register_with_its_type(stored, monkeypatch):
    ScriptedPrompts(
        [
            ("Organisation", "Wakefield Council"),
            ("not in the register", True),
            ("Organisation type", "\x00other"),
            ("Organisation type", "Local authority"),
            ("Respondent name", ""),
            ("Respondent role", ""),
            ("Interviewer", "Sam"),
            ("Mode", "video"),
            ("Consent basis", "legitimate interests"),
            ("Attribution", "anonymous"),
            ("right approach", EOFError),
        ]
    ).install(monkeypatch)
    run_plain(stored, "members")
    organisation = stored.register.find("Wakefield Council")
    assert organisation.type == "Local authority"
    [interview] = stored.interviews.list(form_id="members")
    assert interview.organisation_id == organisation.id
    assert interview.status == "draft"


def test_cancel_before_starting_saves_nothing(stored, monkeypatch, capsys):
    ScriptedPrompts([("Organisation", KeyboardInterrupt)]).install(monkeypatch)
    run_plain(stored, "members")
    assert "nothing was saved" in capsys.readouterr().out
    assert stored.interviews.list() == []


def test_command_exits_0_on_ctrl_c_and_1_on_an_unknown_form(stored, db_path, monkeypatch):
    stored.close()
    ScriptedPrompts([*NEW_INTERVIEW, ("right approach", KeyboardInterrupt)]).install(monkeypatch)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", str(db_path), "interview", "--questionnaire", "members", "--plain"]
    )
    assert result.exit_code == 0, result.output
    assert re.search(RESUME, result.output)

    result = runner.invoke(
        cli, ["--db", str(db_path), "interview", "--questionnaire", "nope", "--plain"]
    )
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("engage: no questionnaire 'nope' (see: ")
    assert line.endswith("questionnaire list)")


def test_without_plain_the_app_opens_on_the_form(stored, db_path, monkeypatch):
    opened = []
    fake_app = types.ModuleType("engagement_tui.tui.app")
    fake_app.run_app = lambda path, start_form=None, language="": opened.append((path, start_form))
    monkeypatch.setitem(sys.modules, "engagement_tui.tui.app", fake_app)
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "interview", "--questionnaire", "members"]
    )
    assert result.exit_code == 0, result.output
    assert opened == [(db_path, "members")]


def test_review_sends_the_interviewer_back_to_what_is_missing(stored, monkeypatch):
    interview = stored.interviews.create("members")
    stored.interviews.save_answers(interview.uuid, {"staff": 5, "ok": "OK"}, position="ok")
    prompts = ScriptedPrompts(
        [
            ("Resume a draft", interview.uuid),
            ("Happy to be contacted", "OK"),
            ("Go back to 'Are ICSs the right approach?'", True),
            ("right approach", "agree"),  # then straight back to the review
            ("Mark this interview complete", True),
        ]
    )
    prompts.install(monkeypatch)
    run_plain(stored, "members")
    assert not prompts.script
    assert stored.interviews.get(interview.uuid).status == "complete"


def test_a_draft_open_elsewhere_is_refused_in_one_line(stored, db_path, monkeypatch):
    interview = stored.interviews.create("members")
    owner = f"{socket.gethostname()}:1"  # pid 1 is always alive
    stored.interviews.acquire_lock(interview.uuid, owner=owner)
    ScriptedPrompts([("Resume a draft", interview.uuid)]).install(monkeypatch)
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "interview", "--questionnaire", "members", "--plain"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"engage: this interview is open in another engage ({owner})"
    )
    assert lock_owner(stored, interview.uuid) == owner  # someone else's lock is left alone


def test_the_interviewer_default_is_the_officer_not_the_login(monkeypatch):
    from engagement_tui.plain.interview import _user

    monkeypatch.setenv("USER", "root")
    monkeypatch.delenv("ENGAGE_INTERVIEWER", raising=False)
    assert _user() == ""
    monkeypatch.setenv("ENGAGE_INTERVIEWER", "Sam Officer")
    assert _user() == "Sam Officer"
