"""Spaced review: every question a learner has answered is a card scheduled with FSRS.

Cards are never stored. They are rebuilt by replaying the learner's answers, quiz answers and
review answers alike, oldest first, through the `fsrs` scheduler: the answer log the store
already keeps is the only truth, so a schedule survives a relaunch, follows a change of the
scheduler's settings, and comes out the same in every run of a test with a fixed clock.

A wrong answer (any score below 1) is rated Again, a right one Good, a right one given after
the hint Hard.

`fsrs` is imported when a first answer is replayed: a learner with none (every first start of
the app) never loads it.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

CardKey = tuple[str, str]
"""A card's key: (quiz id, question id), as the store names an answer."""

HistoryEntry = tuple[str, str, float, bool, str]
"""One answer as `Store.answer_history` gives it: (quiz id, question id, score, hinted, when)."""

DESIRED_RETENTION = 0.9
"""The chance of recalling a question on its due date that the schedule aims for."""


def review_scheduler() -> Scheduler:
    """The scheduler every review uses: the one place where its settings live.

    FSRS's default parameters and a desired retention of 0.9. Fuzzing is off so that a schedule
    is the same in every replay and every test. Learning steps are off as well: with FSRS's
    default steps (1 and 10 minutes) every question just answered in a quiz would be due again
    ten minutes later, while the learner has just read its explanation; without them each card is
    scheduled in whole days from its first answer (wrong: tomorrow, right: in two days).
    """
    from fsrs import Scheduler
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return Scheduler(
        parameters=DEFAULT_PARAMETERS,
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def rating(score: float, hinted: bool) -> Rating:
    """How an answer rates its card: wrong is Again, right is Good, right after the hint Hard."""
    from fsrs import Rating

    if score < 1.0:
        return Rating.Again
    return Rating.Hard if hinted else Rating.Good


def moment(value: str | datetime) -> datetime:
    """A stored time as the aware UTC datetime FSRS requires (a naive one is taken as UTC)."""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def card_id(key: CardKey) -> int:
    """A stable number for a card, the same in every replay (FSRS would otherwise use the time)."""
    return zlib.crc32(f"{key[0]}\0{key[1]}".encode())


def new_card(key: CardKey, at: datetime) -> Card:
    """The card of a question first answered `at`."""
    from fsrs import Card

    return Card(card_id=card_id(key), due=at)


def cards(
    history: Iterable[HistoryEntry],
    scheduler: Scheduler | None = None,
    known: Collection[CardKey] | None = None,
) -> dict[CardKey, Card]:
    """Replay answers, oldest first, into one card a question.

    With `known` (the questions of the course as it is now), answers to questions no longer in
    the course are ignored. An answer whose time cannot be read is skipped, not fatal: a card a
    little off is better than a course map that does not open.
    """
    deck: dict[CardKey, Card] = {}
    for quiz_id, question_id, score, hinted, when in history:
        key = (quiz_id, question_id)
        if known is not None and key not in known:
            continue
        try:
            at = moment(when)
        except (TypeError, ValueError):
            continue
        scheduler = scheduler or review_scheduler()
        card = deck.get(key) or new_card(key, at)
        if card.last_review is not None and at < card.last_review:
            # A clock set back (or a store moved between machines) must not make FSRS count
            # negative days: the answer counts as given right after the previous one.
            at = card.last_review
        deck[key], _log = scheduler.review_card(card, rating(score, hinted), at)
    return deck


def due(deck: dict[CardKey, Card], now: datetime) -> list[CardKey]:
    """The cards due at `now`, the longest overdue first (ties in key order, for a stable list)."""
    now = moment(now)
    return [
        key
        for key, card in sorted(deck.items(), key=lambda item: (item[1].due, item[0]))
        if card.due <= now
    ]


def due_count(deck: dict[CardKey, Card], now: datetime) -> int:
    """How many questions are due at `now`."""
    now = moment(now)
    return sum(1 for card in deck.values() if card.due <= now)


def next_due(deck: dict[CardKey, Card], now: datetime) -> datetime | None:
    """When the next card falls due after `now`; None when there is no card, or none later."""
    now = moment(now)
    return min((card.due for card in deck.values() if card.due > now), default=None)


def interleave(keys: Iterable[CardKey]) -> list[CardKey]:
    """The keys mixed across quizzes, so that a review does not ask one lesson's questions in a
    row: round after round, one question of each quiz, quizzes and questions in the
    order first given."""
    by_quiz: dict[str, list[CardKey]] = {}
    for key in keys:
        by_quiz.setdefault(key[0], []).append(key)
    queues = list(by_quiz.values())
    mixed: list[CardKey] = []
    for round_ in range(max((len(q) for q in queues), default=0)):
        mixed += [queue[round_] for queue in queues if round_ < len(queue)]
    return mixed
