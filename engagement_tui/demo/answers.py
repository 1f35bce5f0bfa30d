"""Provides the demo's answers: one respondent walked through a questionnaire by the session.

Every answer goes through `InterviewSession.answer`, so skip logic, constraints and
required questions hold exactly as in a real interview. Choices follow a story a
membership body would recognise: about six in ten agree the system approach is right
(more among commissioners, fewer among councils and the voluntary sector), and progress
is mostly "moderate" or "a little". Free text is drawn from the phrase bank, and each
text remembers the themes it was drawn from so the demo can code it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from engagement_tui.demo.phrases import (
    ANSWER_PHRASES,
    ORGANISATION_TYPE_THEMES,
    QUESTION_THEMES,
    SHORT_ANSWERS,
)
from engagement_tui.interview.questionnaire import ATTRIBUTIONS, ChoiceList, Question, Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.responses.importer import stored_answers

AGREE_BY_TYPE: dict[str, float] = {
    "integrated care board": 0.8,
    "foundation trust": 0.64,
    "NHS trust": 0.62,
    "mental health trust": 0.66,
    "ambulance trust": 0.58,
    "primary care network": 0.52,
    "social enterprise": 0.55,
    "local authority": 0.45,
    "voluntary organisation": 0.48,
}
"""Chance that a respondent of each type agrees with a statement on an agreement scale."""

PROGRESS_WEIGHTS = (0.1, 0.44, 0.38, 0.05, 0.03)
"""Significant, moderate, a little, none, don't know: "mostly moderate or a little"."""

STORY_WEIGHTS: dict[str, dict[str, float]] = {
    "system_status": {"ics": 6, "stp": 3, "forming": 0.6, "dont_know": 0.2},
    "footing_option": {"statutory_body": 5, "statutory_committee": 3, "status_quo": 1.4},
    "decision_level": {"place": 5, "system": 2, "neighbourhood": 2.5, "depends": 2},
    "main_concern": {"democratic_voice": 3, "accountability": 2.5, "nhs_centric": 2},
    "job_role": {
        "chief_executive": 5,
        "strategy_director": 2.5,
        "chair": 2,
        "clinical_director": 1.5,
        "finance_director": 1.5,
    },
}
"""The shipped questionnaires' story: most members are in an ICS, most leaders want a
statutory ICS body and most decisions taken at place. Choices not named weigh 1."""

EXCLUSIVE = frozenset({"none", "no_change", "dont_know"})
"""Choices that stand alone in a select_multiple."""

UNLIKELY = frozenset({"other", "dont_know", "none"})

