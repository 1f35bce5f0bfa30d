"""Fixtures for the TUI tests: a seeded store, a fixed clock, the app factory, no cursor blink."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, TextArea

from engagement_tui.store import Store
from engagement_tui.tui.app import EngagementApp
from tests.tui.sample import seed

FIXED_TIME = datetime(2026, 11, 22, 14, 2, 31)


def fixed_clock() -> datetime:
    """The clock the tests run on, so 'Saved 14:02:31' is the same in every run."""
    return FIXED_TIME


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor would make screenshots depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def seeded(store: Store) -> Store:
    """The store with the sample questionnaire ('leaders') and register."""
    seed(store)
    return store


def make_app(store: Store, **options) -> EngagementApp:
    return EngagementApp(store, clock=fixed_clock, **options)


def new_interview(store: Store, organisation: str = "Westmoor ICB", **fields) -> str:
    """Create a draft interview of the sample questionnaire; return its uuid."""
    org = store.register.find(organisation)
    assert org is not None
    values = {"respondent": "Jane Smith", "role": "Chief executive", "attribution": "named"}
    return store.interviews.create("leaders", organisation_id=org.id, **{**values, **fields}).uuid
