"""Grading one question: every rule of the table in `trainer.quiz.grading`, exactly."""

from __future__ import annotations

import pytest

from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.quiz.grading import Grade, ResponseError, answer_key, check, grade, normalise


def choices(*correct: bool) -> tuple[Choice, ...]:
    return tuple(Choice(f"choice {i}", flag) for i, flag in enumerate(correct, 1))


# Three choices, the second correct.
SINGLE = SingleChoice(id="capital", prompt="Capital?", choices=choices(False, True, False))
# Five choices, the 1st, 3rd and 5th correct.
MULTIPLE = MultipleChoice(
    id="engines", prompt="Which?", choices=choices(True, False, True, False, True)
)
# Three choices, only the first correct.
MULTIPLE_ONE = MultipleChoice(id="one-right", prompt="Which?", choices=choices(True, False, False))
# Two choices, both correct.
MULTIPLE_ALL = MultipleChoice(id="all-right", prompt="Which?", choices=choices(True, True))
TRUE = TrueFalse(id="is-true", prompt="True?", answer=True)
FALSE = TrueFalse(id="is-false", prompt="True?", answer=False)
TEXT = TextAnswer(id="article", prompt="Which article?", accept=("226-4-1", "article 226-4-1"))
ELEPHANT_ACCENTED = TextAnswer(id="accented", prompt="Animal?", accept=("Éléphant",))
ELEPHANT_PLAIN = TextAnswer(id="plain", prompt="Animal?", accept=("elephant",))
ORDER = Ordering(id="steps", prompt="Order them", items=("first", "second", "third", "fourth"))
ORDER_TWO = Ordering(id="two-steps", prompt="Order them", items=("first", "second"))
MATCH = Matching(id="pairs", prompt="Match", pairs=(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")))
MATCH_THREE = Matching(id="three-pairs", prompt="Match", pairs=(("a", "1"), ("b", "2"), ("c", "3")))

EVERY_TYPE = [SINGLE, MULTIPLE, TRUE, TEXT, ORDER, MATCH]


def score(question: Question, response: object) -> float:
    return grade(question, response).score


# --- single -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("response", "expected"), [(2, 1.0), (1, 0.0), (3, 0.0)])
def test_single_scores_1_only_for_the_correct_choice(response: int, expected: float) -> None:
    assert score(SINGLE, response) == expected


@pytest.mark.parametrize("correct_at", [1, 2, 3, 4])
def test_single_follows_the_authored_position_of_the_correct_choice(correct_at: int) -> None:
    question = SingleChoice(
        id="s", prompt="?", choices=choices(*(i == correct_at for i in range(1, 5)))
    )
    assert [score(question, p) for p in range(1, 5)] == [
        1.0 if p == correct_at else 0.0 for p in range(1, 5)
    ]


# --- multiple ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ([1, 3, 5], 1.0),  # exactly the correct ones
        ([5, 3, 1], 1.0),  # in any order
        ([3, 1, 5], 1.0),
        ([1], 1 / 3),
        ([5], 1 / 3),
        ([1, 3], 2 / 3),
        ([3, 5], 2 / 3),
        ([1, 2], 0.0),  # one right, one wrong
        ([1, 2, 3], 1 / 3),  # two right, one wrong
        ([1, 3, 5, 2], 2 / 3),  # over-picking: all right plus one wrong
        ([1, 3, 5, 2, 4], 1 / 3),  # over-picking: everything
        ([1, 2, 3, 4, 5], 1 / 3),
        ([1, 2, 4], 0.0),  # (1 - 2) / 3 is clamped to 0, never negative
        ([2], 0.0),  # all wrong
        ([2, 4], 0.0),  # all wrong, clamped
        ([4, 2], 0.0),
        ([], 0.0),  # picked nothing
    ],
)
def test_multiple_gives_partial_credit(response: list[int], expected: float) -> None:
    assert score(MULTIPLE, response) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [([1], 1.0), ([1, 2], 0.0), ([1, 2, 3], 0.0), ([2], 0.0), ([2, 3], 0.0), ([3], 0.0), ([], 0.0)],
)
def test_multiple_with_one_correct_choice(response: list[int], expected: float) -> None:
    assert score(MULTIPLE_ONE, response) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("response", "expected"), [([1, 2], 1.0), ([2, 1], 1.0), ([1], 0.5), ([2], 0.5), ([], 0.0)]
)
def test_multiple_with_every_choice_correct(response: list[int], expected: float) -> None:
    assert score(MULTIPLE_ALL, response) == pytest.approx(expected)


