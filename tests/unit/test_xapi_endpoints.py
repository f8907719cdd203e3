"""The outbox kept per LRS (a new endpoint gets the whole history, the old one nothing twice), and
409 conflicts found in a number of requests that grows with the batches, not the statements."""

from __future__ import annotations

import copy
import io
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.lrs import FakeLrs
from tests.helpers.paths import take_course
from trainer.commands.sync import sync_command
from trainer.i18n import set_language
from trainer.progress.outbox import mark_sent, pending_uuids, sent_count
from trainer.progress.schema import MIGRATIONS
from trainer.progress.store import Store
from trainer.xapi.config import XapiConfig
from trainer.xapi.lrs import endpoint_key
from trainer.xapi.sync import courses_of, equivalent, pending_statements

STATEMENTS = 14
"""What `take_course` makes of the bilingual test pack: 13 events, and the course's completion."""


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def first():
    fake = FakeLrs(like_ralph=True).start()
    yield fake
    fake.stop()


@pytest.fixture
def second():
    fake = FakeLrs(like_ralph=True).start()
    yield fake
    fake.stop()


def run(config: XapiConfig, store: Store, pack, clock, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync_command(config, store, pack, clock=clock, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def posted_ids(lrs: FakeLrs) -> list[str]:
    return [statement["id"] for post in lrs.posts for statement in post.body]


# a changed endpoint --------------------------------------------------------------------------


def test_a_new_endpoint_gets_the_whole_history_once_and_the_old_one_nothing_again(
    store, pack, clock, first, second
) -> None:
    take_course(store, pack, "Ada", clock)
    code, out, _err = run(XapiConfig(endpoint=first.endpoint), store, pack, clock)
    assert code == 0 and f"{STATEMENTS} statements sent; 0 events pending" in out
    held_by_first = dict(first.held)

    code, out, _err = run(XapiConfig(endpoint=second.endpoint + "/"), store, pack, clock)
    assert code == 0 and f"{STATEMENTS} statements sent; 0 events pending" in out
    assert sorted(posted_ids(second)) == sorted(held_by_first)  # same ids, each once
    assert second.held == held_by_first  # the same statements

    requests = len(first.requests)
    code, out, _err = run(XapiConfig(endpoint=first.endpoint), store, pack, clock)
    assert code == 0 and "0 statements sent; 0 events pending" in out
    assert len(first.requests) == requests  # back to the first: nothing sent to it again
    assert sent_count(store, endpoint_key(first.endpoint)) == 13
    assert sent_count(store, endpoint_key(second.endpoint)) == 13


def test_status_speaks_of_the_lrs_the_settings_name(store, pack, clock, first, second) -> None:
    take_course(store, pack, "Ada", clock)
    run(XapiConfig(endpoint=first.endpoint), store, pack, clock)
    _code, out, _err = run(
        XapiConfig(endpoint=second.endpoint), store, pack, clock, status_only=True
    )
    assert "13 events pending" in out and "last accepted by the LRS: never" in out
    _code, out, _err = run(
        XapiConfig(endpoint=first.endpoint), store, pack, clock, status_only=True
    )
    assert "0 events pending" in out and "never" not in out


def test_the_same_lrs_however_the_settings_spell_it() -> None:
    assert (
        endpoint_key("HTTPS://LRS.Example.org/xAPI/")
        == endpoint_key("https://lrs.example.org:443/xAPI")
        != endpoint_key("https://lrs.example.org/other")
    )


def test_rows_from_before_belong_to_the_first_endpoint_synced_and_resend_offers_them_again(
    tmp_path: Path, pack, clock, first, second
) -> None:
    """A store of schema 2 (events marked sent to no LRS in particular) upgraded: its first sync
    adopts them; `--resend` makes the whole history pending again for one LRS."""
    path = tmp_path / "old" / "progress.sqlite3"
    path.parent.mkdir()
    connection = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        connection.executescript(script)
    connection.execute("PRAGMA user_version = 2")
    connection.close()
    store = Store.open(path)
    try:
        take_course(store, pack, "Ada", clock)
        events = pending_uuids(store, "unused")
        store.connection.executemany(
            "INSERT INTO sent (event_uuid, lrs, sent_at) VALUES (?, '', 'then')",
            [(e,) for e in events],
        )
        store.connection.commit()
        code, out, _err = run(XapiConfig(endpoint=first.endpoint), store, pack, clock)
        assert code == 0 and "0 statements sent; 0 events pending" in out and not first.posts
        code, out, _err = run(XapiConfig(endpoint=second.endpoint), store, pack, clock)
        assert f"{STATEMENTS} statements sent" in out  # adopted by the first, not by every LRS
        code, out, _err = run(XapiConfig(endpoint=first.endpoint), store, pack, clock, resend=True)
        assert code == 0 and f"{STATEMENTS} statements sent; 0 events pending" in out
        assert len(first.held) == STATEMENTS
    finally:
        store.close()


# 409 conflicts ----------------------------------------------------------------------------------


def test_a_statement_held_differently_is_a_conflict_not_sent(store, pack, clock, first) -> None:
    """Ralph refuses a whole batch with 409 when it holds a different statement under one id: the
    conflict is found in one listing of the enrolment, reported, left pending; the rest is sent."""
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint, batch_size=5)
    statements = pending_statements(store, courses_of(pack), config)
    changed = copy.deepcopy(statements[6].body)
    changed["actor"]["name"] = "Someone else"  # actor_name turned on since, say
    first.held[changed["id"]] = changed
    code, out, err = run(config, store, pack, clock)
    assert code == 1
    assert f"{STATEMENTS - 1} statements sent; 1 event pending" in out
    assert "different statement under the id of 1 statement" in err and changed["id"] in err
    assert first.held[changed["id"]] == changed  # the LRS keeps its own
    assert len(first.held) == STATEMENTS
    assert len(first.gets) == 1 and "registration=" in first.gets[0].path
    code, out, err = run(config, store, pack, clock, status_only=True)
    assert "1 event pending" in out and "1 statement in conflict" in out


@pytest.mark.parametrize("batch_size", [5, 50])
def test_requests_grow_with_the_batches_not_the_statements(
    store, pack, clock, first, batch_size: int
) -> None:
    """Every statement held differently (the whole history re-sent with another actor name): one
    409 per batch and one listing of the enrolment for the whole sync, never one GET per id."""
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint, batch_size=batch_size)
    for statement in pending_statements(store, courses_of(pack), config):
        changed = copy.deepcopy(statement.body)
        changed["actor"]["name"] = "Ada"
        first.held[statement.id] = changed
    first.requests.clear()
    code, out, err = run(config, store, pack, clock)
    batches = -(-STATEMENTS // batch_size)
    assert code == 1 and "0 statements sent; 13 events pending" in out
    assert f"ids of {STATEMENTS} statements" in err
    assert len(first.posts) == batches and len(first.gets) == 1
    assert sent_count(store) == 0


def test_statements_held_the_same_count_as_sent_on_a_409(store, pack, clock, first) -> None:
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint)
    statements = pending_statements(store, courses_of(pack), config)
    for statement in statements[:4]:
        first.held[statement.id] = statement.body
    changed = copy.deepcopy(statements[4].body)
    changed["result"] = {"completion": False}
    first.held[changed["id"]] = changed
    code, out, _err = run(config, store, pack, clock)
    assert code == 1 and f"{STATEMENTS - 1} statements sent" in out
    assert len(first.posts) == 2 and len(first.posts[1].body) == STATEMENTS - 5


