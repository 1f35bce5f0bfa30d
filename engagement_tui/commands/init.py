"""Provides `engage init`: create an empty database on purpose (mode 0600, WAL, migrated)."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, pass_app


@click.command()
@click.option(
    "--encrypted",
    is_flag=True,
    help="Encrypt the database at rest (SQLCipher; passphrase from $ENGAGE_DB_KEY or asked).",
)
@pass_app
def init(app: AppContext, encrypted: bool) -> None:
    """Create an empty database (no other command creates one from a mistyped --db).

    Imports and the demo create their database too; an existing database is left as it is.
    With --encrypted the new database is encrypted with a passphrase (needs
    `pip install "engagement-tui[encrypted]"`); every command then opens it with
    $ENGAGE_DB_KEY, or asks for it on the terminal.

    \b
    Example:
      engage --db programme.db init
    """
    existed = app.db_path.exists()
    app.allow_create()
    app.encrypt = encrypted
    app.store.counts()  # opens (creating and migrating) the database
    if existed:
        click.echo(f"{app.db_path} already exists; left as it was")
        return
    click.echo(f"Created {app.db_path}" + (" (encrypted)" if app.store.db.encrypted else ""))
    click.echo(f"Next: {app.command('questionnaire import FILE')}")
