"""Provides the quotes a report plan can choose from: the quote bank of `engage quotes`.

    rows = quote_candidates(store, "leaders_interview")

Each row is a candidate of `store.quotes.candidates` (interviewers' quotes, then free-text
answers to finding questions) keyed as `engage quotes list` shows it (`N12`,
`A40:system_journey`), with `approved`, the words as a report prints them (`redacted`),
the kinds of personal data found (`personal`) and the attribution the respondent agreed to.
A plan may print a quote only once it is approved; redaction is the report's own.
"""

from __future__ import annotations

from typing import Any


def quote_candidates(store, form_id: str) -> list[dict[str, Any]]:
    """Every quote of the form a plan could choose, in the order `engage quotes list` gives."""
    from engagement_tui.findings.quotes import attribution
    from engagement_tui.findings.redaction import Redactor
    from engagement_tui.findings.roles import report_role
    from engagement_tui.store.findings_queries import FindingsQueries

    questionnaire = store.forms.load(form_id)
    if questionnaire is None:
        return []
    texts = [
        q.name
        for q in questionnaire.coded_questions()
        if report_role(questionnaire, q) == "finding"
    ]
    rows = store.quotes.candidates(form_id, texts)
    people, organisations = FindingsQueries(store.db).known_names()
    redactor = Redactor(people, organisations)
    for row in rows:
        text = " ".join(str(row["text"]).split())
        row["redacted"] = redactor.redact(text)
        row["personal"] = sorted({kind for kind, _ in redactor.find(text)})
        row["attributed"] = attribution(row)
    return rows


def quote_key(text: str) -> str:
    """A plan's quote as `engage quotes` keys it: a bare note number 12 is `N12`."""
    text = text.strip()
    return f"N{text}" if text.isdigit() else text
