"""Provides questionnaire loading and checking for both source formats.

    questionnaire = load("questionnaires/member-survey.yaml")   # or .xlsx, .xls, .csv, .md
    problems = check("draft.xlsx")                              # [] when valid

The format is chosen by extension: .yaml/.yml is the native format (docs/questionnaire-format.md),
.xlsx/.xls/.csv/.md an XLSForm. `load` raises QuestionnaireError listing every problem found;
each Problem prints as FILE:LINE:COL: message (YAML) or FILE:SHEET:ROW: message (XLSForm).
"""

from __future__ import annotations

from pathlib import Path

from engagement_tui.interview.questionnaire import Location, Questionnaire
from engagement_tui.loaders.checks import check_questionnaire as _check_with_sources
from engagement_tui.loaders.problems import Problem, QuestionnaireError
from engagement_tui.loaders.sources import SourceMap

__all__ = [
    "XLSFORM_SUFFIXES",
    "YAML_SUFFIXES",
    "Problem",
    "QuestionnaireError",
    "check",
    "check_questionnaire",
    "load",
]

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
XLSFORM_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".md"})
TEXT_XLSFORM_SUFFIXES = frozenset({".csv", ".md"})
PYXFORM = "pyxform: "
SHEET_ORDER = {"": 0, "settings": 1, "survey": 2, "choices": 3, "codebook": 4}
MAX_FILE_BYTES = 50_000_000
"""A questionnaire file's size limit (as a workbook's unpacked size): ten times a form with
200,000 choices; the largest real form is well under 1 MB."""


def check_questionnaire(q: Questionnaire) -> list[Problem]:
    """The semantic problems of a built questionnaire ([] when it can be run)."""
    return _check_with_sources(q)


def _decode(file: str, data: bytes) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [Problem(Location(file, line, column), "the file is not UTF-8 text")]


def _read(path: str | Path) -> tuple[Questionnaire | None, list[Problem]]:
    """Build the model and collect every problem: reading, shape, then semantic checks."""
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES | XLSFORM_SUFFIXES:
        known = ", ".join(sorted(YAML_SUFFIXES | XLSFORM_SUFFIXES))
        return None, [Problem(Location(file), f"unknown questionnaire format '{suffix}' ({known})")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(Location(file), f"cannot read the file: {error.strerror or error}")]
    if not data.strip():
        return None, [Problem(Location(file), "the file is empty")]
    if len(data) > MAX_FILE_BYTES:
        message = (
            f"the file is {len(data) / 1e6:,.0f} MB, over the {MAX_FILE_BYTES / 1e6:,.0f} MB"
            " a questionnaire may take"
        )
        return None, [Problem(Location(file), message)]
    text: str | None = None
    if suffix in YAML_SUFFIXES | TEXT_XLSFORM_SUFFIXES:
        text, problems = _decode(file, data)
        if text is None:
            return None, problems
    sources: SourceMap
    if suffix in YAML_SUFFIXES:
        from engagement_tui.loaders.yaml_format import read_yaml

        questionnaire, sources, problems = read_yaml(file, text or "")
    else:
        from engagement_tui.loaders.xlsform import read_xlsform

        questionnaire, sources, problems = read_xlsform(file, path, text)
    if questionnaire is None:
        return None, problems
    found = problems + _check_with_sources(questionnaire, sources)
    ours = {problem.location for problem in found if not problem.message.startswith(PYXFORM)}
    # pyxform's refusal stands alone only where our own message does not already say it
    found = [p for p in found if not (p.message.startswith(PYXFORM) and p.location in ours)]
    return questionnaire, sorted(dict.fromkeys(found), key=_reading_order)


def _reading_order(problem: Problem) -> tuple:
    where = problem.location
    sheet = SHEET_ORDER.get(where.sheet or "", len(SHEET_ORDER))
    return (sheet, where.row or 0, where.line or 0, where.column or 0)


def check(path: str | Path) -> list[Problem]:
    """Every problem of the questionnaire file at `path`; [] when it is valid."""
    return _read(path)[1]


def load(path: str | Path) -> Questionnaire:
    """The questionnaire at `path`; raises QuestionnaireError listing every problem found."""
    questionnaire, problems = _read(path)
    if problems or questionnaire is None:
        raise QuestionnaireError(problems)
    return questionnaire
