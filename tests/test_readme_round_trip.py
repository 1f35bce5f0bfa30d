"""The README's round trip (kit out, bundle back, merged) runs as written in real processes:
what the laptop collected reaches the coordinator, and `engage info` lists the laptop with
its last bundle."""

from __future__ import annotations

import re
import shlex
import sqlite3

from tests.bundle_helpers import ROOT, engage


def tour_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"The round trip in five\s+commands.*?```sh\n(.*?)```", text, re.S)
    assert found, "README.md has no round trip block"
    return [shlex.split(line.split("#")[0]) for line in found.group(1).splitlines()]


def test_the_readme_round_trip_runs_as_written(tmp_path):
    commands = tour_commands()
    assert len(commands) == 5 and all(command[0] == "engage" for command in commands)
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}  # keys new writes the identity there
    engage("--db", "demo.db", "demo", cwd=tmp_path, env=env)  # made earlier in the tour
    before = _uuids(tmp_path / "demo.db")
    for command in commands:
        if command[1:3] == ["--db", "laptop.db"] and "export" in command:
            # The officer's interviews, between the kit and the bundle (survey returns here).
            returns = str(ROOT / "examples" / "member-survey-returns.csv")
            engage(
                *("--db", "laptop.db", "responses", "import", returns),
                *("--questionnaire", "member_survey"),
                cwd=tmp_path,
                env=env,
            )
        engage(*command[1:], cwd=tmp_path, env=env)
    collected = _uuids(tmp_path / "laptop.db")
    assert collected and not collected & before
    assert _uuids(tmp_path / "demo.db") == before | collected
    with sqlite3.connect(tmp_path / "laptop.db") as laptop:
        device = laptop.execute("SELECT uuid FROM device_identity").fetchone()[0]
    with sqlite3.connect(tmp_path / "demo.db") as coordinator:
        last = coordinator.execute(
            "SELECT last_bundle FROM devices WHERE uuid = ?", (device,)
        ).fetchone()[0]
    info = engage("--db", "demo.db", "info", cwd=tmp_path, env=env).stdout
    line = next(line for line in info.splitlines() if f"({device[:8]})" in line)
    assert f"last {last}" in line and f"{len(collected)} interviews" in line


def test_merging_a_missing_file_makes_no_database(tmp_path):
    done = engage("--db", "laptop.db", "bundle", "merge", "kit.engage", cwd=tmp_path, check=False)
    assert done.returncode == 1 and done.stderr == "engage: kit.engage: no such file\n"
    assert not (tmp_path / "laptop.db").exists()


def _uuids(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT uuid FROM interviews")}
