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
from trainer.quiz import pack_check
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


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """Each full check of a pack (validator and self-test) the commands run."""
    done: list[Path] = []
    real = pack_check.check_pack

    def counted(root):
        done.append(Path(root))
        return real(root)

    monkeypatch.setattr(pack_check, "check_pack", counted)
    return done


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
        ["serve", "--port", "0", "--course", str(course), "--data-dir", str(data), "--data-root",
         str(tmp_path / "root")]
    )  # fmt: skip
    assert code == 2 and not served and not data.exists() and not (tmp_path / "root").exists()


def test_each_new_accounts_folder_starts_with_the_servers_check(
    tmp_path, course, served, checks
) -> None:
    root = tmp_path / "root"
    code = main(
        ["serve", "--port", "0", "--course", str(course), "--trusted-header", "X-Forwarded-User",
         "--data-root", str(root)]
    )  # fmt: skip
    assert code == 0 and len(checks) == 1
    server = _TrainerServer(
        ["trainer"], [], "http://127.0.0.1:8000", frozenset(), 4, sign_on=served[0]["sign_on"]
    )
    argv, _environment = server.session_for("edupont")
    folder = Path(argv[argv.index("--data-dir") + 1])
    assert folder.parent == root.resolve()
    clean, restored = pack_cache.remembered_pack(folder, course)
    assert clean and restored is not None


def test_an_accounts_own_record_is_kept(tmp_path: Path, course) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    for folder, text in ((source, "the server's"), (target, "the account's")):
        (folder / pack_cache.CACHE_DIR).mkdir(parents=True)
        (folder / pack_cache.CACHE_DIR / "a.txt").write_text(text, encoding="utf-8")
    (source / pack_cache.CACHE_DIR / "b.txt").write_text("another pack", encoding="utf-8")
    pack_cache.share_clean_checks(source, target)
    kept = target / pack_cache.CACHE_DIR
    assert (kept / "a.txt").read_text(encoding="utf-8") == "the account's"
    assert (kept / "b.txt").read_text(encoding="utf-8") == "another pack"
    assert sorted(p.name for p in kept.iterdir()) == ["a.txt", "b.txt"]  # no draft left


def test_sharing_never_fails(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / pack_cache.CACHE_DIR).mkdir(parents=True)
    (source / pack_cache.CACHE_DIR / "a.txt").write_text("record", encoding="utf-8")
    pack_cache.share_clean_checks(tmp_path / "missing", tmp_path)  # nothing to share
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    pack_cache.share_clean_checks(source, a_file)  # a target that is no folder: the session checks
    assert not (tmp_path / pack_cache.CACHE_DIR).exists()
