"""The store on a real SQLite file: pragmas, permissions, migrations, answers, locks, coding."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from engagement_tui.interview.questionnaire import Question, Questionnaire, Theme
from engagement_tui.store import InterviewLocked, Store, StoreError
from engagement_tui.store.schema import MIGRATIONS

FORM = Questionnaire(
    "survey",
    "Survey",
    questions=(Question("q1", "text", "First"), Question("q2", "integer", "Second")),
    codebook=(Theme("funding", "Money"), Theme("workforce", "People")),
)


@pytest.fixture
def interview(store):
    store.forms.save(FORM)
    organisation = store.register.add("Northdale NHS Trust", "NHS trust", "North West")
    return store.interviews.create(
        "survey", organisation_id=organisation.id, respondent="Ann", attribution="named"
    )


def test_durable_pragmas(store):
    assert store.db.scalar("PRAGMA journal_mode") == "wal"
    assert store.db.scalar("PRAGMA synchronous") == 2  # FULL
    assert store.db.scalar("PRAGMA foreign_keys") == 1
    assert store.db.scalar("PRAGMA busy_timeout") == 5000


def test_database_file_is_private(store, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_migrations_are_recorded_and_applied_once(store, db_path):
    names = [row["name"] for row in store.db.query("SELECT name FROM _migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    store.close()
    again = Store.open(db_path)
    assert again.db.migrate() == []
    again.close()


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.db"
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; sqlite3.connect({str(other)!r}).execute('create table x(a)')",
        ],
        check=True,
    )
    with pytest.raises(StoreError, match="not an engagement-tui database"):
        Store.open(other)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store.open(junk)


def test_same_questionnaire_twice_is_a_no_op_and_a_change_is_a_new_revision(store):
    assert store.forms.save(FORM).created
    assert not store.forms.save(FORM).created
    changed = Questionnaire("survey", "Survey, revised", questions=FORM.questions)
    result = store.forms.save(changed)
    assert result.created and result.form.revision == 2
    assert store.forms.load("survey").title == "Survey, revised"
    assert [form.revision for form in store.forms.list()] == [2]


def test_questionnaire_round_trips_through_json(store):
    store.forms.save(FORM)
    assert store.forms.load("survey") == FORM


def test_answers_survive_reopening_and_changes_go_to_history(store, db_path, interview):
    store.interviews.save_answer(interview.uuid, "q1", "Funding is the issue", position="q2")
    store.interviews.save_answer(interview.uuid, "q1", "Funding, and workforce")
    store.interviews.save_answer(interview.uuid, "q2", 12)
    store.interviews.save_answer(interview.uuid, "q2", 12)  # unchanged: no history row
    store.close()
    reopened = Store.open(db_path)
    assert reopened.interviews.answers(interview.uuid) == {"q1": "Funding, and workforce", "q2": 12}
    history = reopened.interviews.history(interview.uuid)
    assert [(row["question"], row["new_value"]) for row in history] == [
        ("q1", '"Funding is the issue"'),
        ("q1", '"Funding, and workforce"'),
        ("q2", "12"),
    ]
    assert reopened.interviews.get(interview.uuid).position == "q2"
    assert reopened.db.integrity_check() == "ok"
    reopened.close()


def test_clearing_an_answer_removes_it_and_records_it(store, interview):
    store.interviews.save_answers(interview.uuid, {"q1": "x", "q2": 3})
    store.interviews.save_answers(interview.uuid, {"q2": None})
    assert store.interviews.answers(interview.uuid) == {"q1": "x"}
    assert store.interviews.history(interview.uuid)[-1]["new_value"] is None


def test_a_saved_answer_replaces_its_draft(store, interview):
    store.interviews.save_draft(interview.uuid, "q1", "half a sent")
    assert store.interviews.drafts(interview.uuid) == {"q1": "half a sent"}
    store.interviews.save_answer(interview.uuid, "q1", "half a sentence")
    assert store.interviews.drafts(interview.uuid) == {}


def test_a_failed_transaction_leaves_nothing(store, interview):
    with pytest.raises(RuntimeError), store.db.transaction() as conn:
        conn.execute("UPDATE interviews SET respondent = 'changed'")
        raise RuntimeError("boom")
    assert store.interviews.get(interview.uuid).respondent == "Ann"


def test_status_changes(store, interview):
    store.interviews.set_status(interview.uuid, "complete")
    done = store.interviews.get(interview.uuid)
    assert done.status == "complete" and done.completed_at
    assert store.interviews.list(status="complete") == [done]
    with pytest.raises(ValueError):
        store.interviews.set_status(interview.uuid, "finished")


def test_lock_is_refused_to_a_live_other_process_and_taken_from_a_dead_one(store, interview):
    store.interviews.acquire_lock(interview.uuid, owner=f"{os.uname().nodename}:{os.getppid()}")
    with pytest.raises(InterviewLocked):
        store.interviews.acquire_lock(interview.uuid)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    store.db.conn.execute(
        "UPDATE interviews SET lock_owner = ? WHERE uuid = ?",
        (f"{os.uname().nodename}:{dead}", interview.uuid),
    )
    store.interviews.acquire_lock(interview.uuid)  # the holder is gone: taken over
    store.interviews.release_lock(interview.uuid)
    assert store.db.scalar("SELECT lock_owner FROM interviews") is None


def test_register_upsert_by_name_keeps_extra_columns(store):
    first = store.register.upsert_many(
        [{"name": "Eastfield Council", "type": "local authority", "ods_code": "E1"}]
    )
    second = store.register.upsert_many(
        [{"name": "EASTFIELD COUNCIL", "type": "local authority", "region": "London"}]
    )
    assert (first.added, second.updated) == (1, 1)
    organisation = store.register.find("eastfield council")
    assert organisation.region == "London" and organisation.attributes == {"ods_code": "E1"}
    assert [o.name for o in store.register.search("field")] == ["Eastfield Council"]
    assert store.register.search("100%") == []


def test_coding_answers_and_notes(store, interview):
    store.interviews.save_answer(interview.uuid, "q1", "We need pooled budgets")
    note = store.interviews.add_note(interview.uuid, "Money follows the patient", question="q1")
    store.interviews.set_status(interview.uuid, "complete")
    assert store.coding.seed_codebook("survey", FORM.codebook) == 2
    assert store.coding.seed_codebook("survey", FORM.codebook) == 0
    funding, workforce = store.coding.themes("survey")
    store.coding.code(funding.id, interview.uuid, question="q1")
    store.coding.code(funding.id, interview.uuid, question="q1")  # idempotent
    store.coding.code(workforce.id, interview.uuid, question="q1", note_id=note.id)
    items = store.coding.items("survey", ["q1"])
    assert [(item.kind, item.text, item.themes) for item in items] == [
        ("answer", "We need pooled budgets", ("funding",)),
        ("quote", "Money follows the patient", ("workforce",)),
    ]
    assert store.coding.theme_counts("survey") == {"funding": 1, "workforce": 1}
    store.coding.uncode(funding.id, interview.uuid, question="q1")
    assert store.coding.theme_counts("survey", question="q1") == {"workforce": 1, "funding": 0}
    added = store.coding.add_theme("survey", "data", "Data and digital")
    assert added.name == "data" and len(store.coding.themes("survey")) == 3


def test_only_long_texts_are_coded():
    form = Questionnaire(
        "f",
        "F",
        questions=(
            Question("system", "text", "Which system?"),
            Question("why", "text", "Why?", appearance="multiline"),
            Question("n", "integer", "How many?"),
        ),
    )
    assert [question.name for question in form.coded_questions()] == ["why"]
