"""Scoring a quiz: the points-weighted mean of its grades, and the pass mark."""

from __future__ import annotations

import pytest

from trainer.course.model import Choice, MultipleChoice, Quiz, SingleChoice, TextAnswer, TrueFalse
from trainer.quiz.grading import ResponseError, grade
from trainer.quiz.scoring import QuizResult, passes, score_quiz, weighted_score


def quiz(*questions, quiz_id: str = "quiz") -> Quiz:
    return Quiz(id=quiz_id, language="en", title="Quiz", questions=tuple(questions))


def tf(qid: str, points: float = 1.0, answer: bool = True) -> TrueFalse:
    return TrueFalse(id=qid, prompt="?", points=points, answer=answer)


# Points 1, 3 and 1: a weighted mean differs from a plain one.
WEIGHTED = quiz(
    SingleChoice(
        id="single", prompt="?", points=1, choices=(Choice("a"), Choice("b", True), Choice("c"))
    ),
    MultipleChoice(
        id="multiple",
        prompt="?",
        points=3,
        choices=(Choice("a", True), Choice("b"), Choice("c", True), Choice("d")),
    ),
    TextAnswer(id="text", prompt="?", points=1, accept=("Paris",)),
)


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ({"single": 2, "multiple": [1, 3], "text": "paris"}, 1.0),
        ({"single": 1, "multiple": [2], "text": "Lyon"}, 0.0),
        ({"single": 2, "multiple": [2, 4], "text": "Lyon"}, 1 / 5),
        ({"single": 1, "multiple": [1, 3], "text": "Lyon"}, 3 / 5),
        ({"single": 2, "multiple": [1], "text": "Paris."}, (1 + 3 * 0.5 + 1) / 5),
        ({"single": 2, "multiple": [1, 3, 2], "text": "Paris"}, (1 + 3 * 0.5 + 1) / 5),
        ({"single": 2, "multiple": [1, 3], "text": "Lyon"}, 4 / 5),
        # unanswered questions count 0, whether missing or None
        ({}, 0.0),
        ({"multiple": [1, 3]}, 3 / 5),
        ({"single": 2, "text": "Paris"}, 2 / 5),
        ({"single": None, "multiple": None, "text": None}, 0.0),
        ({"single": 2, "multiple": None, "text": None}, 1 / 5),
    ],
)
def test_the_score_is_the_points_weighted_mean(responses: dict, expected: float) -> None:
    assert score_quiz(WEIGHTED, responses, 0.8).score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("points", "right", "expected"),
    [
        ((1, 1, 1, 1), (True, True, True, False), 0.75),
        ((2, 2), (True, False), 0.5),
        ((0.5, 1.5), (True, False), 0.25),
        ((0.5, 1.5), (False, True), 0.75),
        ((10, 1), (False, True), 1 / 11),
        ((2.5,), (True,), 1.0),
        ((1, 0), (False, True), 0.0),  # a question worth 0 points weighs nothing
    ],
)
def test_weights(points: tuple[float, ...], right: tuple[bool, ...], expected: float) -> None:
    questions = [tf(f"q{i}", p) for i, p in enumerate(points)]
    responses = {
        q.id: ok for q, ok in zip(questions, right, strict=True)
    }  # every answer is True: right when it is
    assert score_quiz(quiz(*questions), responses, 0.8).score == pytest.approx(expected)


def test_weighted_score_counts_a_missing_grade_as_0() -> None:
    questions = [tf("a", 1), tf("b", 3)]
    grades = {"a": grade(questions[0], True)}
    assert weighted_score(quiz(*questions), grades) == pytest.approx(0.25)


def test_the_result_keeps_every_grade_in_quiz_order() -> None:
    result = score_quiz(WEIGHTED, {"text": "Paris", "single": 1}, 0.8)
    assert result.quiz_id == "quiz"
    assert result.pass_mark == 0.8
    assert [g.question_id for g in result.grades] == ["single", "multiple", "text"]
    assert [g.score for g in result.grades] == [0.0, 0.0, 1.0]
    assert [g.answered for g in result.grades] == [True, False, True]


@pytest.mark.parametrize("unknown", ["nope", "Single", "single ", 1])
def test_an_unknown_question_id_is_an_error_naming_it(unknown: object) -> None:
    with pytest.raises(ResponseError) as raised:
        score_quiz(WEIGHTED, {"single": 2, unknown: True}, 0.8)
    assert raised.value.question_id == str(unknown)
    assert f"`{unknown}`" in str(raised.value)


