"""Provides deterministic data for the findings and coding screens' tests.

`seed_pulse(store)` stores a small questionnaire ('pulse': an agreement statement, a
free-text question, a codebook of three themes) and eight completed interviews: six NHS
trusts and two local authorities (so a breakdown by type suppresses the councils), with
free-text answers and quotes under each attribution choice.

To try the screens by hand on the shipped member survey and its example returns:
    PYTHONPATH=. python -m tests.tui.insights_data /tmp/insights-try.db
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    Theme,
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
THEMES = (
    Theme("funding", "Money, budgets and financial flows"),
    Theme("workforce", "Staff shortages, recruitment and retention"),
    Theme("governance", "Who decides and who answers for it"),
)


def pulse_questionnaire() -> Questionnaire:
    return Questionnaire(
        form_id="pulse",
        title="System pulse survey",
        version="1",
        questions=(
            Question(
                "right_approach",
                "select_one",
                "ICSs represent the right approach to partnership working.",
                choice_list="agree5",
                statement="ICSs represent the right approach to partnership working",
                groups=("views",),
            ),
            Question(
                "biggest_difference",
                "text",
                "What would make the biggest difference?",
                appearance="multiline",
                groups=("future",),
            ),
        ),
        groups=(Group("views", "Your views"), Group("future", "The year ahead")),
        choice_lists=(AGREE,),
        codebook=THEMES,
    )


REGISTER = [
    {"name": "Northshire NHS Trust", "type": "NHS trust", "region": "North"},
    {"name": "Southvale NHS Trust", "type": "NHS trust", "region": "South"},
    {"name": "Eastmoor NHS Trust", "type": "NHS trust", "region": "East"},
    {"name": "Westbrook NHS Trust", "type": "NHS trust", "region": "West"},
    {"name": "Highfield NHS Trust", "type": "NHS trust", "region": "North"},
    {"name": "Lowdale NHS Trust", "type": "NHS trust", "region": "South"},
    {"name": "Eastbridge County Council", "type": "Local authority", "region": "East"},
    {"name": "Riverside City Council", "type": "Local authority", "region": "North"},
]

# organisation, right_approach, biggest_difference, respondent, role, attribution, quote
INTERVIEWS = [
    ("Northshire NHS Trust", "strongly_agree", "Pooled budgets across health and care.",
     "Jane Smith", "Chief executive", "named", "Money follows organisations, not patients."),
    ("Southvale NHS Trust", "agree", "More nurses and a joint workforce plan.",
     "Raj Patel", "Chief executive", "role_only", "We compete for the same staff."),
    ("Eastmoor NHS Trust", "agree", "Clear decision rights for the system board.",
     "Ann Lee", "Chair", "anonymous", "Nobody knows who decides."),
    ("Westbrook NHS Trust", "agree", "Multi-year funding settlements.", "", "", "anonymous", ""),
    ("Highfield NHS Trust", "neutral", "Time to build relationships.", "", "", "anonymous", ""),
    ("Lowdale NHS Trust", "disagree", "Less regulation of single organisations.",
     "", "", "anonymous", ""),
    ("Eastbridge County Council", "agree", "A real voice for councils.", "", "", "anonymous", ""),
    ("Riverside City Council", "disagree", "Social care funding.", "", "", "anonymous", ""),
]  # fmt: skip


def seed_pulse(store: Store) -> list[str]:
    """Store the pulse questionnaire, its register and eight completed interviews (uuids)."""
    store.forms.save(pulse_questionnaire())
    store.register.upsert_many(REGISTER)
    uuids = []
    for number, (name, agree, text, who, role, attribution, quote) in enumerate(INTERVIEWS):
        organisation = store.register.find(name)
        assert organisation is not None
        uuid = store.interviews.create(
            "pulse",
            organisation_id=organisation.id,
            respondent=who,
            role=role,
            attribution=attribution,
            interviewer="Sam" if number % 2 else "Alex",
            status="complete",
            started_at=f"2026-11-0{number + 1}T10:00:00",
        ).uuid
        store.interviews.save_answers(uuid, {"right_approach": agree, "biggest_difference": text})
        if quote:
            store.interviews.add_note(uuid, quote, question="biggest_difference")
        uuids.append(uuid)
    return uuids


def _value(questionnaire: Questionnaire, name: str, text: str) -> object:
    kind = questionnaire.question(name).type
    if kind in ("select_multiple", "rank"):
        return text.split()
    if kind == "integer":
        return int(text)
    if kind in ("decimal", "range"):
        return float(text) if "." in text else int(text)
    return text


def seed_member_survey(store: Store, root: Path) -> int:
    """The shipped member survey, register and example returns; returns how many were stored."""
    from engagement_tui.loaders import load

    questionnaire = load(root / "questionnaires" / "member-survey.yaml")
    store.forms.save(questionnaire)
    store.coding.seed_codebook(questionnaire.form_id, questionnaire.codebook)
    with open(root / "examples" / "member-register.csv", encoding="utf-8") as handle:
        store.register.upsert_many(list(csv.DictReader(handle)))
    count = 0
    with open(root / "examples" / "member-survey-returns.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            organisation = store.register.find(row["organisation"])
            uuid = store.interviews.create(
                questionnaire.form_id,
                organisation_id=organisation.id if organisation else None,
                respondent=row["respondent"],
                role=row["role"],
                attribution=("named", "role_only", "anonymous")[count % 3],
                mode="online survey",
                interviewer=("Alex", "Sam")[count % 2],
                status="complete",
                started_at=row["interview_date"] + "T09:00:00",
            ).uuid
            answers = {}
            for column, text in row.items():
                name = column.rsplit("/", 1)[-1]
                if text and questionnaire.has_question(name):
                    answers[name] = _value(questionnaire, name, text)
            store.interviews.save_answers(uuid, answers)
            count += 1
    return count


if __name__ == "__main__":
    with Store.open(Path(sys.argv[1])) as opened:
        seed_pulse(opened)
        print(seed_member_survey(opened, Path(__file__).resolve().parents[2]), "returns")
