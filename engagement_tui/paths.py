"""Provides where data lives: the default database and the default output folder."""

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
