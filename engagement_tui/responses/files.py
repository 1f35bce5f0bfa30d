"""Provides reading survey exports (CSV or XLSX) into a plain table of text cells.

Rows are numbered as a spreadsheet shows them: the header is row 1. Every problem
carries its place (`FILE:ROW:COLUMN`, or `FILE:SHEET:ROW:COLUMN` for a workbook), so
a user can open the file and go straight to it. Nothing here knows about questionnaires.

`open_table` streams: rows come one at a time from the open file (a workbook through
openpyxl's read-only mode), so a file of 100,000 returns is never held whole; `read_table`
gives the same rows as one Table.

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
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
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


@dataclass
class RowStream:
    """A file's rows as they are read; `problems` holds those found so far (complete once
    `rows` is exhausted)."""

    where: str
    columns: tuple[str, ...]
    rows: Iterator[Row]
    problems: list[Problem] = field(default_factory=list)


def read_table(path: str | Path) -> Table:
    """Read a .csv or .xlsx export whole; raise ImportFailed listing located problems."""
    with open_table(path) as stream:
        return _whole(stream)


@contextmanager
def open_table(path: str | Path) -> Iterator[RowStream]:
    """Stream a .csv or .xlsx export (the file stays open inside the block); ImportFailed for
    an unreadable file or header at once, row problems in the stream's `problems`. Only
    reading is turned into ImportFailed: what the block itself raises passes unchanged."""
    path = Path(path)
    with ExitStack() as opened:
        try:
            if path.suffix.lower() in {".xlsx", ".xlsm"}:
                path.open("rb").close()  # a missing or unreadable file is said plainly
                stream = opened.enter_context(_xlsx_stream(path))
            else:
                handle = opened.enter_context(path.open("r", encoding="utf-8-sig", newline=""))
                try:
                    first_line = handle.readline()
                except UnicodeDecodeError:
                    read_csv_bytes(path.read_bytes(), str(path))  # raises, naming the line
                    raise
                handle.seek(0)
                stream = opened.enter_context(
                    _csv_stream(handle, first_line, str(path), path.read_bytes)
                )
        except OSError as error:
            raise ImportFailed([_unreadable(path, error)]) from None
        yield stream


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(str(path), None, None, f"cannot read the file: {error.strerror or error}")


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
    handle = io.StringIO(text, newline="")
    with _csv_stream(handle, text.split("\n", 1)[0], where, None) as stream:
        return _whole(stream)


def _whole(stream: RowStream) -> Table:
    rows = tuple(stream.rows)
    if stream.problems:
        raise ImportFailed(stream.problems)
    return Table(stream.where, stream.columns, rows)


@contextmanager
def _csv_stream(handle, first_line: str, where: str, whole_bytes) -> Iterator[RowStream]:
    """`whole_bytes` reads the file again to locate a byte that is not UTF-8 (None: text)."""
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(handle, delimiter=delimiter)
    previous = csv.field_size_limit(MAX_CELL)
    count = 0

    def records() -> Iterator[list[str]]:
        nonlocal count
        try:
            for record in reader:
                count += 1
                yield record
        except csv.Error as error:
            reason = f"unreadable CSV: {error}"
            if "field larger than field limit" in str(error):
                reason = (
                    f"unreadable CSV: a cell over {MAX_CELL:,} characters (or an unclosed quote)"
                )
            raise ImportFailed([Problem(where, count + 1, None, reason)]) from None
        except UnicodeDecodeError:
            read_csv_bytes(whole_bytes(), where)  # raises, naming the line
            raise
        except OSError as error:
            raise ImportFailed([_unreadable(Path(where), error)]) from None

    try:
        yield _stream(where, records())
    finally:
        csv.field_size_limit(previous)


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


@contextmanager
def _xlsx_stream(path: Path) -> Iterator[RowStream]:
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
        formula_problems: list[Problem] = []

        def records() -> Iterator[list[str]]:
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
                        where_row = Problem(where, number, _column_letter(index), message)
                        formula_problems.append(where_row)
                yield [_cell_text(value) for value in row]

        stream = _stream(where, _damage_said(records(), str(path)), formula_problems)
    except ImportFailed:
        values.close()
        formulas.close()
        raise
    except Exception as error:  # a damaged sheet part: say so, never a traceback
        values.close()
        formulas.close()
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(str(path), None, None, message)]) from None
    try:
        yield stream  # what the caller's block raises passes unchanged
    finally:
        values.close()
        formulas.close()


def _damage_said(records: Iterator[list[str]], where: str) -> Iterator[list[str]]:
    """The records, with a damaged sheet part met while reading them as one located line."""
    try:
        yield from records
    except ImportFailed:
        raise
    except Exception as error:
        message = f"not a readable XLSX workbook ({type(error).__name__}: {error})"
        raise ImportFailed([Problem(where, None, None, message)]) from None


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


def _stream(
    where: str, records: Iterator[list[str]], problems: list[Problem] | None = None
) -> RowStream:
    """Rows from records (the first is the header), each checked as it is read."""
    problems = [] if problems is None else problems
    header_record = next(records, None)
    if header_record is None or not any(cell.strip() for cell in header_record):
        raise ImportFailed([Problem(where, 1, None, "no header row (the first row is empty)")])
    header = [cell.strip() for cell in header_record]
    first_seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in first_seen:
            problems.append(
                Problem(where, 1, name, f"duplicate column (also column {first_seen[name] + 1})")
            )
        elif name:
            first_seen[name] = index
    columns = tuple(name for name in header if name)
    return RowStream(where, columns, _rows(where, header, records, problems), problems)


def _rows(
    where: str, header: list[str], records: Iterable[list[str]], problems: list[Problem]
) -> Iterator[Row]:
    for offset, record in enumerate(records):
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
            yield Row(number, cells)
