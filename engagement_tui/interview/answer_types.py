"""Provides parsing of the answers typed for time, dateTime, geo and media questions.

Each parser takes what the officer typed (or a stored canonical value, which parses to
itself) and gives the canonical value the model defines, or raises InvalidInput saying
what to enter:

- time: "14:30" or "14:30:15" -> "14:30:00" / "14:30:15";
- datetime: "2026-03-01 14:30", "2026-03-01T14:30:15", "01/03/2026 14:30" -> "2026-03-01T14:30:00";
- geopoint: "lat lon [alt [accuracy]]" -> "lat lon alt acc" (ODK's text form);
- geotrace / geoshape: points separated by ";" -> points joined by ";" (a shape is closed);
- image/audio/video/file: the path of an existing file -> "sha256:HEX /absolute/path".
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_DATE_PART = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4})")
_MEDIA = re.compile(r"sha256:([0-9a-f]{64}) (.+)", re.S)


class InvalidInput(Exception):
    """Raw input that does not fit the question's type; the message says what to enter."""


def parse_time(raw: Any) -> str:
    message = "Enter a time as HH:MM (24-hour clock), e.g. 14:30"
    if isinstance(raw, time):
        return raw.replace(microsecond=0).isoformat()
    match = _TIME.fullmatch(str(raw).strip())
    if not match:
        raise InvalidInput(message)
    hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return time(hour, minute, second).isoformat()
    except ValueError:
        raise InvalidInput(message) from None


def parse_datetime(raw: Any) -> str:
    message = "Enter a date and time as YYYY-MM-DD HH:MM, e.g. 2026-03-01 14:30"
    if isinstance(raw, datetime):
        return raw.replace(microsecond=0, tzinfo=None).isoformat()
    text = str(raw).strip().replace("T", " ", 1)
    day_text, _, time_text = text.partition(" ")
    match = _DATE_PART.fullmatch(day_text)
    if not match or not time_text.strip():
        raise InvalidInput(message)
    if match.group(1):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    else:
        day, month, year = (int(match.group(i)) for i in (4, 5, 6))
    try:
        when = date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{day_text} is not a real date") from None
    return f"{when.isoformat()}T{parse_time(time_text.strip())}"


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def _point(text: str) -> str:
    message = "Enter a location as latitude longitude [altitude accuracy], e.g. 51.5074 -0.1278"
    parts = text.replace(",", " ").split()
    if not 2 <= len(parts) <= 4:
        raise InvalidInput(message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise InvalidInput(message) from None
    if not all(math.isfinite(number) for number in numbers):
        raise InvalidInput(message)
    latitude, longitude = numbers[0], numbers[1]
    if not -90 <= latitude <= 90:
        raise InvalidInput(f"Latitude must be from -90 to 90, not {parts[0]}")
    if not -180 <= longitude <= 180:
        raise InvalidInput(f"Longitude must be from -180 to 180, not {parts[1]}")
    numbers += [0.0] * (4 - len(numbers))
    if numbers[3] < 0:
        raise InvalidInput("Accuracy cannot be negative")
    return " ".join(_plain(number) for number in numbers)


def parse_geopoint(raw: Any) -> str:
    return _point(str(raw).strip())


def parse_points(raw: Any, shape: bool) -> str:
    """A line (geotrace, at least 2 points) or a closed shape (geoshape, at least 3 corners)."""
    if isinstance(raw, list | tuple):
        pieces = [str(item) for item in raw]
    else:
        pieces = re.split(r"[;\n]", str(raw))
    points = [_point(piece) for piece in pieces if piece.strip()]
    if shape:
        if points and points[0] != points[-1]:
            points.append(points[0])
        if len(set(points)) < 3:
            raise InvalidInput("A shape needs at least 3 points, separated by ;")
    elif len(points) < 2:
        raise InvalidInput("A line needs at least 2 points, separated by ;")
    return ";".join(points)


def parse_media(raw: Any) -> str:
    """The file's sha256 and absolute path: what was recorded, checkable later."""
    text = str(raw).strip()
    stored = _MEDIA.fullmatch(text)
    if stored:
        return text
    path = Path(text.strip("'\"")).expanduser()
    try:
        if not path.is_file():
            raise InvalidInput(f"No such file: {text} (leave it empty to skip)")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise InvalidInput(f"Cannot read {text}: {error.strerror or error}") from None
    return f"sha256:{digest.hexdigest()} {path.resolve()}"
