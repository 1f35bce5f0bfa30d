"""Provides the command palette's engage actions: new interview, resume, home, notes, review,
shape the report, send to coordinator, settle conflicts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["EngageCommands"]


class EngageCommands(Provider):
    """Main actions, plus one 'Resume' command per interview in progress."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        store = app.store  # type: ignore[attr-defined]
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("New interview", app.action_new_interview, "Start an interview"),  # type: ignore[attr-defined]
            ("Home", app.action_home, "Interviews in progress, coverage, questionnaires"),  # type: ignore[attr-defined]
            ("Findings", app.action_findings, "Headlines, bars and breakdowns"),  # type: ignore[attr-defined]
            ("Code free text", app.action_coding, "Code answers and quotes into themes"),  # type: ignore[attr-defined]
            (
                "Shape the report",
                app.action_report_plan,  # type: ignore[attr-defined]
                "Pick, order and approve key points and quotes; write the report plan",
            ),
            (
                "Send to coordinator",
                app.action_send_to_coordinator,
                "This laptop's interviews, encrypted, to a folder",
            ),  # type: ignore[attr-defined]
            (
                "Erase organisation…",
                partial(_erase_organisation, app),
                "An organisation, its contacts and interviews, for good (typed confirmation)",
            ),
        ]
        screen = self.screen
        for action, title, help_text in (
            ("notes", "Notes", "Take a quote or observation on this question"),
            ("sections", "Go to section", "Jump to a section of the questionnaire"),
            ("review", "Review answers", "List every answer; complete the interview"),
            ("withdraw", "Withdraw interview", "Mark this interview withdrawn"),
            ("erase", "Erase interview…", "Remove this interview for good (typed confirmation)"),
            ("report", "Write PDF report", "The PDF report of these findings, in exports/"),
        ):
            method = getattr(screen, f"action_{action}", None)
            if method is not None:
                commands.append((title, method, help_text))
        offered = getattr(screen, "languages_offered", None)
        for language in offered() if offered is not None else ():
            commands.append(
                (
                    f"Language: {language}",
                    partial(screen.action_language, language),  # type: ignore[attr-defined]
                    "Show this interview's questions and choices in this language",
                )
            )
        for interview in store.interviews.list(status="draft"):
            who = interview.organisation or interview.respondent or "unnamed"
            commands.append(
                (
                    f"Resume: {who} ({interview.form_id})",
                    partial(app.open_interview, interview.uuid),  # type: ignore[attr-defined]
                    "Open this interview where it stopped",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)


def _erase_organisation(app: object) -> None:
    from engagement_tui.tui.screens.erase import erase_organisation

    erase_organisation(app)
