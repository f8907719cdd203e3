"""`trainer sync`: send the pending statements to the LRS in batches, and say what is pending.

An event is marked sent only after the LRS accepted the batch holding its statements. When the LRS
is down, slow or refuses, the sync stops and everything not accepted stays pending for the next
one. A batch cut in the middle (the LRS stored it, the answer never came) is simply sent again:
the statements are the same, with the same ids, so the LRS takes them as already held; an LRS that
answers 409 Conflict instead is asked which ids it holds, and those count as sent.

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
    learner_key,
    mark_sent,
    pending_count,
    pending_uuids,
)
from trainer.progress.store import Store, StoreError
from trainer.xapi.config import ConfigError, XapiConfig, find_config
from trainer.xapi.lrs import LrsClient, LrsConflict, LrsError
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
    store: Store, courses: Mapping[str, Course], config: XapiConfig
) -> list[Statement]:
    """The statements of every event of the course no LRS has accepted yet, learner by learner."""
    course_id = next(iter(courses.values())).id
    statements: list[Statement] = []
    for learner in store.learners():
        pending = pending_uuids(store, learner, course_id)
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


def send(store: Store, client: LrsClient, batch: list[Statement], clock: Clock) -> int:
    """Send one batch and mark its events sent once the LRS holds their statements; the number of
    statements it holds. Raises `LrsError` (nothing of the batch marked) when it takes none."""
    try:
        client.post([s.body for s in batch])
        held = batch
    except LrsConflict:
        # The LRS holds some of these ids already: those count as sent, the others go again.
        ids = client.held([s.id for s in batch])
        rest = [s for s in batch if s.id not in ids]
        if rest:
            client.post([s.body for s in rest])  # a second conflict is a real one: it propagates
        held = batch
        log.info("the LRS already held %d of %d statements", len(ids), len(batch))
    mark_sent(store, [s.event_uuid for s in held], clock())
    return len(held)


def sync(
    store: Store,
    courses: Mapping[str, Course],
    config: XapiConfig,
    client: LrsClient,
    clock: Clock = utc_now,
    on_batch: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Send every pending statement of the course in batches; stops at the first LRS failure."""
    course_id = next(iter(courses.values())).id
    report = SyncReport(at=clock().isoformat(timespec="seconds"))
    statements = pending_statements(store, courses, config)
    try:
        for batch in batches(statements, config.batch_size):
            report.statements += send(store, client, batch, clock)
            report.sent += len({s.event_uuid for s in batch})
            if on_batch is not None:
                on_batch(report.statements, len(statements))
    except LrsError as error:
        report.error = str(error)
        log.warning("sync stopped: %s", error)
    report.pending = sum(pending_count(store, course_id).values())
    return report


def client_for(config: XapiConfig, sleep: Callable[[float], None] | None = None) -> LrsClient:
    """The LRS client the settings describe; `ConfigError` when they name no endpoint."""
    if not config.endpoint:
        raise ConfigError("no LRS endpoint: set `endpoint` in xapi.toml or pass --endpoint")
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
    if path is None:
        return
    try:
        write_whole(
            path, json.dumps(asdict(report), ensure_ascii=False)
        )  # 0600, as mkstemp makes it
    except OSError as error:
        log.warning("cannot write %s: %s", path, error)


def load_state(store: Store) -> SyncReport | None:
    """The outcome of the last sync, if one was kept."""
    path = _state_path(store)
    try:
        return SyncReport(**json.loads(path.read_text(encoding="utf-8"))) if path else None
    except (OSError, ValueError, TypeError):
        return None


def sync_after_quiz(
    store_path: Path, course: Any, config_file: str | Path | None = None
) -> SyncReport | None:
    """Send what is pending after a finished quiz, when xapi.toml says `sync_after_quiz: true`.

    Runs in a thread of its own (`start_sync_after_quiz`): it opens its own connection to the
    progress file (SQLite connections stay in their thread), tries the LRS once without waiting
    between tries, for at most `AFTER_QUIZ_RUN_TIMEOUT` seconds, skips when another sync is
    running, and never raises: a failure is logged and kept in the state file, and the statements
    stay pending.
    """
    store_path = Path(store_path)
    try:
        config = find_config(store_path.parent, config_file)
        if config is None or not config.sync_after_quiz or not config.endpoint:
            return None
        store = Store.open(store_path)
    except (ConfigError, StoreError) as error:
        log.warning("sync after quiz skipped: %s", error)
        return None
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
        log.warning("sync after quiz failed: %s", error)
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
