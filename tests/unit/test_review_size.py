"""Spaced review's daily size, and review dates in the learner's language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.helpers.clock import FixedClock
from tests.unit.test_review_session import DAY, session_with_wrong_answers
from trainer.i18n import long_date, set_language
from trainer.review_words import review_outcome
from trainer.session import REVIEW_SIZE


def answer_all(run) -> None:
    while (item := run.current) is not None:
        run.answer(item, None)


def test_the_default_daily_size_is_twenty(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    assert REVIEW_SIZE == 20 and session.review_size() == 20


def test_a_review_takes_no_more_than_the_daily_size_the_longest_overdue_first(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    session.store.save_setting(session.learner, "review_size", "4")
    clock.now += DAY
    overdue = session.due_reviews()
    run = session.start_review()
    assert len(overdue) == 6
    assert len(run.items) == 4 and run.held_back == 2 and run.size == 4
    assert {item.key for item in run.items} == set(overdue[:4])


def test_the_size_counts_the_whole_day_then_starts_again_the_next(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    session.store.save_setting(session.learner, "review_size", "4")
    clock.now += DAY
    run = session.start_review()
    answer_all(run.__class__(session, run.items[:3], run.seed))  # three answered, then left
    again = session.start_review()
    assert len(again.items) == 1 and again.held_back == 2  # 3 of the 6 answered: 3 due, room for 1
    answer_all(again)
    done = session.start_review()
    assert done.items == () and done.held_back == 2
    set_language("en")
    assert review_outcome(done, session.clock()) == [
        "You have reviewed 4 questions today: your daily review size.",
        "2 more questions are due: they wait for tomorrow (daily review size: 4).",
    ]
    clock.now += DAY
    assert len(session.start_review().items) == 4


def test_a_size_that_is_not_a_number_falls_back_to_the_default(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    session.store.save_setting(session.learner, "review_size", "beaucoup")
    assert session.review_size() == REVIEW_SIZE


@pytest.mark.parametrize(
    ("language", "day", "today", "words"),
    [
        ("fr", date(2026, 12, 8), date(2026, 12, 6), "8 décembre"),
        ("en", date(2026, 12, 8), date(2026, 12, 6), "8 December"),
        ("fr", date(2027, 1, 1), date(2026, 12, 30), "1er janvier 2027"),
        ("en", date(2027, 1, 1), date(2026, 12, 30), "1 January 2027"),
        ("fr", date(2026, 3, 2), None, "2 mars 2026"),
    ],
)
def test_dates_read_in_the_learners_language_without_a_system_locale(
    language, day, today, words
) -> None:
    set_language(language)
    assert long_date(day, today) == words


def test_the_end_of_a_review_gives_the_next_date_in_words(pack) -> None:
    clock = FixedClock(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    run = session.start_review()
    for item in run.items:
        run.answer(item, None)
    set_language("fr")
    lines = review_outcome(run, clock())
    assert lines[0] == "Bonnes réponses\u00a0: 0 sur 6."
    assert lines[-1].endswith(", le 8 décembre."), lines
    assert "2026-12" not in " ".join(lines)
