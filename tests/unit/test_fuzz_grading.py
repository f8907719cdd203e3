"""Fuzzing the grader: any response either grades in [0, 1] or is a `ResponseError`, and a valid
question's own answer key always scores 1."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.quiz.grading import ResponseError, answer_key, grade, normalise

FUZZ = settings(max_examples=150, deadline=None, database=None)

texts = st.text(min_size=1, max_size=30)


@st.composite
def choice_questions(draw, kind):
    count = draw(st.integers(2, 12))
    if kind is SingleChoice:
        right = {draw(st.integers(0, count - 1))}
    else:
        right = set(draw(st.lists(st.integers(0, count - 1), min_size=1, unique=True)))
    choices = tuple(Choice(draw(texts), i in right) for i in range(count))
    return kind(id="q", prompt="P", choices=choices)


@st.composite
def text_questions(draw):
    # A valid key has something left once normalised (the self-test refuses the others).
    accept = draw(st.lists(texts.filter(lambda t: normalise(t) != ""), min_size=1, max_size=4))
    return TextAnswer(id="q", prompt="P", accept=tuple(accept))


@st.composite
def match_questions(draw):
    count = draw(st.integers(2, 9))
    rights = draw(st.lists(texts, min_size=count, max_size=count, unique=True))
    return Matching(
        id="q", prompt="P", pairs=tuple((f"left {i}", right) for i, right in enumerate(rights))
    )


questions = st.one_of(
    choice_questions(SingleChoice),
    choice_questions(MultipleChoice),
    st.builds(TrueFalse, id=st.just("q"), prompt=st.just("P"), answer=st.booleans()),
    text_questions(),
    st.builds(
        Ordering,
        id=st.just("q"),
        prompt=st.just("P"),
        items=st.lists(texts, min_size=2, max_size=9).map(tuple),
    ),
    match_questions(),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 15),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=5),
)
responses = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=12), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=20,
)


@FUZZ
@given(question=questions, response=responses)
def test_any_response_grades_in_range_or_is_a_response_error(question, response) -> None:
    try:
        result = grade(question, response)
    except ResponseError as error:
        assert error.question_id == "q"  # the error names the question
        return
    assert 0.0 <= result.score <= 1.0


@FUZZ
@given(question=questions, positions=st.lists(st.integers(1, 12), max_size=12))
def test_well_formed_positions_grade_in_range(question, positions) -> None:
    for response in (positions, positions[:1] and positions[0], sorted(set(positions))):
        try:
            result = grade(question, response)
        except ResponseError:
            continue
        assert 0.0 <= result.score <= 1.0


@FUZZ
@given(question=questions)
def test_the_answer_key_always_scores_1(question) -> None:
    assert grade(question, answer_key(question)).score == 1.0