def test_multiple_score_never_goes_below_zero_nor_above_one() -> None:
    from itertools import combinations

    for size in range(6):
        for picks in combinations(range(1, 6), size):
            assert 0.0 <= score(MULTIPLE, list(picks)) <= 1.0


def test_multiple_response_is_kept_in_canonical_order() -> None:
    assert grade(MULTIPLE, [5, 1, 3]).response == [1, 3, 5]


# --- true_false -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [(TRUE, True, 1.0), (TRUE, False, 0.0), (FALSE, False, 1.0), (FALSE, True, 0.0)],
)
def test_true_false_scores_1_if_equal(question: TrueFalse, response: bool, expected: float) -> None:
    assert score(question, response) == expected


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "response",
    [
        "226-4-1",
        "article 226-4-1",
        "  Article 226-4-1 ",
        "ARTICLE 226-4-1.",
        "Article 226-4-1",
        "« 226-4-1 »",
        "«\u00a0226-4-1\u00a0»",  # French quotes with no-break spaces
        "Article   226-4-1",  # a run of spaces is one space
        "article\t226-4-1\n",
        "article \u00a0 226-4-1",
        "226-4-1 !",
        "226-4-1 ?!",
        "(226-4-1)",
        "'226-4-1'",
        '"Article 226-4-1"',
        "...226-4-1...",
        "¿226-4-1?",
        "— 226-4-1 —",
        "226-4-1-",  # a trailing hyphen is punctuation too
        "\t 226-4-1 \r\n",
    ],
)
def test_text_accepts_normalised_equals(response: str) -> None:
    assert score(TEXT, response) == 1.0


@pytest.mark.parametrize(
    "response",
    [
        "22641",  # inner punctuation is kept
        "226 4 1",
        "226.4.1",
        "226–4–1",  # en dashes are not hyphens
        "226-4-2",
        "226-4",
        "article226-4-1",
        "article 226-4-1 bis",
        "article",
        "",
        "   ",
        "...",
    ],
)
def test_text_rejects_anything_else(response: str) -> None:
    assert score(TEXT, response) == 0.0


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (ELEPHANT_ACCENTED, "elephant", 1.0),
        (ELEPHANT_ACCENTED, "ELEPHANT", 1.0),
        (ELEPHANT_ACCENTED, "éléphant", 1.0),
        (ELEPHANT_ACCENTED, "Éléphant", 1.0),
        (ELEPHANT_ACCENTED, "ÉLÉPHANT!", 1.0),
        (ELEPHANT_ACCENTED, "E\u0301le\u0301phant", 1.0),  # decomposed accents
        (ELEPHANT_PLAIN, "Éléphant", 1.0),
        (ELEPHANT_PLAIN, "  éléphant. ", 1.0),
        (ELEPHANT_ACCENTED, "elephants", 0.0),
        (ELEPHANT_ACCENTED, "éle phant", 0.0),
        (ELEPHANT_PLAIN, "Éléphante", 0.0),
    ],
)
def test_text_drops_accents_and_case_on_both_sides(
    question: TextAnswer, response: str, expected: float
) -> None:
    assert score(question, response) == expected


@pytest.mark.parametrize(
    ("accept", "response"),
    [
        ("Straße", "STRASSE"),  # casefold, not lower
        ("ﬁn", "fin"),  # NFKD: compatibility ligature
        ("２２６", "226"),  # NFKD: full-width digits
        ("Ça va", "ca va"),
        ("  Article 226-4-1. ", "ARTICLE 226-4-1"),
    ],
)
def test_text_normalises_the_accepted_answer_too(accept: str, response: str) -> None:
    assert score(TextAnswer(id="t", prompt="?", accept=(accept,)), response) == 1.0


def test_text_matches_any_accepted_entry() -> None:
    question = TextAnswer(id="t", prompt="?", accept=("one", "two", "three"))
    assert [score(question, r) for r in ("One", "TWO.", " three ", "four")] == [1.0, 1.0, 1.0, 0.0]


# --- normalise --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Article 226-4-1 ", "article 226-4-1"),
        ("ARTICLE 226-4-1.", "article 226-4-1"),
        ("« 226-4-1 »", "226-4-1"),
        ("Éléphant", "elephant"),
        ("E\u0301le\u0301phant", "elephant"),
        ("226-4-1", "226-4-1"),
        ("22641", "22641"),
        ("a \t\n  b", "a b"),
        ("a\u00a0\u00a0b", "a b"),
        ("l'été", "l'ete"),  # inner apostrophe kept
        ("a . b", "a . b"),  # inner punctuation and its spaces kept
        (". a  b .", "a b"),
        ("!?¡¿x", "x"),
        ("x…", "x"),
        ("(x)", "x"),
        ("—x—", "x"),
        ("Straße", "strasse"),
        ("ﬁn", "fin"),
        ("２２６", "226"),
        ("ÇA", "ca"),
        ("", ""),
        ("   ", ""),
        ("?!...", ""),
        (" . , ; ", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text", ["  Article 226-4-1 ", "« Éléphant »", "a . b", "Straße!", "", "  ..  "]
)
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


