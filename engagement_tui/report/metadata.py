"""Provides the method facts a report states, gathered from the store.

    meta = gather(store, "member_survey")
    {"interviews": 112, "survey_responses": 60, "modes": {"in person": 30, ...},
     "interviewers": ["Ann Lee", ...], "by_interviewer": {"Ann Lee": 12, ...},
     "period": {"start": "2026-01-05", "end": "2026-03-30"},
     "devices": 3,
     "organisations": {"engaged": 80, "register": 140,
                       "by_type": [{"name", "engaged", "register"}], "by_region": [...]}}

Only completed interviews count. This module imports nothing heavy, so it is cheap to
call before deciding whether to build a report at all.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

SURVEY_MODE = "online survey"


def _is_survey(interview) -> bool:
    """An online return: taken online, or imported from a survey tool.

    Anything else is an interview (the app's own, or the demo's: source "demo").
    """
    return interview.mode == SURVEY_MODE or interview.source == "import"


def _coverage(engaged: Counter, register: Counter) -> list[dict[str, Any]]:
    names = sorted(set(engaged) | set(register), key=lambda n: (-register[n], n))
    return [{"name": n, "engaged": engaged[n], "register": register[n]} for n in names]


def gather(store, form_id: str, interview_ids=None) -> dict[str, Any]:
    """Interviews by mode, interviewers, period and organisations engaged against the register.

    With `interview_ids` (a subset), only those interviews count.
    """
    interviews = store.interviews.list(form_id=form_id, status="complete")
    if interview_ids is not None:
        interviews = [i for i in interviews if i.id in interview_ids]
    register = store.register.list()
    engaged_ids = {i.organisation_id for i in interviews if i.organisation_id is not None}
    engaged = [org for org in register if org.id in engaged_ids]
    dates = sorted(d[:10] for i in interviews for d in (i.started_at, i.completed_at) if d)
    interviewers = sorted(
        {i.interviewer.strip() for i in interviews if not _is_survey(i) and i.interviewer.strip()}
    )
    return {
        "interviews": len(interviews),
        "survey_responses": sum(_is_survey(i) for i in interviews),
        "modes": dict(Counter(i.mode or "not recorded" for i in interviews).most_common()),
        "interviewers": interviewers,
        "devices": store.devices.collected(form_id),
        "by_interviewer": dict(
            Counter(
                i.interviewer.strip()
                for i in interviews
                if not _is_survey(i) and i.interviewer.strip()
            ).most_common()
        ),
        "period": {"start": dates[0], "end": dates[-1]} if dates else {},
        "organisations": {
            "engaged": len(engaged),
            "register": len(register),
            "by_type": _coverage(
                Counter(o.type for o in engaged), Counter(o.type for o in register)
            ),
            "by_region": _coverage(
                Counter(o.region for o in engaged), Counter(o.region for o in register)
            ),
        },
    }
