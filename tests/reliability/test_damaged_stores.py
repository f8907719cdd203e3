"""Issue 11 §11 (stores and payloads) and §12: damaged progress files and folders get one clear
line and a non-zero exit, never a traceback or a hang; the app says on screen what opening found.

The policy for a damaged learner's store is unchanged and applies to new kinds of damage: the app
and plain mode move it aside (never delete it) and start a new one, saying so; `progress`, `sync`
and `certificate` leave it as it is and exit 1. `report --store` stops at the first collected file
it cannot read whole, naming it and the event: a report that silently left a learner out would
give wrong figures.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL, FixedClock, seeds_from
from trainer.cli import main
from trainer.progress import opening
from trainer.progress.opening import bound_queries, interrupted
from trainer.progress.store import STORE_FILE, Store, StoreError
from trainer.report.sources import SourceError, read_store

COURSE_ID = "demo"
"""The id of the bilingual test pack, whose events the stores below hold."""


def _store(path: Path, clock, answers: int = 1) -> Path:
    store = Store.open(path)
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, COURSE_ID, None, "premiere", 7, "fr", clock())
    for number in range(answers):
        store.record_answer(anne, COURSE_ID, attempt, f"q{number}", 1, 1.0, "fr", clock())
    store.finish_attempt(anne, COURSE_ID, attempt, 1.0, True, "fr", clock())
    store.close()
    return path


def _alter(path: Path, *statements: str) -> None:
    """Change a store by hand, as someone with the file could."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DROP TRIGGER IF EXISTS events_are_appended")
    for statement in statements:
        connection.execute(statement)
    connection.close()


def _one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# §11: bad payloads in report --store --------------------------------------------------------------

FINISHED = "UPDATE events SET payload = {payload} WHERE kind = 'attempt_finished'"


@pytest.mark.parametrize(
    ("statement", "gist"),
    [
        (FINISHED.format(payload="'{not json'"), "the payload of event 3 is not a JSON object"),
        (FINISHED.format(payload="'[1, 2]'"), "the payload of event 3 is not a JSON object"),
        (
            FINISHED.format(payload='\'{"score": "high", "passed": true}\''),
            "the score of event 3 is not a number from 0 to 1",
        ),
        (
            FINISHED.format(payload="'{\"score\": 1e999}'"),
            "the score of event 3 is not a number from 0 to 1",
        ),
        ("ALTER TABLE events DROP COLUMN language", "the table `events` has no column `language`"),
        ("DROP TABLE learners", "the table `learners` is missing"),
    ],
    ids=[
        "invalid-json",
        "a-list",
        "a-string-score",
        "an-infinite-score",
        "a-missing-column",
        "a-missing-table",
    ],
)
def test_a_bad_collected_file_stops_the_report_with_one_line_naming_it(
    tmp_path: Path, clock, capsys, statement: str, gist: str
) -> None:
    path = _store(tmp_path / "collected" / STORE_FILE, clock)
    _alter(path, statement)
    with pytest.raises(SourceError) as raised:
        read_store(path, _course())
    assert str(path) in str(raised.value) and gist in str(raised.value)
    assert main(["--lang", "en", "--course", str(BILINGUAL), "report", "--store", str(path)]) == 1
    captured = capsys.readouterr()
    assert _one_line(captured.err) == f"trainer: {raised.value}"


def test_a_recursive_view_in_place_of_the_events_is_refused_without_a_hang(
    tmp_path: Path, clock
) -> None:
    path = _store(tmp_path / STORE_FILE, clock)
    _alter(
        path,
        "DROP TABLE sent",
        "ALTER TABLE events RENAME TO old_events",
        "CREATE VIEW events AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT i AS id, 'x' AS uuid, 1 AS learner_id, 'demo' AS course_id, 'lesson_opened' AS "
        "kind, 'l' AS lesson_id, NULL AS quiz_id, NULL AS question_id, NULL AS attempt_id, 'fr' "
        "AS language, '{}' AS payload, 'now' AS at FROM n",
    )
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "--lang",
            "en",
            "--course",
            str(BILINGUAL),
            "report",
            "--store",
            str(path),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,  # a backstop: before the fix this never returned
    )
    assert done.returncode == 1
    assert "the table `events` is missing" in _one_line(done.stderr)


