"""The progress store: learners, appended events, attempts, resume, schema versions."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from trainer.progress.schema import SCHEMA_VERSION
from trainer.progress.store import Store, StoreError


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


def test_new_store_is_private_and_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    Store.open(path).close()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_learners_are_unique_and_sorted(store: Store, clock) -> None:
    store.add_learner("zoé", clock())
    store.add_learner("  Anne   Martin ", clock())
    assert [l.name for l in store.learners()] == ["Anne Martin", "zoé"]
    with pytest.raises(ValueError):
        store.add_learner("Anne Martin", clock())
    with pytest.raises(ValueError):
        store.add_learner("   ", clock())


def test_last_learner_is_the_one_with_the_latest_event(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    bruno = store.add_learner("Bruno", clock())
    assert store.last_learner() == bruno
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    assert store.last_learner() == anne


def test_attempt_answers_and_finish_are_read_back(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", "premiere", "premiere", 42, "fr", clock())
    store.record_answer(anne, "demo", attempt, "moteur", 1, 1.0, "fr", clock(), hinted=True)
    open_attempt = store.open_attempt(anne, "demo", "premiere")
    assert open_attempt is not None and open_attempt.id == attempt.id and open_attempt.seed == 42
    assert open_attempt.answers["moteur"].response == 1
    assert open_attempt.answers["moteur"].hinted
    store.record_answer(anne, "demo", attempt, "traits", [1, 3], 0.0, "en", clock())
    store.finish_attempt(anne, "demo", attempt, 0.5, False, "en", clock())
    assert store.open_attempt(anne, "demo", "premiere") is None
    (finished,) = store.attempts(anne, "demo", "premiere")
    assert finished.finished and finished.score == 0.5 and finished.passed is False
    assert finished.answers["traits"].response == [1, 3]


def test_course_record_counts_best_scores_and_passes_across_languages(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    for score, passed, language in ((0.5, False, "fr"), (0.9, True, "en"), (0.7, False, "fr")):
        attempt = store.start_attempt(anne, "demo", "premiere", "premiere", 1, language, clock())
        store.finish_attempt(anne, "demo", attempt, score, passed, language, clock())
    store.start_attempt(anne, "demo", "deuxieme", "deuxieme", 2, "fr", clock())
    record = store.course_record(anne, "demo")
    assert record.opened == {"premiere"}
    assert record.best_scores == {"premiere": 0.9}
    assert record.passed == {"premiere"}
    assert record.unfinished == {"deuxieme"}
    assert record.last_lesson == "deuxieme"


def test_records_of_one_learner_or_course_do_not_leak(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    bruno = store.add_learner("Bruno", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    store.record_lesson_opened(anne, "other", "x", "fr", clock())
    assert store.course_record(bruno, "demo").opened == frozenset()
    assert store.course_record(anne, "demo").opened == {"premiere"}


def test_events_are_appended_never_rewritten(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    with pytest.raises(sqlite3.DatabaseError, match="appended"):
        store.connection.execute("UPDATE events SET lesson_id = 'x'")
    (event,) = store.events(anne)
    assert event["kind"] == "lesson_opened" and len(event["uuid"]) == 36


def test_answers_survive_reopening(tmp_path: Path, clock) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 3, "fr", clock())
    store.record_answer(anne, "demo", attempt, "moteur", 2, 0.0, "fr", clock())
    store.connection.close()  # no clean shutdown: what was committed must be there
    reopened = Store.open(path)
    assert reopened.open_attempt(anne, "demo", "premiere").answers["moteur"].response == 2
    reopened.close()


def test_a_file_from_a_newer_trainer_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer trainer"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a trainer progress file"):
        Store.open(path)
    assert path.read_text().startswith("these are my notes")


def test_in_memory_store_works_like_a_file(clock) -> None:
    store = Store.in_memory()
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    assert store.course_record(anne, "demo").opened == {"premiere"}


def test_an_attempt_keeps_whether_it_shuffles(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    store.start_attempt(anne, "demo", None, "premiere", 5, "fr", clock(), shuffle=False)
    assert store.open_attempt(anne, "demo", "premiere").shuffle is False
    store.start_attempt(anne, "demo", None, "deuxieme", 5, "fr", clock())
    assert store.open_attempt(anne, "demo", "deuxieme").shuffle is None
