"""Provides a converter from a native YAML questionnaire to an XLSForm workbook.

The shipped member survey exists in both formats; the .xlsx is always generated from the
.yaml by this script so the two can never drift apart. Run it from the repository root
after editing a YAML questionnaire:

    python scripts/make_xlsform.py questionnaires/member-survey.yaml

which checks the YAML with the app's own loader, then writes questionnaires/member-survey.xlsx
(or the output named as a second argument). An invalid source is reported, never converted.

The workbook follows XLSForm conventions (`survey`, `choices` and `settings` sheets;
`begin group` / `end group` rows; `required` = yes) and carries the engagement extensions
as extra columns (`statement`, `probe` on the survey sheet, `positive` on the choices
sheet) plus a `codebook` sheet of themes. Columns no question uses are left out.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

# The checkout this script sits in, not whichever copy of the package is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from engagement_tui.interview.questionnaire import QUESTION_TEXT_FIELDS  # noqa: E402

SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    *(field for field in QUESTION_TEXT_FIELDS if field not in ("label", "hint")),
    "parameters",
)
"""Survey sheet columns, in the order a form author expects to read them."""

GROUP_KEYS = ("label", "relevant", "appearance")
"""Keys a native group may carry onto its `begin group` row."""

# A fixed timestamp keeps the generated file identical from run to run, so git shows a
# change only when the questionnaire itself changed.
FIXED_TIMESTAMP = datetime(2026, 11, 1)


def survey_rows(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Flatten native survey items (questions and nested groups) into survey-sheet rows."""
    rows: list[dict[str, str]] = []
    for item in items:
        if "group" in item:
            begin = {"type": "begin group", "name": str(item["group"])}
            begin.update({key: _cell(item[key]) for key in GROUP_KEYS if key in item})
            rows.append(begin)
            rows.extend(survey_rows(item.get("questions") or []))
            rows.append({"type": "end group"})
        else:
            rows.append({key: _cell(item[key]) for key in SURVEY_COLUMNS if key in item})
    return rows


def choice_rows(choices: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    """One choices-sheet row per choice; `positive` becomes `yes` (or `no` when false)."""
    rows = []
    for list_name, options in choices.items():
        for option in options:
            row = {"list_name": list_name, "name": str(option["name"]), "label": option["label"]}
            if "positive" in option:
                row["positive"] = _cell(option["positive"])
            rows.append(row)
    return rows


def settings_row(form: dict[str, Any]) -> dict[str, str]:
    row = {"form_title": form["title"], "form_id": form["form_id"], "version": form["version"]}
    if form.get("description"):
        row["description"] = form["description"]
    return {key: _cell(value) for key, value in row.items()}


def codebook_rows(codebook: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"name": theme["name"], "description": _cell(theme.get("description", ""))}
        for theme in codebook
    ]


def convert(source: Path, target: Path) -> None:
    """Read the YAML questionnaire at `source` and write its XLSForm to `target`."""
    import openpyxl
    import yaml

    form = yaml.safe_load(source.read_text(encoding="utf-8"))
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheets = {
        "survey": (survey_rows(form["survey"]), SURVEY_COLUMNS),
        "choices": (choice_rows(form.get("choices") or {}), ("list_name", "name", "label")),
        "settings": ([settings_row(form)], ("form_title", "form_id", "version")),
        "codebook": (codebook_rows(form.get("codebook") or []), ("name", "description")),
    }
    for title, (rows, preferred) in sheets.items():
        _write_sheet(workbook.create_sheet(title), rows, preferred)
    workbook.properties.creator = "scripts/make_xlsform.py"
    workbook.properties.created = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_reproducibly(buffer, target)


def _write_reproducibly(buffer: io.BytesIO, target: Path) -> None:
    """Copy the saved workbook with fixed timestamps, then move it into place.

    openpyxl stamps the save time into docProps/core.xml and every zip entry; fixing both
    means regenerating an unchanged questionnaire gives a byte-identical file.
    """
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(partial, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            copy.writestr(fixed, data, compress_type=zipfile.ZIP_DEFLATED)
    partial.replace(target)


def _write_sheet(sheet: Any, rows: list[dict[str, str]], preferred: tuple[str, ...]) -> None:
    """Write a header of the columns in use (preferred order first), then the rows."""
    used = {key for row in rows for key, value in row.items() if value != ""}
    extra = sorted(used.difference(preferred))
    columns = [column for column in preferred if column in used] + extra
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in columns])
    sheet.freeze_panes = "A2"


def _cell(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value is None else str(value)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: make_xlsform.py SOURCE.yaml [TARGET.xlsx]", file=sys.stderr)
        return 2
    source = Path(argv[0])
    target = Path(argv[1]) if len(argv) == 2 else source.with_suffix(".xlsx")
    import yaml

    # yaml.safe_load alone would quietly accept mistakes the app refuses (a comma in an
    # unquoted {label: ...} splits it into a new key), so only a valid source is converted.
    from engagement_tui.loaders import check

    problems = check(source)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        convert(source, target)
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        # A maintainer's tool, but still one line naming the file rather than a traceback.
        print(f"make_xlsform: {source}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