@pytest.mark.parametrize(
    ("responses", "culprit"),
    [
        ({"single": 9}, "single"),
        ({"single": 2, "multiple": [1, 1]}, "multiple"),
        ({"single": 2, "multiple": [1], "text": ["Paris"]}, "text"),
        ({"text": "Paris", "single": "2"}, "single"),
    ],
)
def test_a_malformed_response_is_an_error_naming_its_question(
    responses: dict, culprit: str
) -> None:
    with pytest.raises(ResponseError) as raised:
        score_quiz(WEIGHTED, responses, 0.8)
    assert raised.value.question_id == culprit


# --- the pass mark ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "pass_mark", "expected"),
    [
        (0.8, 0.8, True),  # exactly the pass mark passes
        (0.75, 0.75, True),
        (0.5, 0.5, True),
        (1.0, 1.0, True),
        (0.0, 0.0, True),
        (1 / 3, 1 / 3, True),
        (0.1 + 0.7, 0.8, True),  # 0.7999999999999999
        (0.1 + 0.2, 0.3, True),  # 0.30000000000000004 > 0.3 anyway
        (0.7 + 0.1 + 0.0, 0.8, True),
        (3 * 0.1 + 0.5, 0.8, True),
        (0.81, 0.8, True),
        (1.0, 0.8, True),
        (0.79, 0.8, False),
        (0.799, 0.8, False),
        (0.7999, 0.8, False),
        (0.8 - 1e-6, 0.8, False),
        (0.0, 0.8, False),
        (0.99, 1.0, False),
        (0.74, 0.75, False),
    ],
)
def test_passes_when_the_score_reaches_the_pass_mark(
    score: float, pass_mark: float, expected: bool
) -> None:
    assert passes(score, pass_mark) is expected
    assert QuizResult("q", score, pass_mark, ()).passed is expected


def test_a_quiz_scored_exactly_at_the_pass_mark_passes() -> None:
    questions = [tf(f"q{i}") for i in range(4)]
    result = score_quiz(quiz(*questions), {"q0": True, "q1": True, "q2": True, "q3": False}, 0.75)
    assert result.score == 0.75
    assert result.passed


def test_float_sums_of_weights_do_not_fail_the_pass_mark() -> None:
    # 0.1 + 0.7 = 0.7999999999999999 out of 1.0.
    questions = [tf("a", 0.1), tf("b", 0.7), tf("c", 0.2)]
    result = score_quiz(quiz(*questions), {"a": True, "b": True, "c": False}, 0.8)
    assert result.score < 0.8
    assert result.passed
    assert result.percent == 80


def test_one_point_short_of_the_pass_mark_fails() -> None:
    questions = [tf(f"q{i}") for i in range(10)]
    responses = {q.id: i < 7 for i, q in enumerate(questions)}
    result = score_quiz(quiz(*questions), responses, 0.8)
    assert result.score == pytest.approx(0.7)
    assert not result.passed
    assert result.percent == 70


# --- percent ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "pass_mark", "expected"),
    [
        (0.799, 0.8, 79),  # 79.9 % of a failed quiz never shows as 80 %
        (0.7999, 0.8, 79),
        (0.79999, 0.8, 79),
        (0.796, 0.8, 79),
        (0.795, 0.8, 79),
        (0.8 - 1e-6, 0.8, 79),
        (0.749, 0.75, 74),
        (0.996, 1.0, 99),  # nor 99.6 % of a quiz that needs 100 %
        (0.9999, 1.0, 99),
        (0.8, 0.8, 80),
        (0.1 + 0.7, 0.8, 80),  # a float sum that passes shows the pass mark
        (0.75, 0.75, 75),
        (1.0, 1.0, 100),
        (1.0, 0.8, 100),
        (0.0, 0.8, 0),
        (0.57, 0.8, 57),  # 0.57 * 100 = 56.99999999999999
        (0.29, 0.8, 29),
        (0.58, 0.8, 58),
        (0.5, 0.8, 50),
        (0.01, 0.8, 1),
    ],
)
def test_percent(score: float, pass_mark: float, expected: int) -> None:
    percent = QuizResult("q", score, pass_mark, ()).percent
    assert percent == expected
    assert isinstance(percent, int)


SCORES = sorted(
    {i / 1000 for i in range(1001)}
    | {a / 10 + b / 10 for a in range(11) for b in range(11) if a + b <= 10}
)


@pytest.mark.parametrize("pass_mark", [0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0])
def test_percent_never_contradicts_pass_or_fail(pass_mark: float) -> None:
    mark = round(pass_mark * 100)
    for score in SCORES:
        result = QuizResult("q", score, pass_mark, ())
        if result.passed:
            assert result.percent >= mark, score
        else:
            assert result.percent < mark, score
        assert abs(result.percent - score * 100) < 1, score
