"""`engage demo`: a deterministic, valid, story-telling synthetic programme in one go."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.demo import build_programme, run_demo, shipped_questionnaires
from engagement_tui.demo.register import REGION_PLACES, TYPE_COUNTS
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import load
from engagement_tui.store import Store


@pytest.fixture(scope="module")
def questionnaires():
    paths = shipped_questionnaires()
    assert {path.stem for path in paths} >= {"member-survey", "leaders-interview"}
    return [load(path) for path in paths]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, questionnaires):
    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db")
    run_demo(store, questionnaires, seed=11)
    yield store
    store.close()


def dump(store: Store) -> dict[str, list[dict]]:
    """Every table's rows, less the two columns that record when the file was made, less
    the database's own device identity (a fresh UUID in every file, by design), and less the
    full-text index (a virtual table and its shadow tables, derived from `search_text`,
    which is compared)."""
    me = store.devices.identity().uuid
    tables = [
        row["name"]
        for row in store.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE"
            " '\\' AND name NOT LIKE 'sqlite%' AND name != 'device_identity'"
            " AND name NOT LIKE 'search_index%' ORDER BY name"
        )
    ]
    result = {}
    for table in tables:
        width = len(store.db.query(f"PRAGMA table_info({table})"))
        order = ", ".join(str(column) for column in range(1, min(width, 2) + 1))
        rows = store.db.query(f"SELECT * FROM {table} ORDER BY {order}")
        result[table] = [
            {k: "this device" if v == me else v for k, v in row.items() if k != "imported_at"}
            for row in rows
        ]
    return result


def test_same_seed_same_content_other_seed_other_content(tmp_path, questionnaires):
    dumps = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        with Store.open(tmp_path / f"{name}.db") as store:
            run_demo(store, questionnaires, seed)
            dumps.append(dump(store))
    assert dumps[0] == dumps[1]
    assert dumps[0]["answers"] and dumps[0]["codings"] and dumps[0]["notes"]
    assert dumps[0]["answers"] != dumps[2]["answers"]


def test_counts_are_in_the_expected_ranges(demo_store):
    counts = demo_store.counts()
    assert 140 <= counts["organisations"] <= 160
    assert 110 <= counts["complete"] <= 130
    assert 3 <= counts["draft"] <= 5
    assert counts["withdrawn"] == 1
    organisations = demo_store.register.list()
    assert {org.region for org in organisations} == set(REGION_PLACES)
    assert {org.type for org in organisations} == set(TYPE_COUNTS)
    assert all(org.system.endswith(" ICS") for org in organisations)
    interviews = demo_store.interviews.list()
    assert all(interview.organisation for interview in interviews)
    assert 4 <= len({i.interviewer for i in interviews if i.interviewer}) <= 5
    assert {i.attribution for i in interviews} == {"named", "role_only", "anonymous"}
    assert {i.mode for i in interviews} >= {"online survey", "in person", "video"}
    months = Counter(i.started_at[:7] for i in interviews)
    assert all(month.startswith("2026-") for month in months) and len(months) >= 3


def test_every_stored_answer_is_valid_and_relevant(demo_store, questionnaires):
    by_form = {q.form_id: q for q in questionnaires}
    for interview in demo_store.interviews.list():
        questionnaire = by_form[interview.form_id]
        answers = demo_store.interviews.answers(interview.uuid)
        session = InterviewSession(questionnaire, answers)
        for name, value in answers.items():
            question = questionnaire.question(name)
            assert session.is_relevant(name), (interview.uuid, name)
            if question.answerable:
                assert session.validate(name, value).ok, (interview.uuid, name, value)
        computed = {k: v for k, v in session.calculations().items() if v is not None}
        assert computed == {k: v for k, v in answers.items() if k in session.calculations()}
        if interview.status == "complete":
            assert session.missing_required() == [], interview.uuid


def test_drafts_stop_part_way_with_a_position(demo_store, questionnaires):
    drafts = demo_store.interviews.list(status="draft")
    assert drafts
    for draft in drafts:
        assert draft.position and draft.completed_at is None
        assert draft.position not in demo_store.interviews.answers(draft.uuid)


def test_the_findings_tell_a_story(demo_store):
    def shares(question: str) -> Counter:
        rows = demo_store.db.query(
            "SELECT json_extract(a.value, '$') AS v FROM answers a JOIN interviews i"
            " ON i.id = a.interview_id WHERE i.status = 'complete' AND a.question = ?",
            (question,),
        )
        return Counter(row["v"] for row in rows)

    approach = shares("right_approach")
    agree = (approach["agree"] + approach["strongly_agree"]) / approach.total()
    assert 0.5 <= agree <= 0.7  # "six in ten"
    progress = shares("progress")
    assert (progress["moderate"] + progress["a_little"]) / progress.total() >= 0.7


def test_free_text_and_quotes_are_coded_with_codebook_themes(demo_store, questionnaires):
    for questionnaire in questionnaires:
        codebook = {theme.name for theme in questionnaire.codebook}
        counts = demo_store.coding.theme_counts(questionnaire.form_id)
        assert set(counts) == codebook
        assert sum(1 for n in counts.values() if n) >= 5
        items = demo_store.coding.items(
            questionnaire.form_id,
            [q.name for q in questionnaire.questions if q.type == "text"],
        )
        coded = [item for item in items if item.themes]
        assert len(coded) >= len(items) * 0.6
    quotes = demo_store.db.scalar("SELECT count(*) FROM codings WHERE note_id IS NOT NULL")
    assert quotes > 0


def test_the_programme_does_not_depend_on_the_database(questionnaires):
    first = build_programme(questionnaires, 3)
    assert first == build_programme(questionnaires, 3)


def test_demo_refuses_a_database_that_holds_data(db_path):
    with Store.open(db_path) as store:
        store.register.add("Northdale Council", "local authority")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "demo"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"engage: {db_path} already holds data; the demo needs an empty database, for example: "
    )
    # The command is spelt as it runs here: `engage`, or the venv's path to it.
    assert result.stderr.endswith("engage --db demo.db demo\n")


def test_demo_command_fills_an_empty_database(tmp_path):
    db_path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "demo", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert "completed interviews" in result.output
    assert "findings --questionnaire member_survey" in result.output
    with Store.open(db_path) as store:
        assert store.counts()["complete"] >= 110
