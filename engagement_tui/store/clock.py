"""Provides timestamps and identifiers for stored records (UTC ISO-8601, UUID4)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def now() -> str:
    """The current UTC time, ISO-8601 with milliseconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_uuid() -> str:
    return str(uuid.uuid4())
