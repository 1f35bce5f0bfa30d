"""Provides `engage demo`: fill an empty database with a realistic synthetic programme."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, pass_app


@click.command()
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed for the synthetic content (default 2026); the same seed gives the same content.",
)
@pass_app
def demo(app: AppContext, seed: int | None) -> None:
    """Fill an empty database with a synthetic programme to explore.

    Loads the shipped questionnaires, a register of about 150 fictional member
    organisations across the seven NHS England regions, about 120 completed
    interviews and survey returns with quotes and coded free text, a few drafts
    and one withdrawn interview. Refuses a database that already holds data.

    \b
    Example:
      engage --db demo.db demo --seed 7
      engage --db demo.db findings --questionnaire member_survey
    """
    from engagement_tui.demo import DEFAULT_SEED, run_demo, shipped_questionnaires
    from engagement_tui.loaders import QuestionnaireError, load

    counts = app.store.counts()
    if counts["questionnaires"] or counts["organisations"] or counts["interviews"]:
        fail(
            f"{app.db_path} already holds data; the demo needs an empty database,"
            " for example: engage --db demo.db demo"
        )
    paths = shipped_questionnaires()
    if not paths:
        fail("no shipped questionnaires found (questionnaires/*.yaml)")
    try:
        questionnaires = [load(path) for path in paths]
    except QuestionnaireError as error:
        # A shipped questionnaire that does not load is a packaging fault: say where.
        fail(f"shipped questionnaire not valid: {error.problems[0]}")
    summary = run_demo(app.store, questionnaires, DEFAULT_SEED if seed is None else seed)
    click.echo(f"Demo programme written to {app.db_path}")
    click.echo(f"  {summary.questionnaires} questionnaires")
    click.echo(f"  {summary.organisations} organisations")
    click.echo(f"  {summary.completed} completed interviews and survey returns")
    click.echo(f"  {summary.drafts} drafts, {summary.withdrawn} withdrawn")
    click.echo(f"  {summary.codings} coded passages of free text")
    click.echo(f"Next: engage --db {app.db_path} findings --questionnaire {summary.busiest_form}")
