"""Provides an earlier wave for the demo: the member survey as it was run in an earlier year.

    add_earlier_wave(store, questionnaires, seed)   # form member_survey_2018, 2018 returns

The earlier wave is a copy of the survey under its own form id (questions keep their
names, so waves match by name), answered by fresh synthetic respondents from the same
register, dated in 2018, with agreement lower than today's: about a third of the
respondents who agreed with a statement were, in 2018, undecided or disagreed. So a
comparison shows changes, some beyond the margin of error and some within it.
"""

from __future__ import annotations

import dataclasses
import random

from engagement_tui.demo.answers import _is_favourable
from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store import Store

EARLIER_YEAR = 2018
SHIFT = 0.35
"""Share of this wave's agreeing answers that were not yet agreeing in the earlier wave."""


def _earlier(stamp: str | None, year: int) -> str | None:
    return None if stamp is None else f"{year}{stamp[4:]}"


def add_earlier_wave(
    store: Store, questionnaires: list[Questionnaire], seed: int, year: int = EARLIER_YEAR
) -> tuple[str, int]:
    """Store the earlier wave of the first survey (not interview guide); (form id, returns)."""
    from engagement_tui.demo import _is_interview_guide, build_programme

    survey = next(q for q in questionnaires if not _is_interview_guide(q))
    form_id = f"{survey.form_id}_{year}"
    earlier = dataclasses.replace(survey, form_id=form_id, title=f"{survey.title} ({year})")
    programme = build_programme([earlier], seed + year)
    rng = random.Random(seed * 31 + year)
    register = [organisation.name for organisation in store.register.list()]
    interviews = []
    for number, interview in enumerate(i for i in programme.interviews if i.status == "complete"):
        answers = dict(interview.answers)
        for question in earlier.questions:
            value = answers.get(question.name)
            if question.type != "select_one" or value is None:
                continue
            choices = earlier.choices(question).choices
            if not any("disagree" in c.label.casefold() for c in choices):
                continue
            favourable = {c.name for c in choices if _is_favourable(c.label, c.positive)}
            if value in favourable and rng.random() < SHIFT:
                rest = [c.name for c in choices if c.name not in favourable]
                answers[question.name] = rng.choice(rest[:3])
        interviews.append(
            dataclasses.replace(
                interview,
                answers=answers,
                organisation=register[number % len(register)] if register else "",
                started_at=_earlier(interview.started_at, year),
                updated_at=_earlier(interview.updated_at, year),
                completed_at=_earlier(interview.completed_at, year),
                notes=tuple(
                    dataclasses.replace(n, created_at=_earlier(n.created_at, year) or "")
                    for n in interview.notes
                ),
            )
        )
    with store.db.transaction():
        store.forms.save(earlier)
        store.imports.import_many(interviews, (), programme.themes)
    return form_id, len(interviews)
