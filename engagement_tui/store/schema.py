"""Provides the schema as an ordered list of named migrations, each applied once per file.

Answers are a long table (one row per interview and question), never a column per
question: SQLite caps a table at 2,000 columns. Every record that travels between
laptops carries a UUID. Append new migrations at the end; never edit an applied one.
"""

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


def _clock_bump(interview_id: str) -> str:
    """The statement that counts one edit of an interview by this device in its version clock.

    Plain SQL, no functions: the connection runs with trusted_schema=OFF."""
    # Only while the interview exists: erasing one deletes its answers by cascade, and a
    # clock row for an interview that is gone would break the foreign key.
    return (
        "INSERT INTO interview_clocks (interview_id, device, edits)"
        f" SELECT {interview_id}, (SELECT uuid FROM device_identity), 1"
        f" WHERE EXISTS (SELECT 1 FROM interviews WHERE id = {interview_id})"
        " ON CONFLICT (interview_id, device) DO UPDATE SET edits = edits + 1;"
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
                BEGIN {_clock_bump("NEW.interview_id")} END""",
            f"""CREATE TRIGGER answers_clock_update AFTER UPDATE ON answers
                BEGIN {_clock_bump("NEW.interview_id")} END""",
            f"""CREATE TRIGGER answers_clock_delete AFTER DELETE ON answers
                BEGIN {_clock_bump("OLD.interview_id")} END""",
            f"""CREATE TRIGGER interviews_clock_update AFTER UPDATE OF {_EDITED_FIELDS}
                ON interviews BEGIN {_clock_bump("NEW.id")} END""",
        ],
    )
)


MIGRATIONS.append(
    (
        "0005_erasure_and_export_log",
        [
            # What `engage erase` removed, by id only (never a name or an answer), so that
            # other copies can be told to remove it too and a re-import does not bring it
            # back ('external': a survey return's instanceID or content key).
            """CREATE TABLE tombstones (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL
                    CHECK (kind IN ('interview', 'organisation', 'contact', 'external')),
                uuid TEXT NOT NULL,
                erased_at TEXT NOT NULL,
                UNIQUE (kind, uuid)
            )""",
            # Every file written from the database (export, report, backup) and the interviews
            # it holds, so an erasure can list the earlier files that still hold the person.
            """CREATE TABLE export_log (
                id INTEGER PRIMARY KEY,
                path TEXT NOT NULL,
                kind TEXT NOT NULL,
                form_id TEXT NOT NULL DEFAULT '',
                written_at TEXT NOT NULL
            )""",
            """CREATE TABLE export_log_interviews (
                export_id INTEGER NOT NULL REFERENCES export_log (id) ON DELETE CASCADE,
                interview_uuid TEXT NOT NULL,
                PRIMARY KEY (export_id, interview_uuid)
            ) WITHOUT ROWID""",
            "CREATE INDEX export_log_interviews_uuid ON export_log_interviews (interview_uuid)",
        ],
    )
)


MIGRATIONS.append(
    (
        "0006_text_search",
        [
            # Full-text search over free text. Triggers on answers and notes keep
            # `search_text` (every answer to a text question, every note) exact on every write. With
            # trusted_schema OFF a trigger may neither write an FTS5 table nor call the JSON
            # functions, so the triggers queue each change in `search_changes` (answers as
            # their stored JSON, `json` = 1) and `store.search` replays the queue into the
            # contentless FTS5 index `search_index` (rowid = search_text.id) before every
            # search, in order and in one transaction: a search sees every answer saved.
            """CREATE TABLE search_text (
                id INTEGER PRIMARY KEY,
                interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                question TEXT NOT NULL DEFAULT '',
                note_id INTEGER REFERENCES notes (id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                json INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE UNIQUE INDEX search_text_source
                ON search_text (interview_id, question, coalesce(note_id, 0))""",
            "CREATE INDEX search_text_note ON search_text (note_id) WHERE note_id IS NOT NULL",
            """CREATE VIRTUAL TABLE search_index USING fts5(
                text, content='', tokenize='porter unicode61'
            )""",
            # The free-text questions of each form: only their answers are indexed (a choice's
            # stored name or a date is a JSON string too, and would only bloat the index).
            """CREATE TABLE search_questions (
                form_id TEXT NOT NULL,
                question TEXT NOT NULL,
                PRIMARY KEY (form_id, question)
            ) WITHOUT ROWID""",
            """CREATE TABLE search_changes (
                seq INTEGER PRIMARY KEY,
                id INTEGER NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('insert', 'delete')),
                text TEXT NOT NULL,
                json INTEGER NOT NULL
            )""",
            """CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
                INSERT INTO search_changes (id, op, text, json)
                    VALUES (new.id, 'insert', new.text, new.json);
            END""",
            """CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN
                INSERT INTO search_changes (id, op, text, json)
                    VALUES (old.id, 'delete', old.text, old.json);
            END""",
            """CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN
                INSERT INTO search_changes (id, op, text, json)
                    VALUES (old.id, 'delete', old.text, old.json);
                INSERT INTO search_changes (id, op, text, json)
                    VALUES (new.id, 'insert', new.text, new.json);
            END""",
            # A JSON string answer starts with a double quote; numbers, lists, null do not.
            """CREATE TRIGGER answers_search_ai AFTER INSERT ON answers
                WHEN substr(new.value, 1, 1) = '"' AND length(new.value) > 2 AND EXISTS (
                    SELECT 1 FROM search_questions s JOIN interviews i ON i.form_id = s.form_id
                    WHERE i.id = new.interview_id AND s.question = new.question) BEGIN
                INSERT INTO search_text (interview_id, question, text, json)
                    VALUES (new.interview_id, new.question, new.value, 1);
            END""",
            """CREATE TRIGGER answers_search_ad AFTER DELETE ON answers BEGIN
                DELETE FROM search_text WHERE interview_id = old.interview_id
                    AND question = old.question AND coalesce(note_id, 0) = 0;
            END""",
            """CREATE TRIGGER answers_search_au AFTER UPDATE OF value ON answers BEGIN
                DELETE FROM search_text WHERE interview_id = old.interview_id
                    AND question = old.question AND coalesce(note_id, 0) = 0;
                INSERT INTO search_text (interview_id, question, text, json)
                    SELECT new.interview_id, new.question, new.value, 1
                    WHERE substr(new.value, 1, 1) = '"' AND length(new.value) > 2 AND EXISTS (
                        SELECT 1 FROM search_questions s JOIN interviews i
                        ON i.form_id = s.form_id
                        WHERE i.id = new.interview_id AND s.question = new.question);
            END""",
            """CREATE TRIGGER notes_search_ai AFTER INSERT ON notes BEGIN
                INSERT INTO search_text (interview_id, question, note_id, text)
                    VALUES (new.interview_id, new.question, new.id, new.text);
            END""",
            """CREATE TRIGGER notes_search_ad AFTER DELETE ON notes BEGIN
                DELETE FROM search_text WHERE note_id = old.id;
            END""",
            """CREATE TRIGGER notes_search_au AFTER UPDATE OF text, question ON notes BEGIN
                DELETE FROM search_text WHERE note_id = old.id;
                INSERT INTO search_text (interview_id, question, note_id, text)
                    VALUES (new.interview_id, new.question, new.id, new.text);
            END""",
            # What the database held before: queued by the triggers, indexed on first search.
            """INSERT OR IGNORE INTO search_questions (form_id, question)
                SELECT q.form_id, json_extract(j.value, '$.name')
                FROM questionnaires q, json_each(q.definition, '$.questions') j
                WHERE json_extract(j.value, '$.type') = 'text'""",
            """INSERT INTO search_text (interview_id, question, text, json)
                SELECT a.interview_id, a.question, a.value, 1 FROM answers a
                JOIN interviews i ON i.id = a.interview_id
                JOIN search_questions s ON s.form_id = i.form_id AND s.question = a.question
                WHERE substr(a.value, 1, 1) = '"' AND length(a.value) > 2""",
            """INSERT INTO search_text (interview_id, question, note_id, text)
                SELECT interview_id, question, id, text FROM notes""",
        ],
    )
)


MIGRATIONS.append(
    (
        "0007_quote_approvals",
        [
            # A quote is published only once the coordinator approved it, as it then read:
            # `key` is 'N<note id>' (a quote the interviewer took down) or
            # 'A<interview id>:<question>' (a free-text answer); `text` is the note's text or
            # the answer's stored JSON value, so an approval lapses when the words change.
            """CREATE TABLE quote_approvals (
                key TEXT PRIMARY KEY,
                text TEXT NOT NULL,
                approved_at TEXT NOT NULL
            ) WITHOUT ROWID""",
        ],
    )
)


MIGRATIONS.append(
    (
        "0008_search_merged_questionnaires",
        [
            # Questionnaires that came in a kit or bundle did not register their free-text
            # questions for search, so their answers were never indexed: register them, and
            # queue every such answer not in `search_text` yet (indexed on the next search).
            """INSERT OR IGNORE INTO search_questions (form_id, question)
                SELECT q.form_id, json_extract(j.value, '$.name')
                FROM questionnaires q, json_each(q.definition, '$.questions') j
                WHERE json_extract(j.value, '$.type') = 'text'""",
            """INSERT INTO search_text (interview_id, question, text, json)
                SELECT a.interview_id, a.question, a.value, 1 FROM answers a
                JOIN interviews i ON i.id = a.interview_id
                JOIN search_questions s ON s.form_id = i.form_id AND s.question = a.question
                WHERE substr(a.value, 1, 1) = '"' AND length(a.value) > 2
                AND NOT EXISTS (SELECT 1 FROM search_text t WHERE t.interview_id = a.interview_id
                    AND t.question = a.question AND coalesce(t.note_id, 0) = 0)""",
        ],
    )
)

MIGRATIONS.append(
    (
        "0009_bulk_answer_writes",
        [
            # A bulk writer (store/bulk_writer.py) puts a row here for the length of its own
            # transaction, and deletes it before committing, so no other connection ever sees
            # it. While it is there the per-answer triggers below stand aside and the writer
            # does the same work once per chunk, set-wise: a survey-return import of 100,000
            # interviews would otherwise run two sub-queries and an upsert per answer.
            "CREATE TABLE bulk_writes (active INTEGER PRIMARY KEY)",
            "DROP TRIGGER answers_clock_insert",
            f"""CREATE TRIGGER answers_clock_insert AFTER INSERT ON answers
                WHEN NOT EXISTS (SELECT 1 FROM bulk_writes)
                BEGIN {_clock_bump("NEW.interview_id")} END""",
            "DROP TRIGGER answers_search_ai",
            """CREATE TRIGGER answers_search_ai AFTER INSERT ON answers
                WHEN NOT EXISTS (SELECT 1 FROM bulk_writes)
                AND substr(new.value, 1, 1) = '"' AND length(new.value) > 2 AND EXISTS (
                    SELECT 1 FROM search_questions s JOIN interviews i ON i.form_id = s.form_id
                    WHERE i.id = new.interview_id AND s.question = new.question) BEGIN
                INSERT INTO search_text (interview_id, question, text, json)
                    VALUES (new.interview_id, new.question, new.value, 1);
            END""",
        ],
    )
)
