"""Helpers for the bundle tests: run engage as a real process, dump a database's content
without its row ids, and (run as a script) interview the way the app does.

    python tests/bundle_helpers.py interview DB      # the field interviews, through the
                                                     # session and store.interviews
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Typed answers of the field interviews, as an officer keys them in the app.
FIELD_INTERVIEWS = [
    {
        "organisation": "Northdale City Council",
        "respondent": "Sam Okafor",
        "answers": {
            "org_type": "local_authority",
            "job_role": "chief_executive",
            "system_status": "ics",
            "right_approach": "agree",
            "progress": "moderate",
            "voice_heard": "disagree",
            "confidence": "6",
            "barriers": "culture boundaries",
            "biggest_difference": "CANARY-6b1e2 a shared duty to collaborate across the system",
        },
        "note": "CANARY-9d4c7 We were never asked what we thought.",
    },
    {
        "organisation": "Northdale Teaching Hospitals NHS Foundation Trust",
        "respondent": "Priya Lal",
        "answers": {
            "org_type": "foundation_trust",
            "job_role": "finance_director",
            "system_status": "ics",
            "right_approach": "strongly_agree",
            "progress": "significant",
            "voice_heard": "agree",
            "confidence": "8",
            "barriers": "financial_pressure",
            "biggest_difference": "CANARY-3a8f0 multi-year funding, above all",
        },
        "note": "",
    },
]


def engage(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = True):
    """Run `python -m engagement_tui ARGS` in a real process; its CompletedProcess."""
    done = subprocess.run(
        [sys.executable, "-m", "engagement_tui", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"engage {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def field_interviews(db: str) -> None:
    """Run the field interviews as the app does: session rules, one committed save per answer."""
    from engagement_tui.interview.session import InterviewSession
    from engagement_tui.store import Store

    with Store.open(db) as store:
        questionnaire = store.forms.load("member_survey")
        for item in FIELD_INTERVIEWS:
            organisation = store.register.find(item["organisation"])
            interview = store.interviews.create(
                "member_survey",
                organisation_id=organisation.id if organisation else None,
                respondent=item["respondent"],
                interviewer="Amira",
            )
            session = InterviewSession(questionnaire)
            for name, raw in item["answers"].items():
                if not session.is_relevant(name):
                    continue
                result = session.answer(name, raw)
                if not result.ok:
                    raise SystemExit(f"{name}: {result.message}")
                store.interviews.save_answers(interview.uuid, session.updates(), position=name)
            if item["note"]:
                store.interviews.add_note(interview.uuid, item["note"])
            store.interviews.set_status(interview.uuid, "complete")


# Columns of each table that are content; row ids are replaced by the UUIDs they stand for.
# Left out: when a merge happened (bundles.merged_at, conflict_history) and which bundle
# first brought an organisation (organisations.origin_bundle).
_DUMP = {
    "questionnaires": "SELECT form_id, revision, content_hash, title, version, definition"
    " FROM questionnaires",
    "organisations": "SELECT uuid, name, type, region, system, attributes, updated_at"
    " FROM organisations",
    "organisation_aliases": "SELECT a.uuid, o.uuid FROM organisation_aliases a"
    " JOIN organisations o ON o.id = a.organisation_id",
    "interviews": "SELECT i.uuid, q.content_hash, o.uuid, i.respondent, i.role, i.interviewer,"
    " i.mode, i.status, i.consent_basis, i.attribution, i.position, i.source, i.external_id,"
    " i.device, i.started_at, i.updated_at, i.completed_at, i.origin_device, i.origin_bundle"
    " FROM interviews i JOIN questionnaires q ON q.id = i.questionnaire_id"
    " LEFT JOIN organisations o ON o.id = i.organisation_id",
    "interview_clocks": "SELECT i.uuid, c.device, c.edits FROM interview_clocks c"
    " JOIN interviews i ON i.id = c.interview_id",
    "answers": "SELECT i.uuid, a.question, a.value, a.updated_at FROM answers a"
    " JOIN interviews i ON i.id = a.interview_id",
    "answer_history": "SELECT i.uuid, h.question, h.old_value, h.new_value, h.changed_at,"
    " h.device FROM answer_history h JOIN interviews i ON i.id = h.interview_id",
    "notes": "SELECT n.uuid, i.uuid, n.question, n.kind, n.text, n.created_at FROM notes n"
    " JOIN interviews i ON i.id = n.interview_id",
    "themes": "SELECT form_id, name, description FROM themes",
    "contacts": "SELECT uuid, name, role, email FROM contacts",
    "conflicts": "SELECT kind, subject, versions, status, resolution FROM conflicts",
    "devices": "SELECT uuid, name, last_bundle, last_bundle_created FROM devices",
    "bundles": "SELECT uuid, kind, device_uuid, created_at, checksum, counts FROM bundles",
    "settings": "SELECT name, value FROM settings",
}


def content_dump(db: str | Path) -> dict[str, list]:
    """Every table's content, rows sorted, with no row ids: equal dumps, equal content."""
    conn = sqlite3.connect(db)
    try:
        return {
            table: sorted(json.dumps(row) for row in conn.execute(sql))
            for table, sql in _DUMP.items()
        }
    finally:
        conn.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["interview"]:
        field_interviews(sys.argv[2])
