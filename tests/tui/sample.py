"""Provides a small questionnaire using every question type, and a seeded register, for TUI tests.

Also used by benchmarks/bench_tui.py and to try the app by hand:
    PYTHONPATH=. python -m tests.tui.sample /tmp/tui-try.db
"""

from __future__ import annotations

import sys
from pathlib import Path

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store

AGREE = ChoiceList(
    "agree5",
    (
        Choice("strongly_agree", "Strongly agree"),
        Choice("agree", "Agree"),
        Choice("neutral", "Neither agree nor disagree"),
        Choice("disagree", "Disagree"),
        Choice("strongly_disagree", "Strongly disagree"),
    ),
)
ROLES = ChoiceList(
    "roles",
    (
        Choice("ceo", "Chief executive"),
        Choice("chair", "Chair"),
        Choice("director", "Director"),
        Choice("other", "Other"),
    ),
)
PRIORITIES = ChoiceList(
    "priorities",
    (
        Choice("workforce", "Workforce"),
        Choice("finance", "Finance"),
        Choice("waiting", "Waiting lists"),
        Choice("estates", "Estates"),
    ),
)


def sample_questionnaire() -> Questionnaire:
    """Three sections, skip logic on a select_one, a constraint, and every answerable type."""
    about, views, close = ("about",), ("views",), ("close",)
    questions = (
        Question(
            "role_type",
            "select_one",
            "What is your role?",
            required=True,
            choice_list="roles",
            groups=about,
        ),
        Question(
            "role_other",
            "text",
            "Which role?",
            relevant="${role_type} = 'other'",
            required=True,
            groups=about,
        ),
        Question(
            "years",
            "integer",
            "How many years have you been in post?",
            required=True,
            hint="Whole years",
            constraint=". <= 60",
            constraint_message="Years in post must be 60 or fewer",
            groups=about,
        ),
        Question(
            "right_approach",
            "select_one",
            "ICSs represent the right approach to partnership working.",
            required=True,
            choice_list="agree5",
            groups=views,
            probe="Ask for an example from the last year.\nProbe: what would change your mind?",
            statement="ICSs represent the right approach",
        ),
        Question(
            "why_not",
            "text",
            "Why do you disagree?",
            appearance="multiline",
            relevant="${right_approach} = 'disagree' or ${right_approach} = 'strongly_disagree'",
            groups=views,
            probe="Let them talk; note verbatim quotes with ctrl+n.",
        ),
        Question(
            "priorities",
            "select_multiple",
            "Which are your top priorities this year?",
            choice_list="priorities",
            groups=views,
        ),
        Question(
            "ranking",
            "rank",
            "Rank these pressures, most pressing first.",
            choice_list="priorities",
            groups=views,
        ),
        Question(
            "confidence",
            "range",
            "How confident are you in next year's plan (1-10)?",
            parameters=(("start", "1"), ("end", "10"), ("step", "1")),
            groups=views,
        ),
        Question("budget", "decimal", "Budget change expected (%)", groups=views),
        Question("next_review", "date", "When is your next strategy review?", groups=views),
        Question(
            "thanks", "note", "Thank the respondent and explain what happens next.", groups=close
        ),
        Question(
            "ack",
            "acknowledge",
            "The respondent has heard how their answers will be used.",
            required=True,
            groups=close,
        ),
    )
    return Questionnaire(
        form_id="leaders",
        title="Leaders' views",
        version="1",
        questions=questions,
        groups=(
            Group("about", "About you"),
            Group("views", "Partnership working"),
            Group("close", "Closing"),
        ),
        choice_lists=(AGREE, ROLES, PRIORITIES),
    )


REGISTER = [
    {"name": "Northshire NHS Foundation Trust", "type": "NHS trust", "region": "North"},
    {"name": "Southvale Hospitals NHS Trust", "type": "NHS trust", "region": "South"},
    {"name": "Westmoor ICB", "type": "Commissioner", "region": "West"},
    {"name": "Eastbridge County Council", "type": "Local authority", "region": "East"},
    {"name": "Riverside Community Voice", "type": "Voluntary organisation", "region": "North"},
    {"name": "Northshire Mental Health Trust", "type": "NHS trust", "region": "North"},
]


def seed(store: Store) -> None:
    """Store the sample questionnaire and register (idempotent)."""
    store.forms.save(sample_questionnaire())
    store.register.upsert_many(REGISTER)


if __name__ == "__main__":
    with Store.open(Path(sys.argv[1])) as opened:
        seed(opened)