_BOUND = re.compile(r"\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Respondent:
    """Who is answering, as far as the answers depend on it."""

    organisation_type: str
    system: str
    attribution: str
    online: bool
    """A self-completed survey: more optional questions left blank."""
    leaning: float = 0.5
    """Where the respondent sits from most (0) to least (1) favourable. Leanings are spread
    evenly over a questionnaire's respondents so headline shares land near their target
    instead of wandering with the luck of the draw."""


@dataclass
class Walk:
    """The outcome of walking one respondent through a questionnaire."""

    answers: dict[str, Any] = field(default_factory=dict)
    themes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Free-text question -> the themes its answer was drawn from."""
    position: str = ""
    """For an unfinished walk: the question the interview stopped at."""


class ChoiceHabits:
    """How popular each choice of each question is across the programme (fixed per seed)."""

    def __init__(self, rng: random.Random, questionnaire: Questionnaire) -> None:
        self.weights: dict[str, dict[str, float]] = {}
        self.offsets: dict[str, float] = {}
        """Per question, a shift of every respondent's leaning: each agreement question keeps
        its share but splits the respondents a little differently."""
        for question in questionnaire.questions:
            self.offsets[question.name] = rng.random()
            names = list(questionnaire.choices(question).names)
            rng.shuffle(names)
            self.weights[question.name] = {
                name: (0.15 if name in UNLIKELY else 1.0) / (rank + 1) ** 0.8
                for rank, name in enumerate(names)
            }

    def weight(self, question: str, choice: str) -> float:
        if question in STORY_WEIGHTS:
            return STORY_WEIGHTS[question].get(choice, 1.0)
        return self.weights.get(question, {}).get(choice, 1.0)


def walk(
    questionnaire: Questionnaire,
    respondent: Respondent,
    rng: random.Random,
    habits: ChoiceHabits,
    today: date,
    stop_after: int | None = None,
) -> Walk:
    """Answer the relevant questions in order; stop after `stop_after` answers if given."""
    session = InterviewSession(questionnaire, today=today)
    result = Walk()
    answered = 0
    for question in questionnaire.questions:
        if not question.answerable or not session.is_relevant(question.name):
            continue
        if stop_after is not None and answered >= stop_after:
            result.position = question.name
            break
        for _attempt in range(12):
            raw, themes = _pick(question, questionnaire, respondent, rng, habits)
            if raw is None and not question.required:
                break
            if raw is not None and session.answer(question.name, raw).ok:
                answered += 1
                if themes:
                    result.themes[question.name] = themes
                break
        else:
            raise RuntimeError(f"demo: no valid answer found for {question.name}")
    result.answers = stored_answers(session)
    result.themes = {name: t for name, t in result.themes.items() if name in result.answers}
    return result


def _pick(question, questionnaire, respondent, rng, habits) -> tuple[Any, tuple[str, ...]]:
    """A raw answer (None for leaving it blank) and the themes behind it, if text."""
    kind = question.type
    choices = questionnaire.choices(question)
    if kind == "select_one":
        return _pick_one(question, choices, respondent, rng, habits), ()
    if kind == "select_multiple":
        return _pick_many(question, choices, rng, habits), ()
    if kind == "rank":
        names = list(choices.names)
        # Weighted shuffle: popular choices tend to be ranked first.
        names.sort(key=lambda name: -(rng.random() ** (1 / habits.weight(question.name, name))))
        return names, ()
    if kind in {"integer", "decimal"}:
        return _pick_number(question, rng), ()
    if kind == "range":
        return _pick_range(question, respondent, rng), ()
    if kind == "date":
        return (date(2016, 4, 1) + timedelta(days=rng.randrange(0, 2300))).isoformat(), ()
    if kind == "acknowledge":
        return ("OK" if question.required or rng.random() < 0.7 else None), ()
    if kind == "text":
        return _pick_text(question, respondent, rng)
    return None, ()


def _pick_one(question: Question, choices: ChoiceList, respondent, rng, habits) -> str:
    names = choices.names
    if set(names) <= set(ATTRIBUTIONS):
        return respondent.attribution
    by_label = {choice.label.casefold(): choice.name for choice in choices.choices}
    if respondent.organisation_type.casefold() in by_label:
        return by_label[respondent.organisation_type.casefold()]
    if any("moderate" in name for name in names) and len(names) == len(PROGRESS_WEIGHTS):
        return rng.choices(names, weights=PROGRESS_WEIGHTS)[0]
    favourable = [c.name for c in choices.choices if _is_favourable(c.label, c.positive)]
    if favourable and any("disagree" in c.label.casefold() for c in choices.choices):
        position = (respondent.leaning + habits.offsets.get(question.name, 0.0)) % 1.0
        if position < AGREE_BY_TYPE.get(respondent.organisation_type, 0.6):
            return rng.choices(favourable, weights=[0.35, 0.65][: len(favourable)])[0]
        rest = [name for name in names if name not in favourable]
        return rng.choices(rest, weights=[0.45, 0.4, 0.15, 0.1][: len(rest)])[0]
    return rng.choices(names, weights=[habits.weight(question.name, n) for n in names])[0]


def _is_favourable(label: str, positive: bool | None) -> bool:
    if positive is not None:
        return positive
    text = label.casefold()
    return text.startswith(("strongly agree", "agree"))


def _pick_many(question: Question, choices: ChoiceList, rng, habits) -> list[str] | None:
    names = list(choices.names)
    alone = [name for name in names if name in EXCLUSIVE]
    if alone and rng.random() < 0.05:
        return [alone[0]]
    pool = [name for name in names if name not in EXCLUSIVE]
    weights = [habits.weight(question.name, name) for name in pool]
    chosen: list[str] = []
    for _ in range(min(len(pool), rng.choice((1, 2, 2, 3, 3)))):
        name = rng.choices(pool, weights=weights)[0]
        index = pool.index(name)
        pool.pop(index)
        weights.pop(index)
        chosen.append(name)
    return chosen


def _bounds(question: Question) -> tuple[float, float]:
    low, high = 0.0, None
    for operator, number in _BOUND.findall(question.constraint):
        value = float(number)
        if operator.startswith(">"):
            low = value + (operator == ">")
        else:
            high = value - (operator == "<")
    if high is None or high - low > 40:
        high = low + 40
    return low, high


def _pick_number(question: Question, rng: random.Random) -> str:
    low, high = _bounds(question)
    # Skewed towards the low end: most real counts and shares are small.
    value = low + (high - low) * rng.random() ** 2
    return str(int(round(value))) if question.type == "integer" else f"{value:.1f}"


def _pick_range(question: Question, respondent: Respondent, rng: random.Random) -> str:
    start = float(question.parameter("start", "0") or 0)
    end = float(question.parameter("end", "10") or 10)
    step = float(question.parameter("step", "1") or 1) or 1.0
    steps = int(round((end - start) / step))
    leaning = AGREE_BY_TYPE.get(respondent.organisation_type, 0.6)
    position = min(steps, max(0, round(rng.triangular(0, steps, steps * leaning))))
    value = start + position * step
    return str(int(value)) if value.is_integer() else str(value)


def _pick_text(question: Question, respondent: Respondent, rng) -> tuple[Any, tuple[str, ...]]:
    if question.name in SHORT_ANSWERS:
        return rng.choice(SHORT_ANSWERS[question.name]), ()
    if not question.is_long_text:
        if "system" in question.name:
            return respondent.system, ()
        return ("Prefer to discuss in person" if question.required else None), ()
    blank_chance = 0.35 if respondent.online else 0.08
    if not question.required and rng.random() < blank_chance:
        return None, ()
    themes = list(QUESTION_THEMES.get(question.name, tuple(ANSWER_PHRASES)))
    themes += list(ORGANISATION_TYPE_THEMES.get(respondent.organisation_type, ())) * 2
    chosen: list[str] = []
    for _ in range(rng.choice((1, 1, 2))):
        theme = rng.choice(themes)
        if theme not in chosen:
            chosen.append(theme)
    text = " ".join(rng.choice(ANSWER_PHRASES[theme]) for theme in chosen)
    return text, tuple(chosen)
