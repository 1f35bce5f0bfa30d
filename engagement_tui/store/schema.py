"""Provides the schema as an ordered list of named migrations, each applied once per file.

Answers are a long table (one row per interview and question), never a column per
question: SQLite caps a table at 2,000 columns. Every record that travels between
laptops carries a UUID. Append new migrations at the end; never edit an applied one.
"""

from engagement_tui.store.schema_clock import clock_bump

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001_initial",
        [
            """CREATE TABLE organisations (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                type TEXT NOT NULL DEFAULT '',
                region TEXT NOT NULL DEFAULT '',
                system TEXT NOT NULL DEFAULT '',
                attributes TEXT NOT NULL DEFAULT '{}',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE UNIQUE INDEX organisations_name ON organisations (name COLLATE NOCASE)",
            """CREATE TABLE contacts (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                organisation_id INTEGER REFERENCES organisations (id),
                name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE questionnaires (
                id INTEGER PRIMARY KEY,
                form_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                version TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL,
                definition TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                imported_at TEXT NOT NULL,
                UNIQUE (form_id, revision),
                UNIQUE (form_id, content_hash)
            )""",
            """CREATE TABLE interviews (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                questionnaire_id INTEGER NOT NULL REFERENCES questionnaires (id),
                form_id TEXT NOT NULL,
                organisation_id INTEGER REFERENCES organisations (id),
                contact_id INTEGER REFERENCES contacts (id),
                respondent TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT '',
                interviewer TEXT NOT NULL DEFAULT '',
                mode TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'complete', 'withdrawn')),
                consent_basis TEXT NOT NULL DEFAULT '',
                attribution TEXT NOT NULL DEFAULT 'anonymous'
                    CHECK (attribution IN ('named', 'role_only', 'anonymous')),
                position TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT 'interview',
                external_id TEXT,
                content_hash TEXT,
                device TEXT NOT NULL DEFAULT '',
                started_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                completed_at TEXT,
                lock_owner TEXT,
                lock_at TEXT
            )""",
            "CREATE INDEX interviews_form_status ON interviews (form_id, status)",
            """CREATE UNIQUE INDEX interviews_external_id ON interviews (form_id, external_id)
                WHERE external_id IS NOT NULL""",
            """CREATE TABLE answers (
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (interview_id, question)
            ) WITHOUT ROWID""",
            """CREATE TABLE answer_history (
                id INTEGER PRIMARY KEY,
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT,
                changed_at TEXT NOT NULL,
                device TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX answer_history_interview ON answer_history (interview_id, question)",
            """CREATE TABLE drafts (
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL,
                text TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (interview_id, question)
            ) WITHOUT ROWID""",
            """CREATE TABLE notes (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT 'quote' CHECK (kind IN ('quote', 'observation')),
                text TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX notes_interview ON notes (interview_id)",
            """CREATE TABLE themes (
                id INTEGER PRIMARY KEY,
                form_id TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                UNIQUE (form_id, name)
            )""",
            """CREATE TABLE codings (
                id INTEGER PRIMARY KEY,
                theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL DEFAULT '',
                note_id INTEGER REFERENCES notes (id) ON DELETE CASCADE,
                created_at TEXT NOT NULL
            )""",
            """CREATE UNIQUE INDEX codings_unique
                ON codings (theme_id, interview_id, question, coalesce(note_id, 0))""",
        ],
    ),
]

MIGRATIONS.append(
    (
        "0002_findings_index",
        [
            # Covering index for findings: one question's answers are a contiguous range, so
            # counting them per value never sorts and never reads the table (about 0.2 s for
            # 1M answers instead of 1.4 s). Answers is WITHOUT ROWID, so the key
            # (interview_id, question) rides along in every entry anyway.
            "CREATE INDEX answers_question_value ON answers (question, value, interview_id)",
        ],
    )
)

MIGRATIONS.append(
    (
        "0003_settings",
        [
            # Small per-database settings; the pseudonymisation key for exports lives here.
            """CREATE TABLE settings (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ],
    )
)

