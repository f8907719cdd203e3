"""Spaced review: cards replayed from the answer history, ratings, due dates with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Rating, State

from trainer.quiz.review import (
    card_id,
    cards,
    due,
    due_count,
    interleave,
    moment,
    next_due,
    rating,
    review_scheduler,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def at(offset: timedelta = timedelta()) -> str:
    """A time as the store writes it."""
    return (START + offset).isoformat(timespec="milliseconds")


def answer(
    question: str,
    score: float,
    offset: timedelta = timedelta(),
    hinted: bool = False,
    quiz: str = "q1",
):
    return (quiz, question, score, hinted, at(offset))


@pytest.mark.parametrize(
    ("score", "hinted", "expected"),
    [
        (0.0, False, Rating.Again),
        (0.5, False, Rating.Again),  # partly right is not right
        (0.999, True, Rating.Again),
        (1.0, False, Rating.Good),
        (1.0, True, Rating.Hard),
    ],
)
def test_rating(score: float, hinted: bool, expected: Rating) -> None:
    assert rating(score, hinted) is expected


def test_the_scheduler_settings() -> None:
    scheduler = review_scheduler()
    assert scheduler.desired_retention == 0.9
    assert scheduler.enable_fuzzing is False


def test_no_history_no_cards() -> None:
    assert cards([]) == {}
    assert due({}, START) == [] and due_count({}, START) == 0 and next_due({}, START) is None


def test_a_wrong_answer_is_due_the_next_day() -> None:
    deck = cards([answer("a", 0.0)])
    card = deck[("q1", "a")]
    assert card.due == START + DAY
    assert card.last_review == START
    assert due(deck, START + DAY - timedelta(seconds=1)) == []
    assert due(deck, START + DAY) == [("q1", "a")]


def test_a_right_answer_waits_longer_than_a_wrong_one() -> None:
    deck = cards([answer("right", 1.0), answer("wrong", 0.0)])
    assert deck[("q1", "right")].due == START + 2 * DAY
    assert deck[("q1", "wrong")].due == START + DAY
    assert due_count(deck, START + DAY) == 1
    assert due_count(deck, START + 2 * DAY) == 2


def test_right_after_the_hint_is_hard_between_again_and_good() -> None:
    deck = cards([answer("again", 0.0), answer("hard", 1.0, hinted=True), answer("good", 1.0)])
    stability = {qid: deck[("q1", qid)].stability for qid in ("again", "hard", "good")}
    assert stability["again"] < stability["hard"] < stability["good"]
    # Answered right once more a day later, the card rated Hard waits less than the Good one.
    later = cards(
        [
            answer("hard", 1.0, hinted=True),
            answer("good", 1.0),
            answer("hard", 1.0, 2 * DAY),
            answer("good", 1.0, 2 * DAY),
        ]
    )
    assert later[("q1", "hard")].due < later[("q1", "good")].due


def test_replay_follows_every_answer_in_order() -> None:
    history = [answer("a", 0.0), answer("a", 1.0, DAY), answer("a", 1.0, 3 * DAY)]
    deck = cards(history)
    card = deck[("q1", "a")]
    assert card.last_review == START + 3 * DAY
    assert card.state is State.Review
    assert card.due > START + 4 * DAY  # two right answers in a row push it well away
    # Replaying fewer answers gives the card as it was then.
    assert cards(history[:1])[("q1", "a")].due == START + DAY


def test_questions_of_two_quizzes_are_two_cards() -> None:
    deck = cards([answer("a", 0.0, quiz="q1"), answer("a", 1.0, quiz="q2")])
    assert set(deck) == {("q1", "a"), ("q2", "a")}
    assert card_id(("q1", "a")) != card_id(("q2", "a"))


def test_questions_no_longer_in_the_course_are_ignored() -> None:
    history = [answer("kept", 0.0), answer("removed", 0.0), answer("kept", 0.0, quiz="gone")]
    deck = cards(history, known={("q1", "kept")})
    assert list(deck) == [("q1", "kept")]


def test_replay_is_deterministic() -> None:
    history = [
        answer("a", 0.0),
        answer("b", 1.0, timedelta(seconds=1), hinted=True),
        answer("a", 1.0, DAY),
    ]
    one, two = cards(history), cards(list(history))
    assert {k: c.to_dict() for k, c in one.items()} == {k: c.to_dict() for k, c in two.items()}


def test_due_lists_the_longest_overdue_first() -> None:
    history = [
        answer("late", 0.0),
        answer("later", 0.0, timedelta(hours=2)),
        answer("early", 0.0, timedelta(hours=1)),
    ]
    deck = cards(history)
    assert due(deck, START + 3 * DAY) == [("q1", "late"), ("q1", "early"), ("q1", "later")]


def test_next_due_is_the_first_card_after_now() -> None:
    deck = cards([answer("a", 0.0), answer("b", 1.0)])
    assert next_due(deck, START) == START + DAY
    assert next_due(deck, START + DAY) == START + 2 * DAY  # a is due, b comes next
    assert next_due(deck, START + 2 * DAY) is None


def test_times_in_other_zones_and_naive_times_are_read_as_utc() -> None:
    paris = timezone(timedelta(hours=1))
    assert moment("2026-03-02T10:00:00+01:00") == START
    assert moment(datetime(2026, 3, 2, 9, 0)) == START
    assert moment(datetime(2026, 3, 2, 10, 0, tzinfo=paris)).tzinfo is UTC
    deck = cards([("q1", "a", 0.0, False, "2026-03-02T10:00:00.000+01:00")])
    assert due(deck, datetime(2026, 3, 3, 10, 0, tzinfo=paris)) == [("q1", "a")]


def test_an_unreadable_time_is_skipped_not_fatal() -> None:
    deck = cards([("q1", "a", 0.0, False, "yesterday"), answer("b", 0.0)])
    assert list(deck) == [("q1", "b")]


def test_a_clock_set_back_never_schedules_before_the_last_answer() -> None:
    deck = cards(
        [answer("a", 1.0, DAY), answer("a", 0.0)]
    )  # the second answer's clock is a day behind
    card = deck[("q1", "a")]
    assert card.last_review == START + DAY
    assert card.due >= START + 2 * DAY


def test_interleave_mixes_lessons_keeping_each_ones_order() -> None:
    keys = [("q1", "a"), ("q1", "b"), ("q1", "c"), ("q2", "x"), ("q3", "y"), ("q2", "z")]
    assert interleave(keys) == [
        ("q1", "a"),
        ("q2", "x"),
        ("q3", "y"),
        ("q1", "b"),
        ("q2", "z"),
        ("q1", "c"),
    ]
    assert interleave([]) == []
