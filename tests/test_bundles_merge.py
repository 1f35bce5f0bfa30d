"""Merging bundles, on real SQLite files: idempotent, order-independent, every divergent edit
surfaced as a conflict with none of its versions lost, and conflicts resolved by choice."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagement_tui.bundles import merge_files, write_bundle, write_kit
from engagement_tui.loaders import load
from engagement_tui.store import Store
from engagement_tui.store.imports import NewInterview
from tests.bundle_helpers import ROOT, content_dump

SURVEY = load(ROOT / "questionnaires" / "member-survey.yaml")


def open_store(path: Path, name: str) -> Store:
    store = Store.open(path)
    store.devices.rename(name)
    return store


def programme(tmp: Path) -> tuple[Store, Path]:
    """A coordinator with the survey and a small register, and its kit."""
    coordinator = open_store(tmp / "coordinator.db", "Coordinator")
    coordinator.forms.save(SURVEY)
    coordinator.register.upsert_many(
        [{"name": f"Member {n}", "type": "NHS trust", "region": "London"} for n in range(5)]
    )
    kit = tmp / "kit.engage"
    write_kit(coordinator, kit)
    return coordinator, kit


def laptop(tmp: Path, name: str, kit: Path) -> Store:
    store = open_store(tmp / f"{name}.db", name)
    merge_files(store, [kit])
    return store


def interviews(prefix: str, count: int, **fixed) -> list[NewInterview]:
    return [
        NewInterview(
            "member_survey",
            {
                "org_type": "nhs_trust",
                "confidence": n % 10 + 1,
                "biggest_difference": f"{prefix}{n}",
            },
            organisation=f"Member {n % 5}",
            **fixed,
        )
        for n in range(count)
    ]


def export(store: Store, path: Path) -> Path:
    write_bundle(store, path, encrypt=False)
    return path


def test_merging_a_then_b_equals_b_then_a_even_with_conflicts(tmp_path):
    coordinator, kit = programme(tmp_path)
    a, b = laptop(tmp_path, "A", kit), laptop(tmp_path, "B", kit)
    shared = "0b6f0c8e-4d8e-4a53-9f57-3c1f5b0d1e2a"
    for store, tag in ((a, "a"), (b, "b")):
        store.imports.import_many(interviews(tag, 6))
        # The same interview UUID edited on both laptops; one field organisation on each.
        store.imports.import_many(
            [
                NewInterview(
                    "member_survey",
                    {"confidence": 3 if tag == "a" else 9},
                    uuid=shared,
                    organisation="Field Clinic",
                )
            ]
        )
        # Two different questionnaires under revision 1 of the same form.
        variant = dataclasses.replace(SURVEY, form_id="pilot", title=f"Pilot {tag}")
        store.forms.save(variant)
    bundles = [export(a, tmp_path / "a.engage"), export(b, tmp_path / "b.engage")]
    coordinator.close()
    shutil.copy(tmp_path / "coordinator.db", tmp_path / "other.db")
    with Store.open(tmp_path / "coordinator.db") as one, Store.open(tmp_path / "other.db") as two:
        merge_files(one, bundles)
        merge_files(two, bundles[::-1])
        kinds = sorted(c.kind for c in one.conflicts.list("open"))
    assert kinds == ["interview", "organisation", "questionnaire"]
    first, second = content_dump(tmp_path / "coordinator.db"), content_dump(tmp_path / "other.db")
    assert first["interviews"] and first["conflicts"]
    assert first == second


def test_three_merges_leave_the_content_of_one(tmp_path):
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    a.imports.import_many(interviews("a", 20, status="draft"))
    bundle = export(a, tmp_path / "a.engage")
    merge_files(coordinator, [bundle])
    once = content_dump(tmp_path / "coordinator.db")
    merge_files(coordinator, [bundle, bundle])
    assert content_dump(tmp_path / "coordinator.db") == once
    statuses = {row[0] for row in coordinator.db.conn.execute("SELECT status FROM interviews")}
    assert statuses == {"draft"}  # drafts travel, marked as drafts


def test_a_later_bundle_from_the_same_laptop_wins_in_either_order(tmp_path):
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    (uuid,) = a.imports.import_many(interviews("a", 1, status="draft")).uuids
    early = export(a, tmp_path / "early.engage")
    a.interviews.save_answer(uuid, "confidence", 10)
    a.interviews.add_note(uuid, "Said twice: money.")
    a.interviews.set_status(uuid, "withdrawn")
    late = export(a, tmp_path / "late.engage")
    merge_files(coordinator, [late, early])
    assert coordinator.interviews.get(uuid).status == "withdrawn"
    assert coordinator.interviews.answers(uuid) == a.interviews.answers(uuid)
    assert len(coordinator.interviews.history(uuid)) == len(a.interviews.history(uuid))
    assert [n.text for n in coordinator.interviews.notes(uuid)] == ["Said twice: money."]
    assert coordinator.conflicts.list() == []


edits = st.lists(
    st.tuples(
        st.sampled_from(["laptop", "coordinator", "both"]),
        st.sampled_from(["answer", "status", "answer+status"]),
    ),
    min_size=6,
    max_size=6,
)


def _edit(store: Store, uuid: str, kind: str, tag: str) -> None:
    if "answer" in kind:
        store.interviews.save_answer(uuid, "biggest_difference", f"{tag} edit of {uuid[:6]}")
    if "status" in kind:
        store.interviews.set_status(uuid, "withdrawn" if tag == "laptop" else "draft")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=edits)
def test_every_divergent_edit_is_surfaced_and_no_version_is_lost(tmp_path_factory, plan):
    tmp = tmp_path_factory.mktemp("divergent")
    coordinator, kit = programme(tmp)
    a = laptop(tmp, "A", kit)
    uuids = a.imports.import_many(interviews("a", len(plan))).uuids
    merge_files(coordinator, [export(a, tmp / "first.engage")])
    for uuid, (where, kind) in zip(uuids, plan, strict=True):
        if where in ("laptop", "both"):
            _edit(a, uuid, kind, "laptop")
        if where in ("coordinator", "both"):
            _edit(coordinator, uuid, kind, "coordinator")
    before = {
        u: (coordinator.interviews.answers(u), coordinator.interviews.get(u).status) for u in uuids
    }
    merge_files(coordinator, [export(a, tmp / "second.engage")])
    conflicts = {c.subject: c for c in coordinator.conflicts.list("open")}
    for uuid, (where, _kind) in zip(uuids, plan, strict=True):
        laptop_version = (a.interviews.answers(uuid), a.interviews.get(uuid).status)
        held = (coordinator.interviews.answers(uuid), coordinator.interviews.get(uuid).status)
        if where == "both" and laptop_version != before[uuid]:
            versions = {
                (
                    json.dumps({q: json.loads(v) for q, v in c["answers"].items()}, sort_keys=True),
                    c["fields"]["status"],
                )
                for c in conflicts.pop(uuid).versions
            }
            for version in (laptop_version, before[uuid]):
                assert (json.dumps(version[0], sort_keys=True), version[1]) in versions
            assert held in (laptop_version, before[uuid])
        elif where == "laptop":
            assert held == laptop_version
        else:
            assert held == before[uuid]
    assert conflicts == {}
    coordinator.close()
    a.close()


def test_resolving_a_conflict_keeps_the_choice_and_records_it(tmp_path):
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    (uuid,) = a.imports.import_many(interviews("a", 1)).uuids
    first = export(a, tmp_path / "first.engage")
    merge_files(coordinator, [first])
    a.interviews.save_answer(uuid, "confidence", 2)
    coordinator.interviews.save_answer(uuid, "confidence", 9)
    second = export(a, tmp_path / "second.engage")
    merge_files(coordinator, [second])
    (conflict,) = coordinator.conflicts.list("open")
    me = coordinator.devices.identity().uuid
    other = next(v for v in conflict.versions if v["answers"]["confidence"] == "2")
    coordinator.conflicts.resolve(conflict.id, conflict.label(other), me)
    assert coordinator.interviews.answers(uuid)["confidence"] == 2
    actions = [row["action"] for row in coordinator.conflicts.history(conflict.id)]
    assert actions == ["detected", "resolved"]
    changes = [h for h in coordinator.interviews.history(uuid) if h["question"] == "confidence"]
    assert [json.loads(h["new_value"]) for h in changes][-1] == 2  # the choice, in the history
    settled = content_dump(tmp_path / "coordinator.db")
    merge_files(coordinator, [first, second])  # the settled versions come again: no reopening
    assert coordinator.conflicts.list("open") == []
    assert content_dump(tmp_path / "coordinator.db") == settled


def test_two_questionnaires_under_one_revision_are_both_kept_and_resolvable(tmp_path):
    coordinator, kit = programme(tmp_path)
    a, b = laptop(tmp_path, "A", kit), laptop(tmp_path, "B", kit)
    for store, tag in ((a, "A"), (b, "B")):
        store.forms.save(dataclasses.replace(SURVEY, form_id="pilot", title=f"Pilot {tag}"))
    merge_files(coordinator, [export(a, tmp_path / "a.engage"), export(b, tmp_path / "b.engage")])
    (conflict,) = coordinator.conflicts.list("open")
    assert conflict.kind == "questionnaire" and conflict.subject == "pilot revision 1"
    titles = {
        r["revision"]: r["title"]
        for r in coordinator.db.query(
            "SELECT revision, title FROM questionnaires WHERE form_id = 'pilot'"
        )
    }
    assert sorted(titles.values()) == ["Pilot A", "Pilot B"]
    held = coordinator.conflicts.held(conflict)
    other = next(v for v in conflict.versions if v is not held)
    coordinator.conflicts.resolve(conflict.id, "other", coordinator.devices.identity().uuid)
    assert (
        coordinator.db.scalar(
            "SELECT title FROM questionnaires WHERE form_id = 'pilot' AND revision = 1"
        )
        == other["title"]
    )


def test_the_reports_method_counts_the_devices_that_collected(tmp_path):
    from engagement_tui.report.metadata import gather

    coordinator, kit = programme(tmp_path)
    assert gather(coordinator, "member_survey")["devices"] == 0
    coordinator.imports.import_many(interviews("c", 2))
    assert gather(coordinator, "member_survey")["devices"] == 1
    bundles = []
    for name in ("A", "B"):
        store = laptop(tmp_path, name, kit)
        store.imports.import_many(interviews(name, 3))
        bundles.append(export(store, tmp_path / f"{name}.engage"))
    merge_files(coordinator, bundles)
    assert gather(coordinator, "member_survey")["devices"] == 3


def test_a_copied_laptop_editing_under_the_same_identity_is_still_a_conflict(tmp_path):
    """Two copies of one laptop's database edit under one device identity: their version
    clocks come out equal, so only their content tells the versions apart."""
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    first, second, third = a.imports.import_many(interviews("a", 3)).uuids
    merge_files(coordinator, [export(a, tmp_path / "before.engage")])
    a.close()
    shutil.copy(tmp_path / "A.db", tmp_path / "copy.db")
    with Store.open(tmp_path / "A.db") as a, Store.open(tmp_path / "copy.db") as copy:
        a.interviews.save_answer(first, "confidence", 2)
        copy.interviews.save_answer(first, "confidence", 9)
        for store in (a, copy):  # the same edit on both copies: one version, no conflict
            store.interviews.save_answer(second, "confidence", 5)
        bundles = [export(a, tmp_path / "a.engage"), export(copy, tmp_path / "copy.engage")]
    merged = merge_files(coordinator, bundles)
    assert [m.result.conflicts for m in merged] == [[], [f"interview {first}"]]
    (conflict,) = coordinator.conflicts.list("open")
    held = {json.loads(v["answers"]["confidence"]) for v in conflict.versions}
    assert held == {2, 9}
    assert coordinator.interviews.answers(second)["confidence"] == 5
    assert len(coordinator.interviews.history(third)) == len(coordinator.interviews.answers(third))


def _search_rows(store: Store) -> list[tuple]:
    return sorted(
        tuple(row)
        for row in store.db.conn.execute(
            "SELECT i.uuid, t.question, t.text, t.json, t.note_id IS NOT NULL"
            " FROM search_text t JOIN interviews i ON i.id = t.interview_id"
        )
    )


def test_merged_free_text_is_searchable_as_if_it_was_typed_here(tmp_path):
    """The merge indexes answers for search in one statement (its triggers stand aside):
    the rows it makes are the ones the triggers made on the laptop, before and after a
    newer version of an interview replaces the one held."""
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    uuids = a.imports.import_many(interviews("kestrel", 4)).uuids
    a.interviews.add_note(uuids[1], "Ospreys were mentioned twice.")
    merge_files(coordinator, [export(a, tmp_path / "first.engage")])
    assert _search_rows(coordinator) == _search_rows(a) != []
    assert [h.interview_uuid for h in coordinator.search.find("kestrel0")] == [uuids[0]]
    a.interviews.save_answer(uuids[0], "biggest_difference", "osprey nesting sites")
    merge_files(coordinator, [export(a, tmp_path / "second.engage")])
    assert _search_rows(coordinator) == _search_rows(a)
    assert coordinator.search.find("kestrel0") == []
    found = {(h.interview_uuid, h.kind) for h in coordinator.search.find("osprey")}
    assert found == {(uuids[0], "answer"), (uuids[1], "quote")}


def test_a_laptop_that_merged_its_kit_before_the_fix_is_searchable_once_migrated(tmp_path):
    """Questionnaires from a kit once left their free-text questions unregistered for search
    (so answers to them were never indexed); migration 0008 registers and indexes them."""
    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    (uuid,) = a.imports.import_many(interviews("heron", 1)).uuids
    a.close()
    conn = sqlite3.connect(tmp_path / "A.db")
    with conn:  # what such a laptop holds: no text questions, no answers queued or indexed
        conn.executescript(
            "DELETE FROM search_questions; DELETE FROM search_text WHERE note_id IS NULL;"
            " DELETE FROM search_changes;"
            " DELETE FROM _migrations WHERE name = '0008_search_merged_questionnaires';"
        )
    conn.close()
    with Store.open(tmp_path / "A.db") as migrated:
        assert [h.interview_uuid for h in migrated.search.find("heron0")] == [uuid]
