"""Provides `engage findings`: results, headlines and breakdowns for one questionnaire."""

from __future__ import annotations

import json

import click

from engagement_tui.commands.common import (
    AppContext,
    compare_option,
    fail,
    language_option,
    pass_app,
    where_option,
)


@click.command()
@click.option("--questionnaire", "form_id", required=True, help="The form_id of the questionnaire.")
@click.option(
    "--by",
    "by",
    metavar="FIELD",
    help="Break results down by organisation_type, region, system, organisation, interviewer,"
    " mode, any attribute of the member register, or a profile question (e.g. job_role).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--threshold",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Bases under this many respondents are suppressed (no percentages).",
)
@where_option()
@compare_option
@language_option
@click.option("--include-drafts", is_flag=True, help="Count draft interviews as well.")
@click.option(
    "--subject",
    default="respondents",
    show_default=True,
    help='Who headlines talk about: "Six in ten leaders (61%) agree ..."',
)
@pass_app
def findings(
    app: AppContext,
    form_id: str,
    by: str | None,
    output_format: str,
    threshold: int,
    include_drafts: bool,
    subject: str,
    where: tuple[str, ...],
    compare: str | None,
    language: str | None,
) -> None:
    """Show findings: each question's results over completed interviews, with headlines.

    A question's base is the completed interviews in which it applied and was answered;
    answers hidden by skip logic are left out. Percentages are of the base. With --where,
    everything (bases, suppression, breakdowns) is within the subset.

    \b
    Example:
      engage findings --questionnaire member_survey
      engage findings --questionnaire member_survey --by organisation_type --format markdown
      engage findings --questionnaire member_survey --format json > findings.json
      engage findings --questionnaire leaders_interview --subject leaders
      engage findings --questionnaire member_survey --where region=London
    """
    from engagement_tui.findings import FindingsError, compute_findings
    from engagement_tui.findings.render import render_markdown, render_text

    app.for_publishing()
    options = {"by": by, "threshold": threshold, "include_drafts": include_drafts}
    options["language"] = language
    try:
        if compare:
            from engagement_tui.findings.waves import compare_with

            if app.store.forms.load(form_id) is None:
                fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
            result = compare_with(
                app.store, form_id, compare, where=where, subject=subject, **options
            )
        else:
            result = compute_findings(
                app.store,
                form_id,
                by=by,
                threshold=threshold,
                include_drafts=include_drafts,
                subject=subject,
                where=where,
                language=language,
            )
    except FindingsError as error:
        fail(str(error))
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        click.echo(render_text(result), nl=False)
