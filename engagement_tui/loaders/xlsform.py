"""Provides `read_xlsform`: an XLSForm (.xlsx, .xls, .csv, .md) into the model, problems at rows.

pyxform decides what the form says: its readers turn each sheet into row dicts (blank rows
kept in .xlsx, so positions are spreadsheet rows, header = row 1), its conversion decides
whether the form is valid (a refusal is reported at the sheet and row it names), and its
header and type rules normalise each row (xlsform_pyxform, xlsform_types). The model is
built here from those rows, one question per row, so locations and the engagement columns
(statement, probe, report, positive, and a `codebook` sheet: name, description) are kept.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Location,
    Question,
    Questionnaire,
    Theme,
)
from engagement_tui.loaders.problems import Problem
from engagement_tui.loaders.sources import SourceMap
from engagement_tui.loaders.xlsform_book import codebook_rows, unpacked_too_big
from engagement_tui.loaders.xlsform_loops import expand_loops
from engagement_tui.loaders.xlsform_pyxform import (
    Sheets,
    in_language,
    normalised_sheets,
    pyxform_refusal,
)
from engagement_tui.loaders.xlsform_types import TypeCell, read_type

TRUE_CELLS = frozenset({"yes", "true", "true()", "1"})
FALSE_CELLS = frozenset({"no", "false", "false()", "0"})
PARAMETER_SEPARATORS = re.compile(r"[\s,;]+")
CHOICE_COLUMNS = frozenset({"list name", "name", "label", "positive", "media", "image"})
OTHER_CHOICE = Choice("other", "Other")
REFERENCE = re.compile(r"\$\{([^}]*)\}")


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, dict) else str(value).strip()


class XlsFormReader:
    """Builds the model from pyxform's normalised rows; collects problems, row by row."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.sources = SourceMap(file)
        self.questions: list[Question] = []
        self.groups: list[Group] = []
        self.language = "default"
        self.lists_with_other: set[str] = set()
        self.metadata: list[Question] = []
        """Rows the device fills in (start, email...): kept, empty, only where referenced."""
        self.texts: dict[str, dict] = {}
        """Texts written in several languages, by translation key (interview.translations)."""
        self.outside_selects: list[tuple[int, TypeCell]] = []
        """(question index, type) of selects whose choices are in a file or external_choices."""

    def at(self, sheet: str, index: int) -> Location:
        return Location(self.file, sheet=sheet, row=index + 2)

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def words(self, value: Any, key: str = "") -> str:
        """The cell's text in the form's language; a translated cell is kept under `key`."""
        if key and isinstance(value, dict):
            self.texts[key] = value
        return in_language(value, self.language)

    def boolean(self, cell: Any, column: str, location: Location) -> bool | None:
        text = _text(cell).lower()
        if not text:
            return None
        if text in TRUE_CELLS:
            return True
        if text in FALSE_CELLS:
            return False
        self.problem(location, f"{column} must be yes or no, found '{_text(cell)}'")
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

    def read(
        self, sheets: Sheets, fallback_id: str, themes: list[tuple[int, dict]], folder: Path
    ) -> Questionnaire:
        from engagement_tui.loaders.xlsform_external import read_outside_data

        settings = sheets.settings
        self.language = sheets.language
        self.sources.form_id = Location(self.file, sheet="settings", row=2) if settings else None
        self.sources.survey = Location(self.file, sheet="survey", row=1)
        self.sources.allow_choice_duplicates = bool(
            self.boolean(
                settings.get("allow_choice_duplicates"),
                "allow_choice_duplicates",
                Location(self.file, sheet="settings", row=2),
            )
        )
        self.read_survey(sheets.survey, sheets.choices)
        self.name_apart_in_groups()
        self.keep_referenced_metadata()
        form_id = _text(settings.get("id_string")) or fallback_id
        choice_lists = self.read_choices(sheets.choices)
        outside_lists, attachments = read_outside_data(self, sheets, folder)
        languages, translations = self.translations(sheets.languages)
        return Questionnaire(
            form_id=form_id,
            title=self.words(settings.get("title"), "title") or form_id,
            version=_text(settings.get("version")),
            description=self.words(settings.get("description"), "description"),
            questions=tuple(self.questions),
            groups=tuple(self.groups),
            choice_lists=choice_lists + outside_lists,
            codebook=self.read_codebook(themes),
            languages=languages,
            language=self.language if languages else "",
            translations=translations,
            attachments=attachments,
            source=self.file,
        )

    def translations(self, header_languages: list[str]) -> tuple[tuple, tuple]:
        """The form's languages and, for each, every translated text (none for one language)."""
        found = [self.language, *header_languages]
        found += [language for value in self.texts.values() for language in value]
        languages = tuple(dict.fromkeys(found))
        if len(languages) < 2:
            return (), ()
        return languages, tuple(
            (
                language,
                tuple((key, in_language(value, language)) for key, value in self.texts.items()),
            )
            for language in languages
        )

    def read_survey(self, rows: list[dict[str, Any]], choices: list[dict[str, Any]]) -> None:
        open_blocks: list[tuple[str, str, Location]] = []  # (group, repeat or loop; name; row)
        for index, row in expand_loops(rows, choices):
            cell = _text(row.get("type"))
            if not cell:
                continue  # pyxform skips a row without a type (it refuses one with a name)
            location = self.at("survey", index)
            meaning = read_type(cell)
            if meaning.kind == "begin":
                kind = "repeat" if meaning.control == "repeat" else "group"
                self.begin_group(row, open_blocks, location, repeat=kind == "repeat")
                open_blocks.append((kind, _text(row.get("name")), location))
            elif meaning.kind == "end":
                kind = "repeat" if meaning.control == "repeat" else "group"
                if not open_blocks:
                    self.problem(location, f"'{cell}' without a matching 'begin {kind}'")
                elif open_blocks.pop()[0] != kind:
                    self.problem(location, f"'{cell}' closes a block that is not a {kind}")
            elif meaning.kind == "metadata":
                self.metadata.append(Question(_text(row.get("name")), "hidden", location=location))
            else:
                groups = tuple(name for _, name, _ in open_blocks)
                self.add_question(row, meaning, groups, location)
        for kind, name, location in open_blocks:
            self.problem(location, f"{kind} '{name}' is never closed (no 'end {kind}')")

    def referenced_names(self) -> set[str]:
        """Every NAME some `${NAME}` of a question or group refers to."""
        return {
            name
            for element in (*self.questions, *self.groups)
            for text in vars(element).values()
            if isinstance(text, str) and "${" in text
            for name in REFERENCE.findall(text)
        }

    def name_apart_in_groups(self) -> None:
        """The same name in different groups (pyxform allows it): the later one is called
        GROUP.NAME, unless some `${NAME}` refers to it, which would be ambiguous (refused)."""
        referenced = self.referenced_names()
        first: dict[str, Question] = {}  # exact names, as pyxform compares them
        taken = {question.name.casefold() for question in self.questions}
        for index, question in enumerate(self.questions):
            earlier = first.setdefault(question.name, question)
            if earlier is question or not question.groups or question.groups == earlier.groups:
                continue
            renamed = f"{question.groups[-1]}.{question.name}"
            if question.name in referenced or renamed.casefold() in taken:
                continue
            taken.add(renamed.casefold())
            self.questions[index] = replace(question, name=renamed)

    def keep_referenced_metadata(self) -> None:
        """A device's value (email, start...) that an expression reads is a hidden question
        holding nothing: a terminal has no device account, so `${email}` reads as ""."""
        referenced = self.referenced_names()
        names = {question.name for question in self.questions}
        for question in self.metadata:
            if question.name in referenced and question.name not in names:
                names.add(question.name)
                self.questions.append(question)

    def begin_group(
        self, row: dict[str, Any], open_blocks: list, location: Location, repeat: bool = False
    ) -> None:
        parents = [name for _, name, _ in open_blocks]
        bind, control = row.get("bind") or {}, row.get("control") or {}
        self.groups.append(
            Group(
                name=_text(row.get("name")),
                label=self.words(row.get("label"), f"g/{len(self.groups)}/label"),
                relevant=_text(bind.get("relevant")),
                appearance=_text(control.get("appearance")),
                parent=parents[-1] if parents else None,
                repeat=repeat,
                repeat_count=_text(control.get("jr:count")) if repeat else "",
                location=location,
            )
        )

    def add_question(
        self, row: dict[str, Any], meaning: TypeCell, groups: tuple[str, ...], location: Location
    ) -> None:
        bind, control = row.get("bind") or {}, row.get("control") or {}
        name = _text(row.get("name"))
        if not name and meaning.kind == "note":
            name = f"generated_note_name_{location.row}"  # as pyxform names it
        appearance = _text(control.get("appearance"))
        required = self.boolean(bind.get("required"), "required", location)
        read_only = self.boolean(bind.get("readonly"), "read_only", location)
        key = f"q/{len(self.questions)}/"
        if meaning.choices_from:
            self.outside_selects.append((len(self.questions), meaning))
        question = Question(
            name=name,
            type=meaning.kind,
            label=self.words(row.get("label"), key + "label"),
            hint=self.words(row.get("hint"), key + "hint") or meaning.hint,
            required=bool(required),
            required_message=self.words(bind.get("jr:requiredMsg"), key + "required_message"),
            relevant=_text(bind.get("relevant")),
            constraint=_text(bind.get("constraint")) or meaning.constraint,
            constraint_message=self.words(bind.get("jr:constraintMsg"), key + "constraint_message"),
            calculation=_text(bind.get("calculate")),
            default=_text(row.get("default")),
            appearance=appearance,
            choice_list=meaning.list_name,
            parameters=self.parameters(_text(row.get("parameters")), location),
            statement=self.words(row.get("statement"), key + "statement"),
            probe=self.words(row.get("probe"), key + "probe"),
            report=_text(row.get("report")),
            groups=groups,
            choice_filter=_text(row.get("choice_filter")),
            # a matrix's header row (appearance label) shows the choices and takes no answer
            read_only=bool(read_only) or "label" in appearance.split(),
            location=location,
        )
        self.questions.append(question)
        if meaning.or_other:
            self.lists_with_other.add(meaning.list_name)
            self.questions.append(
                Question(
                    name=f"{name}_other",
                    type="text",
                    label="Specify other.",
                    relevant=f"selected(${{{name}}}, 'other')",
                    groups=groups,
                    location=location,
                )
            )

    def read_choices(self, rows: list[dict[str, Any]]) -> tuple[ChoiceList, ...]:
        lists: dict[str, list[Choice]] = {}
        for index, row in enumerate(rows):
            if not any(_text(value) or isinstance(value, dict) for value in row.values()):
                continue
            location = self.at("choices", index)
            list_name = _text(row.get("list name"))
            if not list_name:
                continue  # pyxform leaves out a row with no list name
            name = _text(row.get("name"))
            choices = lists.setdefault(list_name, [])
            self.sources.choice_lists.setdefault(list_name, location)
            self.sources.choices[(list_name, len(choices))] = location
            filters = tuple(
                (key, _text(value))
                for key, value in row.items()
                if key not in CHOICE_COLUMNS and isinstance(value, str | int | float)
            )
            choices.append(
                Choice(
                    name=name,
                    # no label (a media-only choice): pyxform allows it; the name stands in
                    label=self.words(row.get("label"), f"c/{list_name}/{len(choices)}/label")
                    or name,
                    positive=self.boolean(row.get("positive"), "positive", location),
                    filters=filters,
                )
            )
        for list_name in self.lists_with_other:
            choices = lists.get(list_name)
            if choices is not None and all(choice.name != "other" for choice in choices):
                choices.append(OTHER_CHOICE)  # `or_other` adds it, as pyxform does
        return tuple(ChoiceList(name, tuple(choices)) for name, choices in lists.items())

    def read_codebook(self, themes: list[tuple[int, dict]]) -> tuple[Theme, ...]:
        result = []
        for row_number, row in themes:
            self.sources.themes[len(result)] = Location(self.file, sheet="codebook", row=row_number)
            result.append(Theme(row.get("name", ""), row.get("description", "")))
        return tuple(result)


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
    too_big = unpacked_too_big(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else None
    if too_big:
        return None, reader.sources, [Problem(Location(file), too_big)]
    try:
        book = read_book(io.BytesIO(text.encode("utf-8")) if text is not None else str(path))
        themes = codebook_rows(path, book, text if path.suffix.lower() == ".md" else None)
    except Exception as error:  # noqa: BLE001 - pyxform and openpyxl raise many kinds on bad files
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (
            None,
            reader.sources,
            [Problem(Location(file), f"cannot read the workbook: {message}")],
        )
    if "survey" not in book:
        return None, reader.sources, [Problem(Location(file), "the workbook has no survey sheet")]
    refusal = pyxform_refusal(file, book, path.stem)
    try:
        sheets = normalised_sheets(book)
    except Exception as error:  # noqa: BLE001 - pyxform refused the headers
        first = (str(error) or type(error).__name__).splitlines()[0]
        return None, reader.sources, [refusal or Problem(Location(file), f"pyxform: {first}")]
    questionnaire = reader.read(sheets, path.stem, themes, path.parent)
    return (
        questionnaire,
        reader.sources,
        [refusal, *reader.problems] if refusal else reader.problems,
    )