def test_a_conflict_with_another_enrolment_is_found_by_halving(store, pack, clock, first) -> None:
    """A copy of the progress file synced first under another actor: its statements carry another
    registration, so the listing does not show them; the batch is halved down to the culprit."""
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint, batch_size=50)
    statements = pending_statements(store, courses_of(pack), config)
    foreign = copy.deepcopy(statements[9].body)
    foreign["actor"]["account"]["name"] = "another-copy"
    foreign["context"]["registration"] = "00000000-0000-4000-8000-000000000000"
    first.held[foreign["id"]] = foreign
    code, out, err = run(config, store, pack, clock)
    assert code == 1 and f"{STATEMENTS - 1} statements sent; 1 event pending" in out
    assert foreign["id"] in err and first.held[foreign["id"]] == foreign
    assert len(first.posts) <= 2 + 2 * (STATEMENTS - 1).bit_length()


def test_timestamps_written_another_way_are_the_same_statement() -> None:
    sent = {"actor": {}, "verb": {}, "object": {}, "timestamp": "2026-12-06T10:00:00+00:00"}
    assert equivalent(sent, {**sent, "timestamp": "2026-12-06T10:00:00.000Z", "stored": "x"})
    assert not equivalent(sent, {**sent, "timestamp": "2026-12-06T10:00:01Z"})
    assert not equivalent(sent, {**sent, "actor": {"name": "Ada"}})


def test_conflicts_are_said_in_french(store, pack, clock, first) -> None:
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint)
    statement = pending_statements(store, courses_of(pack), config)[0]
    changed = copy.deepcopy(statement.body)
    changed["verb"]["display"] = {"fr-FR": "autre"}
    first.held[statement.id] = changed
    set_language("fr")
    try:
        code, out, err = run(config, store, pack, clock)
    finally:
        set_language("en")
    assert code == 1 and "13 déclarations envoyées\u00a0; 1 événement en attente" in out
    assert "le LRS garde une déclaration différente" in err


def test_marking_sent_names_the_lrs(store, pack, clock) -> None:
    learner = take_course(store, pack, "Ada", clock)
    events = sorted(e["uuid"] for e in store.events(learner))
    mark_sent(store, events[:2], clock(), lrs="http://a.invalid:80/xAPI")
    assert len(pending_uuids(store, "http://a.invalid:80/xAPI")) == 11
    assert len(pending_uuids(store, "http://b.invalid:80/xAPI")) == 13


@pytest.mark.parametrize("batch_size", [5, 50])
def test_a_copy_synced_first_under_another_actor_costs_requests_per_batch(
    store, pack, clock, first, batch_size: int
) -> None:
    """The progress file copied before its first sync, the copy synced first: the LRS holds the
    whole history under another actor and registration. One culprit found by halving shows the
    other enrolment; its listing settles that batch and every later one."""
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=first.endpoint, batch_size=batch_size)
    for statement in pending_statements(store, courses_of(pack), config):
        foreign = copy.deepcopy(statement.body)
        foreign["actor"]["account"]["name"] = "the-copy"
        foreign["context"]["registration"] = "00000000-0000-4000-8000-000000000000"
        first.held[statement.id] = foreign
    code, out, err = run(config, store, pack, clock)
    batches = -(-STATEMENTS // batch_size)
    assert code == 1 and "0 statements sent; 13 events pending" in out
    assert f"ids of {STATEMENTS} statements" in err
    assert len(first.posts) <= batches + 1 + batch_size.bit_length()
    assert len(first.gets) <= 3  # its own enrolment, the culprit, the other enrolment
