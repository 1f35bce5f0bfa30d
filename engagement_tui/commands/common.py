"""Provides what every command shares: the lazily opened store and one-line failures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from engagement_tui.store import Store


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit 1."""
    click.echo(f"engage: {message}", err=True)
    sys.exit(1)


class AppContext:
    """Settings for one invocation: where the database is; the store opened on first use."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from engagement_tui.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext)
