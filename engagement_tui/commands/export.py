"""Provides `engage export`: a questionnaire's interviews as CSV, XLSX or JSON files."""

from __future__ import annotations

from pathlib import Path

import click

from engagement_tui.commands.common import (
    AppContext,
    fail,
    guard_output,
    in_language,
    language_option,
    log_written,
    pass_app,
    where_option,
)
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
@click.option(
    "--force",
    is_flag=True,
    help="Replace existing files of the export's names even if they hold something else.",
)
@where_option("Only returns where FIELD is VALUE (repeatable), as for engage findings.")
@language_option
@pass_app
def export_command(
    app: AppContext,
    form_id: str,
    fmt: str,
    out_dir: Path | None,
    include_personal_data: bool,
    include_drafts: bool,
    force: bool,
    where: tuple[str, ...],
    language: str | None,
) -> None:
    """Export completed interviews: answers, metadata and notes.

    Respondents' names are replaced by stable pseudonyms ("Respondent 7f3a2c") unless
    --include-personal-data is given. Answers to questions the respondent was routed
    past are left out. Files are written whole or not at all.

    \b
    Example:
      engage export --questionnaire member_survey --format xlsx -o exports/
      engage export --questionnaire member_survey --format csv --where region=London
    """
    from engagement_tui.exports import export, planned_paths

    app.for_publishing()
    questionnaire = app.store.forms.load(form_id)
    if questionnaire is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    questionnaire = in_language(app, questionnaire, language)
    folder = out_dir or default_output_dir()
    repeats = tuple(group.name for group in questionnaire.groups if group.repeat)
    for planned in planned_paths(form_id, fmt, folder, repeats=repeats):
        guard_output(app, planned, planned.suffix.lstrip("."), force=force)
    if include_personal_data:
        click.echo(
            "engage: including respondents' names: the export is personal data, keep it safe",
            err=True,
        )
    only = None
    if where:
        from engagement_tui.store.subsets import SubsetError, parse_where, select

        statuses = ("complete", "draft") if include_drafts else ("complete",)
        try:
            only = select(app.store.db, questionnaire, parse_where(where), statuses).ids
        except SubsetError as error:
            fail(str(error))
    warnings: list[str] = []
    try:
        paths = export(
            app.store,
            questionnaire,
            fmt,
            folder,
            include_personal_data=include_personal_data,
            include_incomplete=include_drafts,
            only=only,
            warnings=warnings,
        )
    except OSError as error:
        fail(f"could not write the export: {error.strerror or error} ({error.filename or out_dir})")
    statuses = ("complete", "draft") if include_drafts else ("complete",)
    log_written(app, paths, "export", form_id, app.store.privacy.interview_uuids(form_id, statuses))
    for path in paths:
        click.echo(str(path))
    for warning in warnings:
        click.echo(f"engage: warning: {warning}", err=True)
