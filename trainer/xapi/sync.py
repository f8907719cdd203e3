"""`trainer sync`: send the pending statements to the LRS in batches, and say what is pending.

An event is marked sent to an LRS (its endpoint, see `trainer.progress.outbox`) only after that
LRS accepted the batch holding its statements: a new endpoint gets the whole history, the old one
never anything twice. When the LRS is down, slow or refuses, the sync stops and everything not
accepted stays pending for the next one. A batch cut in the middle (the LRS stored it, the answer
never came) is simply sent again: the statements are the same, with the same ids, so the LRS takes
them as already held.

A 409 Conflict says the LRS holds a *different* statement under one of the batch's ids (a copy of
the progress file synced under another actor, `actor_name` or `home_page` changed since). xAPI
refuses such a batch whole and has no query by a list of ids, so the sync asks once for what the
LRS holds of the batch's enrolments (one `registration` query, page by page, kept for the rest of
the sync), sets aside the statements that differ from what it holds — conflicts, reported, never
counted as sent, left pending — counts those it holds the same as sent, and posts the rest. When
the rest is refused again, the conflict is with a statement of another enrolment (a copy of the
file synced first): halving finds one in about log2(batch) posts, and that statement's enrolment,
listed once, shows the others. Requests grow with the batches, not the statements.

One sync at a time per progress file: a lock file beside it (`xapi-sync.lock`, flock) is held for
the whole sync, so a scheduled `trainer sync` and the app's sync after a quiz never send the same
statements twice. A sync is bounded in time (`run_timeout`) whatever the LRS does.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.atomic import write_whole
from trainer.course.model import Course
from trainer.i18n import _
from trainer.progress.outbox import (
    adopt_unattributed,
    learner_key,
    mark_sent,
    pending_count,
    pending_uuids,
)
from trainer.progress.store import Store, StoreError
from trainer.xapi.config import ConfigError, XapiConfig, find_config
from trainer.xapi.lrs import LrsClient, LrsConflict, LrsError, endpoint_key
from trainer.xapi.statements import Statement, learner_statements

try:
    import fcntl
except ImportError:  # Windows: no flock; two syncs at once there are not serialised
    fcntl = None  # type: ignore[assignment]

STATE_FILE = "xapi-sync.json"
"""Beside the progress file: the outcome of the last sync, for `trainer sync --status`."""
LOCK_FILE = "xapi-sync.lock"
"""Beside the progress file: held (flock) by the sync running, never deleted."""
LOCK_WAIT = 2.0
"""Seconds `trainer sync` waits for another sync to finish before saying one is running."""
AFTER_QUIZ_RUN_TIMEOUT = 60.0
"""The most a sync after a quiz may take: it runs behind the learner's back."""
log = logging.getLogger("trainer.xapi")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SyncReport:
    """What one sync did."""

    at: str
    sent: int = 0
    """Events marked sent."""
    statements: int = 0
    """Statements the LRS accepted (or showed it held)."""
    pending: int = 0
    """Events of the course still pending afterwards."""
    error: str | None = None
    conflicts: int = 0
    """Statements the LRS holds differently under the same id: not sent, still pending."""
    conflict_example: str | None = None
    """The id of one of them, for the message."""
    endpoint: str | None = None
    """The LRS this sync sent to."""


class SyncBusy(Exception):
    """Another sync of this progress file is running."""


@contextmanager
def one_sync_at_a_time(store: Store, wait: float = 0.0) -> Iterator[None]:
    """Hold the progress file's sync lock for the block; `SyncBusy` when another sync keeps it
    longer than `wait` seconds. The lock goes with the process: a killed sync leaves none held."""
    if store.path is None or fcntl is None:
        yield
        return
    path = store.path.parent / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as error:
        raise StoreError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    try:
        give_up = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise SyncBusy from None
                time.sleep(0.1)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def courses_of(source: Any) -> dict[str, Course]:
    """Language → course, the default language first, from a Course, such a mapping, or a Pack."""
    if isinstance(source, Course):
        return {source.language: source}
    if isinstance(source, Mapping):
        return dict(source)
    return {language: source.course(language) for language in source.languages}


def batches(statements: Sequence[Statement], size: int) -> Iterator[list[Statement]]:
    """Statements in batches of at most `size`, never splitting one event's statements (a batch
    can then hold one more than `size`: the course's `completed` beside its event's statement)."""
    batch: list[Statement] = []
    for index, statement in enumerate(statements):
        batch.append(statement)
        following = statements[index + 1] if index + 1 < len(statements) else None
        if len(batch) >= size and (
            following is None or following.event_uuid != statement.event_uuid
        ):
            yield batch
            batch = []
    if batch:
        yield batch


