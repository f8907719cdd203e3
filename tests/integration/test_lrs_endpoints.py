"""Against real Ralph LRSs: a changed endpoint gets the whole history once and the old LRS nothing
again; a statement Ralph holds differently is a conflict, found in a number of requests that grows
with the batches; plain mode sends a finished quiz when `sync_after_quiz` is on."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from tests.functional.test_plain_sync import take_first_quiz
from tests.helpers.paths import take_course
from tests.helpers.ralph import RalphServer
from trainer.commands.sync import sync_command
from trainer.progress.store import Store
from trainer.xapi.config import XapiConfig
from trainer.xapi.lrs import LrsClient

pytestmark = pytest.mark.lrs

PASSWORD_VARIABLE = "TRAINER_TEST_LRS_PASSWORD"


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def second_ralph(ralph_bin: Path, ralph_credentials, tmp_path: Path):
    """Another Ralph, with its own data: the production LRS after the pilot one."""
    auth, user, password = ralph_credentials
    server = RalphServer(ralph_bin, tmp_path / "ralph-2", auth, user, password)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Every request trainer's LRS client makes, counted by method."""
    counted: Counter = Counter()
    real = LrsClient.request

    def counting(self, method: str, path: str, body: bytes | None = None):
        counted[method] += 1
        return real(self, method, path, body)

    monkeypatch.setattr(LrsClient, "request", counting)
    return counted


def config_for(server, monkeypatch: pytest.MonkeyPatch, **options) -> XapiConfig:
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    return XapiConfig(
        endpoint=server.endpoint, user=server.user, password_env=PASSWORD_VARIABLE, **options
    )


def run(config: XapiConfig, store: Store, pack, clock, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync_command(config, store, pack, clock=clock, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def test_a_new_lrs_gets_every_statement_once_and_the_old_one_is_untouched(
    ralph, second_ralph, store, pack, clock, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    take_course(store, pack, "Grace", clock, language="fr", right=False)
    code, out, _err = run(config_for(ralph, monkeypatch, batch_size=7), store, pack, clock)
    assert code == 0 and "0 events pending" in out
    first = {s["id"] for s in ralph.statements()}
    lines = ralph.stored_lines()

    code, out, _err = run(config_for(second_ralph, monkeypatch, batch_size=7), store, pack, clock)
    assert code == 0 and f"{len(first)} statements sent; 0 events pending" in out
    moved = [s["id"] for s in second_ralph.statements()]
    assert len(moved) == len(set(moved)) == second_ralph.stored_lines() and set(moved) == first

    code, out, _err = run(config_for(ralph, monkeypatch), store, pack, clock)
    assert code == 0 and "0 statements sent; 0 events pending" in out
    assert ralph.stored_lines() == lines and {s["id"] for s in ralph.statements()} == first


def test_a_statement_ralph_holds_differently_is_a_conflict_found_per_batch(
    ralph, store, pack, clock, monkeypatch, requests: Counter
) -> None:
    """The whole history sent once, then again with the learner's name in the actor (actor_name
    turned on, and `--resend`): Ralph refuses each batch with 409; every statement is reported as
    a conflict, none counted as sent, Ralph keeps its own, and the requests stay per batch."""
    take_course(store, pack, "Ada", clock)
    code, _out, _err = run(config_for(ralph, monkeypatch, batch_size=5), store, pack, clock)
    total = len(ralph.statements())
    assert code == 0 and total == 14
    requests.clear()
    config = config_for(ralph, monkeypatch, batch_size=5, actor_name=True)
    code, out, err = run(config, store, pack, clock, resend=True)
    assert code == 1 and "0 statements sent; 13 events pending" in out
    assert f"ids of {total} statements" in err
    batches = -(-total // 5)
    assert requests["POST"] == batches and requests["GET"] <= 1 + total // 100
    assert all("name" not in s["actor"] for s in ralph.statements())
    assert ralph.stored_lines() == total


def test_plain_mode_sends_a_finished_quiz_to_ralph(
    ralph, tmp_path: Path, pack, monkeypatch
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, ralph.password)
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "xapi.toml").write_text(
        f'endpoint = "{ralph.endpoint}"\nuser = "{ralph.user}"\n'
        f'password_env = "{PASSWORD_VARIABLE}"\nsync_after_quiz = true\n',
        encoding="utf-8",
    )
    take_first_quiz(pack, folder / "progress.sqlite3")
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in ralph.statements())
    assert verbs["answered"] == 3 and verbs["passed"] == 1


def test_a_copy_synced_second_is_all_conflicts_in_requests_per_batch(
    ralph, tmp_path: Path, pack, clock, monkeypatch, requests: Counter
) -> None:
    """A progress file copied before its first sync whose learner has another actor (an id drawn
    at random, as stores made before ids were derived from the first event have): Ralph holds
    every one of its statement ids differently. Reported as conflicts, nothing added, in a few
    requests per batch (the review measured one GET per statement: 3 min 37 s)."""
    original = Store.open(tmp_path / "a" / "progress.sqlite3")
    take_course(original, pack, "Ada", clock)
    original.close()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "progress.sqlite3").write_bytes(
        (tmp_path / "a" / "progress.sqlite3").read_bytes()
    )
    copy = Store.open(tmp_path / "b" / "progress.sqlite3")
    (learner,) = copy.learners()
    copy.save_setting(learner, "xapi_id", "0b7e9a52-6a43-4f0e-9d1c-3e5f8a2b7c10")
    copy.close()
    config = config_for(ralph, monkeypatch, batch_size=5)
    for folder in ("a", "b"):
        store = Store.open(tmp_path / folder / "progress.sqlite3")
        try:
            requests.clear()
            code, out, err = run(config, store, pack, clock)
        finally:
            store.close()
    total = ralph.stored_lines()
    assert total == 14 and code == 1 and "0 statements sent; 13 events pending" in out
    assert f"ids of {total} statements" in err
    batches = -(-total // 5)
    assert requests["POST"] <= batches + 1 + (5).bit_length() and requests["GET"] <= 3


def test_a_copy_synced_second_is_the_same_agent_and_adds_nothing(
    ralph, tmp_path: Path, pack, clock, monkeypatch
) -> None:
    """A progress file copied before its first sync names its learner as the original does (the
    id is derived from the first event): synced second, its statements are the ones Ralph holds,
    nothing conflicts, nothing is added (organisation review, defect 3)."""
    original = Store.open(tmp_path / "a" / "progress.sqlite3")
    take_course(original, pack, "Ada", clock)
    original.close()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "progress.sqlite3").write_bytes(
        (tmp_path / "a" / "progress.sqlite3").read_bytes()
    )
    config = config_for(ralph, monkeypatch, batch_size=5)
    codes = []
    for folder in ("a", "b"):
        store = Store.open(tmp_path / folder / "progress.sqlite3")
        try:
            code, out, err = run(config, store, pack, clock)
            codes.append(code)
        finally:
            store.close()
    assert codes == [0, 0] and "0 events pending" in out and "conflict" not in err
    actors = {s["actor"]["account"]["name"] for s in ralph.statements()}
    assert ralph.stored_lines() == 14 and len(actors) == 1
