"""Opening the progress file: creating it private, checking it, moving a damaged one aside, and
migrating its schema; and the short write transaction that migrations and the store share.

`trainer.progress.store` is the only caller: `Store.open` and `Store.in_memory` get a connection
ready to use from here. What can go wrong on opening is told apart with care, because the answer
differs: a damaged or non-SQLite file may be set aside (never deleted), a busy, unreadable or
unwritable one is left alone (nothing is wrong with its content), and one from a newer trainer is
refused unchanged. Every failure is a `StoreError` with a one-line message.

Damage is whatever would make a later query fail: torn pages, a header that is not SQLite, and a
table or column of the schema missing (a view in place of a table counts as missing). Every query
of every connection opened here is bounded in time (`bound_queries`), so a file made to hang a
reader is stopped and reported too. The report (`trainer.report.sources`) uses the same checks on
the files it collects.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from trainer.i18n import _
from trainer.progress.schema import MIGRATIONS, SCHEMA_VERSION
from trainer.records import Record, init

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another trainer's transaction on the same file (they last ms)."""

DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""The SQLite errors that mean the file itself is damaged (set aside), not that it is busy or
unwritable (left alone: nothing is wrong with its content)."""

SQLITE_HEADER = b"SQLite format 3\x00"
"""How every SQLite file starts (an empty file is a store not yet written)."""

COMPANIONS = ("-wal", "-shm")
"""The files SQLite keeps beside the store in WAL mode; they belong with it when it moves."""


QUERY_SECONDS = 30.0
"""The longest one query may run. The trainer's own take milliseconds; a file made to hang a
reader (an `events` view that recurses forever) is stopped here and reported as damaged."""

PROGRESS_STEPS = 10_000
"""SQLite virtual-machine steps between two looks at the clock (a few ms at most)."""


class StoreError(Exception):
    """The store cannot be opened or written: the message says why, in one line, for the learner."""


def bound_queries(connection: sqlite3.Connection, seconds: float | None = None) -> None:
    """Interrupt any statement of `connection` that runs longer than `seconds` (default:
    `QUERY_SECONDS`).

    SQLite calls the trace callback when a statement starts and the progress handler every
    `PROGRESS_STEPS` steps while it runs; a non-zero answer from the handler makes the statement
    fail with SQLITE_INTERRUPT (`interrupted(error)` tells it apart). Waiting for another
    trainer's lock is not a step, so the busy timeout is not shortened.
    """
    limit = QUERY_SECONDS if seconds is None else seconds
    started = [time.monotonic()]

    def statement_started(_statement: str) -> None:
        started[0] = time.monotonic()

    def too_long() -> int:
        return 1 if time.monotonic() - started[0] > limit else 0

    connection.set_trace_callback(statement_started)
    connection.set_progress_handler(too_long, PROGRESS_STEPS)


def interrupted(error: BaseException) -> bool:
    """True when `error` is a query stopped by `bound_queries`."""
    return isinstance(error, sqlite3.Error) and (
        getattr(error, "sqlite_errorname", "") == "SQLITE_INTERRUPT" or str(error) == "interrupted"
    )


@functools.cache
def expected_shape() -> dict[str, frozenset[str]]:
    """Table → its columns, as the migrations make them (read from an in-memory store)."""
    connection = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS:
            connection.executescript(script)
        return _shape(connection)
    finally:
        connection.close()


def _shape(connection: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return {
        table: frozenset(
            row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }


def missing_from_shape(
    connection: sqlite3.Connection, tables: tuple[str, ...] | None = None
) -> str | None:
    """What the store lacks of the trainer's tables and columns (only `tables` when given), in a
    few words; None when nothing is missing. A view in place of a table counts as missing."""
    expected = expected_shape()
    found = _shape(connection)
    for table in tables or tuple(expected):
        if table not in found:
            return _("the table `{table}` is missing").format(table=table)
        absent = sorted(expected[table] - found[table])
        if absent:
            return _("the table `{table}` has no column `{column}`").format(
                table=table, column=absent[0]
            )
    return None


def reason(error: sqlite3.Error) -> str:
    """What an SQLite error means for the learner, in a few words."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full; free some space and try again"
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM":
        return "the file or its folder is read-only; check their permissions"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "another program kept it locked too long; close the other trainer and try again"
    if name.startswith("SQLITE_CANTOPEN"):
        return "it cannot be opened; check the permissions of the file and its folder"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk reported an error ({error})"
    return str(error)


