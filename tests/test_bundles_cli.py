"""`engage bundle` and `engage keys` refuse what cannot be done in one line, exit 1, and
change nothing; kits carry contacts only when asked; tombstones travel as ids only."""

from __future__ import annotations

import sqlite3

from engagement_tui.bundles import merge_files, write_bundle, write_kit
from engagement_tui.store import Store
from tests.bundle_helpers import engage


def one_line_failure(*args: str, env: dict | None = None) -> str:
    done = engage(*args, env=env, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_mistakes_are_one_line_each(tmp_path):
    db = str(tmp_path / "laptop.db")
    engage("--db", db, "init")
    out = str(tmp_path / "b.engage")
    assert "no coordinator key" in one_line_failure("--db", db, "bundle", "export", "-o", out)
    assert "for kits" in one_line_failure(
        "--db", db, "bundle", "export", "-o", out, "--include-contacts"
    )
    assert "not an age recipient" in one_line_failure(
        "--db", db, "bundle", "export", "-o", out, "--recipient", "age1nonsense"
    )
    assert not (tmp_path / "b.engage").exists()
    assert "no conflict 9" in one_line_failure("--db", db, "bundle", "resolve", "9", "--keep", "x")
    assert "cannot be empty" in one_line_failure("--db", db, "bundle", "device", "--name", " ")
    key = tmp_path / "key.txt"
    first = engage("--db", db, "keys", "new", "--identity", str(key)).stdout
    text = key.read_text()
    assert "already there" in one_line_failure("--db", db, "keys", "new", "--identity", str(key))
    assert key.read_text() == text
    recipient = engage("keys", "show", "--identity", str(key)).stdout.strip()
    assert f"recipient  {recipient}" in first
    # keys new left the recipient in the database: bundles are encrypted to it from now on.
    assert "encrypted: recipient age1" in engage("--db", db, "bundle", "export", "-o", out).stdout


def test_contacts_travel_only_when_asked(tmp_path):
    with Store.open(tmp_path / "coordinator.db") as coordinator:
        org = coordinator.register.add("Member One")
        coordinator.db.conn.execute(
            "INSERT INTO contacts (uuid, organisation_id, name, email, created_at)"
            " VALUES ('c-1', ?, 'Dr Jo Bloggs', 'jo@example.org', '2026-01-01')",
            (org.id,),
        )
        write_kit(coordinator, tmp_path / "plain.engage")
        write_kit(
            coordinator,
            tmp_path / "contacts.engage",
            include_contacts=True,
            passphrase="a long phrase",
        )
    assert b"jo@example.org" not in (tmp_path / "contacts.engage").read_bytes()
    with Store.open(tmp_path / "laptop.db") as laptop:
        merge_files(laptop, [tmp_path / "plain.engage"])
        assert laptop.db.scalar("SELECT count(*) FROM contacts") == 0
        merge_files(laptop, [tmp_path / "contacts.engage"], passphrase="a long phrase")
        assert laptop.db.query("SELECT name, email FROM contacts") == [
            {"name": "Dr Jo Bloggs", "email": "jo@example.org"}
        ]


def test_tombstones_travel_as_ids_only(tmp_path):
    with Store.open(tmp_path / "laptop.db") as laptop:
        # The tombstones table is the one `engage erase` keeps (ids only, never content).
        laptop.db.conn.execute(
            "INSERT INTO tombstones (kind, uuid, erased_at)"
            " VALUES ('interview', 'erased-uuid', '2026-11-30T10:00:00Z')"
        )
        write_bundle(laptop, tmp_path / "b.engage", encrypt=False)
    conn = sqlite3.connect(tmp_path / "b.engage")
    assert conn.execute("SELECT * FROM tombstones").fetchall() == [
        ("interview", "erased-uuid", "2026-11-30T10:00:00Z")
    ]
    conn.close()


def test_a_kit_carries_the_recipient_of_the_identity_keys_new_made(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    db = str(tmp_path / "coordinator.db")
    made = engage("--db", db, "keys", "new", env=env).stdout  # no database yet: not stored
    assert "now carry" not in made
    engage("--db", db, "init")
    kit = engage("--db", db, "bundle", "export", "--kit", "-o", str(tmp_path / "k.engage"), env=env)
    recipient = made.split("recipient  ")[1].split()[0]
    assert f"laptops will encrypt their bundles to {recipient}" in kit.stdout


def test_conflicts_are_listed_with_what_differs_and_resolved_by_label(tmp_path):
    from tests.test_bundles_merge import export, interviews, laptop, programme

    coordinator, kit = programme(tmp_path)
    a = laptop(tmp_path, "A", kit)
    (uuid,) = a.imports.import_many(interviews("a", 1)).uuids
    merge_files(coordinator, [export(a, tmp_path / "1.engage")])
    a.interviews.save_answer(uuid, "confidence", 2)
    coordinator.interviews.save_answer(uuid, "confidence", 9)
    export(a, tmp_path / "2.engage")
    coordinator.close()
    db = str(tmp_path / "coordinator.db")
    merged = engage("--db", db, "bundle", "merge", str(tmp_path / "2.engage")).stdout
    assert f"conflict: interview {uuid}" in merged
    listed = engage("--db", db, "bundle", "conflicts").stdout
    assert "confidence=2 (edited on: A)" in listed
    line = next(line for line in listed.splitlines() if "confidence=9" in line)
    assert "edited on: A, Coordinator" in line
    label = line.split()[0]
    assert f"kept {label}" in engage("--db", db, "bundle", "resolve", "1", "--keep", label).stdout
    assert "no open conflicts" in engage("--db", db, "bundle", "conflicts").stdout
    with Store.open(db) as store:
        assert store.interviews.answers(uuid)["confidence"] == 9


def test_folders_left_by_a_killed_merge_are_removed_by_the_next(tmp_path):
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from engagement_tui.bundles import FOLDER_PREFIX, sweep_stale_folders

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = Path(tempfile.gettempdir()) / f"{FOLDER_PREFIX}{gone.stdout.strip()}-left"
    alive = Path(tempfile.gettempdir()) / f"{FOLDER_PREFIX}{os.getpid()}-mine"
    for folder in (dead, alive):
        folder.mkdir(mode=0o700)
        (folder / "0.sqlite").write_bytes(b"decrypted answers")
    try:
        with Store.open(tmp_path / "c.db") as store:
            write_kit(store, tmp_path / "kit.engage")
            merge_files(store, [tmp_path / "kit.engage"])  # sweeps as it starts
        assert not dead.exists()
        assert alive.exists()  # a running process's folder is left alone
        assert sweep_stale_folders() == 0
    finally:
        for folder in (dead, alive):
            if folder.exists():
                (folder / "0.sqlite").unlink()
                folder.rmdir()


def test_an_erasure_on_a_laptop_erases_on_the_coordinator_in_either_order(tmp_path):
    """A laptop sends an interview, then erases it: whichever bundle the coordinator merges
    first, the interview ends up gone, with no byte of its canary left in the file."""
    from engagement_tui.loaders import load
    from tests.bundle_helpers import ROOT

    canary = "CANARY-7d1f-erase-me"
    laptop_db = tmp_path / "laptop.db"
    with Store.open(laptop_db) as laptop:
        laptop.forms.save(load(ROOT / "questionnaires" / "member-survey.yaml"))
        kept = laptop.interviews.create("member_survey", respondent="Kept Person")
        gone = laptop.interviews.create("member_survey", respondent=canary)
        laptop.interviews.save_answers(gone.uuid, {"role_type": "chair"})
        laptop.interviews.add_note(gone.uuid, f"said {canary} twice")
        laptop.interviews.set_status(kept.uuid, "complete")
        laptop.interviews.set_status(gone.uuid, "complete")
        write_bundle(laptop, tmp_path / "first.engage", encrypt=False)
    engage("--db", str(laptop_db), "erase", "--interview", gone.uuid, "--yes")
    with Store.open(laptop_db) as laptop:
        write_bundle(laptop, tmp_path / "second.engage", encrypt=False)
    assert canary.encode() not in (tmp_path / "second.engage").read_bytes()
    for order in (["first", "second"], ["second", "first"]):
        coordinator = tmp_path / f"coordinator-{order[0]}.db"
        engage("--db", str(coordinator), "init")
        for name in order:
            done = engage(
                "--db", str(coordinator), "bundle", "merge", str(tmp_path / f"{name}.engage")
            )
        assert "erased" in done.stdout or order[0] == "second"
        with Store.open(coordinator) as store:
            uuids = {row["uuid"] for row in store.db.query("SELECT uuid FROM interviews")}
        assert uuids == {kept.uuid}, order
        for suffix in ("", "-wal", "-shm"):
            held = coordinator.with_name(coordinator.name + suffix)
            if held.exists():
                assert canary.encode() not in held.read_bytes(), (order, suffix)
