"""Attempts: the order a quiz is shown in, which question comes next, and how many tries remain.

An attempt's presentation is drawn from a seed that the progress store keeps, so a resumed attempt
shows the questions and choices in the same order as before the interruption. A quiz with a `draw`
(a question bank) first draws, from the same seed, which of its questions the attempt asks; the
store keeps those too.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable

from trainer.course.model import ChoiceQuestion, Matching, Ordering, Question, Quiz
from trainer.records import Record, init


class Presentation(Record):
    """How one attempt shows a quiz.

    `orders` maps a question id to the authored 1-based positions in the order they are shown:
    choices of `single` and `multiple`, items of `order`, right sides of `match`.
    """

    __slots__ = ("orders", "question_ids")
    question_ids: tuple[str, ...]
    orders: dict[str, tuple[int, ...]]

    def __init__(self, question_ids: tuple[str, ...], orders: dict[str, tuple[int, ...]]) -> None:
        init(self, question_ids, orders)

    def order_of(self, question: Question) -> tuple[int, ...]:
        """The display order of the question's choices, items or right sides."""
        return self.orders.get(question.id, ())


def draw(quiz: Quiz, seed: int) -> tuple[str, ...]:
    """The ids of the questions an attempt drawn from `seed` asks, in the authored order: every
    question when the quiz has no `draw`; else `count` of them, or so many of those carrying each
    tag of the draw (a question carries at most one of them: the validator sees to it).

    The draw has a stream of its own, derived from the seed: the order of questions and choices
    that `present` draws from the seed is the same as in a quiz without a draw.
    """
    bank = quiz.draw
    if bank is None:
        return tuple(q.id for q in quiz.questions)
    rng = random.Random(f"draw:{seed}")
    ids = [q.id for q in quiz.questions]
    if bank.count:
        picked = set(rng.sample(ids, min(bank.count, len(ids))))
    else:
        picked = set()
        for tag, count in sorted(bank.per_tag):  # the order written does not change the draw
            carrying = [q.id for q in quiz.questions if tag in q.tags and q.id not in picked]
            picked.update(rng.sample(carrying, min(count, len(carrying))))
    return tuple(qid for qid in ids if qid in picked)


def asked(quiz: Quiz, drawn: Iterable[str] | None) -> Quiz:
    """The quiz as an attempt asks it: only the questions it drew (None: an attempt that drew
    none, begun before the quiz had a `draw`, asks every question)."""
    if drawn is None:
        return quiz if quiz.draw is None else quiz.drawn([q.id for q in quiz.questions])
    return quiz.drawn(list(drawn))


def _shuffled(rng: random.Random, count: int, *, avoid_identity: bool) -> tuple[int, ...]:
    positions = list(range(1, count + 1))
    rng.shuffle(positions)
    if avoid_identity and count > 1 and positions == sorted(positions):
        # Showing an order question already in order would give its answer away.
        positions = positions[1:] + positions[:1]
    return tuple(positions)


def present(quiz: Quiz, seed: int, shuffle: bool | None = True) -> Presentation:
    """The presentation of `quiz` for the attempt drawn from `seed`.

    `shuffle` is the learner's setting kept with the attempt:

    - True (the default): the choices of `single` and `multiple` questions are shuffled, but for
      a question with `shuffle: false`; the questions are, when the quiz says `shuffle: true`.
    - False: questions and choices in the authored order.
    - None: an attempt begun before choices were shuffled by default, shown as it was then:
      questions and choices both as the quiz's `shuffle` says.

    Order items and match right sides are always shuffled, never shown in their answer order.
    """
    if shuffle is None:
        questions = choices = quiz.shuffle
    else:
        questions, choices = shuffle and quiz.shuffle, shuffle
    rng = random.Random(seed)
    ids = [q.id for q in quiz.questions]
    if questions:
        rng.shuffle(ids)
    orders: dict[str, tuple[int, ...]] = {}
    for question in quiz.questions:
        if isinstance(question, ChoiceQuestion):
            count = len(question.choices)
            drawn = _shuffled(rng, count, avoid_identity=False)  # drawn for every question, so that
            # pinning one question does not change the order drawn for the others
            pinned = shuffle is not None and not question.shuffle
            orders[question.id] = drawn if choices and not pinned else tuple(range(1, count + 1))
        elif isinstance(question, Ordering):
            orders[question.id] = _shuffled(rng, len(question.items), avoid_identity=True)
        elif isinstance(question, Matching):
            orders[question.id] = _shuffled(rng, len(question.pairs), avoid_identity=True)
    return Presentation(tuple(ids), orders)


def next_question(presentation: Presentation, answered: Collection[str]) -> str | None:
    """The first question of the presentation not answered yet; None when all are."""
    return next((qid for qid in presentation.question_ids if qid not in answered), None)


def attempts_left(quiz: Quiz, finished: int) -> int | None:
    """How many attempts remain after `finished` ones; None when they are unlimited."""
    if quiz.max_attempts is None:
        return None
    return max(0, quiz.max_attempts - finished)


def best(scores: Iterable[float]) -> float | None:
    """The best of the scores, None when there is none: the score that counts for a quiz."""
    return max(scores, default=None)


def new_seed(rng: random.Random | None = None) -> int:
    """A fresh seed for an attempt."""
    return (rng or random.SystemRandom()).randrange(2**31)
