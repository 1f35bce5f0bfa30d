"""Provides `Attachment`: a data file stored with a questionnaire revision, and its lookups.

XLSForms read data files beside the form: `pulldata('people', 'name', 'key', ${id})` looks a
value up in `people.csv`, and `select_one_from_file villages.csv` offers its rows as choices.
The loader reads each file once, checks it, and keeps its rows here, inside the revision's
definition, so every copy of the revision (a kit on another laptop too) runs the same
interviews. A file that was not beside the form is kept as `missing`: what reads it says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    """One data file of a questionnaire: its name, hash and rows (every cell as text)."""

    name: str
    """The file name as the form writes it ("people.csv", "items.xml")."""
    sha256: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    missing: bool = False
    """True when the file was not beside the form at import."""

    def column(self, name: str) -> int | None:
        """The position of a column, or None when the file has no such column."""
        try:
            return self.columns.index(name)
        except ValueError:
            return None

    def lookup(self, wanted: str, key_column: str, key: str) -> str:
        """`pulldata`: the `wanted` cell of the first row whose `key_column` is `key`, or ""."""
        wanted_at, key_at = self.column(wanted), self.column(key_column)
        if wanted_at is None or key_at is None:
            missing = wanted if wanted_at is None else key_column
            raise LookupError(f"'{self.name}' has no column '{missing}'")
        for row in self.rows:
            if row[key_at] == key:
                return row[wanted_at]
        return ""

    @classmethod
    def from_dict(cls, item: dict) -> Attachment:
        return cls(
            name=item["name"],
            sha256=item.get("sha256", ""),
            columns=tuple(item.get("columns", ())),
            rows=tuple(tuple(row) for row in item.get("rows", ())),
            missing=bool(item.get("missing", False)),
        )


def pulldata_file(name: str) -> str:
    """The file `pulldata('name', ...)` reads: its first argument plus .csv, as ODK does."""
    return name if name.lower().endswith(".csv") else f"{name}.csv"


ITEMSETS_ALIASES = {"itemsets": "itemsets.csv", "external_choices": "itemsets.csv"}
GEOPOINT_PARTS = {"y": 0, "latitude": 0, "x": 1, "longitude": 1, "z": 2, "altitude": 2}
GEOPOINT_PARTS["accuracy"] = 3


def pulldata_function(attachments: tuple[Attachment, ...]):
    """pulldata() over a questionnaire's attachments, for an expression environment.

    `pulldata('file', 'column', 'key_column', key)` as ODK reads it (the first row whose
    key_column is key; "" when none); `pulldata('@geopoint', ${point}, 'x')` as Survey123
    reads it (x, y, z, accuracy of a point). A file that was not imported, a column it
    lacks, or a web service (reverse geocoding) is a run-time error naming it."""
    from engagement_tui.expressions.functions import FunctionError
    from engagement_tui.expressions.values import to_string

    by_name = {item.name: item for item in attachments}
    indexes: dict[tuple[str, str, str], dict[str, str]] = {}

    def pulldata(args) -> str:
        source = to_string(args[0]).strip()
        if source.startswith("@geopoint"):
            return _geopoint_part(args, FunctionError, to_string)
        if len(args) != 4:
            raise FunctionError(f"pulldata('{source}', ...) takes 4 arguments, found {len(args)}")
        key = to_string(args[3])
        if key == "":
            return ""  # nothing to look up yet
        name = ITEMSETS_ALIASES.get(source, pulldata_file(source))
        attachment = by_name.get(name)
        if attachment is None or attachment.missing:
            raise FunctionError(
                f"pulldata(): attachment '{name}' was not imported with this questionnaire"
            )
        wanted, key_column = to_string(args[1]), to_string(args[2])
        index = indexes.get((name, wanted, key_column))
        if index is None:
            try:
                attachment.lookup(wanted, key_column, "")
            except LookupError as error:
                raise FunctionError(f"pulldata(): {error}") from None
            wanted_at, key_at = attachment.column(wanted), attachment.column(key_column)
            index = {}
            for row in attachment.rows:
                index.setdefault(row[key_at], row[wanted_at])
            indexes[(name, wanted, key_column)] = index
        return index.get(key, "")

    return pulldata


def _geopoint_part(args, error, to_string) -> str:
    point = to_string(args[1]).split()
    part = to_string(args[2]).strip().lower() if len(args) > 2 else ""
    if not point:
        return ""
    if part not in GEOPOINT_PARTS:
        raise error(f"pulldata('@geopoint'): '{part}' needs a web service, not available here")
    position = GEOPOINT_PARTS[part]
    return point[position] if position < len(point) else ""