# --- order ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ([1, 2, 3, 4], 1.0),
        ([2, 1, 3, 4], 0.0),
        ([1, 2, 4, 3], 0.0),
        ([1, 3, 2, 4], 0.0),
        ([4, 1, 2, 3], 0.0),
        ([2, 3, 4, 1], 0.0),
        ([4, 3, 2, 1], 0.0),
    ],
)
def test_order_scores_1_only_for_the_authored_order(response: list[int], expected: float) -> None:
    assert score(ORDER, response) == expected


def test_order_has_no_partial_credit() -> None:
    from itertools import permutations

    scores = {tuple(p): score(ORDER, list(p)) for p in permutations(range(1, 5))}
    assert scores.pop((1, 2, 3, 4)) == 1.0
    assert set(scores.values()) == {0.0}


@pytest.mark.parametrize(("response", "expected"), [([1, 2], 1.0), ([2, 1], 0.0)])
def test_order_of_two_items(response: list[int], expected: float) -> None:
    assert score(ORDER_TWO, response) == expected


# --- match ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (MATCH, [1, 2, 3, 4], 1.0),
        (MATCH, [2, 1, 3, 4], 0.5),
        (MATCH, [1, 2, 4, 3], 0.5),
        (MATCH, [4, 2, 3, 1], 0.5),
        (MATCH, [1, 3, 4, 2], 0.25),
        (MATCH, [2, 1, 4, 3], 0.0),
        (MATCH, [2, 3, 4, 1], 0.0),
        (MATCH, [1, 2, 3, None], 0.75),  # a left side left unmatched counts wrong
        (MATCH, [1, None, 3, None], 0.5),
        (MATCH, [None, None, None, 4], 0.25),
        (MATCH, [None, None, None, None], 0.0),
        (MATCH_THREE, [1, 2, 3], 1.0),
        (MATCH_THREE, [1, 3, 2], 1 / 3),
        (MATCH_THREE, [3, 2, 1], 1 / 3),
        (MATCH_THREE, [2, 3, 1], 0.0),
        (MATCH_THREE, [None, 2, 3], 2 / 3),
    ],
)
def test_match_scores_the_share_of_pairs_right(
    question: Matching, response: list, expected: float
) -> None:
    assert score(question, response) == pytest.approx(expected)


# --- no response ------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [*EVERY_TYPE, FALSE, MULTIPLE_ONE], ids=lambda q: q.id)
def test_no_response_scores_0(question: Question) -> None:
    result = grade(question, None)
    assert result == Grade(question.id, 0.0, None)
    assert not result.answered
    assert not result.correct


@pytest.mark.parametrize("question", EVERY_TYPE, ids=lambda q: q.id)
def test_a_grade_names_its_question_and_keeps_the_response(question: Question) -> None:
    key = answer_key(question)
    result = grade(question, key)
    assert result.question_id == question.id
    assert result.answered
    assert result.correct
    assert result.response == key


def test_a_partial_grade_is_answered_but_not_correct() -> None:
    result = grade(MULTIPLE, [1])
    assert result.answered and not result.correct


# --- malformed responses ----------------------------------------------------------------------


