"""Provides the interview details both front ends ask for: modes, consent bases, attribution.

One place for the choices (stored value, label shown) and their defaults, so the app's
start form, plain mode and the review's "change details" offer the same things and start
from the same answer. Attribution defaults to anonymous: quoting someone by name needs
their say-so, never a default.
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION_CHOICES",
    "CONSENT_CHOICES",
    "DEFAULT_ATTRIBUTION",
    "DEFAULT_CONSENT",
    "DEFAULT_MODE",
    "DETAIL_FIELDS",
    "MODE_CHOICES",
    "label_of",
]

MODE_CHOICES = (("in person", "In person"), ("phone", "Phone"), ("video", "Video"))
CONSENT_CHOICES = (
    ("consent", "Consent"),
    ("legitimate interests", "Legitimate interests"),
    ("public task", "Public task"),
)
ATTRIBUTION_CHOICES = (
    ("named", "Named"),
    ("role_only", "Role only"),
    ("anonymous", "Anonymous"),
)
DEFAULT_MODE = "in person"
DEFAULT_CONSENT = "consent"
DEFAULT_ATTRIBUTION = "anonymous"

DETAIL_FIELDS = ("respondent", "role", "consent_basis", "attribution")
"""The details an interviewee may change their mind about after the interview started."""


def label_of(choices: tuple[tuple[str, str], ...], value: str) -> str:
    """The label shown for a stored value (the value itself if it is not a choice)."""
    return next((label for name, label in choices if name == value), value)
