"""Provides `engage info`: the database path, what it holds, and the versions in use."""

from __future__ import annotations

import platform
import sqlite3

import click

from engagement_tui import __version__
from engagement_tui.commands.common import AppContext, pass_app


@click.command()
@pass_app
def info(app: AppContext) -> None:
    """Show the database path, counts of what it holds, and versions.

    \b
    Example:
      engage info
    """
    if not app.db_path.exists():
        click.echo(f"database        {app.db_path} (not created yet)")
        counts = {}
    else:
        counts = app.store.counts()
        click.echo(f"database        {app.db_path}")
    for name, value in counts.items():
        click.echo(f"{name:<15} {value}")
    click.echo(
        "encryption      none by engage: keep the database on an encrypted disk"
        " (FileVault, BitLocker, LUKS)"
    )
    click.echo(f"engage          {__version__}")
    click.echo(f"python          {platform.python_version()}")
    click.echo(f"sqlite          {sqlite3.sqlite_version}")