MALFORMED = [
    # single: a choice number from 1 to 3
    (SINGLE, "2"),
    (SINGLE, 2.0),
    (SINGLE, True),
    (SINGLE, False),
    (SINGLE, 0),
    (SINGLE, 4),
    (SINGLE, 7),
    (SINGLE, -1),
    (SINGLE, [2]),
    (SINGLE, {"choice": 2}),
    # multiple: a list of distinct choice numbers from 1 to 5
    (MULTIPLE, 1),
    (MULTIPLE, "1, 3"),
    (MULTIPLE, "[1, 3]"),
    (MULTIPLE, True),
    (MULTIPLE, [0]),
    (MULTIPLE, [6]),
    (MULTIPLE, [1, 7]),
    (MULTIPLE, [-1]),
    (MULTIPLE, [1, 1]),
    (MULTIPLE, [1, 3, 3]),
    (MULTIPLE, [1, "3"]),
    (MULTIPLE, [True]),
    (MULTIPLE, [1, False]),
    (MULTIPLE, [1.0]),
    (MULTIPLE, [None]),
    (MULTIPLE, [[1]]),
    (MULTIPLE, {"a": 1}),
    # true_false: a boolean
    (TRUE, 1),
    (TRUE, 0),
    (FALSE, 0),
    (TRUE, "true"),
    (FALSE, "false"),
    (TRUE, "yes"),
    (TRUE, [True]),
    (TRUE, 1.0),
    # text: a string
    (TEXT, ["226-4-1"]),
    (TEXT, True),
    (TEXT, False),
    (TEXT, {"text": "226-4-1"}),
    # order: every item number once
    (ORDER, [1, 2, 3]),  # an item missing
    (ORDER, []),
    (ORDER, [1]),
    (ORDER, [1, 2, 3, 4, 5]),  # an item too many
    (ORDER, [1, 2, 3, 3]),  # duplicates
    (ORDER, [1, 1, 2, 3, 4]),
    (ORDER, [0, 1, 2, 3]),
    (ORDER, [1, 2, 3, 5]),
    (ORDER, [1, 2, 3, None]),
    (ORDER, ["1", "2", "3", "4"]),  # strings for positions
    (ORDER, [True, 2, 3, 4]),
    (ORDER, [1.0, 2, 3, 4]),
    (ORDER, "1234"),
    (ORDER, "1, 2, 3, 4"),
    (ORDER, 1234),
    (ORDER, True),
    (ORDER_TWO, [1]),
    (ORDER_TWO, [2, 2]),
    # match: one right side number or None for each of the 4 left sides
    (MATCH, [1, 2, 3]),  # too short
    (MATCH, [1, 2, 3, 4, 1]),  # too long
    (MATCH, []),
    (MATCH, [0, 2, 3, 4]),
    (MATCH, [5, 2, 3, 4]),
    (MATCH, [1, 2, 3, -4]),
    (MATCH, ["1", 2, 3, 4]),  # strings for positions
    (MATCH, ["1", "2", "3", "4"]),
    (MATCH, [True, 2, 3, 4]),
    (MATCH, [1.0, 2, 3, 4]),
    (MATCH, [[1], 2, 3, 4]),
    (MATCH, 1),
    (MATCH, "1234"),
    (MATCH, True),
    (MATCH, {"a": 1}),
]


MALFORMED_IDS = [f"{question.id}:{response!r}" for question, response in MALFORMED]


@pytest.mark.parametrize(("question", "response"), MALFORMED, ids=MALFORMED_IDS)
def test_a_malformed_response_is_an_error_naming_the_question(
    question: Question, response: object
) -> None:
    with pytest.raises(ResponseError) as raised:
        grade(question, response)
    assert raised.value.question_id == question.id
    assert f"`{question.id}`" in str(raised.value)
    assert raised.value.message
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(("question", "response"), MALFORMED[::6], ids=MALFORMED_IDS[::6])
def test_check_raises_the_same_error_as_grade(question: Question, response: object) -> None:
    with pytest.raises(ResponseError):
        check(question, response)


# --- answer keys ------------------------------------------------------------------------------


ANSWER_KEY_QUESTIONS = [
    *EVERY_TYPE,
    FALSE,
    MULTIPLE_ONE,
    MULTIPLE_ALL,
    ORDER_TWO,
    MATCH_THREE,
    ELEPHANT_ACCENTED,
    SingleChoice(id="last", prompt="?", choices=choices(False, False, False, True)),
    SingleChoice(id="first", prompt="?", choices=choices(True, False)),
    MultipleChoice(id="middle", prompt="?", choices=choices(False, True, True, False)),
    TextAnswer(id="messy", prompt="?", accept=("  « Article 226-4-1. » ", "other")),
    Ordering(id="six", prompt="?", items=tuple("abcdef")),
    Matching(id="six-pairs", prompt="?", pairs=tuple((str(i), chr(96 + i)) for i in range(1, 7))),
]


@pytest.mark.parametrize("question", ANSWER_KEY_QUESTIONS, ids=lambda q: q.id)
def test_the_answer_key_scores_1(question: Question) -> None:
    assert score(question, answer_key(question)) == 1.0


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (SINGLE, 2),
        (MULTIPLE, [1, 3, 5]),
        (TRUE, True),
        (FALSE, False),
        (TEXT, "226-4-1"),
        (ORDER, [1, 2, 3, 4]),
        (MATCH, [1, 2, 3, 4]),
    ],
    ids=lambda v: getattr(v, "id", repr(v)),
)
def test_the_answer_key_is_the_authored_answer(question: Question, expected: object) -> None:
    assert answer_key(question) == expected