def pending_statements(
    store: Store, courses: Mapping[str, Course], config: XapiConfig, lrs: str | None = None
) -> list[Statement]:
    """The statements of every event of the course this LRS (by default the settings' endpoint)
    has not accepted yet, learner by learner."""
    course_id = next(iter(courses.values())).id
    if lrs is None:
        lrs = endpoint_key(config.endpoint or "")
    statements: list[Statement] = []
    for learner in store.learners():
        pending = pending_uuids(store, lrs, learner, course_id)
        if not pending:
            continue
        made = learner_statements(
            store.events(learner),
            courses,
            learner_key(store, learner),
            # The learner's group as it is now: a statement re-sent after a move says the new one.
            replace(config.options, team=store.learner_settings(learner).group),
            learner.name,
        )
        statements.extend(s for s in made if s.event_uuid in pending)
    return statements


EQUIVALENT_FIELDS = ("actor", "verb", "object", "result", "context", "attachments")
"""What must be the same for a statement the LRS holds to count as the one sent (xAPI 1.0.3
§2.5 leaves out what the LRS adds: `stored`, `authority`; `timestamp` and `version` are compared
when both have them, as Ralph does)."""


def equivalent(sent: Mapping[str, Any], held: Mapping[str, Any]) -> bool:
    """True when the statement the LRS holds is the one sent (the same under xAPI's rules)."""
    if any(sent.get(name) != held.get(name) for name in EQUIVALENT_FIELDS):
        return False
    for name in ("timestamp", "version"):
        if name in sent and name in held and not _same(name, sent[name], held[name]):
            return False
    return True


def _same(name: str, sent: Any, held: Any) -> bool:
    """Timestamps are the same instant however the LRS writes them (`Z` or `+00:00`)."""
    if name != "timestamp" or not isinstance(sent, str) or not isinstance(held, str):
        return bool(sent == held)
    try:
        return datetime.fromisoformat(sent) == datetime.fromisoformat(held)
    except ValueError:
        return sent == held


@dataclass
class Delivery:
    """What became of one batch: statements the LRS holds as sent, and those it holds otherwise."""

    held: list[Statement]
    conflicts: list[Statement]


class Holdings:
    """What the LRS held of each enrolment when the sync first needed to know (after a 409).

    One listing per registration for the whole sync: the statements of later batches were not
    sent in the meantime (each is sent once per sync, and one sync runs at a time), so what the
    LRS held of them then is what it holds now. The listings of other enrolments found in a
    conflict (a copy of the progress file synced under another actor) are kept too: every later
    statement they hold is then known without a request."""

    def __init__(self, client: LrsClient) -> None:
        self.client = client
        self.listed: set[str] = set()
        """Registrations whose statements were listed."""
        self.held: dict[str, dict[str, Any]] = {}
        """Statement id (lower case) → the statement the LRS holds, from every listing."""

    def _list(self, registration: str) -> None:
        if registration in self.listed:
            return
        self.listed.add(registration)
        for held in self.client.statements_of(registration):
            self.held[str(held.get("id", "")).lower()] = held

    def of(self, batch: Sequence[Statement]) -> dict[str, dict[str, Any]]:
        """Statement id → the statement the LRS holds under it, for the ids of this batch."""
        for statement in batch:
            registration = _registration(statement)
            if registration is not None:
                self._list(registration)
            elif statement.id.lower() not in self.held:
                single = self.client.statement(statement.id)
                if single is not None:
                    self.held[statement.id.lower()] = single
        return {s.id: self.held[s.id.lower()] for s in batch if s.id.lower() in self.held}

    def learn(self, statement_id: str) -> None:
        """Fetch the statement the LRS holds under this id and list its enrolment's statements:
        the other statements in conflict with that enrolment are then known at once."""
        single = self.client.statement(statement_id)
        if single is None:
            return
        self.held[statement_id.lower()] = single
        context = single.get("context")
        registration = context.get("registration") if isinstance(context, dict) else None
        if isinstance(registration, str) and registration:
            self._list(registration)


def _registration(statement: Statement) -> str | None:
    context = statement.body.get("context")
    registration = context.get("registration") if isinstance(context, dict) else None
    return registration if isinstance(registration, str) and registration else None