def test_every_query_is_interrupted_past_its_deadline() -> None:
    connection = sqlite3.connect(":memory:")
    bound_queries(connection, seconds=0.05)
    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    )
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.execute(endless).fetchone()
    assert interrupted(raised.value)
    assert connection.execute("SELECT 1").fetchone() == (1,)  # the next query has its own time


def test_a_report_query_past_its_deadline_names_the_file(
    tmp_path: Path, clock, monkeypatch
) -> None:
    path = _store(tmp_path / STORE_FILE, clock, answers=2_000)
    monkeypatch.setattr(opening, "QUERY_SECONDS", 0.0)  # every query past a few thousand steps
    with pytest.raises(SourceError) as raised:
        read_store(path, _course())
    assert (
        str(raised.value)
        == f"{path} is not a trainer progress file, or it is damaged (a query took more than 0 s)"
    )


def _course():
    from trainer.quiz.pack_check import check_pack

    pack, _ = check_pack(BILINGUAL)
    return pack.course("fr")


# §11: a learner's store missing a table -----------------------------------------------------------


@pytest.fixture(
    params=["DROP TABLE settings", "DROP TABLE sent", "ALTER TABLE events DROP COLUMN language"]
)
def damaged(request, tmp_path: Path, clock) -> Path:
    folder = tmp_path / "data"
    _alter(_store(folder / STORE_FILE, clock), request.param)
    return folder


@pytest.mark.parametrize(
    "command",
    [["progress"], ["sync", "--status"], ["certificate", "verify", "ABCD-EFGH"], ["certificate"]],
)
def test_a_store_missing_a_table_is_one_line_and_left_as_it_is(
    damaged: Path, capsys, command: list[str]
) -> None:
    before = (damaged / STORE_FILE).read_bytes()
    assert (
        main(["--lang", "en", "--course", str(BILINGUAL), "--data-dir", str(damaged), *command])
        == 1
    )
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(
        f"trainer: {damaged / STORE_FILE} is not a trainer progress file, "
        "or it is damaged (the table"
    )
    assert line.endswith("it was left as it is")
    assert (damaged / STORE_FILE).read_bytes() == before


