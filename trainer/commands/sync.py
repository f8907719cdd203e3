"""`trainer sync [--status]`: the pending xAPI statements sent to the LRS, or what is pending.

The sending itself is `trainer.xapi.sync`; this prints what it did and returns the exit code.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from trainer.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.i18n import _, ngettext
from trainer.progress.outbox import last_sent_at, pending_count
from trainer.progress.store import Store, StoreError
from trainer.xapi.config import ConfigError, XapiConfig
from trainer.xapi.sync import (
    LOCK_WAIT,
    Clock,
    SyncBusy,
    client_for,
    courses_of,
    load_state,
    one_sync_at_a_time,
    save_state,
    sync,
    utc_now,
)


def sync_command(
    config: XapiConfig | None,
    store: Store,
    course: Any,
    status_only: bool = False,
    clock: Clock = utc_now,
    out: TextIO | None = None,
    err: TextIO | None = None,
    lock_wait: float = LOCK_WAIT,
) -> int:
    """`trainer sync [--status]`: 0 when nothing is left pending, 1 when the LRS failed (what it did
    not take stays pending) or another sync is running, 2 when the settings are missing or wrong."""
    out = out or sys.stdout
    err = err or sys.stderr
    courses = courses_of(course)
    course_id = next(iter(courses.values())).id
    if status_only:
        return _status(store, course_id, config, out)
    if config is None:
        print(
            _(
                "trainer: sync is not set up: write xapi.toml in the data folder, or pass "
                "--endpoint"
            ),
            file=err,
        )
        return EXIT_USAGE
    try:
        client = client_for(config)
    except ConfigError as error:
        print(f"trainer: {error}", file=err)
        return EXIT_USAGE

    def progress(done: int, total: int) -> None:
        print(
            _("sent {done} of {total} statements").format(done=done, total=total),
            file=out,
            flush=True,
        )

    try:
        with one_sync_at_a_time(store, lock_wait):
            report = sync(store, courses, config, client, clock, on_batch=progress)
            save_state(store, report)
    except SyncBusy:
        print(
            _(
                "trainer: a sync of this progress file is already running; nothing was sent, try "
                "again when it is done"
            ),
            file=err,
        )
        return EXIT_INVALID
    except (ConfigError, StoreError) as error:
        print(f"trainer: {error}", file=err)
        return EXIT_USAGE
    sent = ngettext("{count} statement sent", "{count} statements sent", report.statements)
    pending = ngettext("{count} event pending", "{count} events pending", report.pending)
    print(
        # The separator is the language's own (French sets a no-break space before « ; »).
        _("{sent}; {pending}").format(
            sent=sent.format(count=report.statements),
            pending=pending.format(count=report.pending),
        ),
        file=out,
    )
    if report.error:
        print(
            _("trainer: the sync stopped, nothing is lost: {error}").format(error=report.error),
            file=err,
        )
        return EXIT_INVALID
    return EXIT_OK


def _status(store: Store, course_id: str, config: XapiConfig | None, out: TextIO) -> int:
    counts = pending_count(store, course_id)
    total = sum(counts.values())
    print(
        ngettext("{count} event pending", "{count} events pending", total).format(count=total),
        file=out,
    )
    for name, count in counts.items():
        print(f"  {name}: {count}", file=out)
    last = last_sent_at(store)
    print(_("last accepted by the LRS: {when}").format(when=last or _("never")), file=out)
    state = load_state(store)
    if state is not None and state.error:
        print(
            _("last sync, {when}, stopped: {error}").format(when=state.at, error=state.error),
            file=out,
        )
    if config is None or not config.endpoint:
        print(
            _("sync is not set up: write xapi.toml in the data folder, or pass --endpoint"),
            file=out,
        )
    else:
        print(_("LRS: {endpoint}").format(endpoint=config.endpoint), file=out)
    return EXIT_OK
