"""Provides `engage report`: the PDF or DOCX report of a questionnaire's findings, and chart
images."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from engagement_tui.commands.common import (
    AppContext,
    compare_option,
    fail,
    guard_output,
    in_language,
    language_option,
    log_written,
    pass_app,
    where_option,
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


@click.group("report", invoke_without_command=True)
@click.option("--questionnaire", "form_id", help="Form id of the questionnaire.")
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Build from a report plan (see: engage report plan); it names the questionnaire.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: exports/<form_id>-<YYYY-MM-DD>.pdf or .docx).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx"]),
    default="pdf",
    show_default=True,
    help="PDF, or a Word document (DOCX) to finish in Word or LibreOffice.",
)
@click.option(
    "--charts",
    "charts_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write each chart as PNG and SVG (for slides) into this folder.",
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
@compare_option
@where_option()
@language_option
@click.pass_context
def report_command(
    ctx: click.Context,
    form_id: str | None,
    plan_path: Path | None,
    output: Path | None,
    narrative: Path | None,
    by: str,
    organisation: str,
    programme: str,
    force: bool,
    fmt: str,
    charts_dir: Path | None,
    where: tuple[str, ...],
    compare: str | None,
    language: str | None,
) -> None:
    """Write the PDF report: key points, method, findings with charts, themes, appendix.

    Quotes appear only as each respondent agreed to be attributed. The file is written
    whole or not at all; an existing report is replaced only once the new one is complete.
    -o never replaces the database, the narrative, or a file that is not a PDF (unless
    --force, for the last).

    \b
    Example:
      engage report --questionnaire member_survey --narrative examples/recommendations.md
      engage report --questionnaire member_survey --format docx --charts exports/charts
      engage report --questionnaire member_survey --where "organisation_type=NHS trust"
      engage report plan --questionnaire member_survey -o plan.yaml
      engage report --plan plan.yaml --format docx
    """
    if ctx.invoked_subcommand is not None:
        return
    from engagement_tui.report.publish import (
        ReportFailed,
        branded,
        default_report_path,
        publish_report,
    )

    app: AppContext = ctx.find_object(AppContext)
    plan = None
    if plan_path is not None:
        from engagement_tui.report.plan import PlanError, load_plan

        try:
            plan = load_plan(plan_path)
        except PlanError as error:
            fail(str(error))
        if form_id and form_id != plan.questionnaire:
            fail(f"{plan_path} is a plan for {plan.questionnaire}, not {form_id}")
        form_id = plan.questionnaire
    if not form_id:
        fail("name the questionnaire: --questionnaire FORM_ID (or build from --plan FILE)")
    app.for_publishing()
    stored = app.store.forms.load(form_id)
    if stored is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    in_language(app, stored, language)  # a language the form lacks: one line, nothing written
    narrative_md = _read_narrative(narrative)
    today = dt.date.today()
    settings = branded(app.store, organisation=organisation, programme=programme, report_date=today)
    target = output or default_report_path(form_id, today, fmt)
    guard_output(app, target, fmt, inputs={"narrative": narrative, "plan": plan_path}, force=force)
    try:
        publish_report(
            app.store,
            form_id,
            target,
            by=by,
            narrative_md=narrative_md,
            settings=settings,
            fmt=fmt,
            charts_dir=charts_dir,
            where=where,
            plan=plan,
            compare=compare,
            language=language,
        )
    except ReportFailed as error:
        fail(str(error))
    uuids = app.store.privacy.interview_uuids(form_id, ("complete",))
    log_written(app, [target], "report", form_id, uuids)
    click.echo(str(target))
    if charts_dir is not None:
        click.echo(f"Charts as PNG and SVG in {charts_dir}")


@report_command.command("plan")
@click.option("--questionnaire", "form_id", required=True, help="Form id of the questionnaire.")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="YAML file to write the plan to.",
)
@pass_app
def plan_command(app: AppContext, form_id: str, output: Path) -> None:
    """Write the automatic report's plan as YAML, to edit and build from with --plan.

    The plan holds the title, subtitle and date; the key points in order; the sections
    and their questions; an introduction and recommendations; the chosen quotes by id.
    In any text, {question.choice} is a live figure read from the data at build time.

    \b
    Example:
      engage report plan --questionnaire member_survey -o plan.yaml
    """
    import datetime as dt

    from engagement_tui.files.atomic import atomic_write
    from engagement_tui.findings import FindingsError, compute_findings
    from engagement_tui.report.plan_build import automatic_plan
    from engagement_tui.report.plan_quotes import quote_candidates

    try:
        findings = compute_findings(app.store, form_id)
    except FindingsError as error:
        fail(str(error))
    text = automatic_plan(findings, quote_candidates(app.store, form_id), dt.date.today())
    try:
        with atomic_write(output) as handle:
            handle.write(text.encode("utf-8"))
    except OSError as error:
        fail(f"could not write {output}: {error.strerror or error}")
    click.echo(str(output))
