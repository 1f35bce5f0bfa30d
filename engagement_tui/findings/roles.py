"""Provides question roles: what a question is for in a published report.

    role = report_role(questionnaire, question)   # "finding", "profile" or "admin"

A questionnaire may say so (`report: finding | profile | admin`, a YAML key or an XLSForm
column); when it does not, the role is inferred:

- **admin**: instructions to the interviewer and consent confirmations: a *required*
  acknowledgement (nobody can go on without ticking it, so "100% acknowledged" says
  nothing), or a label that starts "Interviewer:";
- **profile**: who the respondent is: a single choice or a short free text about the
  respondent's organisation, role, region, sector or system ("What type of organisation
  do you lead?", "Which system is your organisation part of?");
- **finding**: everything else.

Findings are published for `finding` questions only; `profile` questions describe who
took part (the report's method section, breakdowns) and are never key points; `admin`
questions are never reported.
"""

from __future__ import annotations

import re

from engagement_tui.interview.questionnaire import Question, Questionnaire

ROLES = ("finding", "profile", "admin")
_PROFILE_LABEL = re.compile(
    r"\b(type of organisation|kind of organisation|your (job )?role|your position|which region"
    r"|what region|which sector|your organisation'?s? (type|size|sector)"
    r"|describe your organisation|(which|what) (integrated care )?(system|ICS|STP)\b.*part of)\b",
    re.IGNORECASE,
)
_PROFILE_LIST = re.compile(r"^(org(anisation)?_?type|role|job_role|region|sector)s?$")


def infer_role(questionnaire: Questionnaire, question: Question) -> str:
    """The role of a question that does not state one."""
    label = " ".join(question.label.split())
    if label.lower().startswith("interviewer:"):
        return "admin"
    if question.type == "acknowledge" and question.required:
        return "admin"
    if question.type == "text" and not question.is_long_text and _PROFILE_LABEL.search(label):
        return "profile"
    if question.type == "select_one" and (
        _PROFILE_LIST.match(question.choice_list or "") or _PROFILE_LABEL.search(label)
    ):
        return "profile"
    return "finding"


def report_role(questionnaire: Questionnaire, question: Question) -> str:
    """The stated role, else the inferred one."""
    stated = (question.report or "").strip().lower()
    return stated if stated in ROLES else infer_role(questionnaire, question)
