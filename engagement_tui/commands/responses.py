"""Provides `engage responses import`: survey returns (CSV or XLSX) into completed interviews."""

from __future__ import annotations

from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, pass_app

MAX_SHOWN = 200
"""Problems listed before the rest are only counted: enough to fix a file in one pass."""


@click.group()
def responses() -> None:
    """Survey returns collected outside the app (ODK Central, KoboToolbox, online surveys).

    \b
    Example:
      engage responses import examples/member-survey-returns.csv --questionnaire member_survey
    """


@responses.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--questionnaire",
    "form_id",
    required=True,
    help="form_id of the stored questionnaire the returns answer.",
)
@pass_app
def import_command(app: AppContext, file: Path, form_id: str) -> None:
    """Import a CSV or XLSX export, one row per respondent, as completed interviews.

    Columns are named by question (group prefixes such as grp/q or grp-q are fine;
    select_multiple answers space-separated), plus optional organisation,
    organisation_type, region, respondent, role, interview_date and instanceID.
    Every value is checked against the questionnaire; any problem is listed as
    FILE:ROW:COLUMN: message and nothing is imported. Importing the same rows
    again adds nothing.

    \b
    Example:
      engage responses import examples/member-survey-returns.csv --questionnaire member_survey
    """
    from engagement_tui.responses.files import ImportFailed
    from engagement_tui.responses.importer import import_responses

    app.for_writing()
    if app.store.forms.latest(form_id) is None:
        listing = app.command("questionnaire list")
        fail(f"no questionnaire {form_id!r} in {app.db_path} (see: {listing})")
    try:
        summary = import_responses(app.store, file, form_id)
    except ImportFailed as error:
        for problem in error.problems[:MAX_SHOWN]:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        if count > MAX_SHOWN:
            click.echo(f"{file}: ... and {count - MAX_SHOWN} more problems", err=True)
        fail(f"{file}: {count} problem{'s' if count != 1 else ''}; nothing imported")
    click.echo(f"{file}: {summary.rows} rows")
    for line in summary.lines():
        click.echo(f"  {line}")
