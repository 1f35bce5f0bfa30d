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
@click.option(
    "--earlier-wave",
    is_flag=True,
    help="Also write the member survey as run in 2018 (form member_survey_2018), to compare.",
)
@pass_app
def demo(app: AppContext, seed: int | None, earlier_wave: bool) -> None:
    """Fill an empty database with a synthetic programme to explore.

    Loads the shipped questionnaires, a register of about 150 fictional member
    organisations across the seven NHS England regions, about 120 completed
    interviews and survey returns with quotes and coded free text, a few drafts
    and one withdrawn interview. Refuses a database that already holds data.

    \b
    Example:
      engage --db demo.db demo --seed 7
      engage --db demo.db findings --questionnaire member_survey
      engage --db waves.db demo --earlier-wave
      engage --db waves.db findings --questionnaire member_survey --compare member_survey_2018
    """
    from engagement_tui.demo import DEFAULT_SEED, DemoRefused, fill_with_demo
    from engagement_tui.files.paths import engage_command

    app.allow_create()
    try:
        summary = fill_with_demo(app.store, DEFAULT_SEED if seed is None else seed)
    except DemoRefused as refused:
        fail(f"{refused}, for example: {engage_command()} --db demo.db demo")
    if earlier_wave:
        from engagement_tui.demo import shipped_questionnaires
        from engagement_tui.demo.wave import add_earlier_wave
        from engagement_tui.loaders import load

        questionnaires = [load(path) for path in shipped_questionnaires()]
        wave, returns = add_earlier_wave(
            app.store, questionnaires, DEFAULT_SEED if seed is None else seed
        )
    click.echo(f"Demo programme written to {app.db_path}")
    click.echo(f"  {summary.questionnaires} questionnaires")
    click.echo(f"  {summary.organisations} organisations")
    click.echo(f"  {summary.completed} completed interviews and survey returns")
    click.echo(f"  {summary.drafts} drafts, {summary.withdrawn} withdrawn")
    click.echo(f"  {summary.codings} coded passages of free text")
    if earlier_wave:
        click.echo(f"  an earlier wave: {wave}, {returns} returns")
    click.echo(f"Next: {app.command('findings --questionnaire ' + summary.busiest_form)}")
    click.echo(f"      {app.command('').rstrip()}   (the app)")
