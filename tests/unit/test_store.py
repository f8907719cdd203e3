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
    assert [learner.name for learner in store.learners()] == ["Anne Martin", "zoé"]
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
    assert record.opened == {
        "premiere",
        "deuxieme",
    }  # starting a quiz records its lesson opened first
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


# the record's invariants, enforced by the store whatever the caller does ---------------------


def test_a_second_finish_of_an_attempt_is_a_no_op(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 1, "fr", clock())
    assert store.finish_attempt(anne, "demo", attempt, 0.5, False, "fr", clock()) is True
    for _ in range(20):  # a burst of enter on the last question
        assert store.finish_attempt(anne, "demo", attempt, 0.0, False, "fr", clock()) is False
    finishes = [e for e in store.events(anne) if e["kind"] == "attempt_finished"]
    assert len(finishes) == 1 and '"score": 0.5' in finishes[0]["payload"]
    (finished,) = store.attempts(anne, "demo", "premiere")
    assert finished.score == 0.5


def test_an_answer_is_recorded_once_per_question_of_an_attempt(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 1, "fr", clock())
    assert store.record_answer(anne, "demo", attempt, "moteur", 1, 1.0, "fr", clock()) is True
    assert store.record_answer(anne, "demo", attempt, "moteur", 2, 0.0, "fr", clock()) is False
    assert store.record_answer(anne, "demo", attempt, "traits", 2, 0.0, "fr", clock()) is True
    answers = [e["question_id"] for e in store.events(anne) if e["kind"] == "answered"]
    assert answers == ["moteur", "traits"]
    assert store.open_attempt(anne, "demo", "premiere").answers["moteur"].response == 1
    # The same question in another attempt is another answer.
    store.finish_attempt(anne, "demo", attempt, 0.5, False, "fr", clock())
    again = store.start_attempt(anne, "demo", None, "premiere", 2, "fr", clock())
    assert store.record_answer(anne, "demo", again, "moteur", 2, 0.0, "fr", clock()) is True


def test_an_answer_needs_an_open_attempt(store: Store, clock) -> None:
    from trainer.progress.store import AttemptClosed, AttemptRecord

    anne = store.add_learner("Anne", clock())
    attempt = store.start_attempt(anne, "demo", None, "premiere", 1, "fr", clock())
    store.finish_attempt(anne, "demo", attempt, 0.0, False, "fr", clock())
    with pytest.raises(AttemptClosed, match="already finished"):
        store.record_answer(anne, "demo", attempt, "moteur", 1, 1.0, "fr", clock())
    never = AttemptRecord("not-an-attempt", "premiere", 1, "2026-03-02T09:00:00.000+00:00")
    with pytest.raises(AttemptClosed, match="never started"):
        store.record_answer(anne, "demo", never, "moteur", 1, 1.0, "fr", clock())
    with pytest.raises(AttemptClosed):
        store.finish_attempt(anne, "demo", never, 1.0, True, "fr", clock())
    assert [e["kind"] for e in store.events(anne)] == ["attempt_started", "attempt_finished"]
    assert isinstance(
        AttemptClosed("x"), StoreError
    )  # the screens already say "could not be saved"


def test_an_attempt_started_from_a_lesson_comes_after_its_opening(store: Store, clock) -> None:
    anne = store.add_learner("Anne", clock())
    store.start_attempt(
        anne, "demo", "premiere", "premiere", 1, "fr", clock()
    )  # before the lesson screen recorded it
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    store.start_attempt(anne, "demo", "premiere", "premiere", 2, "fr", clock())
    kinds = [(e["kind"], e["lesson_id"]) for e in store.events(anne)]
    assert kinds == [
        ("lesson_opened", "premiere"),
        ("attempt_started", "premiere"),
        ("lesson_opened", "premiere"),
        ("attempt_started", "premiere"),
    ]


def test_two_stores_on_one_file_record_an_answer_and_a_finish_once(tmp_path: Path, clock) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    first, second = Store.open(path), Store.open(path)
    anne = first.add_learner("Anne", clock())
    attempt = first.start_attempt(anne, "demo", None, "premiere", 1, "fr", clock())
    seen = second.open_attempt(anne, "demo", "premiere")
    assert first.record_answer(anne, "demo", attempt, "moteur", 1, 1.0, "fr", clock())
    assert not second.record_answer(anne, "demo", seen, "moteur", 2, 0.0, "fr", clock())
    assert first.finish_attempt(anne, "demo", attempt, 1.0, True, "fr", clock())
    assert not second.finish_attempt(anne, "demo", seen, 0.0, False, "fr", clock())
    assert [e["kind"] for e in second.events(anne)] == [
        "attempt_started",
        "answered",
        "attempt_finished",
    ]
    first.close()
    second.close()


def test_an_event_of_a_learner_deleted_elsewhere_is_a_store_error(tmp_path: Path, clock) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    first, second = Store.open(path), Store.open(path)
    anne = first.add_learner("Anne", clock())
    second.delete_learner(anne)
    with pytest.raises(StoreError, match="deleted"):
        first.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    first.close()
    second.close()
