"""Shared fixtures: a real SQLite store on disk, fresh for each test."""

from __future__ import annotations

import pytest

from engagement_tui.store import Store


@pytest.fixture(autouse=True)
def private_keys_dir(tmp_path_factory, monkeypatch):
    """Pseudonym keys go to a folder of the test's own, never the user data directory
    (`engage` processes the tests start inherit it too)."""
    from engagement_tui.store.pseudonym_key import KEYS_ENV

    folder = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv(KEYS_ENV, str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path):
    """Path of a database file that does not exist yet."""
    return tmp_path / "engage.db"


@pytest.fixture
def store(db_path):
    """A real, migrated store on disk (WAL, synchronous=FULL), closed after the test."""
    opened = Store.open(db_path)
    yield opened
    opened.close()
