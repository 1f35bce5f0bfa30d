"""Provides the migrations from 0005 on: erasure and the export log, full-text search,
quote approvals, search of merged questionnaires, and bulk answer writes.

They extend `store.schema.MIGRATIONS`, in order; append new ones at the end of this list and
never edit an applied one.
"""

from engagement_tui.store.schema_clock import clock_bump

LATER_MIGRATIONS: list[tuple[str, list[str]]] = []

LATER_MIGRATIONS.append(
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


LATER_MIGRATIONS.append(
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


LATER_MIGRATIONS.append(
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


LATER_MIGRATIONS.append(
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

LATER_MIGRATIONS.append(
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
                BEGIN {clock_bump("NEW.interview_id")} END""",
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
