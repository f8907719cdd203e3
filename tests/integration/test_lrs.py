"""Statements sent to a real LRS (Ralph) and read back through its own API; syncs interrupted by
stopping the server, then resumed: nothing lost, nothing twice."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers.paths import take_course
from trainer.commands.sync import sync_command
from trainer.progress.outbox import pending_uuids, sent_count
from trainer.progress.store import Store
from trainer.xapi import sync as sync_module
from trainer.xapi.config import XapiConfig
from trainer.xapi.sync import client_for, courses_of, pending_statements, sync

pytestmark = pytest.mark.lrs

PASSWORD_VARIABLE = "TRAINER_TEST_LRS_PASSWORD"


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


def config_for(server, monkeypatch: pytest.MonkeyPatch, **options) -> XapiConfig:
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    return XapiConfig(
        endpoint=server.endpoint, user=server.user, password_env=PASSWORD_VARIABLE, **options
    )


def no_wait(_seconds: float) -> None:
    """Back-off pauses are recorded by the client's tests; here they would only slow the suite."""


def test_a_learners_quiz_arrives_and_reads_back(ralph, store, pack, clock, monkeypatch) -> None:
    take_course(store, pack, "Ada Lovelace", clock)
    config = config_for(ralph, monkeypatch)
    expected = pending_statements(store, courses_of(pack), config)
    out = io.StringIO()

    assert sync_command(config, store, pack, out=out, err=io.StringIO()) == 0

    held = {s["id"]: s for s in ralph.statements()}
    assert set(held) == {s.id for s in expected}
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in held.values())
    assert verbs == {"experienced": 3, "attempted": 2, "answered": 6, "passed": 2, "completed": 1}
    assert not pending_uuids(store)
    assert "14 statements sent; 0 events pending" in out.getvalue()
    # Read back one answer through the statementId query: Ralph kept what trainer sent.
    answer = next(s for s in expected if s.body["object"]["id"].endswith("/questions/paires"))
    [stored] = ralph.get(f"/xAPI/statements?statementId={answer.id}")["statements"]
    for part in ("actor", "verb", "object", "result", "context"):
        assert stored[part] == answer.body[part]
    assert stored["result"]["response"] == "1[.]1[,]2[.]2"
    assert "Ada" not in json.dumps(list(held.values()))


def test_statements_an_lms_reports_on_are_accepted_and_kept(
    ralph, store, pack, clock, monkeypatch
) -> None:
    """Skipped questions, durations, raw scores, the enrolment's registration and the attempt's
    grouping activity, in two languages: Ralph validates and keeps every part as sent."""
    take_course(store, pack, "Ada", clock, language="en")
    take_course(store, pack, "Bob", clock, language="fr", right=False)  # every question skipped
    config = config_for(ralph, monkeypatch)
    expected = {s.id: s.body for s in pending_statements(store, courses_of(pack), config)}

    assert sync_command(config, store, pack, out=io.StringIO(), err=io.StringIO()) == 0

    held = {s["id"]: s for s in ralph.statements()}
    assert set(held) == set(expected)
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in held.values())
    assert verbs["skipped"] == 6 and verbs["answered"] == 6 and verbs["failed"] == 2
    for statement_id, body in expected.items():
        stored = held[statement_id]
        for part in ("verb", "object", "context", "result"):
            assert stored.get(part) == body.get(part)
    registrations = {s["context"]["registration"] for s in held.values()}
    assert len(registrations) == 2  # one per learner's enrolment in the course


