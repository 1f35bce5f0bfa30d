"""Provides the rights of the people in the data: `engage erase`, `engage subject-access` and
`engage retention apply`.

Erasure removes every record that holds the person (answers, history, drafts, notes,
codings; the organisation and its contacts when asked), zeroes and rebuilds the file so no
byte of it remains in the database, -wal or -shm, keeps a tombstone of the ids, and lists
the files written earlier (exports, reports, backups) that still hold them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, guard_output, pass_app


def _erase(app: AppContext, found, what: str, yes: bool) -> None:
    """Confirm, erase, and say what was removed and which earlier files still hold it."""
    from engagement_tui.store.privacy import describe

    store = app.store
    earlier = store.privacy.files_holding(found)
    extra = []
    if found.organisations:
        extra.append("the organisation's register entry")
    if found.contacts:
        extra.append(f"{len(found.contacts)} contacts")
    summary = describe(found.counts) + (f", {', '.join(extra)}" if extra else "")
    click.echo(f"{what}: {summary}")
    if not yes and not click.confirm("Erase all of this for good?", default=False):
        fail("nothing erased")
    erased = store.privacy.erase(found)
    click.echo(f"erased {what}; the database, its -wal and -shm no longer hold it")
    if not erased.wal_cleared:
        click.echo(
            "engage: another engage has the database open, so its -wal could not be emptied:"
            f" close it and run {app.command('erase --scrub')}",
            err=True,
        )
    if earlier:
        click.echo(f"{len(earlier)} earlier files may still hold them (delete or re-make them):")
        for path, what in earlier:
            click.echo(f"  {path}  ({what})")


@click.command("erase")
@click.option("--respondent", default="", help="Erase every interview with this respondent.")
@click.option("--interview", "interview", default="", help="Erase the interview with this UUID.")
@click.option(
    "--organisation",
    default="",
    help="Erase the organisation: its register entry, contacts and every interview.",
)
@click.option("--scrub", is_flag=True, help="Only empty the WAL and rebuild the file again.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def erase_command(
    app: AppContext, respondent: str, interview: str, organisation: str, scrub: bool, yes: bool
) -> None:
    """Erase a person's (or an interview's, or an organisation's) data, for good.

    Removes answers, answer history, drafts, notes and codings, leaving no byte of them in
    the database file, its -wal or -shm; keeps only the erased ids (a tombstone), so a
    re-import does not bring them back. Lists the earlier exports that still hold them.

    \b
    Example:
      engage erase --respondent "Simon Hughes" --yes
    """
    app.for_writing()
    if scrub:
        cleared = app.store.privacy.scrub()
        click.echo("scrubbed" if cleared else "the -wal is still in use by another engage")
        return
    chosen = [value for value in (respondent, interview, organisation) if value]
    if len(chosen) != 1:
        fail("name one of --respondent, --interview or --organisation")
    found = app.store.privacy.find(
        respondent=respondent, interview=interview, organisation=organisation
    )
    what = (
        f"respondent {respondent!r}"
        if respondent
        else f"interview {interview}"
        if interview
        else f"organisation {organisation!r}"
    )
    if found.empty:
        fail(f"no records of {what}")
    _erase(app, found, what, yes)


@click.command("subject-access")
@click.option("--respondent", required=True, help="The respondent's name, as recorded.")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file to write (mode 0600).",
)
@click.option("--force", is_flag=True, help="Replace an existing file that is not JSON.")
@pass_app
def subject_access_command(app: AppContext, respondent: str, output: Path, force: bool) -> None:
    """Write everything held about a respondent as JSON, for a subject access request.

    Their interviews with every answer, the history of changed answers, drafts, notes and
    codings; register contacts of that name; and the files written that hold them.

    \b
    Example:
      engage subject-access --respondent "Paul Lewis" -o paul-lewis.json
    """
    from engagement_tui.files.atomic import atomic_write

    guard_output(app, output, "json", force=force)
    found = app.store.privacy.find(respondent=respondent)
    if found.empty:
        fail(f"no records of respondent {respondent!r}")
    document = {"respondent": respondent, **app.store.privacy.subject_access(found)}
    with atomic_write(output) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
    click.echo(f"{output}: {len(found.interviews)} interviews, {len(found.contacts)} contacts")


@click.group("retention")
def retention() -> None:
    """Purge what should no longer be kept.

    Names and contacts are removed once `retention.personal_days` days have passed since
    `programme.closed_on` (both set with `engage settings set`): by `retention apply`, or
    by the first command that writes after that day.

    \b
    Example:
      engage retention apply --days 180 --yes
    """


@retention.command("apply")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Erase drafts and withdrawn interviews not changed for this many days.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def retention_apply(app: AppContext, days: int | None, yes: bool) -> None:
    """Erase drafts and withdrawn interviews untouched for --days days, for good; and
    remove names and contacts when the programme's retention time has passed.

    The anonymised answers stay for findings. Names are due `retention.personal_days` days
    after `programme.closed_on` (see `engage settings list`).

    \b
    Example:
      engage retention apply --days 180 --yes
      engage retention apply
    """
    app.for_writing()
    app.reports_retention = True
    _personal_retention(app)
    if days is None:
        return
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    found = app.store.privacy.expired(cutoff.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    if found.empty:
        click.echo(f"nothing older than {days} days to erase")
        return
    _erase(app, found, f"drafts and withdrawn interviews older than {days} days", yes)


def _personal_retention(app: AppContext) -> None:
    """Say where the retention of personal fields stands: done now, due when, or not set."""
    import datetime as dt

    from engagement_tui.store.retention import CLOSED_ON, PERSONAL_DAYS

    store = app.store  # opening it for writing applied what was due (commands/common.py)
    purged = app.purged
    closed, days = store.settings.get(CLOSED_ON), store.settings.get(PERSONAL_DAYS)
    if purged is not None:
        if purged.removed:
            click.echo(purged.line())
        else:
            click.echo(f"Retention: no names left in interviews closed {purged.closed_on}")
    elif closed and days:
        due = dt.date.fromisoformat(closed) + dt.timedelta(days=int(days))
        click.echo(f"Retention: names are kept until {due.isoformat()} ({days} days after close)")
    else:
        click.echo(
            f"Retention: names are kept (set {CLOSED_ON} and {PERSONAL_DAYS} to remove them"
            " after the programme closes)"
        )