def _damaged(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorname", "") in DAMAGED


class _Damaged(Exception):
    """Opening found the file damaged or not SQLite at all (inside `open_connection` only)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


FOLDER_MODE = 0o700
"""The data folder is the learner's alone."""

PARENT_MODE = 0o755
"""Missing folders above it are made as a user's folders usually are (less what the umask takes
away): never writable by others, even under umask 000."""


def _make_folder(folder: Path) -> str | None:
    """Create the data folder, 0700, when it is missing (its missing parents 0755 at most); a
    warning for the learner when it exists already and others may write in it, else None."""
    try:
        missing = [folder, *(p for p in folder.parents if not p.exists())]
        for parent in reversed(missing[1:]):
            # FileExistsError: made meanwhile by another trainer, the same folder.
            with contextlib.suppress(FileExistsError):
                parent.mkdir(mode=PARENT_MODE)  # less the umask, as always
        created = not folder.exists()
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        mode = folder.stat().st_mode
    except FileExistsError:
        raise StoreError(
            _("cannot use {folder} as the data folder: it is a file").format(folder=folder)
        ) from None
    except OSError as error:
        raise StoreError(
            _("cannot create the data folder {folder}: {error}").format(
                folder=folder, error=error.strerror
            )
        ) from None
    if not stat.S_ISDIR(mode):
        raise StoreError(
            _("cannot use {folder} as the data folder: it is not a folder").format(folder=folder)
        )
    if not created and mode & (stat.S_IWGRP | stat.S_IWOTH):
        return _(
            "the data folder {folder} can be written by other users (mode {mode:o}): they could "
            "replace the progress file; run `chmod 700 {folder}`"
        ).format(folder=folder, mode=stat.S_IMODE(mode))
    return None


def _set_aside(path: Path, at: datetime) -> Path:
    """Move a damaged store and its -wal, -shm to `<name>.corrupt-<timestamp>`; never delete."""
    stamp = at.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists() or any(Path(f"{target}{c}").exists() for c in COMPANIONS):
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    for companion in COMPANIONS:  # first, so that the store never meets another store's -wal
        if Path(f"{path}{companion}").exists():
            os.replace(f"{path}{companion}", f"{target}{companion}")
    os.replace(path, target)
    return target


class Opened(Record, mutable=True):
    """A store's connection, ready to use, and what the learner should be told about it."""

    __slots__ = ("connection", "set_aside", "warning")
    connection: sqlite3.Connection
    set_aside: Path | None
    """Where a damaged file was moved, if one was."""
    warning: str | None
    """A word about the data folder's permissions, if they are unsafe."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        set_aside: Path | None = None,
        warning: str | None = None,
    ) -> None:
        init(self, connection, set_aside, warning)


def open_connection(
    path: Path, *, set_aside_damaged: bool = False, clock: Callable[[], datetime] | None = None
) -> Opened:
    """A connection to the store at `path`, checked and migrated (creating it 0600 in a 0700
    folder if needed), where a damaged file was moved, and a warning on the folder's permissions.

    A damaged or non-SQLite file raises `StoreError` and is left as it is, unless
    `set_aside_damaged`: then it is moved aside and a new store is created in its place. `clock`
    gives the time stamped on the moved file (default: now).
    """
    warning = _make_folder(path.parent)
    try:
        return Opened(_open_file(path), None, warning)
    except _Damaged as damaged:
        if not set_aside_damaged:
            raise StoreError(
                _(
                    "{path} is not a trainer progress file, or it is damaged ({reason}); it was "
                    "left as it is"
                ).format(path=path, reason=damaged.reason)
            ) from None
    at = (clock or (lambda: datetime.now().astimezone()))()
    try:
        moved = _set_aside(path, at)
    except OSError as error:
        raise StoreError(
            _("{path} is damaged and cannot be moved aside: {error}").format(
                path=path, error=error.strerror
            )
        ) from None
    return Opened(_open_file(path), moved, warning)


def store_exists(path: Path) -> bool:
    """Whether there is something at `path` (a dangling symbolic link counts: it is refused on
    opening); `StoreError` when the data folder cannot be looked into."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise StoreError(
            _("cannot use {folder} as the data folder: it is not a folder").format(
                folder=path.parent
            )
        ) from None
    except OSError as error:
        raise StoreError(
            _("cannot read the progress file {path}: {error}").format(
                path=path, error=error.strerror
            )
        ) from None
    return True


