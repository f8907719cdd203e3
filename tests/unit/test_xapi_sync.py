"""The outbox, the settings and the sync against a fake LRS on 127.0.0.1."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers.lrs import FakeLrs
from tests.helpers.paths import take_course
from trainer.commands.sync import sync_command
from trainer.progress.outbox import learner_key, mark_sent, pending_count, pending_uuids, sent_count
from trainer.progress.store import Store
from trainer.xapi.config import ConfigError, XapiConfig, find_config, parse_config, resolve_config
from trainer.xapi.lrs import endpoint_key
from trainer.xapi.statements import Statement
from trainer.xapi.sync import (
    batches,
    client_for,
    courses_of,
    pending_statements,
    sync,
    sync_after_quiz,
)


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def lrs():
    fake = FakeLrs().start()
    yield fake
    fake.stop()


def test_learner_key_is_made_once_and_kept(store, clock) -> None:
    learner = store.add_learner("Ada", clock())
    key = learner_key(store, learner)
    assert key == learner_key(store, learner) == store.settings(learner)["xapi_id"]
    assert "Ada" not in key


def test_events_stay_pending_until_marked_sent(store, pack, clock) -> None:
    learner = take_course(store, pack, "Ada", clock)
    events = [e["uuid"] for e in store.events(learner)]
    lrs = "http://lrs.invalid:80/xAPI"
    assert pending_uuids(store, lrs) == set(events)
    assert pending_count(store, lrs, "demo") == {"Ada": 13}
    assert mark_sent(store, events[:3] + events[:3] + ["not-an-event"], clock(), lrs=lrs) == 3
    assert mark_sent(store, events[:3], clock(), lrs=lrs) == 0
    assert pending_uuids(store, lrs, learner, "demo") == set(events[3:])
    assert pending_count(store, lrs, "another") == {}
    assert pending_uuids(store, "http://other.invalid:80/xAPI") == set(events)


def test_batches_never_split_an_events_statements() -> None:
    statements = [
        Statement(uuid, {"id": f"{uuid}-{n}"})
        for uuid, n in [("a", 1), ("b", 1), ("b", 2), ("c", 1)]
    ]
    assert [[s.body["id"] for s in batch] for batch in batches(statements, 2)] == [
        ["a-1", "b-1", "b-2"],
        ["c-1"],
    ]
    assert [len(batch) for batch in batches(statements, 1)] == [1, 2, 1]


def test_sync_sends_in_batches_and_marks_sent(store, pack, clock, lrs) -> None:
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=lrs.endpoint, batch_size=5)
    report = sync(store, courses_of(pack), config, client_for(config, sleep=lambda s: None), clock)
    assert (report.statements, report.sent, report.pending, report.error) == (14, 13, 0, None)
    assert [len(p.body) for p in lrs.posts] == [5, 5, 4]
    assert sync(store, courses_of(pack), config, client_for(config), clock).statements == 0
    assert len(lrs.posts) == 3


def test_an_error_midway_keeps_the_rest_pending(store, pack, clock, lrs) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.statuses = [200, 400]
    config = XapiConfig(endpoint=lrs.endpoint, batch_size=5)
    report = sync(store, courses_of(pack), config, client_for(config), clock)
    assert report.statements == 5 and report.pending == 8 and "HTTP 400" in report.error
    assert sent_count(store) == 5


def test_on_conflict_ids_already_held_count_as_sent_and_the_rest_goes_again(
    store, pack, clock, lrs
) -> None:
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=lrs.endpoint, batch_size=50)
    statements = pending_statements(store, courses_of(pack), config, endpoint_key(lrs.endpoint))
    for statement in statements[:4]:  # a cut batch: the LRS stored these, trainer never knew
        lrs.held[statement.id] = statement.body
    lrs.conflict_on_held = True
    report = sync(store, courses_of(pack), config, client_for(config), clock)
    assert report.error is None and report.pending == 0 and report.statements == 14
    assert report.conflicts == 0
    assert len(lrs.posts) == 2 and len(lrs.posts[1].body) == 10
    assert len(lrs.gets) == 1  # one listing of the enrolment, not one GET per id
    assert len(lrs.held) == 14


def test_lrs_down_loses_nothing(store, pack, clock, lrs) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.statuses = [503] * 10
    waits: list[float] = []
    config = XapiConfig(endpoint=lrs.endpoint, tries=3)
    report = sync(store, courses_of(pack), config, client_for(config, sleep=waits.append), clock)
    assert report.error and report.pending == 13 and sent_count(store) == 0 and waits == [0.5, 1.0]


def test_sync_command_and_status(store, pack, clock, lrs, monkeypatch) -> None:
    take_course(store, pack, "Ada", clock)
    monkeypatch.setenv("LRS_PASSWORD", "pw")
    config = XapiConfig(endpoint=lrs.endpoint, user="u", password_env="LRS_PASSWORD")
    out = io.StringIO()
    assert sync_command(config, store, pack, status_only=True, out=out) == 0
    assert (
        "13 events pending" in out.getvalue()
        and "Ada: 13" in out.getvalue()
        and "never" in out.getvalue()
    )
    assert sync_command(config, store, pack, clock=clock, out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    sync_command(config, store, pack, status_only=True, out=out)
    assert "0 events pending" in out.getvalue() and "never" not in out.getvalue()


def test_sync_command_without_settings_or_password(store, pack, monkeypatch) -> None:
    err = io.StringIO()
    assert sync_command(None, store, pack, err=err) == 2 and "not set up" in err.getvalue()
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    err = io.StringIO()
    config = XapiConfig(
        endpoint="http://127.0.0.1:9/xAPI", user="u", password_env="NO_SUCH_PASSWORD"
    )
    assert sync_command(config, store, pack, err=err) == 2 and "$NO_SUCH_PASSWORD" in err.getvalue()


def test_a_failed_sync_says_so_in_the_status(store, pack, clock, lrs) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.statuses = [401]
    err = io.StringIO()
    assert (
        sync_command(
            XapiConfig(endpoint=lrs.endpoint), store, pack, clock=clock, out=io.StringIO(), err=err
        )
        == 1
    )
    assert "nothing is lost" in err.getvalue()
    out = io.StringIO()
    sync_command(None, store, pack, status_only=True, out=out)
    assert "HTTP 401" in out.getvalue() and "13 events pending" in out.getvalue()


def test_settings_from_toml_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "xapi.toml").write_text(
        'endpoint = "https://lrs.example.org/xAPI"\nbatch_size = 10\nactor_name = true\n'
    )
    config = find_config(tmp_path)
    assert (config.endpoint, config.batch_size, config.actor_name) == (
        "https://lrs.example.org/xAPI",
        10,
        True,
    )
    (tmp_path / "xapi.toml").unlink()
    (tmp_path / "xapi.yaml").write_text(
        "endpoint: http://127.0.0.1:8100/xAPI\nsync_after_quiz: true\n"
    )
    assert find_config(tmp_path).sync_after_quiz is True
    assert find_config(tmp_path / "nowhere") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"endpont": "http://x"}, "unknown setting 'endpont'"),
        ({"batch_size": "10"}, "batch_size must be a whole number"),
        ({"actor_name": 1}, "actor_name must be true or false"),
        ({"tries": True}, "tries must be a whole number"),
        ({"batch_size": 0}, "at least 1"),
        ({"endpoint": "ftp://x"}, "http or https"),
    ],
)
def test_wrong_settings_are_errors(data, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(data, "xapi.toml")


def test_flags_override_the_file(tmp_path: Path) -> None:
    (tmp_path / "xapi.toml").write_text('endpoint = "https://a.example.org/xAPI"\nuser = "file"\n')
    config = resolve_config(
        tmp_path, None, endpoint="http://127.0.0.1:8100/xAPI", user=None, home_page=None
    )
    assert (config.endpoint, config.user) == ("http://127.0.0.1:8100/xAPI", "file")
    assert resolve_config(tmp_path / "empty", None, endpoint=None) is None
    with pytest.raises(ConfigError, match="cannot read"):
        resolve_config(tmp_path, tmp_path / "missing.toml")


def test_sync_after_quiz_is_silent_and_keeps_pending(tmp_path: Path, pack, clock, lrs) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    store = Store.open(path)
    take_course(store, pack, "Ada", clock)
    assert sync_after_quiz(path, pack) is None  # not set up: nothing happens
    lrs.statuses = [500]
    (path.parent / "xapi.toml").write_text(f'endpoint = "{lrs.endpoint}"\nsync_after_quiz = true\n')
    report = sync_after_quiz(path, pack)
    assert report.error and "HTTP 500" in report.error and sent_count(store) == 0
    assert json.loads((path.parent / "xapi-sync.json").read_text())["error"] == report.error
    report = sync_after_quiz(path, pack)
    assert report.error is None and sent_count(store) == 13
    store.close()


def test_a_folder_copied_before_its_first_sync_is_the_same_agent(store, pack, clock) -> None:
    """The opaque id comes from the learner's first event: two copies of a store made before any
    sync name the learner alike, so the LRS sees one agent, not two (organisation review, defect
    3)."""
    import shutil

    from trainer.progress.store import Store

    learner = take_course(store, pack, "Ada", clock)
    copy = store.path.with_name("copy.sqlite3")
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(store.path, copy)
    other = Store.open(copy)
    try:
        (twin,) = other.learners()
        assert learner_key(other, twin) == learner_key(store, learner)
    finally:
        other.close()
    fresh = store.add_learner("Bea", clock())  # no event yet: a random id, still kept
    assert learner_key(store, fresh) == learner_key(store, fresh) != learner_key(store, learner)
