"""The round trip with real processes: a coordinator's kit out to two laptops, interviews
collected on each (through the app's answer path, and by survey-return import), encrypted
bundles back, merged; the findings equal those of one database holding the same answers.
Also: bundles never hold answers in plaintext, and bad files change nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pyrage
import pytest

from engagement_tui.bundles.crypto import read_identity
from tests.bundle_helpers import ROOT, content_dump, engage

CSV = "examples/member-survey-returns.csv"
FINDINGS = [
    ("findings", "--questionnaire", "member_survey", "--format", "json"),
    ("findings", "--questionnaire", "member_survey", "--format", "json", "--by", "region"),
]


def interview_like_the_app(db: Path) -> None:
    """The field interviews in a real process, through the session and store.interviews."""
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "bundle_helpers.py"), "interview", str(db)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    """Coordinator, two laptops and a reference database, all made by real processes."""
    tmp = tmp_path_factory.mktemp("programme")
    env = {"XDG_DATA_HOME": str(tmp / "data")}
    dbs = {name: tmp / f"{name}.db" for name in ("coordinator", "amira", "ben", "reference")}
    coordinator, amira, ben, reference = (str(db) for db in dbs.values())
    for db in (coordinator, reference):
        engage("--db", db, "init")
        engage("--db", db, "questionnaire", "import", "questionnaires/member-survey.yaml")
        engage("--db", db, "org", "import", "examples/member-register.csv")
    keys = engage("--db", coordinator, "keys", "new", env=env)
    kit = tmp / "kit.engage"
    engage("--db", coordinator, "bundle", "export", "--kit", "-o", str(kit), env=env)
    for laptop in (amira, ben):
        engage("--db", laptop, "bundle", "merge", str(kit), env=env)
    engage("--db", amira, "bundle", "device", "--name", "Amira's laptop")
    # Amira interviews through the app's answer path; Ben imports survey returns.
    interview_like_the_app(dbs["amira"])
    engage("--db", ben, "responses", "import", CSV, "--questionnaire", "member_survey")
    bundles = {name: tmp / f"{name}.engage" for name in ("amira", "ben")}
    for name, path in bundles.items():
        engage("--db", str(dbs[name]), "bundle", "export", "-o", str(path), env=env)
    merged = engage("--db", coordinator, "bundle", "merge", *map(str, bundles.values()), env=env)
    interview_like_the_app(dbs["reference"])
    engage("--db", reference, "responses", "import", CSV, "--questionnaire", "member_survey")
    return {"tmp": tmp, "env": env, "dbs": dbs, "bundles": bundles, "keys": keys, "merged": merged}


def test_the_coordinators_findings_equal_one_database_with_every_answer(programme):
    dbs = programme["dbs"]
    for args in FINDINGS:
        merged = engage("--db", str(dbs["coordinator"]), *args).stdout
        direct = engage("--db", str(dbs["reference"]), *args).stdout
        assert '"interviews": 32' in merged
        assert merged == direct


def test_keys_new_makes_a_private_identity_and_warns_to_back_it_up(programme):
    identity = programme["tmp"] / "data" / "engagement-tui" / "coordinator-identity.txt"
    assert stat.S_IMODE(identity.stat().st_mode) == 0o600
    recipient = str(read_identity(identity).to_public())
    assert f"recipient  {recipient}" in programme["keys"].stdout
    assert "BACK IT UP" in programme["keys"].stderr


def test_bundles_are_encrypted_to_the_kits_recipient_and_hold_no_plaintext(programme):
    identity = read_identity(
        programme["tmp"] / "data" / "engagement-tui" / "coordinator-identity.txt"
    )
    for path in programme["bundles"].values():
        data = path.read_bytes()
        assert data.startswith(b"age-encryption.org/v1\n")
        assert b"CANARY" not in data and b"Northdale" not in data and b"SQLite" not in data
        # The canary is really in there: decrypted, the bundle holds it.
        plain = pyrage.decrypt(data, [identity])
        assert plain.startswith(b"SQLite format 3\x00")
    amira = pyrage.decrypt(programme["bundles"]["amira"].read_bytes(), [identity])
    assert b"CANARY-6b1e2" in amira and b"CANARY-9d4c7" in amira


def test_provenance_devices_and_their_last_bundle(programme):
    dbs = programme["dbs"]
    info = engage("--db", str(dbs["coordinator"]), "info").stdout
    conn = sqlite3.connect(dbs["coordinator"])
    rows = conn.execute(
        "SELECT d.name, count(*), i.origin_bundle = d.last_bundle FROM interviews i"
        " JOIN devices d ON d.uuid = i.origin_device GROUP BY d.uuid ORDER BY d.name"
    ).fetchall()
    assert rows[0][:2] == ("Amira's laptop", 2) and rows[0][2] == 1
    assert rows[1][1] == 30 and rows[1][2] == 1
    assert (
        conn.execute("SELECT count(*) FROM interviews WHERE origin_bundle IS NULL").fetchone()[0]
        == 0
    )
    conn.close()
    assert "Amira's laptop" in info and "1 bundles, 2 interviews" in info


def test_merging_three_times_changes_nothing(programme):
    dbs, env = programme["dbs"], programme["env"]
    bundles = [str(path) for path in programme["bundles"].values()]
    once = content_dump(dbs["coordinator"])
    for _ in range(2):
        engage("--db", str(dbs["coordinator"]), "bundle", "merge", *bundles, env=env)
    assert content_dump(dbs["coordinator"]) == once


def _bad(programme, path: Path, *args: str) -> str:
    """Merge a bad file: one line, exit 1, no traceback, the coordinator's content unchanged."""
    coordinator = programme["dbs"]["coordinator"]
    before = content_dump(coordinator)
    done = engage(
        "--db",
        str(coordinator),
        "bundle",
        "merge",
        str(path),
        *args,
        env=programme["env"],
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("engage: "), done.stderr
    assert "Traceback" not in done.stderr
    assert content_dump(coordinator) == before
    return done.stderr


def test_bad_bundles_are_refused_in_one_line_and_change_nothing(programme, tmp_path):
    good = programme["bundles"]["ben"].read_bytes()
    truncated = tmp_path / "truncated.engage"
    truncated.write_bytes(good[: len(good) // 2])
    assert "damaged or tampered" in _bad(programme, truncated)
    tampered = tmp_path / "tampered.engage"
    tampered.write_bytes(good[:5000] + bytes([good[5000] ^ 1]) + good[5001:])
    assert "damaged or tampered" in _bad(programme, tampered)
    wrong_key = tmp_path / "key.txt"
    wrong_key.write_text(str(pyrage.x25519.Identity.generate()) + "\n")
    assert "not encrypted to this identity" in _bad(
        programme, programme["bundles"]["ben"], "--identity", str(wrong_key)
    )
    foreign = tmp_path / "foreign.engage"
    foreign.write_bytes(programme["dbs"]["ben"].read_bytes())  # a database, not a bundle
    assert "not an engage bundle" in _bad(programme, foreign)
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    assert "not an engage bundle" in _bad(programme, text)
    assert "no such file" in _bad(programme, tmp_path / "missing.engage")


def test_plaintext_bundles_are_checked_too(programme, tmp_path):
    ben = programme["dbs"]["ben"]
    plain = tmp_path / "plain.engage"
    engage("--db", str(ben), "bundle", "export", "-o", str(plain), "--no-encrypt")
    newer = tmp_path / "newer.engage"
    newer.write_bytes(plain.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE manifest SET value = '99' WHERE name = 'format_version'")
    assert "newer engage" in _bad(programme, newer)
    tampered = tmp_path / "tampered.engage"
    tampered.write_bytes(plain.read_bytes())
    with sqlite3.connect(tampered) as conn:
        conn.execute("UPDATE answers SET value = '\"strongly_agree\"' WHERE rowid = 1")
    assert "checksum does not match" in _bad(programme, tampered)
    truncated = tmp_path / "truncated.engage"
    truncated.write_bytes(plain.read_bytes()[:8192])
    assert "damaged" in _bad(programme, truncated)


def test_passphrase_mode_for_teams_without_keys(programme, tmp_path):
    ben, coordinator = programme["dbs"]["ben"], programme["dbs"]["coordinator"]
    sealed = tmp_path / "ben.engage"
    phrase = {"ENGAGE_PASSPHRASE": "correct horse battery"}
    engage("--db", str(ben), "bundle", "export", "-o", str(sealed), "--passphrase", env=phrase)
    assert b"scrypt" in sealed.read_bytes()[:200]
    assert "with a passphrase" in _bad(programme, sealed)
    wrong = {**programme["env"], "ENGAGE_PASSPHRASE": "wrong horse battery"}
    done = engage(
        "--db",
        str(coordinator),
        "bundle",
        "merge",
        str(sealed),
        "--passphrase",
        env=wrong,
        check=False,
    )
    assert done.returncode == 1 and "wrong passphrase" in done.stderr
    done = engage(
        "--db", str(coordinator), "bundle", "merge", str(sealed), "--passphrase", env=phrase
    )
    assert "0 interviews added, 0 updated, 30 unchanged" in done.stdout


def test_a_kit_carries_contacts_only_when_asked_and_then_encrypted(programme, tmp_path):
    coordinator = str(programme["dbs"]["coordinator"])
    done = engage(
        "--db",
        coordinator,
        "bundle",
        "export",
        "--kit",
        "--include-contacts",
        "-o",
        str(tmp_path / "kit.engage"),
        check=False,
    )
    assert done.returncode == 1 and "must have a passphrase" in done.stderr
    assert os.listdir(tmp_path) == []
