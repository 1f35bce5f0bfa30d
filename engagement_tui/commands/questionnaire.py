"""Provides `engage questionnaire validate|import|list`: questionnaire files into the store.

A file is checked completely before anything is stored: a questionnaire with problems is
refused with one line per problem (FILE:LINE:COL or FILE:SHEET:ROW) and the database is
not opened.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, pass_app

FILE_ARGUMENT = click.Path(path_type=Path)


def _load_or_report(path: Path):
    """The questionnaire at `path`, or None after printing its problems to stderr."""
    from engagement_tui.loaders import QuestionnaireError, load
    from engagement_tui.loaders.xlsform_external import missing_attachment_lines

    try:
        loaded = load(path)
    except QuestionnaireError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        return None
    for line in missing_attachment_lines(loaded):
        click.echo(line, err=True)
    return loaded


def _questions(count: int) -> str:
    return f"{count} question" + ("" if count == 1 else "s")


@click.group()
def questionnaire() -> None:
    """Check, import and list questionnaires (native YAML or XLSForm).

    \b
    Example:
      engage questionnaire validate questionnaires/member-survey.yaml
    """


@questionnaire.command()
@click.argument("files", nargs=-1, required=True, type=FILE_ARGUMENT)
def validate(files: tuple[Path, ...]) -> None:
    """Check questionnaire files without storing them.

    Prints "FILE: ok (N questions)" for each valid file; otherwise one line per problem
    on stderr, FILE:LINE:COL: message (XLSForm: FILE:SHEET:ROW: message), and exit status 1.

    \b
    Example:
      engage questionnaire validate questionnaires/*
    """
    failed = False
    for path in files:
        loaded = _load_or_report(path)
        if loaded is None:
            failed = True
        else:
            click.echo(f"{path}: ok ({_questions(len(loaded.questions))})")
    if failed:
        sys.exit(1)


@questionnaire.command(name="import")
@click.argument("file", type=FILE_ARGUMENT)
@click.option(
    "--accept-changes",
    is_flag=True,
    help="Store a new revision even though it changes the bases of interviews already held.",
)
@pass_app
def import_(app: AppContext, file: Path, accept_changes: bool) -> None:
    """Check a questionnaire file, then store it.

    A changed file becomes a new revision of its form_id; importing the same content
    again changes nothing. Themes of its codebook are added to the coding themes.
    A new revision that would change what the interviews already held count towards
    (a question's base) lists each change and is stored only with --accept-changes.

    \b
    Example:
      engage questionnaire import questionnaires/member-survey.yaml
    """
    loaded = _load_or_report(file)
    if loaded is None:
        sys.exit(1)
    app.allow_create()
    changes = _revision_changes(app, loaded)
    if changes and not accept_changes:
        for change in changes:
            click.echo(f"{file}: {change}", err=True)
        fail(
            f"{file}: this revision changes {len(changes)} base"
            f"{'s' if len(changes) != 1 else ''} of the interviews already held; nothing"
            " stored: check the changes, then import again with --accept-changes"
        )
    result = app.store.forms.save(loaded)
    stored = result.form
    if result.created:
        click.echo(
            f"{stored.form_id}: stored as revision {stored.revision}"
            f" (version {stored.version or '-'}, {_questions(len(loaded.questions))})"
        )
        for change in changes:
            click.echo(f"  accepted: {change}")
        if loaded.languages:
            others = [language for language in loaded.languages if language != loaded.language]
            click.echo(f"languages: {loaded.language} (default), {', '.join(others)}")
        for attachment in loaded.attachments:
            if not attachment.missing:
                click.echo(f"attachment: {attachment.name} ({len(attachment.rows)} rows)")
    else:
        click.echo(f"{stored.form_id}: unchanged, already stored as revision {stored.revision}")
    if loaded.codebook:
        added = app.store.coding.seed_codebook(loaded.form_id, loaded.codebook)
        click.echo(f"codebook: {added} new of {len(loaded.codebook)} themes")


@questionnaire.command(name="list")
@pass_app
def list_(app: AppContext) -> None:
    """List the stored questionnaires, latest revision of each.

    \b
    Example:
      engage questionnaire list
    """
    forms = app.store.forms.list()
    if not forms:
        click.echo(f"No questionnaires yet: {app.command('questionnaire import FILE')}")
        return
    rows = [("form_id", "version", "rev", "questions", "title")]
    for form in forms:
        definition = app.store.forms.load_by_id(form.id)
        rows.append(
            (
                form.form_id,
                form.version or "-",
                str(form.revision),
                str(len(definition.questions)),
                form.title,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[4]]))


def _revision_changes(app: AppContext, loaded) -> list:
    """What storing `loaded` would change for the interviews already held (see findings.impact)."""
    if not app.db_path.exists():
        return []
    current = app.store.forms.load(loaded.form_id)
    if current is None or current.content_hash() == loaded.content_hash():
        return []
    from engagement_tui.findings.impact import revision_impact

    return revision_impact(app.store.forms.held_answers(loaded.form_id), current, loaded)
