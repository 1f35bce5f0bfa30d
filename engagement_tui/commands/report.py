"""Provides `engage report`: the PDF report of a questionnaire's findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from engagement_tui.commands.common import (
    AppContext,
    fail,
    guard_output,
    log_written,
    pass_app,
)


def _read_narrative(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        fail(f"{path}: not UTF-8 text (byte {error.start})")
    except OSError as error:
        fail(f"{path}: {error.strerror or error}")


@click.command("report")
@click.option("--questionnaire", "form_id", required=True, help="Form id of the questionnaire.")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF file to write (default: exports/<form_id>-<YYYY-MM-DD>.pdf).",
)
@click.option(
    "--narrative",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Markdown file with recommendations (# headings, paragraphs, - lists, **bold**).",
)
@click.option(
    "--by",
    "by",
    default="organisation_type",
    show_default=True,
    help="Break results down by this field (organisation_type, region, system, mode...).",
)
@click.option(
    "--organisation",
    default="",
    help="Organisation name for the cover and footer (default: engage settings).",
)
@click.option("--programme", default="", help="Programme shown on the cover (default: settings).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing -o file even if it is not a PDF (never the database or an input).",
)
@pass_app
def report_command(
    app: AppContext,
    form_id: str,
    output: Path | None,
    narrative: Path | None,
    by: str,
    organisation: str,
    programme: str,
    force: bool,
) -> None:
    """Write the PDF report: key points, method, findings with charts, themes, appendix.

    Quotes appear only as each respondent agreed to be attributed. The file is written
    whole or not at all; an existing report is replaced only once the new one is complete.
    -o never replaces the database, the narrative, or a file that is not a PDF (unless
    --force, for the last).

    \b
    Example:
      engage report --questionnaire member_survey --narrative examples/recommendations.md
    """
    from engagement_tui.report.publish import (
        ReportFailed,
        branded,
        default_report_path,
        publish_report,
    )

    app.for_publishing()
    if app.store.forms.load(form_id) is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    narrative_md = _read_narrative(narrative)
    today = dt.date.today()
    settings = branded(app.store, organisation=organisation, programme=programme, report_date=today)
    target = output or default_report_path(form_id, today)
    guard_output(app, target, "pdf", inputs={"narrative": narrative}, force=force)
    try:
        publish_report(
            app.store, form_id, target, by=by, narrative_md=narrative_md, settings=settings
        )
    except ReportFailed as error:
        fail(str(error))
    uuids = app.store.privacy.interview_uuids(form_id, ("complete",))
    log_written(app, [target], "report", form_id, uuids)
    click.echo(str(target))
