"""Provides `engage export`: a questionnaire's interviews as CSV, XLSX or JSON files."""

from __future__ import annotations

from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, pass_app
from engagement_tui.files.paths import default_output_dir


@click.command("export")
@click.option("--questionnaire", "form_id", required=True, help="Form id of the questionnaire.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    required=True,
    help="csv: long and wide files; xlsx: data, labels and dictionary sheets; json.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: ./exports).",
)
@click.option(
    "--include-personal-data",
    is_flag=True,
    help="Keep respondents' names instead of pseudonyms (the files are then personal data).",
)
@click.option("--include-drafts", is_flag=True, help="Also export interviews not yet complete.")
@pass_app
def export_command(
    app: AppContext,
    form_id: str,
    fmt: str,
    out_dir: Path | None,
    include_personal_data: bool,
    include_drafts: bool,
) -> None:
    """Export completed interviews: answers, metadata and notes.

    Respondents' names are replaced by stable pseudonyms ("Respondent 7f3a2c") unless
    --include-personal-data is given. Answers to questions the respondent was routed
    past are left out. Files are written whole or not at all.

    \b
    Example:
      engage export --questionnaire member_survey --format xlsx -o exports/
    """
    from engagement_tui.exports import export

    questionnaire = app.store.forms.load(form_id)
    if questionnaire is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    if include_personal_data:
        click.echo(
            "engage: including respondents' names: the export is personal data, keep it safe",
            err=True,
        )
    warnings: list[str] = []
    try:
        paths = export(
            app.store,
            questionnaire,
            fmt,
            out_dir or default_output_dir(),
            include_personal_data=include_personal_data,
            include_incomplete=include_drafts,
            warnings=warnings,
        )
    except OSError as error:
        fail(f"could not write the export: {error.strerror or error} ({error.filename or out_dir})")
    for path in paths:
        click.echo(str(path))
    for warning in warnings:
        click.echo(f"engage: warning: {warning}", err=True)
