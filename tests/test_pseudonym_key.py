"""The pseudonymisation key (issue 15): kept in a 0600 file of the user's own, never in the
database; the same pseudonyms from a read-only copy; an old database's key moved out with no
byte left behind; a lost file says so and changes the pseudonyms. Real `engage` processes."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

from engagement_tui.exports.pseudonyms import Pseudonymiser
from engagement_tui.store.pseudonym_key import KEY_ID, LEGACY_KEY
from tests.safety_support import engage, surveyed_db
from tests.test_erasure import files_of


def pseudonyms(db, cwd, folder) -> tuple[set[str], str]:
    """The respondents of a pseudonymised JSON export, and what engage said on stderr."""
    result = engage(
        "--db",
        db,
        "export",
        "--questionnaire",
        "member_survey",
        "--format",
        "json",
        "-o",
        cwd / folder,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    (path,) = [cwd / line for line in result.stdout.split() if line.endswith(".json")]
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = records["interviews"] if isinstance(records, dict) else records
    return {row["respondent"] for row in rows if row.get("respondent")}, result.stderr


def key_file(db, keys):
    with sqlite3.connect(db) as conn:
        (key_id,) = conn.execute("SELECT value FROM settings WHERE name = ?", (KEY_ID,)).fetchone()
    return keys / f"pseudonym-{key_id}.key"


def held(db, text: str) -> int:
    return sum(p.read_bytes().count(text.encode()) for p in files_of(db) if p.exists())


def test_the_key_is_a_private_file_and_a_read_only_copy_gives_the_same_pseudonyms(
    tmp_path, private_keys_dir
):
    db = surveyed_db(tmp_path)
    first, _ = pseudonyms(db, tmp_path, "a")
    assert first and all(name.startswith("Respondent ") for name in first)
    path = key_file(db, private_keys_dir)
    key = path.read_text(encoding="ascii").strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert held(db, key) == 0  # the database holds only the key's id
    name = "Jo Pennington"
    assert Pseudonymiser(key).pseudonym(name) in first

    os.chmod(db, 0o444)
    again, said = pseudonyms(db, tmp_path, "b")
    assert again == first and "one-off" not in said
    info = engage("--db", db, "info", cwd=tmp_path)
    assert f"pseudonym key   {path} (back it up" in info.stdout


def test_an_old_database_has_its_key_moved_out_with_no_byte_left(tmp_path, private_keys_dir):
    db = surveyed_db(tmp_path)
    old = "ab" * 32
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, '2026-01-01')",
            (LEGACY_KEY, old),
        )
    assert "inside the database" in engage("--db", db, "info", cwd=tmp_path).stdout
    names, _ = pseudonyms(db, tmp_path, "a")
    assert Pseudonymiser(old).pseudonym("Jo Pennington") in names  # the same pseudonyms
    assert key_file(db, private_keys_dir).read_text(encoding="ascii").strip() == old
    assert held(db, old) == 0
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM settings WHERE name = ?", (LEGACY_KEY,)).fetchone()[
                0
            ]
            == 0
        )


def test_a_lost_key_file_is_said_and_pseudonyms_change(tmp_path, private_keys_dir):
    db = surveyed_db(tmp_path)
    first, _ = pseudonyms(db, tmp_path, "a")
    path = key_file(db, private_keys_dir)
    path.unlink()
    assert (
        "is missing: the next export makes a new key"
        in engage("--db", db, "info", cwd=tmp_path).stdout
    )
    second, said = pseudonyms(db, tmp_path, "b")
    assert "pseudonym key file" in said and "is missing" in said
    assert second and not (second & first)
    third, said = pseudonyms(db, tmp_path, "c")
    assert third == second and "pseudonym key" not in said


def test_a_read_only_database_without_a_key_still_exports(tmp_path, private_keys_dir):
    db = surveyed_db(tmp_path)
    os.chmod(db, 0o444)
    names, said = pseudonyms(db, tmp_path, "a")
    assert names and "one-off key" in said
    assert list(private_keys_dir.iterdir()) == []
