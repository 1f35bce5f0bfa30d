"""`engage org import|list`: the member register from CSV, all or nothing, via click's runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.store import Store

REGISTER = (
    "\ufeff Name ,TYPE,Region , System,Beds\n"
    "Leeds Teaching Hospitals NHS Trust,NHS trust,North East and Yorkshire,West Yorkshire,1800\n"
    "\n"
    "Oxfam Leeds,VCSE,North East and Yorkshire,,\n"
    '"Smith, Jones and Partners PCN",Primary care network,London,North Central London,\n'
)


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def write(tmp_path, text, name="members.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_import_reads_bom_trimmed_any_case_headers_and_keeps_other_columns(tmp_path, db_path):
    path = write(tmp_path, REGISTER)
    result = run(db_path, "org", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path}: 3 added, 0 updated\n"
    with Store.open(db_path) as store:
        leeds = store.register.find("leeds teaching hospitals nhs trust")
        assert (leeds.type, leeds.region, leeds.system) == (
            "NHS trust",
            "North East and Yorkshire",
            "West Yorkshire",
        )
        assert leeds.attributes == {"beds": "1800"}
        assert store.register.find("Smith, Jones and Partners PCN").region == "London"
    again = run(db_path, "org", "import", str(path))
    assert again.stdout == f"{path}: 0 added, 3 updated\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("organisation,type\nA,x\n", ":1: no 'name' column (found: organisation, type)"),
        ("name,type\nA,x\n ,y\n", ":3: empty name"),
        ("name,type\nA,x\nB,y,extra\n", ":3: more cells than header columns"),
        ("name,Name\nA,B\n", ":1: column 'name' appears twice in the header"),
        ("", ": the file is empty (expected a header row with 'name')"),
    ],
)
def test_bad_register_is_one_line_and_changes_nothing(tmp_path, db_path, content, message):
    run(db_path, "org", "import", str(write(tmp_path, REGISTER, "first.csv")))
    with Store.open(db_path) as store:
        before = store.counts()
    path = write(tmp_path, content)
    result = run(db_path, "org", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"engage: {path}{message}\n"
    with Store.open(db_path) as store:
        assert store.counts() == before
        assert store.register.find("A") is None


def test_not_utf8_and_missing_files_are_one_line(tmp_path, db_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nCaf\xe9 Trust\n".encode("latin-1"))
    result = run(db_path, "org", "import", str(latin))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"engage: {latin}: not UTF-8 text")
    assert len(result.stderr.splitlines()) == 1
    missing = run(db_path, "org", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1
    assert missing.stderr == f"engage: {tmp_path / 'nope.csv'}: No such file or directory\n"
    folder = run(db_path, "org", "import", str(tmp_path))
    assert folder.exit_code == 1
    assert folder.stderr == f"engage: {tmp_path}: Is a directory\n"


def test_list_shows_a_table_a_count_and_filters_by_type(tmp_path, db_path):
    run(db_path, "init")
    assert run(db_path, "org", "list").stdout == "0 organisations\n"
    run(db_path, "org", "import", str(write(tmp_path, REGISTER)))
    lines = run(db_path, "org", "list").stdout.splitlines()
    assert lines[0].split() == ["name", "type", "region", "system"]
    assert lines[1].startswith("Leeds Teaching Hospitals NHS Trust  NHS trust")
    assert lines[-1] == "3 organisations"
    filtered = run(db_path, "org", "list", "--type", "vcse").stdout.splitlines()
    assert [line.split("  ")[0] for line in filtered[1:-1]] == ["Oxfam Leeds"]
    assert filtered[-1] == "1 organisation of type vcse"
