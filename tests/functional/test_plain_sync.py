"""Plain mode honours `sync_after_quiz`, as the app does: the quiz's statements reach the LRS when
it ends, even when the input ends right after it (a script, a screen-reader user who leaves)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.functional.test_plain import FIRST_SEED, first_answers
from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.lrs import FakeLrs
from trainer.plain.menu import run_plain
from trainer.progress.outbox import pending_count
from trainer.progress.store import Store
from trainer.xapi.lrs import endpoint_key
from trainer.xapi.sync import load_state


@pytest.fixture
def lrs():
    fake = FakeLrs(like_ralph=True).start()
    yield fake
    fake.stop()


def take_first_quiz(pack, path: Path) -> str:
    course = pack.course("en")
    right = first_answers(course.quizzes["premiere"], FIRST_SEED)
    lines = ["Ada", "", "", right["moteur"], right["traits"], right["flux"]]
    output = io.StringIO()
    store = Store.open(path)
    try:
        code = run_plain(
            course,
            store,
            None,
            io.StringIO("".join(line + "\n" for line in lines)),
            output,
            FixedClock(),
            seeds_from(),
            pack=pack,
        )
    finally:
        store.close()
    assert code == 0
    return output.getvalue()


def test_a_finished_quiz_is_sent_when_the_settings_ask(tmp_path: Path, pack, lrs) -> None:
    (tmp_path / "xapi.toml").write_text(
        f'endpoint = "{lrs.endpoint}"\nsync_after_quiz = true\n', encoding="utf-8"
    )
    out = take_first_quiz(pack, tmp_path / "progress.sqlite3")
    assert "Passed." in out
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in lrs.held.values()]
    assert "passed" in verbs and verbs.count("answered") == 3
    store = Store.open(tmp_path / "progress.sqlite3")
    try:
        assert pending_count(store, endpoint_key(lrs.endpoint)) == {}
    finally:
        store.close()


def test_nothing_is_sent_when_the_settings_do_not_ask(tmp_path: Path, pack, lrs) -> None:
    (tmp_path / "xapi.toml").write_text(f'endpoint = "{lrs.endpoint}"\n', encoding="utf-8")
    take_first_quiz(pack, tmp_path / "progress.sqlite3")
    assert lrs.requests == []


def test_a_failed_sync_after_a_quiz_stays_off_the_conversation(
    tmp_path: Path, pack, lrs, capsys, monkeypatch
) -> None:
    """A sync that cannot run (its password variable unset) writes nothing over plain mode's
    conversation nor on the standard error; `trainer sync --status` says it."""
    monkeypatch.delenv("TRAINER_UNSET_PASSWORD", raising=False)
    (tmp_path / "xapi.toml").write_text(
        f'endpoint = "{lrs.endpoint}"\nuser = "ada"\npassword_env = "TRAINER_UNSET_PASSWORD"\n'
        "sync_after_quiz = true\n",
        encoding="utf-8",
    )
    out = take_first_quiz(pack, tmp_path / "progress.sqlite3")
    assert "TRAINER_UNSET_PASSWORD" not in out and capsys.readouterr().err == ""
    assert lrs.requests == []
    store = Store.open(tmp_path / "progress.sqlite3")
    try:
        state = load_state(store)
    finally:
        store.close()
    assert state is not None and "TRAINER_UNSET_PASSWORD" in (state.error or "")
