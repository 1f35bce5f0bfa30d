"""Every example in every `--help` runs as written against the demo database.

The examples are read from the help texts themselves (walking the whole command tree), so
an example added later is checked too. Each runs in a real `engage` process, from a folder
that holds the repository's `questionnaires/` and `examples/` (the paths the examples name),
with $ENGAGE_DB set to a copy of a demo database. Examples that open an interactive
interview run on a real terminal until their first screen, then are stopped.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from engagement_tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ENGAGE = f"{sys.executable} -m engagement_tui"
INTERACTIVE = re.compile(r"^engage( --db \S+)?( interview .*)?$")
"""The bare app, and interviews: they need a terminal and a person."""


def help_examples() -> list[tuple[str, list[str]]]:
    """(command path, its example lines) for every command and group of `engage`."""
    found: list[tuple[str, list[str]]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        with click.Context(command, info_name=" ".join(["engage", *path])) as ctx:
            text = command.get_help(ctx)
        block = text.split("Example:", 1)[1] if "Example:" in text else ""
        lines = [line.strip() for line in block.splitlines()]
        examples = []
        for line in lines:
            if not line.startswith("engage"):
                if examples:
                    break
                continue
            examples.append(line)
        found.append((" ".join(path) or "engage", examples))
        if isinstance(command, click.Group):
            with click.Context(command) as ctx:
                for name in command.list_commands(ctx):
                    walk(command.get_command(ctx, name), [*path, name])

    walk(cli, [])
    return found


EXAMPLES = help_examples()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--db", str(db), "demo"],
        check=True,
        capture_output=True,
    )
    return db


def test_every_command_has_an_example():
    missing = [path for path, examples in EXAMPLES if not examples]
    assert not missing, f"no Example: in the help of {missing}"


def on_a_terminal(command: str, cwd: Path, env: dict[str, str]) -> str:
    """Start `command` on a pty, read until its first screen is drawn, then stop it."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command, shell=True, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    quiet_since = time.monotonic()
    try:
        # Drawn once something was shown and nothing more came for a second: it waits for keys.
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                quiet_since = time.monotonic()
            elif seen and time.monotonic() - quiet_since > 1.0:
                break
    finally:
        exited = process.poll()
        if exited is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert exited is None, f"{command!r} exited {exited} before its first screen:\n{text}"
    return text


@pytest.mark.parametrize("path, examples", [pytest.param(p, e, id=p) for p, e in EXAMPLES if e])
def test_help_examples_run_as_written(path, examples, demo_db, tmp_path):
    for folder in ("questionnaires", "examples"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "ENGAGE_DB": str(tmp_path / "demo.db"), "TERM": "xterm-256color"}
    shutil.copy(demo_db, tmp_path / "demo.db")
    for example in examples:
        command = ENGAGE + example[len("engage") :]
        if INTERACTIVE.match(example):
            screen = on_a_terminal(command, tmp_path, env)
            assert "Traceback" not in screen, example
            continue
        if "demo" in example.split() and "--db demo.db" in example:
            # The demo refuses a database that holds data: its example starts afresh.
            (tmp_path / "demo.db").unlink()
        done = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{example}\n{done.stderr}"
        assert "Traceback" not in done.stderr, example
