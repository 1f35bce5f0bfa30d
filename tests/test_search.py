"""Full-text search over a real SQLite file: kept up to date by triggers, coded in one step."""

from __future__ import annotations

import sqlite3

import pytest

from engagement_tui.cli import main
from engagement_tui.store import Store
from engagement_tui.store.search import SearchError, match_expression
from tests.tui.insights_data import seed_pulse


def _texts(store: Store, query: str, **options) -> list[str]:
    return [hit.text for hit in store.search.find(query, **options)]


def test_answers_and_quotes_are_found_by_stem_and_phrase(store):
    seed_pulse(store)
    assert _texts(store, "workforce") == ["More nurses and a joint workforce plan."]
    # "budget" finds "budgets" (stemmed); a quote is found as well as answers.
    assert _texts(store, "budget") == ["Pooled budgets across health and care."]
    assert _texts(store, "staff") == ["We compete for the same staff."]
    assert _texts(store, '"joint workforce"') == ["More nurses and a joint workforce plan."]
    assert _texts(store, '"workforce joint"') == []
    assert sorted(_texts(store, "fund*")) == [
        "Multi-year funding settlements.",
        "Social care funding.",
    ]
    # Every word is required; FTS5 operators typed by a person mean nothing special.
    assert _texts(store, "social funding") == ["Social care funding."]
    assert _texts(store, "social AND NOT funding") == []


def test_a_changed_answer_is_searched_as_it_now_reads(store, db_path):
    uuids = seed_pulse(store)
    store.interviews.save_answers(uuids[1], {"biggest_difference": "Shared digital records."})
    assert _texts(store, "workforce") == []
    assert _texts(store, "digital") == ["Shared digital records."]
    store.interviews.save_answers(uuids[1], {"biggest_difference": None})
    assert _texts(store, "digital") == []
    note = store.interviews.add_note(uuids[2], "Digital first, always.", question="")
    assert [h.note_id for h in store.search.find("digital")] == [note.id]
    store.close()
    # The index lives in the file: a fresh connection finds the same.
    reopened = Store.open(db_path)
    try:
        assert _texts(reopened, "digital") == ["Digital first, always."]
        rows = reopened.db.scalar(
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?", ("digital",)
        )
        assert rows == 1
    finally:
        reopened.close()


def test_drafts_other_forms_and_choice_values_are_not_matches(store):
    uuids = seed_pulse(store)
    store.interviews.set_status(uuids[0], "draft")
    assert _texts(store, "pooled") == []
    # "agree" is a stored choice value, not free text: limited to the coded questions.
    assert _texts(store, "agree", form_id="pulse", questions=["biggest_difference"]) == []
    assert _texts(store, "agree", form_id="other") == []


def test_code_all_codes_every_match_once(store):
    seed_pulse(store)
    theme = store.coding.add_theme("pulse", "funding")
    hits = store.search.find("fund*", form_id="pulse")
    assert store.search.code_all(hits, theme.id) == 2
    assert store.search.code_all(hits, theme.id) == 0
    assert store.coding.theme_counts("pulse")["funding"] == 2


def test_a_query_with_no_words_is_refused():
    with pytest.raises(SearchError):
        match_expression('" - "')
    assert match_expression('care "joint plan" work*') == '"care" AND "joint plan" AND "work"*'


def test_migration_indexes_what_the_file_already_held(tmp_path):
    """A database made before search existed is searchable once migrated."""
    path = tmp_path / "old.db"
    store = Store.open(path)
    seed_pulse(store)
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE search_index; DROP TABLE search_changes; DROP TABLE search_text;"
        "DROP TABLE search_questions;"
        "DROP TRIGGER answers_search_ai; DROP TRIGGER answers_search_ad;"
        "DROP TRIGGER answers_search_au; DROP TRIGGER notes_search_ai;"
        "DROP TRIGGER notes_search_ad; DROP TRIGGER notes_search_au;"
        "DELETE FROM _migrations WHERE name = '0006_text_search';"
    )
    conn.close()
    store = Store.open(path)
    try:
        assert _texts(store, "workforce") == ["More nurses and a joint workforce plan."]
    finally:
        store.close()


def test_engage_search_codes_every_match(db_path, capsys):
    store = Store.open(db_path)
    seed_pulse(store)
    store.close()
    main(["--db", str(db_path), "search", "fund*", "--questionnaire", "pulse", "--code", "funding"])
    out = capsys.readouterr().out
    assert "2 matches" in out and "Coded 2 new passages as 'funding'" in out
    store = Store.open(db_path)
    try:
        assert store.coding.theme_counts("pulse")["funding"] == 2
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--code", "funding"], "--code needs --questionnaire"),
        (["search", "x", "--questionnaire", "nope"], "no questionnaire 'nope'"),
        (["search", "x", "--questionnaire", "pulse", "--code", "nope"], "no theme 'nope'"),
        (["search", "-", "--questionnaire", "pulse"], "nothing to search for"),
    ],
)
def test_engage_search_mistakes_are_one_line(db_path, capsys, args, message):
    store = Store.open(db_path)
    seed_pulse(store)
    store.close()
    with pytest.raises(SystemExit) as done:
        main(["--db", str(db_path), *args])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_only_answers_to_text_questions_are_indexed(store):
    seed_pulse(store)
    indexed = {row["question"] for row in store.db.query("SELECT question FROM search_text")}
    # right_approach's stored choice names ("agree") are JSON strings too: not indexed.
    assert indexed == {"biggest_difference"}
    assert store.search.find("agree") == []
