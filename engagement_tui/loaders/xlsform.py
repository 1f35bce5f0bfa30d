"""Provides `read_xlsform`: an XLSForm (.xlsx, .xls, .csv, .md) into the model, problems at rows.

pyxform's workbook readers turn each sheet into a list of row dicts, keeping blank rows in
.xlsx so that list positions are spreadsheet rows (header = row 1). The model is built here
from the survey, choices and settings sheets, plus an optional `codebook` sheet (name,
description), rather than through pyxform's XForm conversion, which would lose the rows and
refuse the engagement columns (statement, probe, positive).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from engagement_tui.interview.questionnaire import (
    QUESTION_TEXT_FIELDS,
    Choice,
    ChoiceList,
    Group,
    Location,
    Question,
    Questionnaire,
    Theme,
)
from engagement_tui.loaders.problems import Problem
from engagement_tui.loaders.question_types import METADATA_TYPES, split_type, type_shape_problem
from engagement_tui.loaders.sources import SourceMap

HEADER_ALIASES = {
    "list name": "list_name",
    "relevance": "relevant",
    "calculate": "calculation",
    "constraint message": "constraint_message",
    "required message": "required_message",
    "id_string": "form_id",
    "title": "form_title",
}
TRANSLATABLE = ("label", "hint", "constraint_message", "required_message", "description")
TRUE_CELLS = frozenset({"yes", "true", "true()", "1"})
FALSE_CELLS = frozenset({"no", "false", "false()", "0"})
PARAMETER_SEPARATORS = re.compile(r"[\s,;]+")
BEGIN_GROUP = frozenset({"begin group", "begin_group"})
END_GROUP = frozenset({"end group", "end_group"})
BEGIN_REPEAT = frozenset({"begin repeat", "begin_repeat"})
END_REPEAT = frozenset({"end repeat", "end_repeat"})


def _canonical_headers(headers: list[str]) -> dict[str, str]:
    """Workbook header -> the column name used here: lowercased, de-aliased, one language."""
    names: dict[str, str] = {}
    for header in headers:
        key = " ".join(header.lower().split())
        names[header] = HEADER_ALIASES.get(key, key)
    present = set(names.values())
    for column in TRANSLATABLE:
        if column in present:
            continue
        # No plain `label`: the first translation (label::English (en)) stands in for it.
        for header, key in names.items():
            if key.startswith(column + "::"):
                names[header] = column
                break
    return names


def _rows(book: dict[str, Any], sheet: str) -> list[dict[str, str]]:
    header_rows = book.get(f"{sheet}_header") or [{}]
    names = _canonical_headers([str(header) for header in header_rows[0]])
    return [
        {names.get(key, key.lower()): str(value).strip() for key, value in row.items()}
        for row in book.get(sheet) or []
    ]


class XlsFormReader:
    """Reads one workbook dict; collects problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.sources = SourceMap(file)
        self.questions: list[Question] = []
        self.groups: list[Group] = []

    def at(self, sheet: str, index: int) -> Location:
        return Location(self.file, sheet=sheet, row=index + 2)

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def boolean(self, row: dict[str, str], column: str, location: Location) -> bool | None:
        cell = row.get(column, "").lower()
        if not cell:
            return None
        if cell in TRUE_CELLS:
            return True
        if cell in FALSE_CELLS:
            return False
        self.problem(location, f"{column} must be yes or no, found '{row[column]}'")
        return None

    def parameters(self, cell: str, location: Location) -> tuple[tuple[str, str], ...]:
        pairs = []
        for token in PARAMETER_SEPARATORS.split(cell):
            if not token:
                continue
            key, equals, value = token.partition("=")
            if not equals or not key:
                self.problem(location, f"parameters: '{token}' is not key=value")
                continue
            pairs.append((key, value))
        return tuple(pairs)

    def read(self, book: dict[str, Any], fallback_id: str, themes: list[tuple[int, dict]]):
        settings = next((row for row in _rows(book, "settings") if row), {})
        self.sources.form_id = Location(self.file, sheet="settings", row=2) if settings else None
        self.sources.survey = Location(self.file, sheet="survey", row=1)
        self.read_survey(_rows(book, "survey"))
        form_id = settings.get("form_id") or fallback_id
        return Questionnaire(
            form_id=form_id,
            title=settings.get("form_title") or form_id,
            version=settings.get("version", ""),
            description=settings.get("description", ""),
            questions=tuple(self.questions),
            groups=tuple(self.groups),
            choice_lists=self.read_choices(_rows(book, "choices")),
            codebook=self.read_codebook(themes),
            source=self.file,
        )

    def read_survey(self, rows: list[dict[str, str]]) -> None:
        open_blocks: list[tuple[str, str, Location]] = []  # (group or repeat, name, begin row)
        for index, row in enumerate(rows):
            if not row:
                continue
            location = self.at("survey", index)
            keyword = " ".join(row.get("type", "").lower().split())
            if keyword in BEGIN_GROUP or keyword in BEGIN_REPEAT:
                kind = "group" if keyword in BEGIN_GROUP else "repeat"
                if kind == "repeat":
                    self.problem(location, "repeats (begin repeat) are not supported by this app")
                else:
                    self.begin_group(row, open_blocks, location)
                open_blocks.append((kind, row.get("name", ""), location))
            elif keyword in END_GROUP or keyword in END_REPEAT:
                kind = "group" if keyword in END_GROUP else "repeat"
                if not open_blocks:
                    self.problem(location, f"'{keyword}' without a matching 'begin {kind}'")
                elif open_blocks.pop()[0] != kind:
                    self.problem(location, f"'{keyword}' closes a block that is not a {kind}")
            elif keyword not in METADATA_TYPES:
                groups = tuple(name for kind, name, _ in open_blocks if kind == "group")
                self.add_question(row, groups, location)
        for kind, name, location in open_blocks:
            self.problem(location, f"{kind} '{name}' is never closed (no 'end {kind}')")

    def begin_group(self, row: dict[str, str], open_blocks: list, location: Location) -> None:
        parents = [name for kind, name, _ in open_blocks if kind == "group"]
        self.groups.append(
            Group(
                name=row.get("name", ""),
                label=row.get("label", ""),
                relevant=row.get("relevant", ""),
                appearance=row.get("appearance", ""),
                parent=parents[-1] if parents else None,
                location=location,
            )
        )

    def add_question(
        self, row: dict[str, str], groups: tuple[str, ...], location: Location
    ) -> None:
        question_type, list_name, extra = split_type(row.get("type", ""))
        shape_problem = type_shape_problem(question_type, list_name, extra)
        if shape_problem:
            self.problem(location, shape_problem)
        self.questions.append(
            Question(
                name=row.get("name", ""),
                type=question_type,
                required=bool(self.boolean(row, "required", location)),
                choice_list=list_name,
                parameters=self.parameters(row.get("parameters", ""), location),
                groups=groups,
                location=location,
                **{column: row.get(column, "") for column in QUESTION_TEXT_FIELDS},
            )
        )

    def read_choices(self, rows: list[dict[str, str]]) -> tuple[ChoiceList, ...]:
        lists: dict[str, list[Choice]] = {}
        for index, row in enumerate(rows):
            if not row:
                continue
            location = self.at("choices", index)
            list_name = row.get("list_name", "")
            if not list_name:
                self.problem(location, "choice has no list_name")
                continue
            choices = lists.setdefault(list_name, [])
            self.sources.choice_lists.setdefault(list_name, location)
            self.sources.choices[(list_name, len(choices))] = location
            choices.append(
                Choice(
                    name=row.get("name", ""),
                    label=row.get("label", ""),
                    positive=self.boolean(row, "positive", location),
                )
            )
        return tuple(ChoiceList(name, tuple(choices)) for name, choices in lists.items())

    def read_codebook(self, themes: list[tuple[int, dict]]) -> tuple[Theme, ...]:
        result = []
        for row_number, row in themes:
            self.sources.themes[len(result)] = Location(self.file, sheet="codebook", row=row_number)
            result.append(Theme(row.get("name", ""), row.get("description", "")))
        return tuple(result)


