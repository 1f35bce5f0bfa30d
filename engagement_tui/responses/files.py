"""Provides reading survey exports (CSV or XLSX) into a plain table of text cells.

Rows are numbered as a spreadsheet shows them: the header is row 1. Every problem
carries its place (`FILE:ROW:COLUMN`, or `FILE:SHEET:ROW:COLUMN` for a workbook), so
a user can open the file and go straight to it. Nothing here knows about questionnaires.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

CSV_DELIMITERS = ",;\t"
"""ODK Central writes commas; KoboToolbox's legacy CSV export uses semicolons."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an import, with where it is."""

    where: str
    """The file, plus `:SHEET` for a workbook."""
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts) + f": {self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; `problems` says every reason found, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    number: int
    """As a spreadsheet shows it (the header is row 1)."""
    cells: dict[str, str]
    """Column name -> the cell's text, stripped of surrounding blanks."""


@dataclass(frozen=True)
class Table:
    where: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_table(path: str | Path) -> Table:
    """Read a .csv or .xlsx export; raise ImportFailed listing located problems."""
    path = Path(path)
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            path.open("rb").close()  # a missing or unreadable file is said plainly
            return _read_xlsx(path)
        return read_csv_bytes(path.read_bytes(), str(path))
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        raise ImportFailed([Problem(str(path), None, None, message)]) from None


def read_csv_bytes(data: bytes, where: str) -> Table:
    """Read CSV from bytes (UTF-8, with or without a byte-order mark)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            [
                Problem(
                    where,
                    line,
                    None,
                    f"not UTF-8 text (byte 0x{data[error.start]:02x});"
                    " save or export the file as CSV UTF-8",
                )
            ]
        ) from None
    return read_csv_text(text, where)


def read_csv_text(text: str, where: str) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        problem = Problem(where, len(records) + 1, None, f"unreadable CSV: {error}")
        raise ImportFailed([problem]) from None
    return _table(where, records)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # deferred: only workbook imports need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(str(path), None, None, message)]) from None
    try:
        if not workbook.worksheets:
            raise ImportFailed([Problem(str(path), None, None, "the workbook has no sheets")])
        # Kobo and ODK put the main table first; later sheets hold repeat groups.
        sheet = workbook.worksheets[0]
        records = [
            [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
        ]
        return _table(f"{path}:{sheet.title}", records)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _table(where: str, records: list[list[str]]) -> Table:
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFailed([Problem(where, 1, None, "no header row (the first row is empty)")])
    header = [cell.strip() for cell in records[0]]
    problems = []
    first_seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in first_seen:
            problems.append(
                Problem(where, 1, name, f"duplicate column (also column {first_seen[name] + 1})")
            )
        elif name:
            first_seen[name] = index
    rows = []
    for offset, record in enumerate(records[1:]):
        number = offset + 2
        cells: dict[str, str] = {}
        for index, raw in enumerate(record):
            value = raw.strip()
            if not value:
                continue
            name = header[index] if index < len(header) else ""
            if not name:
                problems.append(
                    Problem(where, number, f"column {index + 1}", "a value under no column name")
                )
            elif name not in cells:
                cells[name] = value
        if cells:
            rows.append(Row(number, cells))
    if problems:
        raise ImportFailed(problems)
    columns = tuple(name for name in header if name)
    return Table(where, columns, tuple(rows))
