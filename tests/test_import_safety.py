"""Imports lose nothing (issue 15): a changed return under a known instanceID is refused with
both places; identical anonymous returns are distinct people; a stale XLSX <dimension>
drops nothing; uncached formulas, control characters and zip bombs are refused with their
place; long text is kept whole; no value gives a traceback. Real files, real processes."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile

import pytest

from engagement_tui.responses import files
from tests.safety_support import RETURNS, engage, one_line_failure, surveyed_db

TEXT = "making_a_difference/biggest_difference"


def returns(count: int = 3) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(RETURNS.open(encoding="utf-8")))
    return rows[0], [list(row) for row in rows[1 : count + 1]]


def write_csv(path, header, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def fresh_db(tmp_path):
    db = surveyed_db(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM interviews")
    return db


def interviews(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM interviews").fetchone()[0]


def run_import(db, path, cwd):
    return engage(
        "--db", db, "responses", "import", path, "--questionnaire", "member_survey", cwd=cwd
    )


def test_one_instance_id_with_two_contents_is_refused_naming_both_rows(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(2)
    rows[1][-1] = rows[0][-1]  # row 3 reuses row 2's instanceID, with other answers
    result = run_import(db, write_csv(tmp_path / "r.csv", header, rows), tmp_path)
    one_line_failure(result)
    assert re.search(r"r\.csv:3:instanceID: uuid:\S+ is also row 2, with different", result.stderr)
    assert interviews(db) == 0


def test_a_changed_return_already_stored_is_refused(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(2)
    assert run_import(db, write_csv(tmp_path / "a.csv", header, rows), tmp_path).returncode == 0
    rows[1][header.index("role")] = "Changed role"
    result = run_import(db, write_csv(tmp_path / "b.csv", header, rows), tmp_path)
    one_line_failure(result)
    assert "b.csv:3:instanceID" in result.stderr and "imported before" in result.stderr
    assert interviews(db) == 2
    same = run_import(db, tmp_path / "a.csv", tmp_path)
    assert same.returncode == 0 and "0 imported" in same.stdout


def test_identical_anonymous_returns_are_distinct_people_and_reimport_is_a_no_op(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(1)
    anonymous = [cell for cell in rows[0]]
    anonymous[-1] = ""
    path = write_csv(tmp_path / "anon.csv", header, [anonymous, anonymous, anonymous])
    first = run_import(db, path, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "3 imported" in first.stdout
    again = run_import(db, path, tmp_path)
    assert "0 imported" in again.stdout and "3 already present" in again.stdout
    assert interviews(db) == 3


def xlsx(path, header, rows, *, dimension: str | None = None, formula_at=None):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=1+1"  # openpyxl saves no cached value
    book.save(path)
    if dimension:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        name = "xl/worksheets/sheet1.xml"
        parts[name] = re.sub(
            rb'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"'.encode(), parts[name]
        )
        assert f'ref="{dimension}"'.encode() in parts[name]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for part, data in parts.items():
                target.writestr(part, data)
    return path


def test_a_stale_xlsx_dimension_drops_no_row(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(12)
    path = xlsx(tmp_path / "r.xlsx", header, rows, dimension="A1:AB3")
    result = run_import(db, path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "12 rows" in result.stdout and interviews(db) == 12


def test_an_uncached_formula_is_refused_with_its_cell(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(3)
    path = xlsx(tmp_path / "f.xlsx", header, rows, formula_at="P3")
    result = run_import(db, path, tmp_path)
    one_line_failure(result)
    assert "f.xlsx:Sheet:3:column P: a formula with no saved value (=1+1)" in result.stderr
    assert interviews(db) == 0


def test_long_free_text_is_kept_whole(tmp_path):
    db = fresh_db(tmp_path)
    header, rows = returns(1)
    long_text = "Integration needs patience. " * 10_000  # 280 KB
    rows[0][header.index(TEXT)] = long_text
    result = run_import(db, write_csv(tmp_path / "long.csv", header, rows), tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        (value,) = conn.execute(
            "SELECT value FROM answers WHERE question = 'biggest_difference'"
        ).fetchone()
    assert value == '"' + long_text.strip() + '"'


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J\x1b[31m", "\x07", "\x9b"])
def test_control_characters_are_refused_with_their_place(tmp_path, bad):
    db = fresh_db(tmp_path)
    header, rows = returns(2)
    rows[1][header.index(TEXT)] = f"Fine words{bad}then more"
    result = run_import(db, write_csv(tmp_path / "c.csv", header, rows), tmp_path)
    one_line_failure(result)
    assert f"c.csv:3:{TEXT}: contains the control character U+" in result.stderr
    assert interviews(db) == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("interview_date", "9999-12-31T23:59:59-05:00"),
        ("interview_date", "0001-01-01T00:00:00+05:00"),
        ("interview_date", "0001-01-01"),
        ("interview_date", "01/01/0001"),
        ("system_working/partners", "9" * 400),
        ("system_working/pooled_budget", "1e400"),
        ("system_working/formed_date", "99999-01-01"),
    ],
)
def test_no_value_gives_a_traceback(tmp_path, column, value):
    db = fresh_db(tmp_path)
    header, rows = returns(1)
    rows[0][header.index(column)] = value
    result = run_import(db, write_csv(tmp_path / "o.csv", header, rows), tmp_path)
    one_line_failure(result)
    assert f"o.csv:2:{column}:" in result.stderr
    assert interviews(db) == 0


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(files, "MAX_UNPACKED", 1_000_000)
    with pytest.raises(files.ImportFailed, match="unpacks to 5 MB, over the 1 MB limit"):
        files.read_table(path)


def test_a_zip_bomb_questionnaire_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    from engagement_tui.loaders import check, xlsform_book

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    monkeypatch.setattr(xlsform_book, "MAX_UNPACKED", 1_000_000)
    (problem,) = check(path)
    assert "unpacks to 5 MB, over the 1 MB a questionnaire may take" in str(problem)


@pytest.mark.parametrize("case", ["escape", "vast"])
def test_a_register_with_control_characters_or_a_vast_cell_is_refused(tmp_path, case):
    content, expected = {
        "escape": ('name,type\nGood Org,NHS trust\n"Evil\x1b[2J Org",NHS trust\n', "r.csv:3:name"),
        "vast": ('name\nA\n"' + "x" * 200_000 + '"\n', "r.csv: unreadable CSV"),
    }[case]
    db = fresh_db(tmp_path)
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    line = one_line_failure(engage("--db", db, "org", "import", path, cwd=tmp_path))
    assert expected in line


def test_implausible_numbers_are_refused_rather_than_averaged_to_infinity(tmp_path):
    db = tmp_path / "n.db"
    assert engage("--db", db, "init", cwd=tmp_path).returncode == 0
    form = tmp_path / "nb.yaml"
    form.write_text(
        "form_id: nb\ntitle: Numbers\nsurvey:\n"
        "  - {type: integer, name: count, label: How many}\n"
        "  - {type: decimal, name: amount, label: How much}\n",
        encoding="utf-8",
    )
    assert engage("--db", db, "questionnaire", "import", form, cwd=tmp_path).returncode == 0
    path = tmp_path / "n.csv"
    path.write_text(f"count,amount\n{'9' * 300},1.7e308\n12,3.5\n", encoding="utf-8")
    result = engage("--db", db, "responses", "import", path, "--questionnaire", "nb", cwd=tmp_path)
    one_line_failure(result)
    assert "n.csv:2:count: a number beyond ±1,000,000,000,000,000" in result.stderr
    assert "n.csv:2:amount: a number beyond" in result.stderr
    assert "n.csv:3" not in result.stderr
