"""Answers in words (`trainer.quiz.wording`), the one place that knows each type's words."""

from __future__ import annotations

import pytest

from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import set_language
from trainer.quiz.wording import (
    DoesNotFit,
    Ordered,
    Paired,
    Picked,
    Said,
    response_words,
    right_answer_words,
)

CAPITAL = SingleChoice(
    id="q1", prompt="Capital?", choices=(Choice("A", True), Choice("B"), Choice("C"))
)
TRUE = TrueFalse(id="q2", prompt="True?", answer=True)
CITY = TextAnswer(id="q3", prompt="City?", accept=("paris", "Paname"))
PICK = MultipleChoice(
    id="q4", prompt="Pick", choices=(Choice("Flow", True), Choice("Talk", True), Choice("Paper"))
)
STEPS = Ordering(id="q5", prompt="Order", items=("First", "Second", "Third"))
PAIRS = Matching(
    id="q6", prompt="Match", pairs=(("Pharos", "reporting"), ("17Cyber", "assistance"))
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def test_the_right_answer_of_each_type() -> None:
    assert right_answer_words(CAPITAL) == Picked((CAPITAL.choices[0],))
    assert right_answer_words(PICK) == Picked(PICK.choices[:2])
    assert right_answer_words(TRUE) == Said("True")
    assert right_answer_words(CITY) == Said("paris")
    assert right_answer_words(STEPS) == Ordered(("First", "Second", "Third"))
    assert right_answer_words(PAIRS) == Paired((("Pharos", "reporting"), ("17Cyber", "assistance")))


def test_a_response_of_each_type() -> None:
    assert response_words(CAPITAL, 2) == Picked((CAPITAL.choices[1],))
    assert response_words(PICK, [3, 1]) == Picked((PICK.choices[2], PICK.choices[0]))
    assert response_words(PICK, []) == Picked(())
    assert response_words(TRUE, False) == Said("False")
    assert response_words(CITY, "Lyon") == Said("Lyon")
    assert response_words(STEPS, [3, 1, 2]) == Ordered(("Third", "First", "Second"))
    assert response_words(PAIRS, [2, None]) == Paired((("Pharos", "assistance"), ("17Cyber", None)))


def test_true_and_false_read_in_the_interface_language() -> None:
    set_language("fr")
    assert right_answer_words(TRUE) == Said("Vrai")


@pytest.mark.parametrize(
    ("question", "response"),
    [(CAPITAL, 7), (CAPITAL, True), (TRUE, "yes"), (STEPS, "oops"), (STEPS, [0]), (PAIRS, 3)],
)
def test_a_response_that_no_longer_fits_its_question(question, response) -> None:
    with pytest.raises(DoesNotFit):
        response_words(question, response)
