"""Provides `engage org import|list`: the member register from a CSV file, and a table of it.

An import is all or nothing: every row is checked first, then the register is updated in one
transaction, so a bad row leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import click

from engagement_tui.commands.common import AppContext, fail, pass_app

REGISTER_COLUMNS = ("name", "type", "region", "system")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (NUL, the ESC of terminal escapes...) never belong in a register."""


def read_register(path: Path) -> list[dict[str, Any]]:
    """The rows of a register CSV as records; raises ValueError naming FILE:ROW on bad input."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"{path}: not UTF-8 text (save it as 'CSV UTF-8'): {error.reason}"
        raise ValueError(message) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ValueError(f"{path}: unreadable CSV: {error}") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ValueError(f"{path}: the file is empty (expected a header row with 'name')")
    headers = [cell.strip().lower() for cell in rows[0]]
    named = [header for header in headers if header]
    duplicates = sorted({header for header in named if named.count(header) > 1})
    if duplicates:
        raise ValueError(f"{path}:1: column '{duplicates[0]}' appears twice in the header")
    if "name" not in headers:
        raise ValueError(f"{path}:1: no 'name' column (found: {', '.join(named)})")
    records = []
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(headers) and any(cell.strip() for cell in row[len(headers) :]):
            raise ValueError(f"{path}:{row_number}: more cells than header columns")
        record = {
            header: cell.strip()
            for header, cell in zip(headers, row, strict=False)
            if header and (header in REGISTER_COLUMNS or cell.strip())
        }
        if not record.get("name"):
            raise ValueError(f"{path}:{row_number}: empty name")
        for header, cell in record.items():
            bad = CONTROL.search(cell)
            if bad:
                raise ValueError(
                    f"{path}:{row_number}:{header}: contains the control character"
                    f" U+{ord(bad.group()):04X}; remove it and import again"
                )
        records.append(record)
    return records


@click.group()
def org() -> None:
    """Load and list the member register (organisations).

    \b
    Example:
      engage org import examples/member-register.csv
    """


@org.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def import_(app: AppContext, file: Path) -> None:
    """Add or update organisations from a CSV file.

    Columns name, type, region and system (header names in any case); other columns are
    kept as attributes. Organisations are matched by name, ignoring case. Nothing is
    changed if any row is bad.

    \b
    Example:
      engage org import examples/member-register.csv
    """
    try:
        records = read_register(file)
    except OSError as error:
        fail(f"{file}: {error.strerror or error}")
    except ValueError as error:
        fail(str(error))
    app.allow_create()
    result = app.store.register.upsert_many(records)
    click.echo(f"{file}: {result.added} added, {result.updated} updated")


@org.command(name="list")
@click.option("--type", "type_", help="Only organisations of this type (case-insensitive).")
@pass_app
def list_(app: AppContext, type_: str | None) -> None:
    """Show the member register: name, type, region and system.

    \b
    Example:
      engage org list --type "NHS trust"
    """
    organisations = app.store.register.list()
    if type_:
        organisations = [o for o in organisations if o.type.casefold() == type_.casefold()]
    rows = [("name", "type", "region", "system")]
    rows += [(o.name, o.type, o.region, o.system) for o in organisations]
    if len(rows) > 1:
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            click.echo("  ".join(cells).rstrip())
    noun = "organisation" if len(organisations) == 1 else "organisations"
    click.echo(f"{len(organisations)} {noun}" + (f" of type {type_}" if type_ else ""))
