"""Provides the reading of an XLSForm workbook file beside pyxform's: the `codebook` sheet
(which pyxform's .xlsx and .md readers skip) and the size check that keeps a zip bomb closed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any


def sheet_rows(book: dict[str, Any], sheet: str) -> list[dict[str, str]]:
    """A sheet's rows with lowercased headers (used for the codebook sheet)."""
    return [
        {" ".join(str(key).lower().split()): str(value).strip() for key, value in row.items()}
        for row in book.get(sheet) or []
    ]


def codebook_rows(path: Path, book: dict[str, Any], text: str | None) -> list[tuple[int, dict]]:
    """(spreadsheet row, row) of a `codebook` sheet, which pyxform's .xlsx/.md readers skip."""
    if "codebook" in book:  # the .csv reader keeps every sheet
        return [(i + 2, row) for i, row in enumerate(sheet_rows(book, "codebook")) if row]
    names = [name for name in book.get("sheet_names", []) if name.lower() == "codebook"]
    if not names:
        return []
    if path.suffix.lower() == ".xls":
        raise ValueError("a codebook sheet is read from .xlsx, .csv and .md only: save as .xlsx")
    from openpyxl import load_workbook
    from pyxform import xls2json_backends as backends

    if text is not None:  # .md: the same tables, as an in-memory workbook
        buffer = io.BytesIO()
        backends.md_table_to_workbook(text).save(buffer)
        buffer.seek(0)
        source: Any = buffer
    else:
        source = path
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook[names[0]]
        headers = backends.get_excel_column_headers(c.value for c in next(sheet.rows, []))
        rows = backends.get_excel_rows(
            headers=headers,
            rows=sheet.iter_rows(min_row=2, max_col=len(headers)),
            cell_func=lambda cell, _row, _key: backends.xlsx_value_to_str(cell.value).strip(),
        )
    finally:
        workbook.close()
    book["codebook"], book["codebook_header"] = rows, [{h: None for h in headers if h}]
    return [(i + 2, row) for i, row in enumerate(sheet_rows(book, "codebook")) if row]


MAX_UNPACKED = 50_000_000
"""Bytes a questionnaire workbook may unpack to: the largest real form is well under 1 MB."""


def unpacked_too_big(path: Path) -> str | None:
    """Why a workbook must not be opened (a zip bomb), or None; unreadable zips are left to
    the reader, which says so."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if total <= MAX_UNPACKED:
        return None
    return (
        f"cannot read the workbook: it unpacks to {total / 1e6:,.0f} MB,"
        f" over the {MAX_UNPACKED / 1e6:,.0f} MB a questionnaire may take"
    )
