"""Provides the reading of a `type` cell shared by both formats: "select_one agree5" and aliases.

Both the native YAML and XLSForm write a question's type the XLSForm way, a keyword then,
for choice types, the name of a choice list. Aliases are those pyxform accepts.
"""

from __future__ import annotations

from engagement_tui.interview.questionnaire import CHOICE_TYPES, QUESTION_TYPES

TYPE_ALIASES = {
    "select one": "select_one",
    "select1": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "int": "integer",
    "string": "text",
    "trigger": "acknowledge",
    "photo": "image",
    "gps": "geopoint",
    "datetime": "datetime",
    "dateTime": "datetime",
}
"""Other spellings of a supported type, as XLSForm and pyxform accept them."""

METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "imei",
        "username",
        "email",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
    }
)
"""ODK metadata rows: filled in by the device, no question to ask, so XLSForm loading skips them."""

UNSUPPORTED_TYPES = frozenset(
    {
        "start-geopoint",
        "background-audio",
        "osm",
        "xml-external",
        "csv-external",
        "select_one_from_file",
        "select_multiple_from_file",
        "select_one_external",
        "begin repeat",
        "begin_repeat",
    }
)
"""XLSForm types that exist but that an interview in this app cannot run."""


def split_type(text: str) -> tuple[str, str, str]:
    """Split a type cell into (type, choice list name, anything after the list name).

    The type comes back lowercased and de-aliased; it may still be unknown, which the
    checks report. "select one from agree5" style spellings are not XLSForm and stay unknown.
    """
    words = text.split()
    if not words:
        return "", "", ""
    lowered = [word.lower() for word in words]
    for width in (4, 3, 2):
        alias = TYPE_ALIASES.get(" ".join(lowered[:width]))
        if alias:
            rest = words[width:]
            break
    else:
        alias = TYPE_ALIASES.get(lowered[0], lowered[0])
        rest = words[1:]
    list_name = rest[0] if rest else ""
    return alias, list_name, " ".join(rest[1:])


def type_problem(question_type: str) -> str | None:
    """Why a type cannot be run, or None when the app supports it."""
    if question_type in QUESTION_TYPES:
        return None
    if not question_type:
        return "missing type"
    if question_type in UNSUPPORTED_TYPES or question_type in METADATA_TYPES:
        return f"type '{question_type}' is not supported by this app"
    return f"unknown question type '{question_type}'"


def type_shape_problem(question_type: str, list_name: str, extra: str) -> str | None:
    """What is wrong with the words around a type ("integer agree5", "select_one x or_other")."""
    if extra == "or_other":
        return "'or_other' is not supported: add an 'other' choice and a text question"
    if extra:
        return f"unexpected '{extra}' after the list name in the type"
    if list_name and question_type not in CHOICE_TYPES and question_type in QUESTION_TYPES:
        return f"type '{question_type}' takes no choice list, found '{list_name}'"
    return None
