"""Attempts: the presentation drawn from a seed, the next question, attempts left, best score."""

from __future__ import annotations

import random

import pytest

from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.quiz.attempts import (
    Presentation,
    attempts_left,
    best,
    new_seed,
    next_question,
    present,
)


def make_quiz(quiz_id: str, questions, **options) -> Quiz:
    return Quiz(id=quiz_id, language="en", title="Quiz", questions=tuple(questions), **options)


SEEDS = range(200)


def choices(count: int, correct: int = 1) -> tuple[Choice, ...]:
    return tuple(Choice(f"choice {i}", i == correct) for i in range(1, count + 1))


def every_type(prefix: str = "") -> list[Question]:
    return [
        SingleChoice(id=f"{prefix}single", prompt="?", choices=choices(4)),
        MultipleChoice(id=f"{prefix}multiple", prompt="?", choices=choices(5)),
        TrueFalse(id=f"{prefix}true-false", prompt="?"),
        TextAnswer(id=f"{prefix}text", prompt="?", accept=("x",)),
        Ordering(id=f"{prefix}order", prompt="?", items=("a", "b", "c", "d")),
        Matching(id=f"{prefix}match", prompt="?", pairs=(("a", "1"), ("b", "2"), ("c", "3"))),
    ]


# Eighteen questions of every type.
BIG = [q for n in range(3) for q in every_type(f"q{n}-")]
BIG_SHUFFLED = make_quiz("big", BIG, shuffle=True)
BIG_AUTHORED = make_quiz("big", BIG, shuffle=False)
IDS = [q.id for q in BIG]


def shown_count(question: Question) -> int:
    """How many choices, items or right sides a question shows."""
    if isinstance(question, Ordering):
        return len(question.items)
    if isinstance(question, Matching):
        return len(question.pairs)
    return len(question.choices)


COUNTS = {q.id: shown_count(q) for q in BIG if not isinstance(q, (TrueFalse, TextAnswer))}
ARRANGED = [q.id for q in BIG if isinstance(q, (Ordering, Matching))]
CHOSEN = [q.id for q in BIG if isinstance(q, (SingleChoice, MultipleChoice))]
IDENTITY = {qid: tuple(range(1, COUNTS[qid] + 1)) for qid in COUNTS}


# --- the same seed, the same presentation -----------------------------------------------------


@pytest.mark.parametrize("quiz", [BIG_SHUFFLED, BIG_AUTHORED], ids=["shuffled", "authored"])
def test_the_same_seed_gives_the_same_presentation(quiz) -> None:
    for seed in range(50):
        first = present(quiz, seed)
        random.seed(seed + 1)  # the global generator plays no part
        random.random()
        assert present(quiz, seed) == first


def test_an_equal_quiz_gives_the_same_presentation() -> None:
    copy = make_quiz("big", list(BIG), shuffle=True)
    assert all(present(copy, seed) == present(BIG_SHUFFLED, seed) for seed in range(20))


@pytest.mark.parametrize(("one", "other"), [(1, 2), (0, 1), (7, 8), (41, 42), (1000, 2**31 - 1)])
def test_different_seeds_give_different_presentations(one: int, other: int) -> None:
    first, second = present(BIG_SHUFFLED, one), present(BIG_SHUFFLED, other)
    assert first.question_ids != second.question_ids
    assert first.orders != second.orders


def test_many_seeds_give_many_question_orders() -> None:
    assert len({present(BIG_SHUFFLED, seed).question_ids for seed in range(50)}) == 50


# --- what a presentation holds ----------------------------------------------------------------


@pytest.mark.parametrize("quiz", [BIG_SHUFFLED, BIG_AUTHORED], ids=["shuffled", "authored"])
def test_a_presentation_shows_every_question_and_choice_once(quiz) -> None:
    for seed in range(50):
        presentation = present(quiz, seed)
        assert sorted(presentation.question_ids) == sorted(IDS)
        assert set(presentation.orders) == set(COUNTS)
        for qid, order in presentation.orders.items():
            assert sorted(order) == list(IDENTITY[qid])


def test_questions_without_choices_have_no_display_order() -> None:
    presentation = present(BIG_SHUFFLED, 3)
    for question in BIG:
        if isinstance(question, (TrueFalse, TextAnswer)):
            assert presentation.order_of(question) == ()
        else:
            assert presentation.order_of(question) == presentation.orders[question.id]


# --- shuffle ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quiz", "shuffle"),
    [(BIG_AUTHORED, None), (BIG_AUTHORED, False), (BIG_SHUFFLED, False)],
    ids=["earlier-attempt-authored-quiz", "authored-quiz-learner-off", "shuffled-quiz-learner-off"],
)
def test_without_shuffle_questions_and_choices_keep_the_authored_order(quiz, shuffle) -> None:
    for seed in SEEDS:
        presentation = present(quiz, seed, shuffle)
        assert list(presentation.question_ids) == [q.id for q in BIG]
        for qid in CHOSEN:
            assert presentation.orders[qid] == IDENTITY[qid]


