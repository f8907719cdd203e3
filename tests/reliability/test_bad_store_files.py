"""Bad progress files and folders: a clear one-line message, and a learner's record never lost.

Missing or unusable data folders, a full disk, a read-only file, a damaged or non-SQLite file
(set aside with a timestamp, never deleted), a file from a newer trainer (refused, not altered),
and the permissions of everything the store creates.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from trainer.progress.schema import SCHEMA_VERSION
from trainer.progress.store import STORE_FILE, Store, StoreError

MOMENT = datetime(2026, 11, 27, 10, 15, 0)
SET_ASIDE = f"{STORE_FILE}.corrupt-20261127T101500"


def _one_line(error: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(error.value)
    assert "\n" not in message and message.strip() == message
    return message


def _store_with_answers(path: Path, clock, count: int = 3) -> None:
    store = Store.open(path)
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 7, "fr", clock())
    for number in range(count):
        store.record_answer(anne, "demo", attempt, f"q{number}", 1, 1.0, "fr", clock())
    store.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# folders ------------------------------------------------------------------------------------------


def test_a_missing_data_folder_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "data" / STORE_FILE
    Store.open(path).close()
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError) as raised:
        Store.open(tmp_path / "data" / STORE_FILE)
    assert _one_line(raised) == f"cannot use {tmp_path / 'data'} as the data folder: it is a file"


def test_a_data_folder_that_cannot_be_created_is_a_message(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError) as raised:
        Store.open(tmp_path / "data" / STORE_FILE)
    assert (
        _one_line(raised) == f"cannot create the data folder {tmp_path / 'data'}: Permission denied"
    )


def test_an_unwritable_data_folder_is_a_message(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "data").mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError) as raised:
        Store.open(tmp_path / "data" / STORE_FILE)
    assert (
        _one_line(raised)
        == f"cannot create the progress file {tmp_path / 'data' / STORE_FILE}: Permission denied"
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_data_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(StoreError) as raised:
            Store.open(folder / STORE_FILE)
        assert "Permission denied" in _one_line(raised)
    finally:
        folder.chmod(0o700)


# writing fails ------------------------------------------------------------------------------------


def test_a_full_disk_is_a_message_and_keeps_what_was_recorded(tmp_path: Path, clock) -> None:
    path = tmp_path / STORE_FILE
    store = Store.open(path)
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 7, "fr", clock())
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is nearly full
    recorded = 0
    with pytest.raises(StoreError) as raised:
        for number in range(10_000):
            store.record_answer(anne, "demo", attempt, f"q{number}", "x" * 500, 1.0, "fr", clock())
            recorded += 1
    assert (
        _one_line(raised)
        == f"cannot write the progress file {path}: the disk is full; free some space and try again"
    )
    assert recorded > 0
    assert len(store.open_attempt(anne, "demo", "premiere").answers) == recorded  # still readable
    store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    reopened = Store.open(path)
    assert len(reopened.open_attempt(anne, "demo", "premiere").answers) == recorded
    reopened.close()


def test_a_read_only_store_is_a_message(tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    store.connection.execute("PRAGMA query_only = 1")  # as if the file were read-only
    with pytest.raises(StoreError) as raised:
        store.add_learner("Anne", clock())
    assert _one_line(raised).endswith(
        "the file or its folder is read-only; check their permissions"
    )
    store.close()


def test_a_transaction_that_fails_is_rolled_back_whole(tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    anne = store.add_learner("Anne", clock())
    with pytest.raises(StoreError), store._transaction():
        store.connection.execute("INSERT INTO settings VALUES (?, 'theme', 'dark')", (anne.id,))
        store.connection.execute("INSERT INTO no_such_table VALUES (1)")
    assert store.settings(anne) == {}
    assert not store.connection.in_transaction
    store.close()


# damaged files ------------------------------------------------------------------------------------


def _damage(path: Path, kind: str) -> bytes:
    """Damage the store at `path` in one of several ways; its bytes afterwards."""
    data = path.read_bytes()
    if kind == "not-sqlite":
        data = b"these are my notes, not a database\n" * 200
    elif kind == "truncated":
        data = data[: len(data) // 2 + 100]
    elif kind == "scrambled-pages":
        page = 4096
        data = data[:page] + bytes((byte * 7 + 13) % 256 for byte in data[page:])
    elif kind == "bad-header":
        data = b"SQLite format 2\x00" + data[16:]
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("kind", ["not-sqlite", "truncated", "scrambled-pages", "bad-header"])
def test_a_damaged_store_is_refused_and_left_alone_by_default(
    tmp_path: Path, clock, kind: str
) -> None:
    path = tmp_path / STORE_FILE
    _store_with_answers(path, clock, count=200)
    damaged = _damage(path, kind)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    message = _one_line(raised)
    assert message.startswith(f"{path} is not a trainer progress file, or it is damaged (")
    assert message.endswith("); it was left as it is")
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


@pytest.mark.parametrize("kind", ["not-sqlite", "truncated", "scrambled-pages", "bad-header"])
def test_a_damaged_store_is_set_aside_with_a_timestamp_and_a_new_one_started(
    tmp_path: Path, clock, kind: str
) -> None:
    path = tmp_path / STORE_FILE
    _store_with_answers(path, clock, count=200)
    damaged = _damage(path, kind)
    store = Store.open(path, set_aside_damaged=True, clock=lambda: MOMENT)
    assert store.set_aside == tmp_path / SET_ASIDE
    assert (tmp_path / SET_ASIDE).read_bytes() == damaged  # moved, byte for byte, never deleted
    assert store.notice == (
        f"the progress file was damaged: it was moved to {tmp_path / SET_ASIDE} (nothing was "
        f"deleted) and a new one was started in {path}"
    )
    assert store.learners() == []
    store.add_learner("Anne", clock())
    store.close()
    assert _mode(path) == 0o600
    reopened = Store.open(path, set_aside_damaged=True)
    assert reopened.set_aside is None and reopened.notice is None
    reopened.close()


def test_the_wal_and_shm_of_a_damaged_store_move_with_it(tmp_path: Path, clock) -> None:
    path = tmp_path / STORE_FILE
    _damage_target = path.write_bytes(b"\x00garbage" * 1000)
    Path(f"{path}-wal").write_bytes(b"old wal")
    Path(f"{path}-shm").write_bytes(b"old shm")
    store = Store.open(path, set_aside_damaged=True, clock=lambda: MOMENT)
    store.close()
    assert (tmp_path / f"{SET_ASIDE}-wal").read_bytes() == b"old wal"
    assert (tmp_path / f"{SET_ASIDE}-shm").read_bytes() == b"old shm"
    assert _damage_target and (tmp_path / SET_ASIDE).read_bytes() == b"\x00garbage" * 1000


def test_two_damaged_stores_in_the_same_second_keep_both(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    for content in (b"first damaged file" * 100, b"second damaged file" * 100):
        path.write_bytes(content)
        Store.open(path, set_aside_damaged=True, clock=lambda: MOMENT).close()
    assert (tmp_path / SET_ASIDE).read_bytes() == b"first damaged file" * 100
    assert (tmp_path / f"{SET_ASIDE}-2").read_bytes() == b"second damaged file" * 100


def test_a_busy_or_unreadable_store_is_never_set_aside(tmp_path: Path, clock, monkeypatch) -> None:
    path = tmp_path / STORE_FILE
    _store_with_answers(path, clock)
    before = path.read_bytes()
    real_connect = sqlite3.connect

    def cannot_open(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", cannot_open)
    with pytest.raises(StoreError) as raised:
        Store.open(path, set_aside_damaged=True)
    assert _one_line(raised).startswith(f"cannot open the progress file {path}")
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_a_newer_store_is_refused_unchanged_even_when_damage_may_be_set_aside(
    tmp_path: Path, clock
) -> None:
    path = tmp_path / STORE_FILE
    _store_with_answers(path, clock)
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        Store.open(path, set_aside_damaged=True)
    assert "newer trainer" in _one_line(raised)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


# permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_store_wal_and_shm_are_private_whatever_the_umask(
    tmp_path: Path, clock, umask: int
) -> None:
    previous = os.umask(umask)
    try:
        path = tmp_path / "data" / STORE_FILE
        store = Store.open(path)
        store.add_learner("Anne", clock())  # the -wal and -shm exist while the store is open
        assert _mode(path.parent) == 0o700
        for name in (STORE_FILE, f"{STORE_FILE}-wal", f"{STORE_FILE}-shm"):
            assert _mode(path.parent / name) == 0o600, name
        store.close()
    finally:
        os.umask(previous)
