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
    """Show the database path, its device identity, counts of what it holds, the devices
    whose bundles were merged (each with its last bundle), and versions.

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
    if counts:
        _devices(app)
        _pseudonym_key(app)
    if counts and app.store.db.encrypted:
        click.echo("encryption      SQLCipher: the database file is encrypted (passphrase)")
    else:
        click.echo(
            "encryption      none by engage: keep the database on an encrypted disk"
            " (FileVault, BitLocker, LUKS), or make it with `engage init --encrypted`"
        )
    click.echo(f"engage          {__version__}")
    click.echo(f"python          {platform.python_version()}")
    click.echo(f"sqlite          {sqlite3.sqlite_version}")


def _devices(app: AppContext) -> None:
    """This database's identity, open conflicts, and every device that sent a bundle or kit."""
    store = app.store
    me = store.devices.identity()
    click.echo(f"{'device':<15} {me.name} ({me.uuid})")
    open_conflicts = len(store.conflicts.list("open"))
    if open_conflicts:
        click.echo(f"{'conflicts':<15} {open_conflicts} open ({app.command('bundle conflicts')})")
    for device in store.devices.known():
        click.echo(
            f"{'from':<15} {device.name} ({device.uuid[:8]}): {device.bundles} bundles,"
            f" {device.interviews} interviews; last {device.last_bundle} of"
            f" {device.last_bundle_created}"
        )


def _pseudonym_key(app: AppContext) -> None:
    """Where the pseudonymisation key is (a file of the user's own, not the database)."""
    from engagement_tui.store.pseudonym_key import PseudonymKey, keys_dir

    state = PseudonymKey(app.store.db).state()
    if state.status == "present":
        where = f"{state.path} (back it up with the database: pseudonyms depend on it)"
    elif state.status == "missing":
        where = f"{state.path} is missing: the next export makes a new key, pseudonyms change"
    elif state.status == "none yet":
        where = f"none yet (made in {keys_dir()} at the first pseudonymised export)"
    else:
        where = "inside the database (an old one): moved to a file at the next export"
    click.echo(f"{'pseudonym key':<15} {where}")
