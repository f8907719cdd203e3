"""Grading one question: the rule of each question type, as the table below says, exactly.

A response names things by their 1-based position as authored, whatever order the learner saw:

| type       | response                     | score                                           |
|------------|------------------------------|-------------------------------------------------|
| single     | 2                            | 1 if it is the correct choice                    |
| multiple   | [1, 3]                       | max(0, (right − wrong) / number of correct)      |
|            |                              | weighted: clamp(sum of weights picked, 0, 1)     |
| true_false | true                         | 1 if equal                                       |
| text       | "Article 226-4-1 "           | 1 if equal to an accepted answer, normalised     |
| order      | [2, 1, 3]                    | 1 if it is the authored order                    |
| match      | [2, 1] (right side per left) | share of pairs matched right                     |

No response (None) scores 0. A response of the wrong shape is a `ResponseError`, never a score.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TypeGuard

from trainer.course.model import (
    WEIGHT_TOLERANCE,
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.records import Record, init

Response = int | bool | str | list[int] | list[int | None] | None
"""What a learner answered: see the module's table."""


class ResponseError(ValueError):
    """A response that does not fit its question: wrong shape, or a position out of range."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"question `{question_id}`: {message}")
        self.question_id = question_id
        self.message = message


class Grade(Record):
    """The score of one response, from 0 to 1."""

    __slots__ = ("question_id", "response", "score")
    question_id: str
    score: float
    response: Response

    def __init__(self, question_id: str, score: float, response: Response) -> None:
        init(self, question_id, score, response)

    @property
    def correct(self) -> bool:
        """Fully right."""
        return self.score >= 1.0

    @property
    def answered(self) -> bool:
        """A response was given."""
        return self.response is not None


def normalise(text: str) -> str:
    """Text as compared for `text` questions: accents dropped, case folded, spaces collapsed,
    leading and trailing white space and punctuation stripped."""
    if text.isascii():  # no accent to drop, and folding ASCII is lowering it
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    collapsed = " ".join(bare.split())
    start, end = 0, len(collapsed)
    while start < end and _is_trim(collapsed[start]):
        start += 1
    while end > start and _is_trim(collapsed[end - 1]):
        end -= 1
    return collapsed[start:end]


def _is_trim(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def _is_position(value: object) -> TypeGuard[int]:
    # bool is an int to Python, never a position to a learner.
    return isinstance(value, int) and not isinstance(value, bool)


def _position(question: Question, value: object, count: int, what: str) -> int:
    if not _is_position(value):
        raise ResponseError(
            question.id, f"expected a {what} number from 1 to {count}, got {value!r}"
        )
    if not 1 <= value <= count:
        raise ResponseError(question.id, f"{what} {value} is out of range: there are {count}")
    return value


def _positions(question: Question, value: object, count: int, what: str) -> list[int]:
    if not isinstance(value, list):
        raise ResponseError(
            question.id, f"expected a list of {what} numbers such as [1, 3], got {value!r}"
        )
    positions = [_position(question, item, count, what) for item in value]
    if len(set(positions)) != len(positions):
        raise ResponseError(question.id, f"a {what} is given twice in {value!r}")
    return positions


def check(question: Question, response: object) -> Response:
    """The response in its canonical form, or a `ResponseError` saying what is wrong with it."""
    return grade(question, response).response


def grade(question: Question, response: object) -> Grade:
    """Score a response to a question, from 0 to 1; raise `ResponseError` for a malformed one.

    Each branch first puts the response in its canonical form for that question type (or says
    what is wrong with it), then scores that form: the grade records the canonical response.
    """
    if response is None:
        return Grade(question.id, 0.0, None)
    if isinstance(question, SingleChoice):
        position = _position(question, response, len(question.choices), "choice")
        return _all_or_nothing(question, position, position in question.correct_positions)
    if isinstance(question, MultipleChoice):
        picked = sorted(_positions(question, response, len(question.choices), "choice"))
        if question.weighted:
            return Grade(question.id, _weighted_score(question, picked), picked)
        correct = question.correct_positions
        right = sum(1 for p in picked if p in correct)
        wrong = len(picked) - right
        return Grade(question.id, max(0.0, (right - wrong) / len(correct)), picked)
    if isinstance(question, TrueFalse):
        if not isinstance(response, bool):
            raise ResponseError(question.id, f"expected true or false, got {response!r}")
        return _all_or_nothing(question, response, response is question.answer)
    if isinstance(question, TextAnswer):
        text = _text(question, response)
        return _all_or_nothing(question, text, accepted_index(question, text) is not None)
    if isinstance(question, Ordering):
        count = len(question.items)
        order = _positions(question, response, count, "item")
        if len(order) != count:
            raise ResponseError(question.id, f"an order lists all {count} items, got {len(order)}")
        return _all_or_nothing(question, order, order == list(range(1, count + 1)))
    if isinstance(question, Matching):
        count = len(question.pairs)
        if not isinstance(response, list) or len(response) != count:
            raise ResponseError(
                question.id,
                f"expected a list of {count} right-side numbers, one for each left side, "
                f"got {response!r}",
            )
        rights: list[int | None] = [
            None if item is None else _position(question, item, count, "right side")
            for item in response
        ]
        matched = sum(1 for left, right in enumerate(rights, 1) if right == left)
        return Grade(question.id, matched / count, rights)
    raise TypeError(f"unknown question type: {type(question).__name__}")


def accepted_index(question: TextAnswer, text: str) -> int | None:
    """The 0-based index of the first accepted answer that `text` matches once normalised;
    None when it matches none."""
    given = normalise(text)
    if not given:
        return None  # only spaces and punctuation is no answer, whatever the key says
    for index, key in enumerate(question.accept):
        if given == normalise(key):
            return index
    return None


def _weighted_score(question: MultipleChoice, picked: list[int]) -> float:
    """Moodle's score of a several-answer question: the weights of the choices picked, summed
    and kept between 0 and 1; a sum within `WEIGHT_TOLERANCE` of 1 is full marks, as thirds
    written 0.33333 sum to 0.99999."""
    total = math.fsum(question.choices[p - 1].weight or 0.0 for p in picked)
    if total >= 1 - WEIGHT_TOLERANCE:
        return 1.0
    return max(0.0, total)


def _text(question: TextAnswer, response: object) -> str:
    # A YAML or JSON number typed as the answer (« 2022 ») is the text of that number.
    if _is_position(response) or isinstance(response, float):
        return str(response)
    if not isinstance(response, str):
        raise ResponseError(question.id, f"expected a text answer, got {response!r}")
    return response


def _all_or_nothing(question: Question, response: Response, right: bool) -> Grade:
    return Grade(question.id, 1.0 if right else 0.0, response)


def answer_key(question: Question) -> Response:
    """The response that is fully right, as authored."""
    if isinstance(question, SingleChoice):
        return min(question.correct_positions)
    if isinstance(question, ChoiceQuestion):
        return sorted(question.correct_positions)
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, TextAnswer):
        return question.accept[0]
    if isinstance(question, Ordering):
        return list(range(1, len(question.items) + 1))
    if isinstance(question, Matching):
        return list(range(1, len(question.pairs) + 1))
    raise TypeError(f"unknown question type: {type(question).__name__}")
