"""`trainer sync [--status]`: the pending xAPI statements sent to the LRS, or what is pending.

The sending itself is `trainer.xapi.sync`; this prints what it did and returns the exit code.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from trainer.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.i18n import _, ngettext, program_line
from trainer.inert import inert
from trainer.progress.outbox import forget_sent, last_sent_at, pending_count
from trainer.progress.store import Store, StoreError
from trainer.xapi.config import ConfigError, XapiConfig
from trainer.xapi.lrs import endpoint_key
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
    resend: bool = False,
) -> int:
    """`trainer sync [--status] [--resend]`: 0 when nothing is left pending, 1 when the LRS failed
    or holds different statements under some ids (what it did not take stays pending) or another
    sync is running, 2 when the settings are missing or wrong. `resend` first makes the whole
    history pending again for this LRS (the ids stay the same: what it holds is not doubled)."""
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
        print(program_line(error), file=err)
        return EXIT_USAGE

    def progress(done: int, total: int) -> None:
        print(
            _("sent {done} of {total} statements").format(done=done, total=total),
            file=out,
            flush=True,
        )

    try:
        with one_sync_at_a_time(store, lock_wait):
            if resend:
                forget_sent(store, endpoint_key(client.endpoint), course_id)
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
        print(program_line(error), file=err)
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
    if report.conflicts:
        print(
            ngettext(
                "trainer: the LRS holds a different statement under the id of {count} statement "
                "(first: {id}), from another copy of this progress file or from settings changed "
                "since (actor_name, home_page); it was not sent and stays pending",
                "trainer: the LRS holds different statements under the ids of {count} statements "
                "(first: {id}), from another copy of this progress file or from settings changed "
                "since (actor_name, home_page); they were not sent and stay pending",
                report.conflicts,
            ).format(count=report.conflicts, id=report.conflict_example),
            file=err,
        )
    if report.error:
        print(
            _("trainer: the sync stopped, nothing is lost: {error}").format(error=report.error),
            file=err,
        )
    return EXIT_INVALID if report.error or report.conflicts else EXIT_OK


def _status(store: Store, course_id: str, config: XapiConfig | None, out: TextIO) -> int:
    """What is pending for the LRS the settings name (every event when they name none), when that
    LRS last accepted statements, and how the last sync ended."""
    endpoint = config.endpoint if config is not None else None
    lrs = endpoint_key(endpoint) if endpoint else None
    counts = pending_count(store, lrs, course_id)
    total = sum(counts.values())
    print(
        ngettext("{count} event pending", "{count} events pending", total).format(count=total),
        file=out,
    )
    for name, count in counts.items():
        print(f"  {inert(name)}: {count}", file=out)
    if lrs is not None:
        last = last_sent_at(store, lrs)
        print(_("last accepted by the LRS: {when}").format(when=last or _("never")), file=out)
    state = load_state(store)
    if state is not None and (state.endpoint is None or lrs is None or state.endpoint == endpoint):
        if state.error:
            print(
                _("last sync, {when}, stopped: {error}").format(when=state.at, error=state.error),
                file=out,
            )
        if state.conflicts:
            print(
                ngettext(
                    "last sync, {when}: {count} statement in conflict with the LRS",
                    "last sync, {when}: {count} statements in conflict with the LRS",
                    state.conflicts,
                ).format(when=state.at, count=state.conflicts),
                file=out,
            )
    if endpoint is None:
        print(
            _("sync is not set up: write xapi.toml in the data folder, or pass --endpoint"),
            file=out,
        )
    else:
        print(_("LRS: {endpoint}").format(endpoint=inert(endpoint)), file=out)
    return EXIT_OK
