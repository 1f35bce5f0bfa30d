"""Provides the data an XLSForm reads from outside its survey and choices sheets.

- attachments beside the form: `pulldata('people', ...)` reads `people.csv`, and
  `select_one_from_file villages.csv` (or `.xml`) offers a file's rows as choices. Each file
  is read once, checked (a bad cell is one Problem at FILE:LINE:COL) and kept whole in the
  model (`interview.attachments.Attachment`), so it is stored with the revision.
- the `external_choices` sheet, which `select_one_external LIST` offers (ODK's itemsets.csv).

A file that is not beside the form is not a refusal (pyxform accepts the form, and ODK
servers take attachments separately): it is kept as missing, and `missing_attachment_lines`
names it in one line; an interview that reads it is told so where it does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from engagement_tui.interview.attachments import Attachment, pulldata_file
from engagement_tui.interview.questionnaire import Choice, Location, Questionnaire
from engagement_tui.loaders.problems import Problem

ATTACHMENT_SUFFIXES = (".csv", ".xml")
PULLDATA_FILE = re.compile(r"pulldata\s*\(\s*(['\"])([^'\"]*)\1")
ITEMSETS = "itemsets.csv"
"""The file pyxform makes of the external_choices sheet; pulldata may read it."""
ITEMSETS_ALIASES = frozenset({"itemsets", "itemsets.csv", "external_choices"})
LABEL_TRANSLATION = re.compile(r"^label\s*::\s*(.+)$", re.I)
EXTERNAL_PREFIX = "external_choices:"
"""The model's name for a list of the external_choices sheet (the choices sheet may have a
list of the same name)."""


def pulldata_files(expression: str) -> list[str]:
    """The attachments an expression's pulldata() calls name (geopoint helpers left out)."""
    names = []
    for _quote, name in PULLDATA_FILE.findall(expression):
        if name and not name.startswith("@"):
            names.append(ITEMSETS if name in ITEMSETS_ALIASES else pulldata_file(name))
    return names


def read_attachment(folder: Path, name: str) -> tuple[Attachment, list[Problem]]:
    """The file `name` beside the form, checked; missing when it is not there."""
    path = folder / name
    file = str(path)
    if Path(name).name != name or not name.lower().endswith(ATTACHMENT_SUFFIXES):
        return Attachment(name, missing=True), [
            Problem(Location(file), "an attachment is a .csv or .xml file beside the form")
        ]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Attachment(name, missing=True), []
    except OSError as error:
        return Attachment(name, missing=True), [
            Problem(Location(file), f"cannot read the attachment: {error.strerror or error}")
        ]
    digest = hashlib.sha256(data).hexdigest()
    reader = read_xml_rows if name.lower().endswith(".xml") else read_csv_rows
    columns, rows, problems = reader(file, data)
    return Attachment(name, digest, columns, rows), problems


