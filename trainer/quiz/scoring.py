"""Scoring a whole quiz: the points-weighted mean of its grades, and pass or fail."""

from __future__ import annotations

import math
from collections.abc import Mapping

from trainer.course.model import Quiz
from trainer.quiz.grading import Grade, ResponseError, grade
from trainer.records import Record, init

PASS_TOLERANCE = 1e-9
"""A score this close under the pass mark passes: 0.1 + 0.7 must not fail a 0.8 mark."""


class QuizResult(Record):
    """The outcome of one set of responses to a quiz."""

    __slots__ = ("grades", "pass_mark", "quiz_id", "score")
    quiz_id: str
    score: float
    pass_mark: float
    grades: tuple[Grade, ...]

    def __init__(
        self, quiz_id: str, score: float, pass_mark: float, grades: tuple[Grade, ...]
    ) -> None:
        init(self, quiz_id, score, pass_mark, grades)

    @property
    def passed(self) -> bool:
        """The score reaches the pass mark."""
        return passes(self.score, self.pass_mark)

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded, but never up to the pass mark of a quiz not
        passed: 79.6 % against 80 % shows as 79 %."""
        return shown_percent(self.score, self.pass_mark)


def shown_percent(score: float, pass_mark: float) -> int:
    """A score as a whole percentage that never contradicts pass or fail."""
    rounded = round(score * 100)
    if not passes(score, pass_mark) and rounded >= pass_mark * 100 - PASS_TOLERANCE:
        return math.floor(score * 100)
    return rounded


def passes(score: float, pass_mark: float) -> bool:
    """True when `score` reaches `pass_mark`."""
    return score >= pass_mark - PASS_TOLERANCE


def weighted_score(quiz: Quiz, grades: Mapping[str, Grade]) -> float:
    """The points-weighted mean of the grades; a question without a grade counts 0."""
    total = math.fsum(q.points for q in quiz.questions)
    if total == 0:
        return 0.0
    earned = math.fsum(q.points * grades[q.id].score for q in quiz.questions if q.id in grades)
    return earned / total


def score_quiz(quiz: Quiz, responses: Mapping[str, object], pass_mark: float) -> QuizResult:
    """Grade every question of `quiz` from `responses` (question id → response).

    A question missing from `responses` scores 0; an id that is not in the quiz, or a malformed
    response, raises `ResponseError`.
    """
    known = {q.id for q in quiz.questions}
    for question_id in responses:
        if question_id not in known:
            raise ResponseError(str(question_id), f"there is no such question in quiz `{quiz.id}`")
    grades = {q.id: grade(q, responses.get(q.id)) for q in quiz.questions}
    return QuizResult(
        quiz_id=quiz.id,
        score=weighted_score(quiz, grades),
        pass_mark=pass_mark,
        grades=tuple(grades[q.id] for q in quiz.questions),
    )
