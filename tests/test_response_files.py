"""Reading survey exports: CSV and XLSX into located text cells; every problem has a place."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.responses import files
from engagement_tui.responses.files import (
    ImportFailed,
    Problem,
    read_csv_bytes,
    read_csv_text,
    read_table,
)


def problems_of(call) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "returns.csv"
    path.write_bytes('\ufeffname,comment\nAnn,"two\nlines"\n,\n  Bob , fine \n'.encode())
    table = read_table(path)
    assert table.where == str(path)
    assert table.columns == ("name", "comment")
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, {"name": "Ann", "comment": "two\nlines"}),
        (4, {"name": "Bob", "comment": "fine"}),
    ]


def test_semicolon_and_tab_separated_exports_are_read():
    assert read_csv_text("a;b\n1;2\n", "f.csv").rows[0].cells == {"a": "1", "b": "2"}
    assert read_csv_text("a\tb\n1\t2\n", "f.csv").rows[0].cells == {"a": "1", "b": "2"}


def test_header_problems_are_located():
    assert problems_of(lambda: read_csv_text("", "f.csv")) == [
        "f.csv:1: no header row (the first row is empty)"
    ]
    assert problems_of(lambda: read_csv_text("q1,q2,q1\n", "f.csv")) == [
        "f.csv:1:q1: duplicate column (also column 1)"
    ]


def test_a_value_under_no_column_name_is_located():
    assert problems_of(lambda: read_csv_text("q1,\n1,\n2,x,y\n", "f.csv")) == [
        "f.csv:3:column 2: a value under no column name",
        "f.csv:3:column 3: a value under no column name",
    ]


def test_bytes_that_are_not_utf8_name_the_line():
    data = b"q1\nok\ncaf\xe9\n"
    assert problems_of(lambda: read_csv_bytes(data, "f.csv")) == [
        "f.csv:3: not UTF-8 text (byte 0xe9); save or export the file as CSV UTF-8"
    ]


def test_long_text_is_read_whole():
    text = "q1\nok\n" + '"' + "x" * 200_000 + '"\n'
    table = read_csv_text(text, "f.csv")
    assert len(table.rows[1].cells["q1"]) == 200_000


def test_unreadable_csv_names_the_row(monkeypatch):
    monkeypatch.setattr(files, "MAX_CELL", 1000)
    text = "q1\nok\n" + '"' + "x" * 2000 + '"\n'
    (message,) = problems_of(lambda: read_csv_text(text, "f.csv"))
    assert message.startswith("f.csv:3: unreadable CSV: a cell over 1,000 characters")


def test_xlsx_cells_become_text_and_problems_name_the_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "returns"
    sheet.append(["when", "count", "share", "stamp", "flag", "blank"])
    sheet.append([date(2026, 3, 2), 12, 2.5, datetime(2026, 3, 2, 10, 15), True, None])
    sheet.append([None, 3.0, None, None, None, None])
    path = tmp_path / "returns.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.where == f"{path}:returns"
    assert [row.cells for row in table.rows] == [
        {
            "when": "2026-03-02",
            "count": "12",
            "share": "2.5",
            "stamp": "2026-03-02T10:15:00",
            "flag": "true",
        },
        {"count": "3"},
    ]
    sheet.append([None, None, None, None, None, None, "stray"])
    workbook.save(path)
    assert problems_of(lambda: read_table(path)) == [
        f"{path}:returns:4:column 7: a value under no column name"
    ]


def test_a_damaged_workbook_is_one_located_line(tmp_path):
    path = tmp_path / "returns.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    (message,) = problems_of(lambda: read_table(path))
    assert message.startswith(f"{path}: not a readable XLSX workbook")


def _check_located(call, where: str) -> None:
    try:
        table = call()
    except ImportFailed as failure:
        assert failure.problems
        for problem in failure.problems:
            assert isinstance(problem, Problem)
            assert problem.where == where
            assert problem.row is None or problem.row >= 1
            assert str(problem).startswith(f"{where}:")
            assert "\n" not in problem.message
    else:
        assert all(name for name in table.columns)
        assert all(row.number >= 2 and row.cells for row in table.rows)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_table_or_located_problems(data):
    _check_located(lambda: read_csv_bytes(data, "any.csv"), "any.csv")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,;\t"\n\r \x00é')), max_size=200))
def test_any_text_gives_a_table_or_located_problems(text):
    _check_located(lambda: read_csv_text(text, "any.csv"), "any.csv")


@pytest.mark.parametrize("name", ["gone.csv", "gone.xlsx"])
def test_a_missing_file_is_one_line(tmp_path, name):
    path = tmp_path / name
    assert problems_of(lambda: read_table(path)) == [
        f"{path}: cannot read the file: No such file or directory"
    ]


def test_a_folder_is_one_line(tmp_path):
    (message,) = problems_of(lambda: read_table(tmp_path))
    assert message.startswith(f"{tmp_path}: cannot read the file:")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_stream_gives_rows_one_by_one_and_lets_the_callers_own_errors_through(tmp_path, suffix):
    from openpyxl import Workbook

    path = tmp_path / f"returns{suffix}"
    rows = [["name", "score"], *([f"p{i}", str(i)] for i in range(3000))]
    if suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("returns")
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    with files.open_table(path) as stream:
        assert stream.columns == ("name", "score")
        first = next(stream.rows)
        assert (first.number, first.cells) == (2, {"name": "p0", "score": "0"})
        assert sum(1 for _ in stream.rows) == 2999 and not stream.problems
    # An error of the block (a database refusing a write, say) is not a reading problem.
    with pytest.raises(KeyError), files.open_table(path) as stream:
        next(stream.rows)
        raise KeyError("the caller's")