@pytest.mark.parametrize(
    ("quiz", "shuffle"),
    [(BIG_SHUFFLED, None), (BIG_SHUFFLED, True)],
    ids=["earlier-attempt-shuffled-quiz", "shuffled-quiz-learner-on"],
)
def test_with_shuffle_questions_and_choices_are_shuffled(quiz, shuffle) -> None:
    presentations = [present(quiz, seed, shuffle) for seed in range(30)]
    assert any(list(p.question_ids) != [q.id for q in BIG] for p in presentations)
    for qid in CHOSEN:
        assert any(p.orders[qid] != IDENTITY[qid] for p in presentations), qid
        assert len({p.orders[qid] for p in presentations}) > 5, qid


def test_choices_are_shuffled_by_default_and_questions_stay_as_written() -> None:
    presentations = [present(BIG_AUTHORED, seed) for seed in range(30)]
    assert all(list(p.question_ids) == [q.id for q in BIG] for p in presentations)
    for qid in CHOSEN:
        assert len({p.orders[qid] for p in presentations}) > 5, qid


def test_a_question_can_pin_its_choices() -> None:
    from trainer.records import replace

    pinned = replace(BIG[0], shuffle=False)  # q0-single: « all of the above »
    quiz = make_quiz("big", [pinned, *BIG[1:]])
    for seed in range(30):
        presentation = present(quiz, seed)
        assert presentation.orders[pinned.id] == IDENTITY[pinned.id]
        # the others are drawn as they would be without the pin
        assert (
            presentation.orders["q0-multiple"] == present(BIG_AUTHORED, seed).orders["q0-multiple"]
        )
    assert len({present(quiz, seed).orders["q0-multiple"] for seed in range(30)}) > 5


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("shuffle", [True, False])
def test_order_items_and_match_right_sides_never_show_their_answer_order(
    count: int, shuffle: bool
) -> None:
    order = Ordering(id="order", prompt="?", items=tuple(f"item {i}" for i in range(count)))
    match = Matching(id="match", prompt="?", pairs=tuple((f"l{i}", f"r{i}") for i in range(count)))
    quiz = make_quiz("q", [order, match], shuffle=shuffle)
    identity = tuple(range(1, count + 1))
    seen = set()
    for seed in SEEDS:
        presentation = present(quiz, seed)
        for question in (order, match):
            shown = presentation.order_of(question)
            assert shown != identity, (seed, question.id)
            assert sorted(shown) == list(identity)
            seen.add(shown)
    if count > 2:
        assert len(seen) > 1  # still shuffled, not one fixed derangement


def test_order_and_match_questions_in_a_big_quiz_never_show_their_answer_order() -> None:
    for quiz in (BIG_SHUFFLED, BIG_AUTHORED):
        for seed in SEEDS:
            presentation = present(quiz, seed)
            for qid in ARRANGED:
                assert presentation.orders[qid] != IDENTITY[qid]


# --- next question ----------------------------------------------------------------------------


PRESENTATION = Presentation(("b", "a", "c"), {})


@pytest.mark.parametrize(
    ("answered", "expected"),
    [
        (set(), "b"),
        ({"b"}, "a"),
        ({"b", "a"}, "c"),
        ({"a"}, "b"),
        ({"c"}, "b"),
        ({"a", "c"}, "b"),
        ({"b", "c"}, "a"),
        ({"a", "b", "c"}, None),
        ({"a", "b", "c", "other"}, None),
        (["b", "a"], "c"),
        ((), "b"),
    ],
)
def test_next_question_is_the_first_unanswered_in_presentation_order(answered, expected) -> None:
    assert next_question(PRESENTATION, answered) == expected


def test_next_question_follows_the_shuffled_order() -> None:
    presentation = present(BIG_SHUFFLED, 5)
    answered: list[str] = []
    while (qid := next_question(presentation, answered)) is not None:
        answered.append(qid)
    assert tuple(answered) == presentation.question_ids


def test_next_question_of_an_empty_presentation_is_none() -> None:
    assert next_question(Presentation((), {}), set()) is None


# --- attempts left ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_attempts", "finished", "expected"),
    [
        (None, 0, None),
        (None, 1, None),
        (None, 100, None),
        (3, 0, 3),
        (3, 1, 2),
        (3, 2, 1),
        (3, 3, 0),
        (3, 4, 0),  # never negative
        (3, 10, 0),
        (1, 0, 1),
        (1, 1, 0),
    ],
)
def test_attempts_left(max_attempts, finished: int, expected) -> None:
    assert attempts_left(make_quiz("q", BIG[:1], max_attempts=max_attempts), finished) == expected


# --- best -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        ([0.0], 0.0),  # a score of 0 is still a score
        ([0.5], 0.5),
        ([0.5, 0.9, 0.7], 0.9),
        ([0.9, 0.5], 0.9),
        ([1.0, 0.0], 1.0),
        ([0.0, 0.0], 0.0),
    ],
)
def test_best_is_the_highest_score(scores: list[float], expected) -> None:
    assert best(scores) == expected
    assert best(iter(scores)) == expected
    assert best(s for s in scores) == expected


# --- seeds ------------------------------------------------------------------------------------


def test_new_seed_is_drawn_from_the_generator_given() -> None:
    seeds = [new_seed(random.Random(3)) for _ in range(3)]
    assert seeds[0] == seeds[1] == seeds[2]
    assert all(0 <= new_seed(random.Random(n)) < 2**31 for n in range(50))
    assert 0 <= new_seed() < 2**31