def _open_file(path: Path) -> sqlite3.Connection:
    if not store_exists(path):
        try:
            # Created here, 0600, before SQLite: SQLite gives the -wal and -shm the same mode.
            # O_EXCL: never through a symbolic link another user may have left at this name.
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass  # made meanwhile by another trainer; or a link, refused below
        except OSError as error:
            raise StoreError(
                _("cannot create the progress file {path}: {error}").format(
                    path=path, error=error.strerror
                )
            ) from None
    if path.is_symlink() and not path.exists():
        raise StoreError(
            _(
                "{path} is a symbolic link to nothing ({target}); remove it, or make it lead to "
                "the progress file"
            ).format(path=path, target=os.readlink(path))
        )
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise StoreError(
            _("cannot use {path} as the progress file: it is a folder").format(path=path)
        ) from None
    except OSError as error:
        raise StoreError(
            _("cannot read the progress file {path}: {error}").format(
                path=path, error=error.strerror
            )
        ) from None
    if header not in (b"", SQLITE_HEADER):
        # Refused before SQLite sees it: SQLite would delete the -wal beside a file it cannot
        # read when it closes it, and that -wal may be all that is left of the last answers.
        raise _Damaged(_("it is not an SQLite file"))
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(
            _("cannot open the progress file {path}: {error}").format(
                path=path, error=reason(error)
            )
        ) from None
    prepare(connection, path)
    return connection


def prepare(connection: sqlite3.Connection, path: Path | None) -> None:
    """Set the connection's PRAGMAs, check the file and migrate it (`path` None: in memory).

    The connection is closed when this fails: with `_Damaged` for a damaged file, else with a
    `StoreError`.
    """
    try:
        bound_queries(connection)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_newer(connection, path)  # before anything that could write to the file
        if path is not None:
            connection.execute("PRAGMA journal_mode = WAL")
            _check_integrity(connection)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path)
        # A file at the right version whose tables were dropped or changed by hand: every query
        # would fail later, in the middle of a lesson. It is damaged, as much as a torn page.
        missing = missing_from_shape(connection)
        if missing:
            raise _Damaged(missing)
    except sqlite3.Error as error:
        connection.close()
        if _damaged(error) or interrupted(error):
            raise _Damaged(
                _("it took too long to read") if interrupted(error) else str(error)
            ) from None
        raise StoreError(
            _("cannot open the progress file {path}: {error}").format(
                path=path or "in memory", error=reason(error)
            )
        ) from None
    except _Damaged:
        connection.close()
        raise
    except StoreError:
        connection.close()
        raise


def _check_integrity(connection: sqlite3.Connection) -> None:
    """Raise `_Damaged` when the file's pages are inconsistent (a fast check: no index scan)."""
    rows = connection.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise _Damaged(f"integrity check: {rows[0][0]}")


def _refuse_newer(connection: sqlite3.Connection, path: Path | None) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer trainer (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); update trainer to open it. The file was not changed."
        )


def _migrate(connection: sqlite3.Connection, path: Path | None) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    while version < SCHEMA_VERSION:
        with transaction(connection, path):
            # Read again under the write lock: another trainer opening the same new file at
            # the same moment may have run this migration already.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer trainer (schema {version}); update trainer"
                )
            if version == SCHEMA_VERSION:
                break
            for statement in _statements(MIGRATIONS[version]):
                connection.execute(statement)
            version += 1
            connection.execute(f"PRAGMA user_version = {version}")


@contextmanager
def transaction(connection: sqlite3.Connection, path: Path | None) -> Iterator[None]:
    """One short write transaction, committed at the end (durably: synchronous=FULL).

    `BEGIN IMMEDIATE` takes the write lock first (waiting up to the busy timeout), so that two
    trainers on one file queue up instead of failing. Any SQLite failure becomes a one-line
    `StoreError`, the transaction rolled back: nothing half-written stays.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise _write_error(error, path) from None
    try:
        yield
        connection.execute("COMMIT")
    except BaseException as error:
        if connection.in_transaction:  # SQLite may have rolled back already (disk full)
            with contextlib.suppress(sqlite3.Error):  # the original error says more
                connection.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.IntegrityError):
            raise _write_error(error, path) from None
        raise


def _write_error(error: sqlite3.Error, path: Path | None) -> StoreError:
    where = f" {path}" if path else ""
    return StoreError(f"cannot write the progress file{where}: {reason(error)}")


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    return statements
