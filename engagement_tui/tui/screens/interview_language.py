"""Provides LanguageSwitch: the interview screen's change of language mid-interview.

A questionnaire written in several languages (XLSForm `label::LANGUAGE`) can be shown in
any of them: ctrl+l moves to the next, and the command palette offers each by name. Only
the texts on screen change (labels, hints, choices, sections, probes); answers are held
by choice name, so nothing stored changes. The choice holds for this interview screen.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from engagement_tui.interview.questionnaire import Questionnaire

LANGUAGE_BINDING = Binding("ctrl+l", "language", "Language", key_display="^l")


class LanguageSwitch:
    """Mixed into the interview screen, which provides `questionnaire`, `session` and the
    rendering (`title_text`, `render_questions`)."""

    questionnaire: Questionnaire

    def keys_shown(self, bindings: list[Binding]) -> list[Binding]:
        """The screen's keys, with the language key only where there is another language."""
        several = len(self.languages_offered()) > 1
        return [binding for binding in bindings if several or binding is not LANGUAGE_BINDING]

    def languages_offered(self) -> tuple[str, ...]:
        """The languages this interview can be shown in (() when the form has one)."""
        return self.questionnaire.languages

    async def action_language(self, language: str = "") -> None:
        """Show the questionnaire in `language`, or in the next of its languages."""
        languages = self.languages_offered()
        if len(languages) < 2:
            self.notify("This questionnaire is written in one language.")  # type: ignore[attr-defined]
            return
        session = self._session  # type: ignore[attr-defined]
        if not language:
            at = languages.index(session.language) if session.language in languages else -1
            language = languages[(at + 1) % len(languages)]
        session.switch_language(language)
        self.questionnaire = session.questionnaire
        self.query_one("#title-bar", Static).update(self.title_text())  # type: ignore[attr-defined]
        await self.render_questions(fresh=True)  # type: ignore[attr-defined]
        self.notify(f"Language: {language}", timeout=3)  # type: ignore[attr-defined]
