"""Provides `read_type`: an XLSForm type cell as pyxform reads it, in the model's words.

pyxform's own tables decide: its select spellings (`select_one`, `select one from`,
`select all that apply`, `... or_other`, `... or specify other`), its begin/end control
words (`begin group`, `begin repeat`, `begin loop`), and its question-type dictionary, whose
bind type and control tag say what an answer is (`gps` is a geopoint, `photo` an image).
Rows the device fills in (start, end, deviceid, audit...) come back as "metadata".
"""

from __future__ import annotations

from dataclasses import dataclass

BIND_TYPES = {
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "datetime",
    "geopoint": "geopoint",
    "geotrace": "geotrace",
    "geoshape": "geoshape",
    "barcode": "barcode",
    "string": "text",
}
MEDIA_TYPES = {"image/*": "image", "audio/*": "audio", "video/*": "video"}
EXTERNAL_SELECTS = {
    "select_one_from_file": ("select_one", "file"),
    "select one from file": ("select_one", "file"),
    "select_multiple_from_file": ("select_multiple", "file"),
    "select multiple from file": ("select_multiple", "file"),
    "select_one_external": ("select_one", "external"),
    "select one external": ("select_one", "external"),
}
"""Selects whose choices come from an attachment (file) or the external_choices sheet."""


@dataclass(frozen=True)
class TypeCell:
    """What a type cell means: `kind` is a model type, "begin"/"end", "metadata" or unknown."""

    kind: str
    list_name: str = ""
    or_other: bool = False
    control: str = ""
    """For begin/end: group, repeat or loop."""
    constraint: str = ""
    hint: str = ""
    """pyxform's built-in constraint and hint of some types (percentage, phone number)."""
    choices_from: str = ""
    """Where a select's choices are: "" the choices sheet, "file" an attachment named by
    `list_name`, "external" the external_choices sheet."""


def read_type(cell: str) -> TypeCell:
    """The meaning of a type cell (already whitespace-collapsed and de-aliased by pyxform)."""
    from pyxform import aliases
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
    from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_SELECT

    text = " ".join(cell.split())
    begin = RE_BEGIN_CONTROL.search(text)
    if begin:
        return TypeCell("begin", begin.group("list_name") or "", control=_control(begin))
    end = RE_END_CONTROL.search(text)
    if end:
        return TypeCell("end", control=_control(end))
    select = RE_SELECT.search(text)
    if select:
        command = select.group("select_command")
        if command in EXTERNAL_SELECTS:
            kind, source = EXTERNAL_SELECTS[command]
            return TypeCell(kind, select.group("list_name"), choices_from=source)
        kind = {
            "select one": "select_one",
            "select all that apply": "select_multiple",
            "rank": "rank",
        }.get(aliases.select[command], command)
        return TypeCell(kind, select.group("list_name"), bool(select.group("specify_other")))
    if text in aliases.settings_header:
        return TypeCell("metadata")
    if text.split()[0].lower() == "osm":
        return TypeCell("file")  # an OpenMapKit .osm file: its path, as any file question
    definition = QUESTION_TYPE_DICT.get(text)
    if definition is None:
        lowered = text.lower()
        definition = QUESTION_TYPE_DICT.get(lowered)
        text = lowered
    if definition is None:
        return TypeCell(text.replace(" ", "_"))
    return _from_definition(text, definition)


def _control(match) -> str:
    from pyxform import aliases

    return aliases.control.get(match.group("type"), match.group("type"))


def _from_definition(name: str, definition: dict) -> TypeCell:
    bind = definition.get("bind", {})
    control = definition.get("control", {})
    tag = control.get("tag")
    if name in ("note", "calculate", "hidden", "range", "acknowledge"):
        return TypeCell(name)
    if "jr:preload" in bind or not control or tag == "action":
        return TypeCell("metadata")  # filled in by the device (start, audit...) or a data file
    if tag == "trigger":
        return TypeCell("metadata" if bind.get("type") == "geopoint" else "acknowledge")
    if tag == "upload":
        mediatype = control.get("mediatype", "")
        return TypeCell(MEDIA_TYPES.get(mediatype, "file"))
    if tag in ("select1", "select"):
        return TypeCell("select_one" if tag == "select1" else "select_multiple")
    kind = BIND_TYPES.get(bind.get("type", ""), name)
    return TypeCell(
        kind, constraint=bind.get("constraint", ""), hint=str(definition.get("hint", ""))
    )
