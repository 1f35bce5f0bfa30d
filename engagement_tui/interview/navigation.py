"""Provides where an interview stands: its screens, moving between them, and its sections.

`ScreenNavigation` is the part of `InterviewSession` that knows which questions share a
screen (a `field-list` group's visible questions), moves forward and back screen by screen,
resumes at a stored position, and summarises the outermost groups as sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engagement_tui.interview.questionnaire import Question, Questionnaire

if TYPE_CHECKING:
    from engagement_tui.interview.relevance import Evaluation

__all__ = ["NEVER_SHOWN", "ScreenNavigation", "Section"]

NEVER_SHOWN = frozenset({"calculate", "hidden"})
"""Types computed or carried, never put to the respondent."""


@dataclass(frozen=True)
class Section:
    """An outermost group, or the synthetic "" section holding top-level questions."""

    name: str
    label: str
    visible: bool
    answered: int
    total: int
    first_question: str | None


class ScreenNavigation:
    """Screens, position and sections of a session (mixed into InterviewSession)."""

    questionnaire: Questionnaire
    current: Question | None
    at_end: bool
    _index: dict[str, int]
    _screen_group: dict[str, str | None]
    _evaluation: Evaluation

    def visible(self) -> list[Question]:
        """Relevant questions the interviewer sees (everything but calculations), in order."""
        relevant = self._evaluation.relevant
        return [
            question
            for question in self.questionnaire.questions
            if question.type not in NEVER_SHOWN and question.name in relevant
        ]

    def _is_answered(self, question: Question) -> bool:
        return question.name in self._evaluation.values

    # -- navigation -------------------------------------------------------------------

    def _field_list_group(self, question: Question) -> str | None:
        """The outermost enclosing group shown as one screen, if any."""
        for name in question.groups:
            try:
                group = self.questionnaire.group(name)
            except KeyError:
                continue
            if "field-list" in group.appearance:
                return name
        return None

    def _screen_of(self, question: Question) -> list[Question]:
        group = self._screen_group[question.name]
        if group is None:
            return [question]
        return [q for q in self.visible() if self._screen_group[q.name] == group]

    def _first_of_screen(self, question: Question) -> Question:
        screen = self._screen_of(question)
        return screen[0] if screen else question

    def _outside(self, question: Question, group: str | None) -> bool:
        """The question is not on the field-list screen of `group`."""
        return group is None or self._screen_group[question.name] != group

    def _resume(self, position: str) -> None:
        visible = self.visible()
        names = {question.name for question in visible}
        if position in names:
            self.current = self.questionnaire.question(position)
            return
        answered = any(self._is_answered(q) for q in visible)
        candidates = [q for q in visible if q.answerable and not self._is_answered(q)]
        if visible and not answered:
            self.current = self._first_of_screen(visible[0])
        elif candidates:
            self.current = self._first_of_screen(candidates[0])
        else:
            self.current, self.at_end = None, True

    def screen(self) -> list[Question]:
        """The questions shown together now: [current], or a field-list group's questions."""
        if self.current is None:
            return []
        return self._screen_of(self.current) or [self.current]

    def next(self) -> Question | None:
        """Move past the current screen to the next visible one; None (and at_end) at the end."""
        if self.current is None:
            return None
        screen = self.screen()
        last = max(self._index[q.name] for q in screen)
        group = self._screen_group[self.current.name]
        for question in self.visible():
            if self._index[question.name] > last and self._outside(question, group):
                self.current = self._first_of_screen(question)
                return self.current
        self.current, self.at_end = None, True
        return None

    def back(self) -> Question | None:
        """Move to the previous visible screen; stays on the first one."""
        visible = self.visible()
        if not visible:
            return None
        if self.current is None:
            self.current, self.at_end = self._first_of_screen(visible[-1]), False
            return self.current
        first = min(self._index[q.name] for q in self.screen())
        group = self._screen_group[self.current.name]
        earlier = [q for q in visible if self._index[q.name] < first and self._outside(q, group)]
        if earlier:
            self.current = self._first_of_screen(earlier[-1])
        return self.current

    def go_to(self, name: str) -> None:
        """Jump to a visible question; ValueError if it is not visible now."""
        if name not in {question.name for question in self.visible()}:
            raise ValueError(f"question {name!r} is not shown in this interview now")
        self.current, self.at_end = self.questionnaire.question(name), False

    def _section_key(self, question: Question) -> str:
        return question.groups[0] if question.groups else ""

    def sections(self) -> list[Section]:
        """Outermost groups (and "" for top-level questions), in order of first appearance."""
        visible = self.visible()
        order: list[str] = []
        for question in self.questionnaire.questions:
            if question.type not in NEVER_SHOWN and self._section_key(question) not in order:
                order.append(self._section_key(question))
        result = []
        for key in order:
            shown = [q for q in visible if self._section_key(q) == key]
            answerable = [q for q in shown if q.answerable]
            result.append(
                Section(
                    name=key,
                    label=self._section_label(key),
                    visible=bool(shown),
                    answered=sum(1 for q in answerable if self._is_answered(q)),
                    total=len(answerable),
                    first_question=shown[0].name if shown else None,
                )
            )
        return result

    def _section_label(self, key: str) -> str:
        if not key:
            return self.questionnaire.title
        try:
            group = self.questionnaire.group(key)
        except KeyError:
            return key
        return group.label or group.name

    def jump_to_section(self, name: str) -> Question | None:
        """Go to the first visible question of a section; None (staying put) if none is shown."""
        for question in self.visible():
            if self._section_key(question) == name:
                self.current, self.at_end = self._first_of_screen(question), False
                return self.current
        return None
