"""Provides how an interview's questions read to the officer: labels with the answers given
so far, which repeat instance a question is in, and the headings review lists them under.

`Presentation` is a part of `InterviewSession`: it reads the session's form, answers and
repeat instances.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from engagement_tui.interview.questionnaire import Question

if TYPE_CHECKING:
    from engagement_tui.interview.questionnaire import Questionnaire
    from engagement_tui.interview.relevance import Evaluation
    from engagement_tui.interview.repeats import Scope

LABEL_REFERENCE = re.compile(r"\$\{([^}]*)\}")


class Presentation:
    """Labels, instance captions and review headings; mixed into `InterviewSession`."""

    form: Questionnaire
    _origin: dict[str, tuple[str, Scope]]
    _counts: dict[str, int]
    _evaluation: Evaluation

    def instance_caption(self, question: Question) -> str:
        """Which instance a question is in, e.g. "Household member 2 of 3" ("" outside)."""
        scope = self._origin.get(question.name, ("", ()))[1]
        parts, prefix = [], ""
        for repeat, index in scope:
            group = self.form.group(repeat)
            total = self._counts.get(prefix + repeat, index)
            parts.append(f"{group.label or group.name} {index} of {total}")
            prefix += f"{repeat}[{index}]/"
        return " › ".join(parts)

    def instances(self) -> list[str]:
        """Every repeat instance of the interview, as `member[2]` or `woman[1]/child[2]`."""
        return [f"{key}[{i}]" for key, number in self._counts.items() for i in range(1, number + 1)]

    def shown(self, question: Question) -> Question:
        """The question as the officer reads it: `${name}` in its label and hint replaced by
        that answer (as ODK shows it; empty while unanswered)."""
        if "${" not in question.label and "${" not in question.hint:
            return question
        values = self._evaluation.values

        def answer(match: re.Match) -> str:
            value = values.get(match.group(1))
            if value is None:
                return ""
            return " ".join(map(str, value)) if isinstance(value, list) else str(value)

        return replace(
            question,
            label=LABEL_REFERENCE.sub(answer, question.label),
            hint=LABEL_REFERENCE.sub(answer, question.hint),
        )

    def heading(self, question: Question) -> str:
        """How review lists a question: its label as shown, after its instance if in one
        ("Household member 2 of 3: Age of Bo")."""
        label = self.shown(question).label or question.name
        instance = self.instance_caption(question)
        return f"{instance}: {label}" if instance else label

    def origin(self, name: str) -> str:
        """The form's question a (possibly instance) question is asked for."""
        return self._origin.get(name, (name, ()))[0]
