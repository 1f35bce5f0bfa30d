"""Bulk imports on a real SQLite file: all or nothing, idempotent by external_id, codings."""

from __future__ import annotations

import sqlite3

import pytest

from engagement_tui.interview.questionnaire import Question, Questionnaire, Theme
from engagement_tui.store.imports import NewCoding, NewInterview, NewNote, NewOrganisation, NewTheme

FORM = Questionnaire(
    "survey",
    "Survey",
    questions=(Question("q1", "text", "First"), Question("q2", "integer", "Second")),
    codebook=(Theme("funding", "Money"),),
)


@pytest.fixture
def saved(store):
    store.forms.save(FORM)
    return store


def test_imports_interviews_answers_history_and_organisations(saved):
    result = saved.imports.import_many(
        [
            NewInterview("survey", {"q1": "yes", "q2": 3}, organisation="Northdale Council"),
            NewInterview("survey", {"q1": "no"}, organisation="northdale council"),
        ],
        [NewOrganisation("Northdale Council", type="local authority", region="North West")],
    )
    assert (result.imported, result.skipped, result.organisations_added) == (2, 0, 1)
    first, second = (saved.interviews.get(uuid) for uuid in result.uuids)
    assert first.organisation == "Northdale Council" and first.region == "North West"
    assert second.organisation_id == first.organisation_id
    assert first.status == "complete" and first.completed_at and first.source == "import"
    assert saved.interviews.answers(first.uuid) == {"q1": "yes", "q2": 3}
    assert [row["question"] for row in saved.interviews.history(first.uuid)] == ["q1", "q2"]


def test_existing_organisation_is_kept_as_it_is(saved):
    saved.register.add("Wyebridge PCN", "primary care network", "Midlands")
    result = saved.imports.import_many(
        [NewInterview("survey", {}, organisation="Wyebridge PCN")],
        [NewOrganisation("Wyebridge PCN", type="other", region="London")],
    )
    assert result.organisations_added == 0
    assert saved.register.find("Wyebridge PCN").region == "Midlands"


def test_external_ids_already_stored_or_repeated_are_skipped(saved):
    rows = [NewInterview("survey", {"q1": "a"}, external_id="uuid:1")]
    assert saved.imports.import_many(rows).imported == 1
    again = saved.imports.import_many(
        [*rows, NewInterview("survey", {"q1": "b"}, external_id="uuid:2")] * 2
    )
    assert (again.imported, again.skipped) == (1, 3)
    assert saved.counts()["interviews"] == 2


def test_all_or_nothing_when_a_form_is_unknown(saved):
    before = saved.counts()
    with pytest.raises(KeyError):
        saved.imports.import_many(
            [
                NewInterview("survey", {"q1": "a"}, organisation="New Org"),
                NewInterview("no_such_form", {"q1": "b"}),
            ]
        )
    assert saved.counts() == before


def test_all_or_nothing_when_a_row_breaks_a_rule(saved):
    before = saved.counts()
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
        saved.imports.import_many(
            [
                NewInterview("survey", {"q1": "a"}, organisation="New Org"),
                NewInterview("survey", {"q1": "b"}, status="finished"),
            ]
        )
    assert saved.counts() == before


def test_notes_drafts_codings_and_given_uuids(saved):
    interview = NewInterview(
        "survey",
        {"q1": "Money follows the patient"},
        uuid="00000000-0000-4000-8000-000000000001",
        status="draft",
        started_at="2026-03-02T10:00:00.000Z",
        updated_at="2026-03-02T10:40:00.000Z",
        notes=(NewNote("If the money doesn't move, nothing moves.", question="q1"),),
        drafts={"q2": "1"},
        codings=(NewCoding("funding", question="q1"), NewCoding("culture", note=0)),
    )
    saved.imports.import_many(
        [interview], themes=[NewTheme("survey", "funding", "Money")], stamp="2026-01-01T00:00Z"
    )
    stored = saved.interviews.get(interview.uuid)
    assert stored.status == "draft" and stored.completed_at is None
    assert stored.started_at == "2026-03-02T10:00:00.000Z"
    assert saved.interviews.drafts(interview.uuid) == {"q2": "1"}
    (note,) = saved.interviews.notes(interview.uuid)
    assert note.question == "q1"
    assert [theme.name for theme in saved.coding.themes("survey")] == ["funding", "culture"]
    codings = saved.coding.codings("survey")
    assert codings == []  # drafts are not findings
    items = {
        (row["question"], row["note_id"]): row["name"]
        for row in saved.db.query(
            "SELECT c.question, c.note_id, t.name FROM codings c JOIN themes t ON t.id = c.theme_id"
        )
    }
    assert items == {("q1", None): "funding", ("", note.id): "culture"}


def test_bulk_writes_keep_clocks_and_the_search_index_as_the_per_answer_triggers_do(saved):
    """A bulk import stands the per-answer triggers aside and does their work per chunk; the
    store must end as if every answer had gone through the triggers one by one."""
    rows = [
        NewInterview("survey", {"q1": f"word{index} shared", "q2": index}, external_id=f"r{index}")
        for index in range(2500)  # more than one answer chunk
    ]
    saved.imports.import_many(rows)
    conn = saved.db.conn
    # The same answers typed one by one (the triggers' path) into another interview.
    one = saved.imports.import_many([NewInterview("survey", {}, external_id="typed")]).uuids[0]
    saved.interviews.save_answers(one, {"q1": "typed words", "q2": 7})
    clocks = {
        tuple(row) for row in conn.execute("SELECT interview_id, edits FROM interview_clocks")
    }
    answers = {
        tuple(row) for row in conn.execute("SELECT interview_id, count(*) FROM answers GROUP BY 1")
    }
    assert clocks == answers  # one edit per answer, bulk or typed
    indexed = {
        tuple(row) for row in conn.execute("SELECT interview_id, question, text FROM search_text")
    }
    expected = {
        tuple(row)
        for row in conn.execute(
            "SELECT interview_id, question, value FROM answers WHERE question = 'q1'"
        )
    }
    assert indexed == expected and len(indexed) == 2501
    assert conn.execute("SELECT count(*) FROM bulk_writes").fetchone()[0] == 0
    assert len(saved.search.find("word1234")) == 1
