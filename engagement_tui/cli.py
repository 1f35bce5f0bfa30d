"""Provides the `engage` command line: a click group whose bare form opens the TUI.

Errors a user can cause print one line to stderr and exit 1, never a traceback.
Subcommands live in `engagement_tui.commands`, one module per area; heavy imports
happen inside the commands that need them so `engage --help` stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from engagement_tui import __version__
from engagement_tui.commands import LazyGroup
from engagement_tui.commands.common import AppContext, fail
from engagement_tui.files.paths import DB_ENV, default_db_path
from engagement_tui.store.driver import errors


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $ENGAGE_DB, else engage.db in the user data directory).",
)
@click.version_option(__version__, prog_name="engage")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Structured stakeholder engagement: interviews, findings, reports.

    Run with no command to open the app on the default database (made on first
    open); a database named with --db or $ENGAGE_DB must exist (see: engage init).

    \b
    Example:
      engage --db programme.db questionnaire import questionnaires/member-survey.yaml
    """
    ctx.obj = AppContext(db_path or default_db_path(), db_path)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from engagement_tui.tui.app import run_app

        if db_path is None and not os.environ.get(DB_ENV):
            ctx.obj.allow_create()  # the app's own default database: made on first open
        ctx.obj.require_database()

        run_app(ctx.obj.db_path)  # collects again once its first frame is drawn
    else:
        gc.enable()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: turns every error a user can cause into one line and exit 1."""
    # Plain `engage` opens the app: no garbage collection while it imports and starts
    # (the collector's passes over everything loaded cost 10 ms or more before the first
    # frame); a subcommand turns it back on at once, the app after its first frame.
    from engagement_tui.store import StoreError

    gc.disable()
    try:
        cli.main(args=argv, prog_name="engage", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("engage: cancelled", err=True)
        sys.exit(1)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except StoreError as error:
        fail(str(error))
    except errors() as error:
        fail(f"database error: {error}")
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
    except KeyboardInterrupt:
        fail("interrupted")
    finally:
        gc.enable()