def test_plain_mode_moves_a_store_missing_a_table_aside_and_says_so(
    damaged: Path, capsys, monkeypatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert (
        main(
            [
                "--lang",
                "en",
                "--course",
                str(BILINGUAL),
                "--data-dir",
                str(damaged),
                "--learner",
                "Anne",
                "--plain",
            ]
        )
        == 0
    )
    line = _one_line(capsys.readouterr().err)
    assert "the progress file was damaged: it was moved to" in line
    moved = [p for p in damaged.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1  # kept, never deleted
    store = Store.open(damaged / STORE_FILE)
    assert opening.missing_from_shape(store.connection) is None
    store.close()


# §11: a data folder nobody may enter, and a name that is not text ---------------------------------


def test_a_data_folder_that_cannot_be_looked_into_is_one_line(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    real_lstat = os.lstat

    def refuse(path, *args, **kwargs):
        if Path(path).parent == tmp_path / "data":
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)

    (tmp_path / "data").mkdir()
    monkeypatch.setattr(os, "lstat", refuse)
    with pytest.raises(StoreError, match=r"cannot read the progress file .*: Permission denied"):
        Store.exists(tmp_path / "data" / STORE_FILE)
    for command in (["progress"], ["certificate", "verify", "ABCD"]):
        assert (
            main(
                [
                    "--lang",
                    "en",
                    "--course",
                    str(BILINGUAL),
                    "--data-dir",
                    str(tmp_path / "data"),
                    *command,
                ]
            )
            == 1
        )
        assert "Permission denied" in _one_line(capsys.readouterr().err)


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or (os.geteuid() == 0 and SETPRIV is None),
    reason="root needs setpriv to obey permissions",
)
@pytest.mark.parametrize(
    "command",
    [
        ["progress"],
        ["sync", "--status"],
        ["certificate", "verify", "ABCD"],
        ["--plain"],
        ["report", "--store", "data/" + STORE_FILE],
    ],
)
def test_a_data_folder_at_chmod_000_for_real(tmp_path: Path, clock, command: list[str]) -> None:
    folder = tmp_path / "data"
    _store(folder / STORE_FILE, clock)
    folder.chmod(0)
    prefix = (
        [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
        if os.geteuid() == 0
        else []
    )
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    try:
        done = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "trainer",
                "--lang",
                "en",
                "--course",
                str(BILINGUAL),
                "--data-dir",
                str(folder),
                *command,
            ],
            cwd=tmp_path,
            input="q\n",
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
    finally:
        folder.chmod(0o700)
    assert done.returncode == 1
    assert "Permission denied" in _one_line(done.stderr)


def test_a_learner_name_that_is_not_utf8_is_one_line(tmp_path: Path, capsys) -> None:
    undecodable = b"Dupont \xff\xfe".decode("utf-8", "surrogateescape")  # what argv gives Python
    for command in (["progress"], ["certificate"], ["--plain"]):
        assert (
            main(["--lang", "en", "--course", str(BILINGUAL), "--learner", undecodable, *command])
            == 2
        )
        assert (
            _one_line(capsys.readouterr().err)
            == "trainer: --learner is not valid text: write it in UTF-8"
        )
    assert not (tmp_path / "data").exists()  # refused before anything was opened


# §12: the app says on screen what opening found ---------------------------------------------------


async def test_the_app_shows_the_damaged_file_notice_on_screen(tmp_path: Path, clock) -> None:
    from trainer.quiz.pack_check import check_pack
    from trainer.tui.app import TrainerApp

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / STORE_FILE).write_bytes(b"not a database at all, but the learner's file")
    store = Store.open(folder / STORE_FILE, set_aside_damaged=True)
    pack, _ = check_pack(BILINGUAL)
    app = TrainerApp(
        pack.course("fr"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("moved to" in message and ".corrupt-" in message for message in shown), shown
    store.close()


# §12: the data folder and the store's path --------------------------------------------------------


def test_under_umask_000_only_the_data_folder_is_private_and_its_parents_are_not_open(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "home" / ".local" / "share" / "trainer"
    previous = os.umask(0)
    try:
        Store.open(folder / STORE_FILE).close()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for parent in (tmp_path / "home", tmp_path / "home" / ".local", folder.parent):
        assert stat.S_IMODE(parent.stat().st_mode) == 0o755, parent


def test_an_existing_data_folder_others_may_write_is_warned_about(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import io

    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    store = Store.open(folder / STORE_FILE)
    assert store.warning == (
        f"the data folder {folder} can be written by other users (mode 777): they could replace "
        f"the progress file; run `chmod 700 {folder}`"
    )
    store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert (
        main(
            [
                "--lang",
                "en",
                "--course",
                str(BILINGUAL),
                "--data-dir",
                str(folder),
                "--learner",
                "Anne",
                "--plain",
            ]
        )
        == 0
    )
    assert _one_line(capsys.readouterr().err) == f"trainer: {store.warning}"
    assert Store.open(tmp_path / "private" / STORE_FILE).warning is None


def test_a_dangling_symbolic_link_at_the_store_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    target = tmp_path / "elsewhere" / "planted.sqlite3"
    (folder / STORE_FILE).symlink_to(target)
    for set_aside in (False, True):
        with pytest.raises(StoreError) as raised:
            Store.open(folder / STORE_FILE, set_aside_damaged=set_aside)
        assert str(raised.value) == (
            f"{folder / STORE_FILE} is a symbolic link to nothing ({target}); remove it, or make "
            "it lead to the progress file"
        )
    assert not target.parent.exists()


def test_a_symbolic_link_to_an_existing_store_still_works(tmp_path: Path, clock) -> None:
    real = _store(tmp_path / "disk" / STORE_FILE, clock)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / STORE_FILE).symlink_to(real)
    store = Store.open(tmp_path / "data" / STORE_FILE)
    assert [learner.name for learner in store.learners()] == ["Anne"]
    store.close()