# A random version-4 UUID in SQL, so the migration can give the database its identity.
_SQL_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'"
    " || substr(lower(hex(randomblob(2))), 2) || '-'"
    " || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || lower(hex(randomblob(6)))"
)


# Interview fields whose change is an edit (position and locks are where the officer is).
_EDITED_FIELDS = (
    "questionnaire_id, organisation_id, respondent, role, interviewer, mode, status,"
    " consent_basis, attribution, external_id, completed_at"
)

MIGRATIONS.append(
    (
        "0004_devices_and_bundles",
        [
            # This database's identity: the UUID is made here, the human name on first use.
            """CREATE TABLE device_identity (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                uuid TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            f"""INSERT INTO device_identity (id, uuid, name, created_at)
                VALUES (1, {_SQL_UUID4}, '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))""",
            # Devices whose bundles were merged here, and every bundle or kit merged.
            """CREATE TABLE devices (
                uuid TEXT PRIMARY KEY,
                name TEXT NOT NULL DEFAULT '',
                last_bundle TEXT,
                last_bundle_created TEXT
            )""",
            """CREATE TABLE bundles (
                uuid TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('kit', 'bundle')),
                device_uuid TEXT NOT NULL,
                created_at TEXT NOT NULL,
                checksum TEXT NOT NULL,
                counts TEXT NOT NULL DEFAULT '{}',
                merged_at TEXT NOT NULL
            )""",
            # Version clock per interview (edits per device), kept by the triggers below: one
            # version descends from another when it counts at least as many edits everywhere.
            """CREATE TABLE interview_clocks (
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                device TEXT NOT NULL,
                edits INTEGER NOT NULL,
                PRIMARY KEY (interview_id, device)
            ) WITHOUT ROWID""",
            # Provenance of the version held: the device that made it, the bundle it came in.
            "ALTER TABLE interviews ADD COLUMN origin_device TEXT",
            "ALTER TABLE interviews ADD COLUMN origin_bundle TEXT",
            # NULL: made here (travels back in bundles); else the kit or bundle it came in.
            "ALTER TABLE organisations ADD COLUMN origin_bundle TEXT",
            # Another device's UUID for an organisation of the same name (a surfaced conflict).
            """CREATE TABLE organisation_aliases (
                uuid TEXT PRIMARY KEY,
                organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
            )""",
            # One row per thing in conflict; `versions` holds every competing version whole.
            """CREATE TABLE conflicts (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('interview', 'organisation', 'questionnaire')),
                subject TEXT NOT NULL,
                versions TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
                detected_at TEXT NOT NULL,
                resolved_at TEXT,
                resolution TEXT,
                UNIQUE (kind, subject)
            )""",
            """CREATE TABLE conflict_history (
                id INTEGER PRIMARY KEY,
                conflict_id INTEGER NOT NULL REFERENCES conflicts (id) ON DELETE CASCADE,
                action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '',
                device TEXT NOT NULL DEFAULT '',
                at TEXT NOT NULL
            )""",
            f"""CREATE TRIGGER answers_clock_insert AFTER INSERT ON answers
                BEGIN {clock_bump("NEW.interview_id")} END""",
            f"""CREATE TRIGGER answers_clock_update AFTER UPDATE ON answers
                BEGIN {clock_bump("NEW.interview_id")} END""",
            f"""CREATE TRIGGER answers_clock_delete AFTER DELETE ON answers
                BEGIN {clock_bump("OLD.interview_id")} END""",
            f"""CREATE TRIGGER interviews_clock_update AFTER UPDATE OF {_EDITED_FIELDS}
                ON interviews BEGIN {clock_bump("NEW.id")} END""",
        ],
    )
)

# Migrations 0005 onwards (erasure, search, quote approvals, bulk writes) live beside this.
from engagement_tui.store.schema_later import LATER_MIGRATIONS  # noqa: E402

MIGRATIONS.extend(LATER_MIGRATIONS)
