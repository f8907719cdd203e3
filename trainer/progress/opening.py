"""Opening the progress file: creating it private, checking it, moving a damaged one aside, and
migrating its schema; and the short write transaction that migrations and the store share.

`trainer.progress.store` is the only caller: `Store.open` and `Store.in_memory` get a connection
ready to use from here. What can go wrong on opening is told apart with care, because the answer
differs: a damaged or non-SQLite file may be set aside (never deleted), a busy, unreadable or
unwritable one is left alone (nothing is wrong with its content), and one from a newer trainer is
refused unchanged. Every failure is a `StoreError` with a one-line message.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from trainer.progress.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another trainer's transaction on the same file (they last ms)."""

DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""The SQLite errors that mean the file itself is damaged (set aside), not that it is busy or
unwritable (left alone: nothing is wrong with its content)."""

SQLITE_HEADER = b"SQLite format 3\x00"
"""How every SQLite file starts (an empty file is a store not yet written)."""

COMPANIONS = ("-wal", "-shm")
"""The files SQLite keeps beside the store in WAL mode; they belong with it when it moves."""


class StoreError(Exception):
    """The store cannot be opened or written: the message says why, in one line, for the learner."""


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


def _make_folder(folder: Path) -> None:
    """Create the data folder, 0700, when it is missing."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(f"cannot use {folder} as the data folder: it is a file") from None
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror}") from None
    if not folder.is_dir():
        raise StoreError(f"cannot use {folder} as the data folder: it is not a folder")


def _set_aside(path: Path, at: datetime) -> Path:
    """Move a damaged store (and its -wal and -shm) to `<name>.corrupt-<timestamp>`; never delete."""
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


def open_connection(
    path: Path, *, set_aside_damaged: bool = False, clock: Callable[[], datetime] | None = None
) -> tuple[sqlite3.Connection, Path | None]:
    """A connection to the store at `path`, checked and migrated (creating it 0600 in a 0700
    folder if needed), and where a damaged file was moved (None when nothing was).

    A damaged or non-SQLite file raises `StoreError` and is left as it is, unless
    `set_aside_damaged`: then it is moved aside and a new store is created in its place. `clock`
    gives the time stamped on the moved file (default: now).
    """
    _make_folder(path.parent)
    try:
        return _open_file(path), None
    except _Damaged as damaged:
        if not set_aside_damaged:
            raise StoreError(
                f"{path} is not a trainer progress file, or it is damaged ({damaged.reason}); "
                "it was left as it is"
            ) from None
    at = (clock or (lambda: datetime.now().astimezone()))()
    try:
        moved = _set_aside(path, at)
    except OSError as error:
        raise StoreError(f"{path} is damaged and cannot be moved aside: {error.strerror}") from None
    return _open_file(path), moved


def _open_file(path: Path) -> sqlite3.Connection:
    try:
        if not path.exists():
            # Created here, 0600, before SQLite: SQLite gives the -wal and -shm the same mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise StoreError(f"cannot create the progress file {path}: {error.strerror}") from None
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the progress file {path}: {error.strerror}") from None
    if header not in (b"", SQLITE_HEADER):
        # Refused before SQLite sees it: SQLite would delete the -wal beside a file it cannot
        # read when it closes it, and that -wal may be all that is left of the last answers.
        raise _Damaged("it is not an SQLite file")
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the progress file {path}: {reason(error)}") from None
    prepare(connection, path)
    return connection


def prepare(connection: sqlite3.Connection, path: Path | None) -> None:
    """Set the connection's PRAGMAs, check the file and migrate it (`path` None: in memory).

    The connection is closed when this fails: with `_Damaged` for a damaged file, else with a
    `StoreError`.
    """
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_newer(connection, path)  # before anything that could write to the file
        if path is not None:
            connection.execute("PRAGMA journal_mode = WAL")
            _check_integrity(connection)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path)
    except sqlite3.Error as error:
        connection.close()
        if _damaged(error):
            raise _Damaged(str(error)) from None
        raise StoreError(f"cannot open the progress file {path or 'in memory'}: {reason(error)}") from None
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
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error says more
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
