"""Provides Problem and QuestionnaireError: what a loader or check found wrong, and where."""

from __future__ import annotations

from dataclasses import dataclass

from engagement_tui.interview.questionnaire import Location


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire, located so a user can go and fix it."""

    location: Location
    message: str

    def __str__(self) -> str:
        # One problem is one line, whatever text from the file the message quotes.
        message = " ".join(self.message.split())
        return f"{self.location}: {message}"


class QuestionnaireError(Exception):
    """A questionnaire could not be loaded; `problems` lists all that was found, not the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
