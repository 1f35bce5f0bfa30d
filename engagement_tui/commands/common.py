"""Provides what every command shares: the lazily opened store, one-line failures, and the
commands we print, spelt so that they work as typed.

A database is created only on purpose: by `engage init`, `engage demo` and the imports
(which call `app.allow_create()`), or by opening the app on the default database for the
first time. Any other command on a path that does not exist says so in one line and exits 1,
so a mistyped `--db` never leaves an empty database (and its folders) behind.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from engagement_tui.store import Store
    from engagement_tui.store.retention import Purged


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit 1."""
    click.echo(f"engage: {message}", err=True)
    sys.exit(1)


class AppContext:
    """Settings for one invocation: where the database is; the store opened on first use.

    `db_option` is the path given with `--db` (None when the default or $ENGAGE_DB is used):
    the commands we print repeat it, so they act on the same database.
    """

    def __init__(self, db_path: Path, db_option: Path | None = None) -> None:
        self.db_path = db_path
        self.db_option = db_option
        self.may_create = False
        self.writes = False
        self.publishes = False
        self.purged: Purged | None = None
        """What the retention of personal fields removed when the store opened for writing."""
        self.encrypt = False
        """Make a new database encrypted (`engage init --encrypted`)."""
        self.reports_retention = False
        """The command itself reports that retention (`retention apply`): no line on open."""
        self._store: Store | None = None

    def allow_create(self) -> None:
        """This command creates the database if it does not exist yet (imports, demo, init)."""
        self.may_create = True
        self.writes = True

    def for_writing(self) -> None:
        """This command writes: the store is checked (PRAGMA quick_check) when it opens, and a
        damaged, read-only or newer-version database is refused before anything is done."""
        self.writes = True

    def for_publishing(self) -> None:
        """This command publishes figures (findings, report, export): a damaged database is
        refused before a wrong number is printed, though a read-only or newer one is fine."""
        self.publishes = True

    def new_passphrase(self) -> str:
        """The passphrase for a new encrypted database: `$ENGAGE_DB_KEY`, or typed twice."""
        import os

        from engagement_tui.store.driver import KEY_ENV

        if os.environ.get(KEY_ENV):
            return os.environ[KEY_ENV]
        if not sys.stdin.isatty():
            fail(f"an encrypted database needs a passphrase: set ${KEY_ENV}")
        return click.prompt(
            "Passphrase for the new database", hide_input=True, confirmation_prompt=True
        )

    def command(self, args: str) -> str:
        """`engage [--db PATH] ARGS` as it can be pasted into this shell."""
        from engagement_tui.files.paths import engage_command

        where = f" --db {shlex.quote(str(self.db_option))}" if self.db_option else ""
        return f"{engage_command()}{where} {args}"

    def require_database(self) -> None:
        """Exit 1 with one line when the database does not exist and may not be created."""
        if self.may_create or self.db_path.exists():
            return
        if self.db_option is None and "ENGAGE_DB" not in _environ():
            fail(
                f"no database yet at {self.db_path}; fill it with a demo programme"
                f" ({self.command('demo')}) or import a questionnaire"
                f" ({self.command('questionnaire import FILE')})"
            )
        fail(
            f"no database at {self.db_path} (a typo?); create it with"
            f" {self.command('init')}, or {self.command('demo')} for a demo programme"
        )

    @property
    def store(self) -> Store:
        if self._store is None:
            from engagement_tui.store import Store
            from engagement_tui.store.driver import passphrase

            self.require_database()
            key = self.new_passphrase() if self.encrypt else passphrase(self.db_path)
            store = Store.open(self.db_path, key=key, encrypt=self.encrypt)
            for notice in store.db.notices:
                click.echo(f"engage: {notice}", err=True)
            store.db.notices.clear()
            if self.writes or self.publishes:
                from engagement_tui.store import StoreError
                from engagement_tui.store.health import refuse_if_damaged

                try:
                    if store.db.refusal and self.writes:
                        raise StoreError(store.db.refusal)
                    refuse_if_damaged(store.db)
                except StoreError:
                    store.close()
                    raise
            if self.writes:
                from engagement_tui.store.retention import PersonalRetention

                # Personal fields past their retention go first (store/retention.py).
                self.purged = PersonalRetention(store.db).apply()
                if self.purged and self.purged.removed and not self.reports_retention:
                    click.echo(self.purged.line(), err=True)
            self._store = store
        return self._store

    def close(self) -> None:
        if self._store is not None:
            for notice in self._store.db.notices:
                click.echo(f"engage: {notice}", err=True)
            self._store.close()
            self._store = None


def _environ() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if value}


def guard_output(
    app: AppContext,
    target: Path,
    kind: str,
    *,
    inputs: dict[str, Path | None] | None = None,
    force: bool = False,
) -> None:
    """Exit 1 with one line if writing `target` would replace the database, an input file or
    a file of another kind (see `files.outputs`); clean temp files a killed run left there."""
    from engagement_tui.files.outputs import (
        OutputRefused,
        check_output,
        clean_stale_temps,
        database_files,
    )

    db, *beside = database_files(app.db_path)
    protected = [(db, "the open database")]
    protected += [
        (path, f"the open database's {path.name[len(db.name) :]} file") for path in beside
    ]
    protected += [(path, f"the {what}") for what, path in (inputs or {}).items() if path]
    try:
        check_output(target, kind, protected=protected, force=force)
    except OutputRefused as error:
        fail(str(error))
    for stale in clean_stale_temps(target.parent if str(target.parent) else Path(".")):
        click.echo(f"engage: removed {stale}, left by an earlier run that was stopped", err=True)


def log_written(app: AppContext, paths: list[Path], kind: str, form_id: str, uuids) -> None:
    """Record files written from the database and the interviews they hold (the export log
    `engage erase` reads); a read-only database cannot keep it, and says so."""
    store = app.store
    if store.db.read_only or store.db.refusal:
        click.echo(
            "engage: the database cannot be written, so this file is not in its export log:"
            " an erasure will not list it",
            err=True,
        )
        return
    uuids = list(uuids)
    for path in paths:
        store.privacy.log_export(str(Path(path).absolute()), kind, form_id, uuids)


pass_app = click.make_pass_decorator(AppContext)

WHERE_HELP = (
    "Only returns where FIELD is VALUE (repeatable: all must hold). FIELD is"
    " organisation_type, region, system, organisation, interviewer, mode, a register"
    " attribute, or a question (its answer)."
)


def where_option(help: str = WHERE_HELP):
    """`--where FIELD=VALUE`, repeatable: the subset that findings, report and export take."""
    return click.option("--where", "where", multiple=True, metavar="FIELD=VALUE", help=help)


language_option = click.option(
    "--language",
    "language",
    metavar="LANGUAGE",
    help="Questions and choices in this language of the questionnaire (XLSForm label::LANGUAGE;"
    " default: the form's default_language).",
)
"""`--language`: which of a questionnaire's languages its texts are given in."""


def in_language(app: AppContext, questionnaire, language: str | None):
    """`questionnaire` in `language` (None: as stored); a language it lacks fails in one line
    naming those it has."""
    if not language:
        return questionnaire
    from engagement_tui.interview.translations import UnknownLanguage

    try:
        return questionnaire.in_language(language)
    except UnknownLanguage as error:
        fail(str(error))


compare_option = click.option(
    "--compare",
    "compare",
    metavar="FORM_ID_OR_REVISION",
    help="Compare with an earlier wave: another questionnaire's form id, or a revision number"
    " of this one (questions matched by name; changes in percentage points).",
)
"""`--compare`: the earlier wave that findings and report set beside this one."""
