"""A file of returns longer than one written chunk, through a real `engage responses import`:
streamed and written chunk by chunk into one transaction, and still all or nothing: a bad row
or a changed return near the end stores nothing, with the row named."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from engagement_tui.responses.importer import CHUNK
from engagement_tui.store import Store
from tests.test_responses_import import FORM

ROWS = CHUNK * 2 + 500
HEADER = "org_type,score,colours,comment,meta/instanceID"


def returns(tmp_path, name, change=None):
    """ROWS returns; `change` maps a row index to the line to put there instead."""
    lines = [HEADER]
    for index in range(ROWS):
        line = f"trust,{index % 11},red blue,said {index},uuid:{index}"
        lines.append((change or {}).get(index, line))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def engage(db, *args):
    command = [sys.executable, "-m", "engagement_tui", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def held(db) -> tuple:
    """Everything an import writes, in a form cheap to compare."""
    conn = sqlite3.connect(db)
    try:
        return tuple(
            conn.execute(
                f"SELECT count(*), coalesce(sum(length(quote({column}))), 0) FROM {table}"
            ).fetchone()
            for table, column in (
                ("interviews", "uuid"),
                ("answers", "value"),
                ("answer_history", "new_value"),
                ("interview_clocks", "edits"),
                ("search_text", "text"),
                ("organisations", "name"),
                ("bulk_writes", "active"),
            )
        )
    finally:
        conn.close()


def test_a_long_file_imports_whole_then_a_bad_row_near_its_end_stores_nothing(db_path, tmp_path):
    with Store.open(db_path) as store:
        store.forms.save(FORM)
    good = returns(tmp_path, "good.csv")
    done = engage(db_path, "responses", "import", str(good), "--questionnaire", "pulse")
    assert done.returncode == 0, done.stderr
    assert f"{ROWS} imported" in done.stdout
    before = held(db_path)
    assert before[0][0] == ROWS and before[-1][0] == 0

    # The same file again adds nothing.
    again = engage(db_path, "responses", "import", str(good), "--questionnaire", "pulse")
    assert "0 imported" in again.stdout and f"{ROWS} already present" in again.stdout

    # New returns, with a bad score in the last chunk: nothing of the earlier chunks stays.
    fresh = {i: f"council,{i % 11},green,new {i},uuid:new{i}" for i in range(ROWS)}
    fresh[ROWS - 3] = f"council,12,green,new,uuid:new{ROWS - 3}"
    bad = returns(tmp_path, "bad.csv", fresh)
    refused = engage(db_path, "responses", "import", str(bad), "--questionnaire", "pulse")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines()[0] == f"{bad}:{ROWS - 1}:score: Enter a score from 0 to 10"
    assert held(db_path) == before

    # A return already held, changed, in the last chunk: refused naming the row.
    changed = returns(tmp_path, "changed.csv", {ROWS - 1: f"trust,5,red,changed,uuid:{ROWS - 1}"})
    refused = engage(db_path, "responses", "import", str(changed), "--questionnaire", "pulse")
    assert refused.returncode == 1
    first = refused.stderr.splitlines()[0]
    assert first.startswith(f"{changed}:{ROWS + 1}:meta/instanceID: uuid:{ROWS - 1} was imported")
    assert held(db_path) == before
