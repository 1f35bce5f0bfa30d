"""Provides `engage settings`: the report's branding and the retention of personal fields,
kept in the database."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, pass_app


@click.group("settings")
def settings_group() -> None:
    """Show and change settings kept in the database (the report's branding, retention).

    \b
    Example:
      engage settings set report.organisation "NHS Confederation"
      engage settings set report.primary_colour "#005EB8"
      engage settings set programme.closed_on 2026-01-31
      engage settings set retention.personal_days 90
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
    from engagement_tui.store.retention import SETTINGS

    purposes = {name: purpose for name, (_, purpose) in BRANDING.items()} | SETTINGS
    for name, purpose in purposes.items():
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
    from engagement_tui.report.branding import BRANDING, SettingError, check
    from engagement_tui.store.retention import SETTINGS, RetentionSettingError, check_setting

    try:
        checked = check_setting(name, value) if name in SETTINGS else check(name, value)
    except RetentionSettingError as error:
        fail(str(error))
    except SettingError as error:
        if name not in BRANDING:
            fail(f"unknown setting {name!r} (known: {', '.join([*BRANDING, *SETTINGS])})")
        fail(str(error))
    app.for_writing()
    app.store.settings.set(name, checked)
    click.echo(f"{name} = {checked or '(default)'}")
