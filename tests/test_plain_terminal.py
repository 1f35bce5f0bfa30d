"""The plain interview as a person meets it: a real `engage` process on a real terminal (pty).

Answers are typed as keys; the process is stopped with Ctrl-C, or killed outright, and the
database is then read back to show that nothing answered was lost.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engagement_tui.store import Store
from tests.test_prompts import FORM, ScriptedPrompts

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


class Terminal:
    """`engage interview --plain` running on a pseudo-terminal."""

    def __init__(self, db_path: Path) -> None:
        self.master, slave = os.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"}
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # nobody answers cursor-position requests here
        self.process = subprocess.Popen(
            [sys.executable, "-m", "engagement_tui", "--db", str(db_path), "interview"]
            + ["--questionnaire", "members", "--plain"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 20) -> str:
        """Read until `text` appears; return everything read up to it."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; last output {self.seen[-400:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the process has gone and closed the terminal
                    break
        before, _, after = self.seen.partition(text.encode())
        self.seen = after
        return before.decode(errors="replace")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        os.close(self.master)


@pytest.fixture
def terminal(db_path):
    with Store.open(db_path) as store:
        store.forms.save(FORM)
        store.register.add("Leeds Teaching Hospitals", type="NHS trust")
    opened = Terminal(db_path)
    yield opened
    opened.close()


def start_and_answer_two(terminal: Terminal) -> None:
    enter = "\r"
    for prompt, keys in [
        ("Organisation", "Leeds Teaching Hospitals" + enter),
        ("Respondent name", "Ann Smith" + enter),
        ("Respondent role", "Chief Executive" + enter),
        ("Interviewer", enter),
        ("Mode", enter),
        ("Consent basis", enter),
        ("Attribution", enter),
        # The pointer starts on "(nothing chosen yet)": down twice is Neither.
        ("right approach", "\x1b[B\x1b[B" + enter),
        ("How many staff", "1200" + enter),
    ]:
        terminal.expect(prompt)
        terminal.type(keys)
    terminal.expect("saved")
    terminal.expect("Priorities")


def test_ctrl_c_keeps_a_draft_and_exits_0(terminal, db_path):
    start_and_answer_two(terminal)
    terminal.type("\x03")
    terminal.expect("Interview saved as a draft; resume with: engage interview")
    assert terminal.process.wait(10) == 0
    with Store.open(db_path) as store:
        [draft] = store.interviews.list()
        assert (draft.status, draft.position) == ("draft", "priorities")
        assert store.interviews.answers(draft.uuid) == {
            "approach": "neutral",
            "staff": 1200,
            "staff_k": 1.2,
        }
        assert store.db.scalar("SELECT lock_owner FROM interviews") is None


def test_killed_process_loses_nothing_and_the_interview_resumes(terminal, db_path, monkeypatch):
    start_and_answer_two(terminal)
    os.killpg(terminal.process.pid, signal.SIGKILL)
    terminal.process.wait(10)
    with Store.open(db_path) as store:
        [draft] = store.interviews.list()
        assert store.interviews.answers(draft.uuid)["staff"] == 1200
        assert store.db.scalar("SELECT lock_owner FROM interviews")  # left by the dead process

        from engagement_tui.plain.interview import run_plain

        prompts = ScriptedPrompts(
            [
                ("Resume a draft", draft.uuid),
                ("Priorities", ["money"]),
                ("order of priority", "2 1 3"),
                ("Happy to be contacted", "OK"),
                ("Mark this interview complete", True),
            ]
        )
        prompts.install(monkeypatch)
        run_plain(store, "members")  # the dead process's lock does not stand in the way
        assert store.interviews.get(draft.uuid).status == "complete"
        assert store.interviews.answers(draft.uuid)["ranking"] == ["money", "staff", "data"]
