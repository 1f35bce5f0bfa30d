"""`engage questionnaire validate|import|list` through click's runner, real files and DB."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from engagement_tui.cli import cli
from engagement_tui.store import Store

GOOD = """\
form_id: member_survey
title: Member survey
version: "1"
choices:
  agree:
    - {name: agree, label: Agree, positive: true}
    - {name: disagree, label: Disagree}
codebook:
  - {name: funding, description: Money}
  - {name: workforce, description: Staff}
survey:
  - {type: select_one agree, name: right_approach, label: Right approach?}
  - {type: text, name: why, label: Why?, relevant: "${right_approach} = 'agree'"}
"""

HEAD = "form_id: f\nchoices:\n  yn:\n    - {name: y, label: Yes}\nsurvey:\n"


def items(*questions: str) -> str:
    """A questionnaire whose survey (from line 6) holds these flow-mapping questions."""
    return HEAD + "".join(f"  - {{{question}}}\n" for question in questions)


def with_list(*choices: str) -> str:
    """A questionnaire whose list yn holds these choices (from line 4), asked by question a."""
    lines = ["form_id: f", "choices:", "  yn:", *(f"    - {{{c}}}" for c in choices), "survey:"]
    return "\n".join([*lines, "  - {type: select_one yn, name: a, label: A}", ""])


def md_survey(*rows: str) -> str:
    """A .md XLSForm whose survey rows (type | name | label) start at sheet row 2."""
    return "| survey |\n| | type | name | label |\n" + "".join(f"| | {row} |\n" for row in rows)


# Each kind of problem check() must find: (id, file name, content, location, message part).
# Locations are LINE:COL (YAML) or SHEET:ROW (XLSForm), after "FILE:".
MALFORMED = [
    ("yaml syntax", "f.yaml", HEAD + "  - {type: text, label: 'open}\n", "7:1", "YAML syntax"),
    ("list for mapping", "f.yaml", "- form_id: f\n", "1:1", "must be a mapping"),
    ("question is a list", "f.yaml", HEAD + "  - [text, a]\n", "6:5", "must be a mapping"),
    ("unknown type", "f.yaml", items("type: txet, name: a, label: A"), "6:12", "type 'txet'"),
    ("unsupported", "f.yaml", items("type: osm, name: a, label: A"), "6:12", "not supported"),
    ("missing name", "f.yaml", items("type: text, label: A"), "6:5", "has no name"),
    ("missing label", "f.yaml", items("type: text, name: a"), "6:5", "'a' has no label"),
    ("missing type", "f.yaml", items("name: a, label: A"), "6:5", "missing type"),
    (
        "duplicate name",
        "f.yaml",
        items("type: text, name: a, label: A", "type: text, name: A, label: B"),
        "7:24",
        "duplicate name 'A'",
    ),
    ("invalid name", "f.yaml", items("type: text, name: my q, label: A"), "6:24", "invalid name"),
    (
        "missing list",
        "f.yaml",
        items("type: select_one nope, name: a, label: A"),
        "6:12",
        "choice list 'nope' is not defined",
    ),
    ("no list named", "f.yaml", items("type: rank, name: a, label: A"), "6:12", "needs a choice"),
    ("empty list", "f.yaml", with_list(), "3:3", "choice list 'yn' has no choices"),
    (
        "duplicate choice",
        "f.yaml",
        with_list("name: y, label: Y", "name: y, label: Y2"),
        "5:7",
        "duplicate choice 'y'",
    ),
    (
        "choice with space in a multiple choice",
        "f.yaml",
        with_list("name: y y, label: Y").replace("select_one", "select_multiple"),
        "4:7",
        "contains a space",
    ),
    (
        "unknown reference",
        "f.yaml",
        items("type: text, name: a, label: A, relevant: '${b} = 1'"),
        "6:47",
        "${b} refers to no question",
    ),
    (
        "expression syntax",
        "f.yaml",
        items("type: integer, name: a, label: A, constraint: '. > '"),
        "6:52",
        "(column 4 of the expression)",
    ),
    (
        "unknown function",
        "f.yaml",
        items("type: integer, name: a, label: A, constraint: 'frob(.)'"),
        "6:52",
        "frob",
    ),
    (
        "circular calculation",
        "f.yaml",
        items(
            "type: text, name: t, label: T",
            "type: calculate, name: a, calculation: '${b}'",
            "type: calculate, name: b, calculation: '${a}'",
        ),
        "7:45",
        "circular calculation: a -> b -> a",
    ),
    (
        "dot outside constraint",
        "f.yaml",
        items("type: integer, name: a, label: A, relevant: '. > 1'"),
        "6:50",
        "can only be used in a constraint",
    ),
    ("empty survey", "f.yaml", "form_id: f\nsurvey: []\n", "2:9", "the survey has no questions"),
    (
        "range not a number",
        "f.yaml",
        items("type: range, name: a, label: A, parameters: 'start=one end=5'"),
        "6:50",
        "range start 'one' is not a number",
    ),
    (
        "range step",
        "f.yaml",
        items("type: range, name: a, label: A, parameters: 'step=0'"),
        "6:50",
        "range step must be greater than 0",
    ),
    ("unknown key", "f.yaml", items("type: text, name: a, label: A, hnit: B"), "6:37", "'hnit'"),
    ("empty file", "f.yaml", "", "1:1", "the file is empty"),
    (
        "missing form_id",
        "f.yaml",
        "survey:\n  - {type: text, name: a, label: A}\n",
        "1:1",
        "form_id",
    ),
    (
        "unclosed group",
        "f.md",
        md_survey("begin group | g | G", "text | a | A"),
        "survey:2",
        "group 'g' is never closed",
    ),
    (
        "stray end group",
        "f.md",
        md_survey("text | a | A", "end group | |"),
        "survey:3",
        "'end group' without a matching 'begin group'",
    ),
    (
        "unclosed repeat",
        "f.md",
        md_survey("begin repeat | r | R", "text | a | A"),
        "survey:2",
        "repeat 'r' is never closed",
    ),
    (
        "xlsform missing list",
        "f.md",
        md_survey("select_multiple L | a | A"),
        "survey:2",
        "choice list 'L' is not defined",
    ),
]


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


@pytest.mark.parametrize(
    ("name", "content", "location", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_each_kind_of_problem_is_refused_with_its_location(
    tmp_path, db_path, name, content, location, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run(db_path, "questionnaire", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{path}:{location}: ") and message in line for line in lines), lines
    assert "Traceback" not in result.stderr
    imported = run(db_path, "questionnaire", "import", str(path))
    assert imported.exit_code == 1 and imported.stderr == result.stderr
    assert not db_path.exists()  # nothing is opened, let alone stored, for a bad file


def test_validate_prints_ok_per_file(tmp_path, db_path):
    first = tmp_path / "a.yaml"
    first.write_text(GOOD, encoding="utf-8")
    second = tmp_path / "b.md"
    second.write_text(
        "| survey |\n| | type | name | label |\n| | text | a | A |\n", encoding="utf-8"
    )
    result = run(db_path, "questionnaire", "validate", str(first), str(second))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{first}: ok (2 questions)",
        f"{second}: ok (1 question)",
    ]


def test_validate_reports_bad_files_among_good_ones(tmp_path, db_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    result = run(db_path, "questionnaire", "validate", str(good), str(missing))
    assert result.exit_code == 1
    assert result.stdout == f"{good}: ok (2 questions)\n"
    assert result.stderr == f"{missing}:1:1: cannot read the file: No such file or directory\n"
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = run(db_path, "questionnaire", "validate", str(folder))
    assert result.exit_code == 1
    assert result.stderr == f"{folder}:1:1: cannot read the file: Is a directory\n"


def test_import_stores_revisions_and_seeds_the_codebook(tmp_path, db_path):
    path = tmp_path / "member.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = run(db_path, "questionnaire", "import", str(path))
    assert first.exit_code == 0, first.stderr
    assert "member_survey: stored as revision 1 (version 1, 2 questions)" in first.stdout
    assert "codebook: 2 new of 2 themes" in first.stdout
    again = run(db_path, "questionnaire", "import", str(path))
    assert "member_survey: unchanged, already stored as revision 1" in again.stdout
    path.write_text(GOOD.replace("Why?", "Why do you say that?"), encoding="utf-8")
    changed = run(db_path, "questionnaire", "import", str(path))
    assert "stored as revision 2" in changed.stdout
    with Store.open(db_path) as store:
        assert store.forms.revisions("member_survey") == 2
        assert store.forms.load("member_survey").question("why").label == "Why do you say that?"
        assert [theme.name for theme in store.coding.themes("member_survey")] == [
            "funding",
            "workforce",
        ]


def test_bad_import_leaves_the_database_as_it_was(tmp_path, db_path):
    good = tmp_path / "member.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert run(db_path, "questionnaire", "import", str(good)).exit_code == 0
    with Store.open(db_path) as store:
        before = store.counts()
    good.write_text(GOOD.replace("select_one agree", "select_one agreed"), encoding="utf-8")
    result = run(db_path, "questionnaire", "import", str(good))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{good}:12:12: 'right_approach': choice list 'agreed' is not defined\n"
    )
    with Store.open(db_path) as store:
        assert store.counts() == before
        assert store.forms.revisions("member_survey") == 1


def test_list_shows_latest_revision_of_each_form(tmp_path, db_path):
    run(db_path, "init")
    assert "No questionnaires yet" in run(db_path, "questionnaire", "list").stdout
    path = tmp_path / "member.yaml"
    path.write_text(GOOD, encoding="utf-8")
    run(db_path, "questionnaire", "import", str(path))
    md = tmp_path / "partners.md"
    md.write_text(
        "| survey |\n| | type | name | label |\n| | text | a | A |\n| | note | n | N |\n"
        "| settings |\n| | form_id | form_title | version |\n| | partners | Partner survey | 7 |\n",
        encoding="utf-8",
    )
    run(db_path, "questionnaire", "import", str(md))
    result = run(db_path, "questionnaire", "list")
    assert result.exit_code == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["form_id", "version", "rev", "questions", "title"]
    assert lines[1] == ["member_survey", "1", "1", "2", "Member", "survey"]
    assert lines[2] == ["partners", "7", "1", "2", "Partner", "survey"]


def test_every_command_has_help_with_an_example(db_path):
    for command in (
        ["questionnaire"],
        ["questionnaire", "validate"],
        ["questionnaire", "import"],
        ["questionnaire", "list"],
        ["org"],
        ["org", "import"],
        ["org", "list"],
    ):
        result = run(db_path, *command, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout, command
