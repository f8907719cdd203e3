"""The outbox: which stored events an LRS has not accepted yet, and marking those it has.

Kept per LRS: an event is pending for an endpoint until the `sent` table has its uuid with that
endpoint (`lrs`, the key `trainer.xapi.lrs.endpoint_key` makes); it goes there only once that LRS
has accepted every statement made from it (or has shown it already holds them). Moving to a new
LRS therefore makes the whole history pending for it, while the old one is never sent anything
twice. Rows written before trainer kept the endpoint name none (`UNATTRIBUTED`): they count for
the endpoint of the first sync after the upgrade, which adopts them (`adopt_unattributed`).
Nothing here is ever deleted but by `forget_sent` (`trainer sync --resend`), so an LRS that is
down, slow or refusing only keeps events pending a little longer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from trainer.progress.store import Learner, Store

UNATTRIBUTED = ""
"""The `lrs` of rows written before trainer kept which LRS accepted an event."""
LEARNER_KEY = "xapi_id"
LEARNER_KEY_NAMESPACE = uuid.UUID("5b0c6f1e-4d0a-4c53-9a1e-7f0e2a1c9d42")
"""The namespace of the opaque ids derived from a learner's first event (fixed: changing it would
give every learner not yet synced a new actor)."""
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
    (`organisation_account`), else an opaque id, made once and kept in settings.

    The opaque id is derived from the learner's first event (a UUID5 of its UUID), not drawn at
    random at the first sync: a data folder copied before its first sync (a laptop's copy, a
    restored backup) gives the same agent, not a second actor for the same history. A learner
    with no event yet gets a random one (nothing to send anyway).

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
        first = store.connection.execute(
            "SELECT uuid FROM events WHERE learner_id = ? ORDER BY id LIMIT 1", (learner.id,)
        ).fetchone()
        key = str(uuid.uuid5(LEARNER_KEY_NAMESPACE, first[0]) if first else uuid.uuid4())
        store.connection.execute(
            "INSERT INTO settings (learner_id, key, value) VALUES (?, ?, ?)",
            (learner.id, LEARNER_KEY, key),
        )
    return key


_NOT_SENT_TO = "NOT EXISTS (SELECT 1 FROM sent s WHERE s.event_uuid = e.uuid AND s.lrs IN (?, ''))"
"""An event no row says this LRS (or the LRS before rows named one) accepted."""


def pending_uuids(
    store: Store,
    lrs: str | None = None,
    learner: Learner | None = None,
    course_id: str | None = None,
) -> set[str]:
    """The uuids of the events not sent yet to this LRS (to any LRS: None), of one learner, of one
    course, or all."""
    query = "SELECT e.uuid FROM events e WHERE "
    params: list[object] = []
    if lrs is None:
        query += "NOT EXISTS (SELECT 1 FROM sent s WHERE s.event_uuid = e.uuid)"
    else:
        query += _NOT_SENT_TO
        params.append(lrs)
    if learner is not None:
        query += " AND e.learner_id = ?"
        params.append(learner.id)
    if course_id is not None:
        query += " AND e.course_id = ?"
        params.append(course_id)
    return {row[0] for row in store.connection.execute(query, params)}


def pending_count(store: Store, lrs: str | None, course_id: str | None = None) -> dict[str, int]:
    """Learner name → how many of their events are pending for this LRS (for every LRS: None;
    learners with none are left out)."""
    query = "SELECT l.name, COUNT(*) FROM events e JOIN learners l ON l.id = e.learner_id WHERE "
    params: list[object] = []
    if lrs is None:
        query += "NOT EXISTS (SELECT 1 FROM sent s WHERE s.event_uuid = e.uuid)"
    else:
        query += _NOT_SENT_TO
        params.append(lrs)
    if course_id is not None:
        query += " AND e.course_id = ?"
        params.append(course_id)
    rows = store.connection.execute(query + " GROUP BY l.id ORDER BY l.name COLLATE NOCASE", params)
    return dict(rows.fetchall())


def mark_sent(store: Store, event_uuids: Iterable[str], at: datetime, *, lrs: str) -> int:
    """Record that this LRS holds these events' statements, in one transaction; how many were
    new."""
    stamp = at.isoformat(timespec="milliseconds")
    rows = [(event_uuid, lrs, stamp) for event_uuid in dict.fromkeys(event_uuids)]
    if not rows:
        return 0
    with store._transaction():
        before = store.connection.total_changes
        store.connection.executemany(
            "INSERT OR IGNORE INTO sent (event_uuid, lrs, sent_at) "
            "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM events WHERE uuid = ?1)",
            rows,
        )
        return store.connection.total_changes - before


def adopt_unattributed(store: Store, lrs: str) -> int:
    """Give this LRS the rows that name none (written before trainer kept the endpoint): the LRS
    a learner syncs to first after the upgrade is, almost always, the one they synced to before.
    How many rows were adopted. A learner who moved to a new LRS at the same moment runs
    `trainer sync --resend` once."""
    with store._transaction():
        before = store.connection.total_changes
        store.connection.execute(
            "INSERT OR IGNORE INTO sent (event_uuid, lrs, sent_at) "
            "SELECT event_uuid, ?, sent_at FROM sent WHERE lrs = ''",
            (lrs,),
        )
        store.connection.execute("DELETE FROM sent WHERE lrs = ''")
        return store.connection.total_changes - before


def forget_sent(store: Store, lrs: str, course_id: str | None = None) -> int:
    """Make the whole history pending again for this LRS (`trainer sync --resend`): statements
    keep their ids, so an LRS that holds them already takes them as held, not twice."""
    query = "DELETE FROM sent WHERE lrs IN (?, '')"
    params: list[object] = [lrs]
    if course_id is not None:
        query += " AND event_uuid IN (SELECT uuid FROM events WHERE course_id = ?)"
        params.append(course_id)
    with store._transaction():
        before = store.connection.total_changes
        store.connection.execute(query, params)
        return store.connection.total_changes - before


def last_sent_at(store: Store, lrs: str) -> str | None:
    """When this LRS last accepted statements from this file, if it ever did."""
    return store.connection.execute(
        "SELECT MAX(sent_at) FROM sent WHERE lrs IN (?, '')", (lrs,)
    ).fetchone()[0]


def sent_count(store: Store, lrs: str | None = None) -> int:
    """How many events this LRS holds (any LRS: None)."""
    if lrs is None:
        return store.connection.execute("SELECT COUNT(DISTINCT event_uuid) FROM sent").fetchone()[0]
    return store.connection.execute(
        "SELECT COUNT(*) FROM sent WHERE lrs IN (?, '')", (lrs,)
    ).fetchone()[0]
