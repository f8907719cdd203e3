"""The outbox: which stored events an LRS has not accepted yet, and marking those it has.

An event is pending until its uuid is in the `sent` table; it goes there only once the LRS has
accepted every statement made from it (or has shown it already holds them). Nothing here is ever
deleted, so an LRS that is down, slow or refusing only keeps events pending a little longer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from trainer.progress.store import Learner, Store

LEARNER_KEY = "xapi_id"
"""The setting that holds a learner's opaque id in statements."""


ACCOUNT_NAME_FILE = "account-name"
"""In a data folder that `trainer serve` gave to an account of the organisation's sign-on: the
account exactly as the sign-on named it. Statements then carry it as the actor's account name (on
the organisation's home page), instead of an opaque id nothing links to the agent."""


def organisation_account(store: Store) -> str | None:
    """The sign-on account whose data folder holds this store, or None (not an account's)."""
    if store.path is None:
        return None
    try:
        text = (store.path.parent / ACCOUNT_NAME_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    account = text.strip()
    return account if account and "\n" not in account and len(account) <= 256 else None


def learner_key(store: Store, learner: Learner) -> str:
    """The learner's id for statements: the organisation's account when the folder is one's
    (`organisation_account`), else an opaque id: a random UUID, made once and kept in settings.

    Made in the transaction that reads it (`BEGIN IMMEDIATE` holds the write lock from the read
    on): two trainers making it at once would otherwise each write their own, and one learner's
    history would go to the LRS under two actors.
    """
    account = organisation_account(store)
    if account is not None:
        return account
    key = store.settings(learner).get(LEARNER_KEY)
    if key is not None:
        return key
    with store._transaction():
        row = store.connection.execute(
            "SELECT value FROM settings WHERE learner_id = ? AND key = ?", (learner.id, LEARNER_KEY)
        ).fetchone()
        if row is not None:
            return row[0]
        key = str(uuid.uuid4())
        store.connection.execute(
            "INSERT INTO settings (learner_id, key, value) VALUES (?, ?, ?)",
            (learner.id, LEARNER_KEY, key),
        )
    return key


def pending_uuids(
    store: Store, learner: Learner | None = None, course_id: str | None = None
) -> set[str]:
    """The uuids of the events not sent yet (of one learner, of one course, or all)."""
    query = (
        "SELECT e.uuid FROM events e LEFT JOIN sent s ON s.event_uuid = e.uuid WHERE "
        "s.event_uuid IS NULL"
    )
    params: list[object] = []
    if learner is not None:
        query += " AND e.learner_id = ?"
        params.append(learner.id)
    if course_id is not None:
        query += " AND e.course_id = ?"
        params.append(course_id)
    return {row[0] for row in store.connection.execute(query, params)}


def pending_count(store: Store, course_id: str | None = None) -> dict[str, int]:
    """Learner name → how many of their events are pending (learners with none are left out)."""
    query = (
        "SELECT l.name, COUNT(*) FROM events e JOIN learners l ON l.id = e.learner_id "
        "LEFT JOIN sent s ON s.event_uuid = e.uuid WHERE s.event_uuid IS NULL"
    )
    params: list[object] = []
    if course_id is not None:
        query += " AND e.course_id = ?"
        params.append(course_id)
    rows = store.connection.execute(query + " GROUP BY l.id ORDER BY l.name COLLATE NOCASE", params)
    return dict(rows.fetchall())


def mark_sent(store: Store, event_uuids: Iterable[str], at: datetime) -> int:
    """Record that the LRS holds these events' statements, in one transaction; how many were new."""
    stamp = at.isoformat(timespec="milliseconds")
    rows = [(event_uuid, stamp) for event_uuid in dict.fromkeys(event_uuids)]
    if not rows:
        return 0
    with store._transaction():
        before = store.connection.total_changes
        store.connection.executemany(
            "INSERT OR IGNORE INTO sent (event_uuid, sent_at) "
            "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE uuid = ?1)",
            rows,
        )
        return store.connection.total_changes - before


def last_sent_at(store: Store) -> str | None:
    """When an LRS last accepted statements from this file, if it ever did."""
    return store.connection.execute("SELECT MAX(sent_at) FROM sent").fetchone()[0]


def sent_count(store: Store) -> int:
    """How many events an LRS holds."""
    return store.connection.execute("SELECT COUNT(*) FROM sent").fetchone()[0]
