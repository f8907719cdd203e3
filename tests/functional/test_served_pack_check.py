"""`trainer serve` checks its pack once, at its start, and keeps that check where every session
finds it: no browser session checks the pack again, not even the first one of a new server's data
folder, nor the first one of a new account behind sign-on."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.helpers.packs import PACKS
from trainer.cli import main
from trainer.progress import pack_cache
from trainer.web import serve
from trainer.web.serve import _TrainerServer


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PACKS / "single-language", tmp_path / "pack"))


@pytest.fixture
def served(monkeypatch) -> list[dict]:
    """What `trainer serve` would serve with, once it runs what it does before serving; nothing
    listens."""
    started: list[dict] = []

    def instead(*args, before_serving=None, **options) -> int:
        if before_serving is not None:
            before_serving()
        started.append(options)
        return 0

    monkeypatch.setattr(serve, "serve_command", instead)
    return started


def test_the_first_session_finds_the_check_of_a_server_started_on_a_new_folder(
    tmp_path, course, served, checks
) -> None:
    data = tmp_path / "new"  # the first start of a deployment: no data folder yet
    code = main(["serve", "--port", "0", "--course", str(course), "--data-dir", str(data)])
    assert code == 0 and served and len(checks) == 1
    assert stat.S_IMODE(data.stat().st_mode) == 0o700  # as the store makes it
    clean, restored = pack_cache.remembered_pack(data, course)
    assert clean and restored is not None  # what the session does: no check, no YAML


def test_a_server_refused_makes_no_data_folder(tmp_path, course, served, capsys) -> None:
    data = tmp_path / "new"
    code = main(
        [
            "serve",
            "--port",
            "0",
            "--course",
            str(course),
            "--data-dir",
            str(data),
            "--data-root",
            str(tmp_path / "root"),
        ]
    )
    assert code == 2 and not served and not data.exists() and not (tmp_path / "root").exists()


def test_a_server_that_cannot_serve_there_makes_no_data_folder(tmp_path, course, capsys) -> None:
    data = tmp_path / "new"
    # Every address without sign-on: refused once the sockets are bound, before serving.
    code = main(
        [
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--course",
            str(course),
            "--data-dir",
            str(data),
        ]
    )
    assert code == 2 and "--trusted-header" in capsys.readouterr().err
    assert not data.exists()


def test_each_new_accounts_folder_starts_with_the_servers_check(
    tmp_path, course, served, checks
) -> None:
    root = tmp_path / "root"
    code = main(
        [
            "serve",
            "--port",
            "0",
            "--course",
            str(course),
            "--trusted-header",
            "X-Forwarded-User",
            "--data-root",
            str(root),
        ]
    )
    assert code == 0 and len(checks) == 1
    assert list(root.iterdir()) == []  # the data root holds the accounts' folders only
    options = served[0]
    server = _TrainerServer(
        ["trainer"],
        [],
        "http://127.0.0.1:8000",
        frozenset(),
        4,
        sign_on=options["sign_on"],
        clean_check=options["clean_check"],
    )
    argv, _environment = server.session_for("edupont")
    folder = Path(argv[argv.index("--data-dir") + 1])
    assert folder.parent == root.resolve()
    clean, restored = pack_cache.remembered_pack(folder, course)
    assert clean and restored is not None


def test_an_accounts_own_record_is_kept(tmp_path: Path, course) -> None:
    """The record a session wrote in its account's folder is the latest: the server's does not
    replace it (one out of date is checked again once, by the next session, as before)."""
    before = pack_cache.Fingerprint.take(course)
    check = pack_cache.clean_check(before, None)
    assert check is not None
    folder = tmp_path / "account"
    folder.mkdir()
    check.keep_in(folder, replace=False)
    record = next((folder / pack_cache.CACHE_DIR).iterdir())
    record.write_bytes(b"the account's own")
    check.keep_in(folder, replace=False)
    assert record.read_bytes() == b"the account's own"
    check.keep_in(folder)
    assert record.read_bytes() == check.record
    assert len(list(record.parent.iterdir())) == 1  # no draft left


def test_keeping_a_check_never_fails(tmp_path: Path, course) -> None:
    check = pack_cache.clean_check(pack_cache.Fingerprint.take(course), None)
    assert check is not None
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    check.keep_in(a_file)  # a data folder that is no folder: the session checks the pack
    check.keep_in(tmp_path / "missing" / "folder")  # nor is a data folder made for it
    assert not (tmp_path / "missing").exists()


def test_cmi5_launches_give_each_learners_folder_the_servers_check(
    tmp_path, course, served, checks
) -> None:
    root = tmp_path / "root"
    code = main(
        [
            "serve",
            "--port",
            "0",
            "--course",
            str(course),
            "--cmi5-lms",
            "https://lms.example.org/",
            "--data-root",
            str(root),
        ]
    )
    assert code == 0 and len(checks) == 1
    assert list(root.iterdir()) == []
    options = served[0]
    assert options["clean_check"] is not None
    server = _TrainerServer(
        ["trainer"],
        [],
        "http://127.0.0.1:8000",
        frozenset(),
        4,
        cmi5=options["cmi5"],
        clean_check=options["clean_check"],
    )
    # What a launch gives the learner's folder it makes (`Cmi5Launches._launch`).
    assert server.cmi5 is not None and server.cmi5.clean_check is options["clean_check"]
