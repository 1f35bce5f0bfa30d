"""Provides `engage settings`: the report's branding kept in the database."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, pass_app


@click.group("settings")
def settings_group() -> None:
    """Show and change settings kept in the database (the report's branding).

    \b
    Example:
      engage settings set report.organisation "NHS Confederation"
      engage settings set report.primary_colour "#005EB8"
    """


@settings_group.command("list")
@pass_app
def list_settings(app: AppContext) -> None:
    """List the settings, their values and what they are for.

    \b
    Example:
      engage settings list
    """
    from engagement_tui.report.branding import BRANDING

    for name, (_, purpose) in BRANDING.items():
        value = app.store.settings.get(name)
        click.echo(f"{name:<22} {value if value else '(default)':<28} {purpose}")


@settings_group.command("set")
@click.argument("name")
@click.argument("value")
@pass_app
def set_setting(app: AppContext, name: str, value: str) -> None:
    """Set NAME to VALUE; an empty VALUE goes back to the default.

    \b
    Example:
      engage settings set report.programme "Member engagement 2026"
    """
    from engagement_tui.report.branding import SettingError, check

    try:
        checked = check(name, value)
    except SettingError as error:
        fail(str(error))
    app.for_writing()
    app.store.settings.set(name, checked)
    click.echo(f"{name} = {checked or '(default)'}")
