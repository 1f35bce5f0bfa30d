"""Provides the subcommands of `engage`, one module per area, registered on the group."""

from __future__ import annotations

import click


def register_commands(group: click.Group) -> None:
    from engagement_tui.commands import (
        demo,
        export,
        findings,
        info,
        interview,
        org,
        questionnaire,
        report,
        responses,
        settings,
    )

    group.add_command(info.info)
    group.add_command(questionnaire.questionnaire)
    group.add_command(org.org)
    group.add_command(responses.responses)
    group.add_command(interview.interview)
    group.add_command(findings.findings)
    group.add_command(report.report_command)
    group.add_command(export.export_command)
    group.add_command(settings.settings_group)
    group.add_command(demo.demo)
