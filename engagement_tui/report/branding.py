"""Provides the report's branding: organisation name, programme and colours, kept per database.

Set once with `engage settings set report.organisation "..."`; every report written from
that database (by `engage report` or from the app) uses them. Names and values are checked
here, so a typo or a colour reportlab cannot draw is refused before it is stored.
"""

from __future__ import annotations

import re

from engagement_tui.store import Store

BRANDING = {
    "report.organisation": ("organisation", "Organisation name on the cover and in the footer"),
    "report.programme": (
        "programme",
        "Programme shown under the title, e.g. Member engagement 2026",
    ),
    "report.primary_colour": ("primary_colour", "Headings, bars and table heads, as #RRGGBB"),
    "report.accent_colour": ("accent_colour", "The cover's accent stripe, as #RRGGBB"),
}
"""Setting name -> (ReportSettings field, what it is for)."""

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class SettingError(ValueError):
    """An unknown setting or a value it cannot take; the message is one line."""


def check(name: str, value: str) -> str:
    """The value as stored ("" means back to the default), or SettingError naming what is wrong."""
    if name not in BRANDING:
        known = ", ".join(BRANDING)
        raise SettingError(f"unknown setting {name!r} (known: {known})")
    value = value.strip()
    if value and name.endswith("_colour") and not _COLOUR.match(value):
        raise SettingError(f"{name}: {value!r} is not a colour like #1F4E79")
    return value


def stored(store: Store) -> dict[str, str]:
    """The branding set in this database, as ReportSettings keyword arguments."""
    values = {}
    for name, (field_name, _) in BRANDING.items():
        value = store.settings.get(name)
        if value:
            values[field_name] = value
    return values
