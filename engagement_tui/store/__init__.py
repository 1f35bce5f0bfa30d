"""Provides the Store: the one place SQL lives, grouped by what the records are about.

    store = Store.open(path)          # creates the file (mode 0600) and applies migrations
    store.forms.save(questionnaire)   # questionnaires, by content hash
    store.register.upsert_many(rows)  # the member register
    store.interviews.save_answer(uuid, "q1", "agree")   # durable on return
    store.imports.import_many(interviews)               # many interviews, one transaction
    store.coding.code(theme_id, uuid, question="q9")    # themes and codings of free text
    store.search.find("workforce", form_id="member_survey")   # full-text search (FTS5)
    store.quotes.approve(["N12"])                        # quotes the coordinator approved

The store hands out model objects and plain dicts, never cursors.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engagement_tui.store.database import Database, StoreError
from engagement_tui.store.forms import Forms, ImportResult, StoredForm
from engagement_tui.store.interviews import Interview, InterviewLocked, Interviews, Note
from engagement_tui.store.register import Organisation, Register, RegisterImport

if TYPE_CHECKING:
    from engagement_tui.store.coding import Coding
    from engagement_tui.store.conflicts import Conflicts
    from engagement_tui.store.devices import Devices
    from engagement_tui.store.imports import Imports
    from engagement_tui.store.privacy import Privacy
    from engagement_tui.store.quotes import Quotes
    from engagement_tui.store.search import Search
    from engagement_tui.store.settings import Settings

__all__ = [
    "Database",
    "ImportResult",
    "Interview",
    "InterviewLocked",
    "Interviews",
    "Note",
    "Organisation",
    "Register",
    "RegisterImport",
    "Store",
    "StoreError",
    "StoredForm",
]


class Store:
    """An open database and the repositories over it."""

    def __init__(self, db: Database, device: str | None = None) -> None:
        self.db = db
        self.forms = Forms(db)
        self.register = Register(db)
        self.interviews = Interviews(db, device)

    # The coordinator's repositories load on first use: an interview needs none of them,
    # and their modules are off the path to the app's first frame.

    @cached_property
    def coding(self) -> Coding:
        from engagement_tui.store.coding import Coding

        return Coding(self.db)

    @cached_property
    def conflicts(self) -> Conflicts:
        from engagement_tui.store.conflicts import Conflicts

        return Conflicts(self.db, self.interviews)

    @cached_property
    def devices(self) -> Devices:
        from engagement_tui.store.devices import Devices

        return Devices(self.db)

    @cached_property
    def imports(self) -> Imports:
        from engagement_tui.store.imports import Imports

        return Imports(self.db, self.interviews.device)

    @cached_property
    def privacy(self) -> Privacy:
        from engagement_tui.store.privacy import Privacy

        return Privacy(self.db)

    @cached_property
    def search(self) -> Search:
        from engagement_tui.store.search import Search

        return Search(self.db)

    @cached_property
    def quotes(self) -> Quotes:
        from engagement_tui.store.quotes import Quotes

        return Quotes(self.db)

    @cached_property
    def settings(self) -> Settings:
        from engagement_tui.store.settings import Settings

        return Settings(self.db)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        device: str | None = None,
        key: str | None = None,
        encrypt: bool = False,
    ) -> Store:
        """The database at `path`; `key` opens an encrypted one (SQLCipher), and with
        `encrypt` a new database is made encrypted with it."""
        return cls(Database(path, key=key, encrypt=encrypt), device)

    @classmethod
    def memory(cls) -> Store:
        return cls(Database(":memory:"))

    @property
    def path(self) -> str:
        return self.db.path

    def counts(self) -> dict[str, Any]:
        """How many of each record the database holds, for `engage info`."""
        count = self.db.scalar
        return {
            "questionnaires": count("SELECT count(DISTINCT form_id) FROM questionnaires"),
            "organisations": count("SELECT count(*) FROM organisations"),
            "interviews": count("SELECT count(*) FROM interviews"),
            "complete": count("SELECT count(*) FROM interviews WHERE status = 'complete'"),
            "draft": count("SELECT count(*) FROM interviews WHERE status = 'draft'"),
            "withdrawn": count("SELECT count(*) FROM interviews WHERE status = 'withdrawn'"),
            "answers": count("SELECT count(*) FROM answers"),
            "notes": count("SELECT count(*) FROM notes"),
        }

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
