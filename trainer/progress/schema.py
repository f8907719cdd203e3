"""The store's schema, as numbered migrations from the first version on.

`PRAGMA user_version` holds the version a file is at. Opening a file runs the migrations it lacks,
each in its own transaction; a file from a newer trainer is refused, never altered.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: learners and the event log.
    """
    CREATE TABLE learners (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE events (
        id           INTEGER PRIMARY KEY,
        uuid         TEXT NOT NULL UNIQUE,
        learner_id   INTEGER NOT NULL REFERENCES learners(id),
        course_id    TEXT NOT NULL,
        kind         TEXT NOT NULL,
        lesson_id    TEXT,
        quiz_id      TEXT,
        question_id  TEXT,
        attempt_id   TEXT,
        language     TEXT,
        payload      TEXT NOT NULL DEFAULT '{}',
        at           TEXT NOT NULL
    );
    CREATE INDEX events_by_learner ON events (learner_id, course_id, kind);
    CREATE INDEX events_by_attempt ON events (attempt_id);
    CREATE TRIGGER events_are_appended BEFORE UPDATE ON events
    BEGIN
        SELECT RAISE(ABORT, 'events are appended, never rewritten');
    END;
    """,
    # 2: per-learner settings, and which events an LRS has accepted as xAPI statements.
    """
    CREATE TABLE settings (
        learner_id  INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        PRIMARY KEY (learner_id, key)
    );
    CREATE TABLE sent (
        event_uuid  TEXT PRIMARY KEY REFERENCES events(uuid) ON DELETE CASCADE,
        sent_at     TEXT NOT NULL
    );
    """,
    # 3: which LRS accepted each event, so that a new endpoint gets the whole history. The rows
    # from before name no LRS (''): the first sync after this adopts them for its endpoint.
    """
    CREATE TABLE sent_to (
        event_uuid  TEXT NOT NULL REFERENCES events(uuid) ON DELETE CASCADE,
        lrs         TEXT NOT NULL,
        sent_at     TEXT NOT NULL,
        PRIMARY KEY (event_uuid, lrs)
    );
    INSERT INTO sent_to (event_uuid, lrs, sent_at) SELECT event_uuid, '', sent_at FROM sent;
    DROP TABLE sent;
    ALTER TABLE sent_to RENAME TO sent;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this trainer writes."""