def read_csv_rows(file: str, data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return (), (), [Problem(Location(file, line), "the attachment is not UTF-8 text")]
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return (), (), [Problem(Location(file), f"not a CSV file: {error}")]
    if not table or not any(cell.strip() for cell in table[0]):
        return (), (), [Problem(Location(file, 1), "the attachment has no header row")]
    columns = tuple(cell.strip() for cell in table[0])
    problems = []
    for index, column in enumerate(columns):
        if not column:
            problems.append(Problem(Location(file, 1, index + 1), "a column has no name"))
        elif column in columns[:index]:
            problems.append(Problem(Location(file, 1, index + 1), f"column '{column}' twice"))
    rows = []  # blank rows kept, so a row's place is its line (header = line 1)
    for line, row in enumerate(table[1:], start=2):
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            problems.append(
                Problem(
                    Location(file, line, len(columns) + 1),
                    f"the row has {len(row)} cells, the header {len(columns)}",
                )
            )
            continue
        cells = tuple(cell.strip() for cell in row[: len(columns)])
        rows.append(cells + ("",) * (len(columns) - len(cells)))
    return columns, tuple(rows), problems


def read_xml_rows(file: str, data: bytes):
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line, column = error.position
        return (), (), [Problem(Location(file, line, column + 1), f"not XML: {error.msg}")]
    items = [dict((child.tag, (child.text or "").strip()) for child in item) for item in root]
    columns = tuple(dict.fromkeys(tag for item in items for tag in item))
    rows = tuple(tuple(item.get(column, "") for column in columns) for item in items)
    return columns, rows, []


def choices_from_attachment(
    attachment: Attachment, value_column: str, label_column: str, where: Location
) -> tuple[list[Choice], list[int], dict[str, dict[int, str]], list[Problem]]:
    """The choices a `select_*_from_file` question offers with the line of each, the
    translations of their labels (language -> index -> label), and what is wrong; `where`
    is the question's row."""
    if attachment.missing:
        return [], [], {}, []
    absent = [c for c in (value_column, label_column) if attachment.column(c) is None]
    if absent:
        return (
            [],
            [],
            {},
            [
                Problem(
                    where,
                    f"attachment '{attachment.name}' has no column '{absent[0]}'"
                    f" (its columns: {', '.join(attachment.columns)})",
                )
            ],
        )
    value_at, label_at = attachment.column(value_column), attachment.column(label_column)
    languages = {
        match.group(1).strip(): index
        for index, column in enumerate(attachment.columns)
        if (match := LABEL_TRANSLATION.match(column))
    }
    skip = {value_at, label_at, *languages.values()}
    choices, lines, translations = [], [], {language: {} for language in languages}
    for position, row in enumerate(attachment.rows):
        if not any(row):
            continue
        lines.append(position + 2)
        filters = tuple(
            (column, row[index])
            for index, column in enumerate(attachment.columns)
            if index not in skip
        )
        for language, index in languages.items():
            translations[language][len(choices)] = row[index] or row[label_at]
        choices.append(Choice(row[value_at], row[label_at] or row[value_at], filters=filters))
    return choices, lines, translations, []


def external_choice_lists(
    rows: list[dict[str, Any]], words
) -> tuple[dict[str, list[Choice]], dict[tuple[str, int], int]]:
    """The external_choices sheet's lists (normalised rows), labels through `words(cell,
    translation key)`, and the spreadsheet row of each choice by (list, index)."""
    lists: dict[str, list[Choice]] = {}
    rows_of: dict[tuple[str, int], int] = {}
    for row_index, row in enumerate(rows):
        list_name = str(row.get("list name") or "").strip()
        if not list_name:
            continue
        name = str(row.get("name") or "").strip()
        filters = tuple(
            (key, str(value).strip())
            for key, value in row.items()
            if key not in ("list name", "name", "label") and isinstance(value, str | int | float)
        )
        choices = lists.setdefault(list_name, [])
        key = f"c/{EXTERNAL_PREFIX}{list_name}/{len(choices)}/label"
        rows_of[(EXTERNAL_PREFIX + list_name, len(choices))] = row_index + 2
        choices.append(Choice(name, words(row.get("label"), key) or name, filters=filters))
    return lists, rows_of


def itemsets_attachment(rows: list[dict[str, Any]], words) -> Attachment:
    """The external_choices sheet as the itemsets.csv pulldata() reads."""
    columns = tuple(dict.fromkeys(key for row in rows for key in row))
    table = tuple(
        tuple(
            (words(row.get(column)) if column == "label" else str(row.get(column) or "").strip())
            for column in columns
        )
        for row in rows
    )
    names = tuple("list_name" if column == "list name" else column for column in columns)
    return Attachment(ITEMSETS, "", names, table)


def missing_attachment_lines(questionnaire: Questionnaire) -> list[str]:
    """One line per attachment that was not beside the form, naming it."""
    return [
        f"{questionnaire.source}: attachment '{item.name}' was not found beside the form;"
        " the questions that read it will say so: import the form again with the file"
        for item in questionnaire.attachments
        if item.missing
    ]


def read_outside_data(reader: Any, sheets: Any, folder: Path) -> tuple[tuple, tuple]:
    """The choice lists of file and external selects and the form's attachments, read for an
    `XlsFormReader` (its questions point at the new lists; problems and translated labels
    go to the reader)."""
    from dataclasses import replace

    from engagement_tui.interview.questionnaire import ChoiceList

    wanted: dict[str, None] = {}
    for question in reader.questions:
        for text in (question.calculation, question.relevant, question.constraint):
            wanted.update(dict.fromkeys(pulldata_files(text)))
        if question.default:
            wanted.update(dict.fromkeys(pulldata_files(question.default)))
    for _index, meaning in reader.outside_selects:
        if meaning.choices_from == "file":
            wanted[meaning.list_name] = None
    attachments: dict[str, Attachment] = {}
    faulty: set[str] = set()  # files already refused: their lists' emptiness is no news
    for name in wanted:
        if name == ITEMSETS:
            attachments[name] = itemsets_attachment(sheets.external_choices, reader.words)
            continue
        attachments[name], problems = read_attachment(folder, name)
        reader.problems.extend(problems)
        if problems:
            faulty.add(name)
    external, external_rows = external_choice_lists(sheets.external_choices, reader.words)
    for (list_name, position), row in external_rows.items():
        where = Location(reader.file, sheet="external_choices", row=row)
        reader.sources.choices[(list_name, position)] = where
    lists: dict[str, ChoiceList] = {}
    for index, meaning in reader.outside_selects:
        question = reader.questions[index]
        where = question.location
        if meaning.choices_from == "external":
            list_name = EXTERNAL_PREFIX + meaning.list_name
            if list_name not in lists:
                if meaning.list_name not in external:
                    reader.problem(
                        where,
                        f"'{question.name}': list '{meaning.list_name}' is not on the"
                        " external_choices sheet",
                    )
                lists[list_name] = ChoiceList(list_name, tuple(external.get(meaning.list_name, ())))
                reader.sources.unfilled_lists.add(list_name)  # checked where it was read
        else:
            list_name = meaning.list_name
            attachment = attachments[list_name]
            if list_name not in lists:
                value = question.parameter("value", "name")
                label = question.parameter("label", "label")
                choices, lines, translated, problems = (
                    ([], [], {}, [])
                    if list_name in faulty
                    else choices_from_attachment(attachment, value, label, where)
                )
                reader.problems.extend(problems)
                if problems:
                    faulty.add(list_name)
                lists[list_name] = ChoiceList(list_name, tuple(choices))
                path = str(folder / list_name)
                reader.sources.choice_lists[list_name] = Location(path, 1)
                for position, line in enumerate(lines):
                    reader.sources.choices[(list_name, position)] = Location(path, line)
                for language, labels in translated.items():
                    for position, text in labels.items():
                        key = f"c/{list_name}/{position}/label"
                        reader.texts.setdefault(key, {reader.language: choices[position].label})
                        reader.texts[key][language] = text
                if attachment.missing or list_name in faulty:
                    reader.sources.unfilled_lists.add(list_name)
        reader.questions[index] = replace(question, choice_list=list_name)
    return tuple(lists.values()), tuple(attachments.values())
