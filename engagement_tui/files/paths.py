"""Provides where data lives (the default database and output folder) and how to run engage
from here as typed (`engage`, or `.venv/bin/engage` when the venv is not activated)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "engagement-tui"
DB_ENV = "ENGAGE_DB"


def default_db_path() -> Path:
    """`$ENGAGE_DB` if set, else `engage.db` in the user data directory (platformdirs)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "engage.db"


def default_output_dir() -> Path:
    return Path("exports")


def engage_command() -> str:
    """How to run engage from here, as typed: `engage` when that name on $PATH is this very
    program (an activated venv, pipx or uv tool install), else the path of this program
    (`.venv/bin/engage`), so that every command we print works when pasted."""
    import shutil
    import sys

    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is None or running.name != "engage":
        # Not started through the console script (tests, python -m): the installed one.
        running = Path(sys.executable).parent / "engage"
        if not running.exists():
            return "engage"
    on_path = shutil.which("engage")
    if on_path and Path(on_path).resolve() == running.resolve():
        return "engage"
    try:
        relative = str(running.absolute().relative_to(Path.cwd().absolute()))
    except ValueError:
        return str(running.absolute())
    return relative if "/" in relative else f"./{relative}"


def engage_invocation(db_path: str | Path, args: str) -> str:
    """`engage [--db PATH] ARGS` for the database at `db_path`, as typed in this shell:
    `--db` is spelt out unless the path is the one engage opens by default."""
    import shlex

    command = engage_command()
    if Path(db_path).absolute() != default_db_path().absolute():
        command += f" --db {shlex.quote(str(db_path))}"
    return f"{command} {args}"