def deliver(client: LrsClient, batch: list[Statement], holdings: Holdings) -> Delivery:
    """Post one batch; on a 409, sort out what the LRS holds the same (sent), what it holds
    differently (conflicts) and what it does not hold (posted again), with the enrolments'
    listings. Raises `LrsError` when the LRS takes none."""
    try:
        client.post([s.body for s in batch])
        return Delivery(held=batch, conflicts=[])
    except LrsConflict:
        pass
    sent = {s.id: s.body for s in batch}
    accepted: set[str] = set()
    refused: set[str] = set()
    rest = list(batch)
    while rest:
        held = holdings.of(rest)
        for statement_id, body in held.items():
            (accepted if equivalent(sent[statement_id], body) else refused).add(statement_id)
        rest = [s for s in rest if s.id not in held]
        if not rest:
            break
        try:
            client.post([s.body for s in rest])
            accepted.update(s.id for s in rest)
            break
        except LrsConflict:
            # The conflict is with a statement of another enrolment: find one by halving, then
            # list that enrolment, which shows the others of the batch (and of later batches).
            culprit, stored = _culprit(client, rest)
            accepted.update(s.id for s in stored)
            refused.add(culprit.id)
            holdings.learn(culprit.id)
            rest = [s for s in rest if s.id not in accepted and s.id not in refused]
    if refused:
        log.info("the LRS holds %d statements differently under the same ids", len(refused))
    return Delivery(
        held=[s for s in batch if s.id in accepted and s.id not in refused],
        conflicts=[s for s in batch if s.id in refused],
    )


