"""Large questionnaires through a real `engage questionnaire import`: a list of 200,000
choices loads; a file past the size limit, or aliases repeating past theirs, is refused in
one line that names the file and the limit hit, with the database unchanged."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from engagement_tui.loaders import MAX_FILE_BYTES
from engagement_tui.loaders.yaml_nodes import MAX_ALIAS_VALUES
from engagement_tui.store import Store

GOOD = "form_id: good\ntitle: Good\nsurvey:\n  - {name: q, type: text, label: Q}\n"


def many_choices(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("form_id: many_choices\ntitle: Many choices\nversion: '1'\nchoices:\n  big:\n")
        for index in range(count):
            out.write(f"    - {{name: c{index}, label: Choice {index}}}\n")
        out.write("survey:\n  - {name: pick, type: select_one big, label: Pick one}\n")
    return path


def engage(db: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engagement_tui", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def refused(tmp_path: Path, bad: Path) -> str:
    """The one line refusing `bad`; the database (holding another form) unchanged."""
    db = tmp_path / "store.db"
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert engage(db, "questionnaire", "import", str(good)).returncode == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    done = engage(db, "questionnaire", "import", str(bad))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:"), lines
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    return lines[0]


def test_two_hundred_thousand_choices_load_and_are_stored_whole(tmp_path):
    form = many_choices(tmp_path / "big.yaml", 200_000)
    db = tmp_path / "store.db"
    done = engage(db, "questionnaire", "import", str(form))
    assert done.returncode == 0, done.stderr
    assert "many_choices: stored as revision 1" in done.stdout
    with Store.open(db) as store:
        stored = store.forms.load("many_choices")
    names = stored.choice_list("big").names
    assert len(names) == 200_000 and names[0] == "c0" and names[-1] == "c199999"
    # Importing the same file again recognises it (the content hash agrees).
    again = engage(db, "questionnaire", "import", str(form))
    assert again.returncode == 0 and "revision 2" not in again.stdout


def test_a_file_past_the_size_limit_is_refused_naming_the_limit(tmp_path):
    form = many_choices(tmp_path / "huge.yaml", 10)
    with form.open("a", encoding="utf-8") as out:
        out.write("# " + "x" * MAX_FILE_BYTES + "\n")
    line = refused(tmp_path, form)
    assert f"over the {MAX_FILE_BYTES / 1e6:,.0f} MB a questionnaire may take" in line


def test_aliases_repeating_past_their_limit_are_refused_naming_the_limit(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)),
        encoding="utf-8",
    )
    line = refused(tmp_path, bomb)
    assert "alias" in line and f"{MAX_ALIAS_VALUES:,} values" in line
    where = line[len(str(bomb)) + 1 :].split(":")
    assert where[0].isdigit() and where[1].isdigit()


def test_a_shared_list_repeated_by_aliases_within_the_limit_loads(tmp_path):
    lists = "".join(f"  l{i}: *shared\n" for i in range(1000))
    questions = "".join(
        f"  - {{name: q{i}, type: select_one l{i}, label: Q{i}}}\n" for i in range(1000)
    )
    shared = "".join(f"    - {{name: c{i}, label: C{i}}}\n" for i in range(100))
    form = tmp_path / "shared.yaml"
    form.write_text(
        f"form_id: shared\ntitle: Shared\nchoices:\n  base: &shared\n{shared}{lists}"
        f"survey:\n{questions}",
        encoding="utf-8",
    )
    done = engage(tmp_path / "store.db", "questionnaire", "import", str(form))
    assert done.returncode == 0, done.stderr
