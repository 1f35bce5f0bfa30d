"""Provides `engage check` (a full integrity check) and `engage backup -o FILE` (a consistent
copy made with SQLite's backup API while the database may be in use)."""

from __future__ import annotations

from pathlib import Path

import click

from engagement_tui.commands.common import (
    AppContext,
    fail,
    guard_output,
    log_written,
    pass_app,
)


@click.command("check")
@pass_app
def check_command(app: AppContext) -> None:
    """Check the whole database file: every page, index and reference.

    Prints "ok" and exits 0 when the file is sound; otherwise lists what is wrong, says
    what to do, and exits 1. Commands that write run a quicker check themselves.

    \b
    Example:
      engage check
    """
    from engagement_tui.store.health import NEXT_STEP, full_check

    problems = full_check(app.store.db)
    if not problems:
        click.echo(f"{app.db_path}: ok")
        return
    for problem in problems[:50]:
        click.echo(f"{app.db_path}: {problem}", err=True)
    count = len(problems)
    fail(f"{app.db_path}: damaged ({count} problem{'s' if count != 1 else ''}); {NEXT_STEP}")


@click.command("backup")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The copy to write (mode 0600).",
)
@click.option("--force", is_flag=True, help="Replace an existing file at -o (never the database).")
@pass_app
def backup_command(app: AppContext, output: Path, force: bool) -> None:
    """Copy the database, consistently, even while interviews are being saved to it.

    The copy is written whole or not at all, readable by you only. Keep it somewhere
    other than the laptop's disk (it holds personal data: an encrypted drive).

    \b
    Example:
      engage backup -o engage-backup.db
    """
    from engagement_tui.store.health import backup_to

    if output.exists() and not force:
        fail(f"{output}: exists; not replaced (--force replaces it)")
    guard_output(app, output, "sqlite", force=True)
    store = app.store
    backup_to(store.db.conn, output, key=store.db.key)
    log_written(app, [output], "backup", "", store.privacy.all_interview_uuids())
    click.echo(str(output))