def _codebook_rows(path: Path, book: dict[str, Any], text: str | None) -> list[tuple[int, dict]]:
    """(spreadsheet row, row) of a `codebook` sheet, which pyxform's .xlsx/.md readers skip."""
    if "codebook" in book:  # the .csv reader keeps every sheet
        return [(i + 2, row) for i, row in enumerate(_rows(book, "codebook")) if row]
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
    return [(i + 2, row) for i, row in enumerate(_rows(book, "codebook")) if row]


MAX_UNPACKED = 50_000_000
"""Bytes a questionnaire workbook may unpack to: the largest real form is well under 1 MB."""


def _unpacked_too_big(path: Path) -> str | None:
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


def read_xlsform(
    file: str, path: Path, text: str | None
) -> tuple[Questionnaire | None, SourceMap, list[Problem]]:
    """The questionnaire in the workbook at `path`; `text` is the decoded file for .csv/.md."""
    from pyxform import xls2json_backends as backends

    reader = XlsFormReader(file)
    read_book = {
        ".xlsx": backends.xlsx_to_dict,
        ".xlsm": backends.xlsx_to_dict,
        ".xls": backends.xls_to_dict,
        ".csv": backends.csv_to_dict,
        ".md": backends.md_to_dict,
    }[path.suffix.lower()]
    too_big = _unpacked_too_big(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else None
    if too_big:
        return None, reader.sources, [Problem(Location(file), too_big)]
    try:
        book = read_book(io.BytesIO(text.encode("utf-8")) if text is not None else str(path))
        themes = _codebook_rows(path, book, text if path.suffix.lower() == ".md" else None)
    except Exception as error:  # noqa: BLE001 - pyxform and openpyxl raise many kinds on bad files
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (
            None,
            reader.sources,
            [Problem(Location(file), f"cannot read the workbook: {message}")],
        )
    if "survey" not in book:
        return None, reader.sources, [Problem(Location(file), "the workbook has no survey sheet")]
    return reader.read(book, path.stem, themes), reader.sources, reader.problems