def _culprit(client: LrsClient, statements: list[Statement]) -> tuple[Statement, list[Statement]]:
    """One statement the LRS refuses among these (which it refuses together), found by posting
    halves: about log2(n) requests. Also the statements a half posted on the way stored."""
    stored: list[Statement] = []
    while len(statements) > 1:
        first, second = statements[: len(statements) // 2], statements[len(statements) // 2 :]
        try:
            client.post([s.body for s in first])
        except LrsConflict:
            statements = first  # the other half goes back with the rest
            continue
        stored.extend(first)
        statements = second
    return statements[0], stored


def send(
    store: Store,
    client: LrsClient,
    batch: list[Statement],
    clock: Clock,
    holdings: Holdings | None = None,
) -> Delivery:
    """Send one batch and mark sent to this LRS the events whose statements it all holds (an event
    with a conflicting statement stays pending). Raises `LrsError` (nothing of the batch marked)
    when the LRS takes none."""
    delivery = deliver(client, batch, holdings or Holdings(client))
    refused = {s.event_uuid for s in delivery.conflicts}
    mark_sent(
        store,
        [s.event_uuid for s in delivery.held if s.event_uuid not in refused],
        clock(),
        lrs=endpoint_key(client.endpoint),
    )
    return delivery


def sync(
    store: Store,
    courses: Mapping[str, Course],
    config: XapiConfig,
    client: LrsClient,
    clock: Clock = utc_now,
    on_batch: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Send every statement of the course this LRS has not accepted, in batches; stops at the
    first LRS failure. Conflicts do not stop it: they are counted and stay pending."""
    course_id = next(iter(courses.values())).id
    lrs = endpoint_key(client.endpoint)
    report = SyncReport(at=clock().isoformat(timespec="seconds"), endpoint=client.endpoint)
    adopt_unattributed(store, lrs)
    statements = pending_statements(store, courses, config, lrs)
    holdings = Holdings(client)
    try:
        for batch in batches(statements, config.batch_size):
            delivery = send(store, client, batch, clock, holdings)
            refused = {s.event_uuid for s in delivery.conflicts}
            report.statements += len(delivery.held)
            report.sent += len({s.event_uuid for s in delivery.held} - refused)
            report.conflicts += len(delivery.conflicts)
            if delivery.conflicts and report.conflict_example is None:
                report.conflict_example = delivery.conflicts[0].id
            if on_batch is not None:
                on_batch(report.statements, len(statements))
    except LrsError as error:
        report.error = str(error)
        log.info("sync stopped: %s", error)
    report.pending = sum(pending_count(store, lrs, course_id).values())
    return report


def client_for(config: XapiConfig, sleep: Callable[[float], None] | None = None) -> LrsClient:
    """The LRS client the settings describe; `ConfigError` when they name no endpoint."""
    if not config.endpoint:
        raise ConfigError(_("no LRS endpoint: set `endpoint` in xapi.toml or pass --endpoint"))
    try:
        client = LrsClient(
            config.endpoint,
            config.user,
            config.password(),
            timeout=config.timeout,
            tries=config.tries,
            backoff=config.backoff,
            run_timeout=config.run_timeout,
        )
    except LrsError as error:
        raise ConfigError(str(error)) from None
    if sleep is not None:  # a test's recorder instead of time.sleep
        client.sleep = sleep
    return client


# the state file ------------------------------------------------------------------------------


def _state_path(store: Store) -> Path | None:
    return store.path.parent / STATE_FILE if store.path is not None else None


def save_state(store: Store, report: SyncReport) -> None:
    """Keep the outcome of this sync beside the progress file, 0600 like it (never fatal): written
    to a private temporary file that replaces the old one, so a reader never sees half of it."""
    path = _state_path(store)
    if path is not None:
        _write_state(path, report)


def _write_state(path: Path, report: SyncReport) -> None:
    try:
        write_whole(
            path, json.dumps(asdict(report), ensure_ascii=False)
        )  # 0600, as mkstemp makes it
    except OSError as error:
        log.info("cannot write %s: %s", path, error)


def load_state(store: Store) -> SyncReport | None:
    """The outcome of the last sync, if one was kept."""
    path = _state_path(store)
    try:
        return SyncReport(**json.loads(path.read_text(encoding="utf-8"))) if path else None
    except (OSError, ValueError, TypeError):
        return None


def asks_sync_after_quiz(data_dir: Path, config_file: str | Path | None = None) -> bool:
    """True when the settings ask for a sync after each quiz, or cannot be read (the sync then
    keeps why in the state file, for `trainer sync --status`)."""
    try:
        config = find_config(Path(data_dir), config_file)
    except ConfigError:
        return True
    return config is not None and config.sync_after_quiz and bool(config.endpoint)


def sync_after_quiz(
    store_path: Path, course: Any, config_file: str | Path | None = None
) -> SyncReport | None:
    """Send what is pending after a finished quiz, when xapi.toml says `sync_after_quiz: true`.

    Runs in a thread of its own (`start_sync_after_quiz`): it opens its own connection to the
    progress file (SQLite connections stay in their thread), tries the LRS once without waiting
    between tries, for at most `AFTER_QUIZ_RUN_TIMEOUT` seconds, skips when another sync is
    running, and never raises: a failure is logged and kept in the state file, and the statements
    stay pending. Nothing is logged above INFO: logging's last resort would write a warning, in
    English, on the standard error under the app's screen or into plain mode's conversation; the
    state file keeps what happened for `trainer sync --status`, in the learner's language.
    """
    store_path = Path(store_path)
    try:
        config = find_config(store_path.parent, config_file)
        if config is None or not config.sync_after_quiz or not config.endpoint:
            return None
        store = Store.open(store_path)
    except (ConfigError, StoreError) as error:
        log.info("sync after quiz skipped: %s", error)
        report = SyncReport(at=utc_now().isoformat(timespec="seconds"), error=str(error))
        _write_state(store_path.parent / STATE_FILE, report)
        return report
    try:
        config = replace(
            config, tries=1, run_timeout=min(config.run_timeout, AFTER_QUIZ_RUN_TIMEOUT)
        )
        client = client_for(config, sleep=lambda _seconds: None)
        with one_sync_at_a_time(store):
            report = sync(store, courses_of(course), config, client)
            save_state(store, report)
        return report
    except SyncBusy:
        log.info("sync after quiz skipped: another sync is running")
        return None
    except Exception as error:
        log.info("sync after quiz failed: %s", error)
        report = SyncReport(at=utc_now().isoformat(timespec="seconds"), error=str(error))
        save_state(store, report)
        return report
    finally:
        store.close()


def start_sync_after_quiz(
    store_path: Path, course: Any, config_file: str | Path | None = None
) -> threading.Thread:
    """Run `sync_after_quiz` in a daemon thread and return it at once.

    Not a Textual thread worker: those run in asyncio's default executor, which the app waits for
    when it exits, so quitting would hang on a slow LRS. A daemon thread is left behind at exit;
    stopped mid-sync, it loses nothing (a batch is marked sent in one transaction, after the LRS
    answered), as a killed `trainer sync` loses nothing.
    """
    thread = threading.Thread(
        target=sync_after_quiz,
        args=(store_path, course, config_file),
        name="trainer-sync-after-quiz",
        daemon=True,
    )
    thread.start()
    return thread
