"""Provides the export files: CSV (long and wide), XLSX (data, labels, dictionary, notes), JSON.

Every file is written atomically. Text a spreadsheet would run as a formula (starting
with = + - @, a tab, a carriage return or NUL: OWASP ASVS 1.2.10, CWE-1236) gets a
leading single quote in CSV (which has no types); in XLSX every text is a typed string
cell, shown exactly as typed and never run. Numbers stored as numbers are left alone, so
-2 stays a number while the text "-2+3" is text.
"""

from __future__ import annotations

import errno
import gc
import io
import json
import sys
from pathlib import Path
from typing import Any

from engagement_tui.exports import frames
from engagement_tui.exports.records import ExportRecord
from engagement_tui.exports.repeat_frames import (
    file_kind,
    repeat_frames,
    repeat_names,
    repeat_rows,
)
from engagement_tui.files.atomic import atomic_write
from engagement_tui.interview.questionnaire import Questionnaire

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value: Any) -> Any:
    """A quote before text that starts like a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(frame, clean):
    """The frame with `clean` applied to every cell, keeping object columns.

    `DataFrame.map` would re-infer dtypes and turn a 0/1 column with gaps into 1.0.
    """
    import pandas as pd

    return pd.DataFrame(
        {c: pd.Series([clean(v) for v in frame[c]], dtype=object) for c in frame.columns},
        columns=frame.columns,
    )


def write_csv(questionnaire: Questionnaire, records: list[ExportRecord], stem: Path) -> list[Path]:
    """`<stem>-long.csv` and `<stem>-wide.csv`, UTF-8 with a BOM so Excel reads accents."""
    written = []
    tables = [
        ("long", frames.long_frame(questionnaire, records)),
        ("wide", frames.wide_frame(questionnaire, records)),
        *(  # `<stem>-<repeat>.csv` each
            (file_kind(repeat), frame)
            for repeat, frame in repeat_frames(questionnaire, records).items()
        ),
    ]
    for kind, frame in tables:
        path = stem.with_name(f"{stem.name}-{kind}.csv")
        data = (
            _cells(frame, neutralise).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
        )
        with atomic_write(path) as handle:
            handle.write(data)
        written.append(path)
    return written


def repeat_sheet_name(repeat: str, taken) -> str:
    """A repeat's sheet: its name, cut to Excel's 31 characters, never another sheet's."""
    name = repeat[:31]
    if name in taken:
        name = f"repeat {repeat}"[:31]
    return name


def _xlsx_safe(frame):
    """Without the control characters openpyxl refuses to store (text stays as typed)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    return _cells(frame, clean)


def _typed_as_text(sheet) -> None:
    """Every text cell stored as a string cell: "=SUM(A1)" shows as typed and never runs.

    openpyxl makes any text starting with "=" a formula; a string cell is never evaluated
    (Excel and LibreOffice parse only what is typed in), so no visible apostrophe is needed.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def write_xlsx(questionnaire: Questionnaire, records: list[ExportRecord], stem: Path) -> list[Path]:
    """One workbook: data, labels, dictionary and notes sheets."""
    import pandas as pd

    path = stem.with_name(stem.name + ".xlsx")
    sheets = {
        "data": frames.wide_frame(questionnaire, records),
        "labels": frames.wide_frame(questionnaire, records, labels=True),
        "dictionary": frames.dictionary_frame(questionnaire),
        "notes": frames.notes_frame(records),
    }
    for repeat, frame in repeat_frames(questionnaire, records).items():
        sheets[repeat_sheet_name(repeat, sheets)] = frame
    # The workbook is made in memory, then written in one go: a full disk fails one plain
    # write, rather than inside ZipFile, whose finaliser would print a traceback.
    buffer = io.BytesIO()
    failure: OSError | None = None
    # openpyxl spools sheets through temp files; on a full disk its half-closed writers would
    # print "Exception ignored" tracebacks when collected: collect them here, quietly.
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        try:
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                for name, frame in sheets.items():
                    _xlsx_safe(frame).to_excel(writer, sheet_name=name, index=False)
                    _typed_as_text(writer.sheets[name])
        except OSError as error:
            failure = OSError(error.errno, error.strerror, error.filename)
        except Exception as error:
            # With lxml installed, openpyxl serialises through it, and a full disk under its
            # spooled temp files surfaces as lxml's SerialisationError ("IO_EFBIG", "IO_ENOSPC").
            if "IO_E" not in str(error):
                raise
            failure = OSError(errno.ENOSPC, "no space left for the workbook's temporary files")
        if failure is not None:
            gc.collect()
    finally:
        sys.unraisablehook = hook
    if failure is not None:
        raise failure
    with atomic_write(path) as handle:
        handle.write(buffer.getbuffer())
    return [path]


def write_json(
    questionnaire: Questionnaire,
    records: list[ExportRecord],
    stem: Path,
    *,
    personal_data: bool,
) -> list[Path]:
    """Interviews with metadata, answers (relevant ones, by question name) and notes."""
    path = stem.with_name(stem.name + ".json")
    document = {
        "questionnaire": {
            "form_id": questionnaire.form_id,
            "version": questionnaire.version,
            "title": questionnaire.title,
        },
        "personal_data": personal_data,
        "interviews": [
            {
                **record.metadata,
                "answers": record.answers,
                "notes": record.notes,
                **(
                    {
                        "repeats": {
                            repeat: repeat_rows(questionnaire, record, repeat)
                            for repeat in repeat_names(questionnaire)
                        }
                    }
                    if questionnaire.has_repeats
                    else {}
                ),
            }
            for record in records
        ],
    }
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    with atomic_write(path) as handle:
        handle.write(data)
    return [path]