def test_sync_interrupted_by_the_server_stopping_resumes_without_loss_or_duplicates(
    ralph, store, pack, clock, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    take_course(store, pack, "Grace", clock, right=False)
    config = config_for(ralph, monkeypatch, batch_size=4, tries=2)
    total = len(pending_statements(store, courses_of(pack), config))
    client = client_for(config, sleep=no_wait)

    def stop_after_first_batch(done: int, _total: int) -> None:
        if ralph.process is not None:
            ralph.stop()

    first = sync(store, courses_of(pack), config, client, clock, on_batch=stop_after_first_batch)

    assert first.error and "did not answer" in first.error
    assert first.statements == 4
    ralph.start()
    assert len(ralph.statements()) == 4  # before: the first batch, and only it
    second = sync(store, courses_of(pack), config, client, clock)
    assert second.error is None and second.pending == 0
    held = [s["id"] for s in ralph.statements()]
    assert len(held) == total == len(set(held))  # after: all, once each
    assert ralph.stored_lines() == total


def test_a_batch_the_lrs_stored_but_never_confirmed_is_resent_without_duplicates(
    ralph, store, pack, clock, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    config = config_for(ralph, monkeypatch, batch_size=5)
    total = len(pending_statements(store, courses_of(pack), config))
    real_mark_sent = sync_module.mark_sent
    calls = []

    def lost_answer(store_, uuids, at, *, lrs):
        calls.append(1)
        if len(calls) == 2:  # the LRS stored the second batch; trainer never learnt it
            raise sync_module.LrsError("connection reset while reading the answer")
        return real_mark_sent(store_, uuids, at, lrs=lrs)

    monkeypatch.setattr(sync_module, "mark_sent", lost_answer)
    first = sync(store, courses_of(pack), config, client_for(config, sleep=no_wait), clock)
    monkeypatch.setattr(sync_module, "mark_sent", real_mark_sent)
    assert first.error and len(ralph.statements()) == 10  # two batches held, one marked sent

    second = sync(store, courses_of(pack), config, client_for(config, sleep=no_wait), clock)

    assert second.error is None and second.pending == 0
    held = [s["id"] for s in ralph.statements()]
    assert len(held) == len(set(held)) == total
    assert ralph.stored_lines() == total


def test_lrs_down_marks_nothing_sent(ralph, store, pack, clock, monkeypatch) -> None:
    take_course(store, pack, "Ada", clock)
    config = config_for(ralph, monkeypatch, tries=3)
    ralph.stop()
    pending = pending_uuids(store)
    waits: list[float] = []

    report = sync(store, courses_of(pack), config, client_for(config, sleep=waits.append), clock)

    assert report.error and report.statements == 0
    assert waits == [0.5, 1.0]  # bounded: three tries, two pauses
    assert pending_uuids(store) == pending and sent_count(store) == 0


def test_wrong_password_is_refused_and_nothing_is_marked(
    ralph, store, pack, clock, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    config = config_for(ralph, monkeypatch)
    monkeypatch.setenv(PASSWORD_VARIABLE, "not the password")
    err = io.StringIO()

    assert sync_command(config, store, pack, out=io.StringIO(), err=err) == 1

    assert "HTTP 401" in err.getvalue() or "HTTP 403" in err.getvalue()
    assert sent_count(store) == 0


def test_ralph_as_released_takes_one_batch_and_trainer_keeps_the_rest(
    ralph_as_released, store, pack, clock, monkeypatch
) -> None:
    """Ralph's fs backend refuses every write after its first (HTTP 500): trainer marks the first
    batch sent and keeps every other statement pending, as for any LRS that answers an error."""
    take_course(store, pack, "Ada", clock)
    config = config_for(ralph_as_released, monkeypatch, batch_size=5, tries=2)

    report = sync(store, courses_of(pack), config, client_for(config, sleep=no_wait), clock)

    assert report.statements == 5 and "HTTP 500" in (report.error or "")
    assert len(ralph_as_released.statements()) == 5
    assert (
        sent_count(store) == 5 and report.pending == 13 - 5
    )  # 13 events: the course's `completed` rides with the last


def test_a_batch_posted_twice_is_accepted_twice_and_held_once(
    ralph, store, pack, clock, monkeypatch
) -> None:
    """Ralph leaves the ids it already held out of its answer (204 when it held them all): the
    client asks for those, so a resent batch counts as accepted, never as a failure or twice."""
    take_course(store, pack, "Ada", clock)
    config = config_for(ralph, monkeypatch)
    bodies = [s.body for s in pending_statements(store, courses_of(pack), config)][:5]
    client = client_for(config, sleep=no_wait)

    client.post(bodies[:3])
    client.post(bodies)  # three held already, two new: Ralph answers the two new ids
    client.post(bodies)  # all held: Ralph answers 204

    held = [s["id"] for s in ralph.statements()]
    assert sorted(held) == sorted(b["id"] for b in bodies)
