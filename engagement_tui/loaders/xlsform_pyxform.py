"""Provides pyxform's reading of an XLSForm: its verdict on the form and its normalised rows.

A form is a valid XLSForm exactly when pyxform converts it; `pyxform_refusal` runs that
conversion on the workbook dict already read and turns a refusal into one Problem at the
sheet and row pyxform names. `normalised_sheets` gives the settings, choices and survey
rows as pyxform sees them (headers de-aliased and grouped, `label:English` and
`label::English` alike, `bind::relevant` read as `relevant`, curly quotes straightened,
type aliases resolved), one row per spreadsheet row so row numbers are kept.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from engagement_tui.interview.questionnaire import Location
from engagement_tui.loaders.problems import Problem

BOOK_KEYS = (
    "survey",
    "survey_header",
    "choices",
    "choices_header",
    "settings",
    "settings_header",
    "external_choices",
    "external_choices_header",
    "entities",
    "entities_header",
    "osm",
    "osm_header",
    "sheet_names",
)
ROW_PREFIX = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
SHEET_NAMED = re.compile(r"On the '(\w+)' sheet|in the '(\w+)' sheet|\[sheet: (\w+)\]", re.I)


def pyxform_refusal(file: str, book: dict[str, Any], form_name: str) -> Problem | None:
    """None when pyxform converts the workbook to an XForm, else its message, located."""
    from pyxform.xls2xform import convert

    data = {key: copy.deepcopy(book[key]) for key in BOOK_KEYS if key in book}
    data["fallback_form_name"] = form_name
    try:
        convert(data, warnings=[])
    except Exception as error:  # noqa: BLE001 - pyxform raises many kinds; each is a refusal
        return Problem(*_located(file, str(error) or type(error).__name__))
    return None


def _located(file: str, message: str) -> tuple[Location, str]:
    first = next((line for line in message.splitlines() if line.strip()), message)
    row_match = ROW_PREFIX.match(first)
    row = int(row_match.group(1)) if row_match else None
    text = ROW_PREFIX.sub("", first).strip()
    sheet_match = SHEET_NAMED.search(message)
    sheet = next((g for g in sheet_match.groups() if g), None) if sheet_match else None
    if row is None:
        found = re.search(r"\brow[: ]+(\d+)", message, re.I)
        row = int(found.group(1)) if found else None
    if row is None and sheet is None:
        return Location(file), f"pyxform: {text}"
    return Location(file, sheet=(sheet or "survey").lower(), row=row or 1), f"pyxform: {text}"


@dataclass
class Sheets:
    """The normalised rows (index + 2 = spreadsheet row) and the languages of the labels."""

    settings: dict[str, Any]
    survey: list[dict[str, Any]]
    choices: list[dict[str, Any]]
    languages: list[str] = field(default_factory=list)
    language: str = "default"
    external_choices: list[dict[str, Any]] = field(default_factory=list)


def normalised_sheets(book: dict[str, Any]) -> Sheets:
    """The sheets as pyxform's own parser reads them; raises what pyxform raises."""
    from pyxform import aliases, constants
    from pyxform.parsing.sheet_headers import dealias_and_group_headers
    from pyxform.question import MultipleChoiceQuestion
    from pyxform.survey import Survey
    from pyxform.xls2json import dealias_types

    settings: dict[str, Any] = {}
    if book.get("settings"):
        result = dealias_and_group_headers(
            sheet_name="settings",
            sheet_data=copy.deepcopy(book["settings"]),
            sheet_header=copy.deepcopy(book.get("settings_header")),
            header_aliases=aliases.settings_header,
            header_columns=set(Survey.get_slot_names()),
        )
        settings = dict(result.data[0]) if result.data else {}
    default_language = str(settings.get("default_language") or constants.DEFAULT_LANGUAGE_VALUE)
    clean = aliases.yes_no.get(settings.get("clean_text_values", "yes"), True)
    choices_rows = _list_rows(book, "choices", default_language)
    external_rows = _list_rows(book, "external_choices", default_language)
    survey = dealias_and_group_headers(
        sheet_name="survey",
        sheet_data=copy.deepcopy(book.get("survey") or []),
        sheet_header=copy.deepcopy(book.get("survey_header")),
        header_aliases=aliases.survey_header,
        header_columns=set(MultipleChoiceQuestion.get_slot_names()),
        default_language=default_language,
        strip_whitespace=clean,
    )
    rows = [_lower_keys(row) for row in dealias_types(list(survey.data))]
    languages = list(
        dict.fromkeys(
            tokens[1]
            for tokens in survey.headers
            if len(tokens) == 2 and tokens[0] in ("label", "hint")
        )
    )
    language = _chosen_language(settings.get("default_language"), languages, rows)
    return Sheets(settings, rows, choices_rows, languages, language, external_rows)


def _lower_keys(row: dict[str, Any]) -> dict[str, Any]:
    """Columns pyxform does not know (statement, probe, positive...) keep their header's case."""
    return {key if key.islower() else key.lower(): value for key, value in row.items()}


def _chosen_language(default: Any, languages: list[str], rows: list[dict[str, Any]]) -> str:
    """The language shown: the form's default_language, else unsuffixed labels, else the first."""
    if default and (str(default) in languages or not languages):
        return str(default)
    if any(isinstance(row.get("label"), str) for row in rows):
        return "default"
    return languages[0] if languages else "default"


def in_language(value: Any, language: str) -> str:
    """A cell that may hold several translations ({"English": ..., "French": ...}) as text."""
    if value is None:
        return ""
    if isinstance(value, dict):
        chosen = value.get(language)
        if isinstance(chosen, str) and chosen.strip():
            return chosen.strip()
        for other in value.values():
            if isinstance(other, str) and other.strip():
                return other.strip()
        return ""
    return str(value).strip()


def _list_rows(book: dict[str, Any], sheet: str, default_language: str) -> list[dict[str, Any]]:
    """A choices-like sheet's rows with pyxform's header aliases applied, keys lower-cased."""
    if not book.get(sheet):
        return []
    from pyxform import aliases
    from pyxform.parsing.sheet_headers import dealias_and_group_headers
    from pyxform.question import Option

    result = dealias_and_group_headers(
        sheet_name=sheet,
        sheet_data=copy.deepcopy(book[sheet]),
        sheet_header=copy.deepcopy(book.get(f"{sheet}_header")),
        header_aliases=aliases.list_header,
        header_columns=set(Option.get_slot_names()),
        default_language=default_language,
    )
    return [_lower_keys(row) for row in result.data]
