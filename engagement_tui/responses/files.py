"""Provides reading survey exports (CSV or XLSX) into a plain table of text cells.

Rows are numbered as a spreadsheet shows them: the header is row 1. Every problem
carries its place (`FILE:ROW:COLUMN`, or `FILE:SHEET:ROW:COLUMN` for a workbook), so
a user can open the file and go straight to it. Nothing here knows about questionnaires.

Nothing is silently lost or let through: a workbook is read to its last row whatever its
`<dimension>` claims; a formula cell with no cached value is refused (its value is not in
the file); a cell may hold long text (up to MAX_CELL characters); control characters
(NUL, the ESC of terminal escape sequences, and the rest of C0 and C1 but tab and line
breaks) are refused with their place, since they would reach a terminal.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

CSV_DELIMITERS = ",;\t"
"""ODK Central writes commas; KoboToolbox's legacy CSV export uses semicolons."""
MAX_CELL = 10_000_000
"""Characters in one cell: long free text is welcome; more than this is not a survey return."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
    previous = csv.field_size_limit(MAX_CELL)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        reason = f"unreadable CSV: {error}"
        if "field larger than field limit" in str(error):
            reason = f"unreadable CSV: a cell over {MAX_CELL:,} characters (or an unclosed quote)"
        problem = Problem(where, len(records) + 1, None, reason)
        raise ImportFailed([problem]) from None
    finally:
        csv.field_size_limit(previous)
    return _table(where, records)


def check_unpacked_size(path: Path, where: str, limit: int) -> None:
    """Refuse a zip (XLSX) that would unpack to more than `limit` bytes (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(where, None, None, message)]) from None
    if total > limit:
        message = (
            f"unpacks to {total / 1e6:,.0f} MB, over the {limit / 1e6:,.0f} MB limit;"
            " save it as CSV, or split it"
        )
        raise ImportFailed([Problem(where, None, None, message)])


MAX_UNPACKED = 300_000_000
"""Bytes an XLSX of returns may unpack to (100,000 returns of 30 columns take ~60 MB)."""


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # deferred: only workbook imports need it

    check_unpacked_size(path, str(path), MAX_UNPACKED)
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(str(path), None, None, message)]) from None
    try:
        if not values.worksheets:
            raise ImportFailed([Problem(str(path), None, None, "the workbook has no sheets")])
        # Kobo and ODK put the main table first; later sheets hold repeat groups.
        sheet, source = values.worksheets[0], formulas.worksheets[0]
        where = f"{path}:{sheet.title}"
        # A stale <dimension> would stop iter_rows early and silently drop rows.
        sheet.reset_dimensions()
        source.reset_dimensions()
        records, problems = [], []
        pairs = zip(
            sheet.iter_rows(values_only=True), source.iter_rows(values_only=True), strict=True
        )
        for number, (row, raw) in enumerate(pairs, start=1):
            for index, (value, formula) in enumerate(zip(row, raw, strict=True)):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    message = (
                        f"a formula with no saved value ({formula[:40]}); open the file in"
                        " a spreadsheet, let it calculate and save it, or paste values"
                    )
                    problems.append(Problem(where, number, _column_letter(index), message))
            records.append([_cell_text(value) for value in row])
        if problems:
            raise ImportFailed(problems)
        return _table(where, records)
    except ImportFailed:
        raise
    except Exception as error:  # a damaged sheet part: say so, never a traceback
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(str(path), None, None, message)]) from None
    finally:
        values.close()
        formulas.close()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"column {get_column_letter(index + 1)}"


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
            bad = _CONTROL.search(value)
            if bad:
                message = (
                    f"contains the control character U+{ord(bad.group()):04X}"
                    f" at character {bad.start() + 1}; remove it and import again"
                )
                problems.append(Problem(where, number, name or f"column {index + 1}", message))
                continue
            if len(value) > MAX_CELL:
                message = f"{len(value):,} characters; a cell may hold {MAX_CELL:,}"
                problems.append(Problem(where, number, name or f"column {index + 1}", message))
                continue
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
