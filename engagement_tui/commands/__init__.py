"""Provides the subcommands of `engage`, one module per area, registered on the group."""

from __future__ import annotations

from typing import Any

import click


class LazyGroup(click.Group):
    """A click group whose subcommands are registered the first time one is looked up.

    Plain `engage` (open the app) never looks one up, so it starts without importing the
    command modules; `engage --help` and every subcommand register them all first.
    """

    _registered = False

    def _register(self) -> None:
        if not self._registered:
            self._registered = True
            register_commands(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        self._register()
        return super().get_command(ctx, cmd_name)


def register_commands(group: click.Group) -> None:
    from engagement_tui.commands import (
        bundle,
        demo,
        export,
        findings,
        health,
        info,
        init,
        interview,
        keys,
        org,
        privacy,
        questionnaire,
        quotes,
        report,
        responses,
        search,
        settings,
    )

    group.add_command(init.init)
    group.add_command(info.info)
    group.add_command(questionnaire.questionnaire)
    group.add_command(org.org)
    group.add_command(responses.responses)
    group.add_command(interview.interview)
    group.add_command(findings.findings)
    group.add_command(quotes.quotes)
    group.add_command(report.report_command)
    group.add_command(export.export_command)
    group.add_command(search.search_command)
    group.add_command(settings.settings_group)
    group.add_command(demo.demo)
    group.add_command(bundle.bundle)
    group.add_command(keys.keys)
    group.add_command(health.check_command)
    group.add_command(health.backup_command)
    group.add_command(privacy.erase_command)
    group.add_command(privacy.subject_access_command)
    group.add_command(privacy.retention)
