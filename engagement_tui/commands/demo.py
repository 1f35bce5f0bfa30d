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
    from engagement_tui.demo import DEFAULT_SEED, DemoRefused, fill_with_demo
    from engagement_tui.files.paths import engage_command

    app.allow_create()
    try:
        summary = fill_with_demo(app.store, DEFAULT_SEED if seed is None else seed)
    except DemoRefused as refused:
        fail(f"{refused}, for example: {engage_command()} --db demo.db demo")
    click.echo(f"Demo programme written to {app.db_path}")
    click.echo(f"  {summary.questionnaires} questionnaires")
    click.echo(f"  {summary.organisations} organisations")
    click.echo(f"  {summary.completed} completed interviews and survey returns")
    click.echo(f"  {summary.drafts} drafts, {summary.withdrawn} withdrawn")
    click.echo(f"  {summary.codings} coded passages of free text")
    click.echo(f"Next: {app.command('findings --questionnaire ' + summary.busiest_form)}")
    click.echo(f"      {app.command('').rstrip()}   (the app)")
