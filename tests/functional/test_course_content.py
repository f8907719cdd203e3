"""The bundled course: the floors of size and shape, and its quality gates."""

from __future__ import annotations

from collections import Counter

import pytest

from trainer.course.model import ChoiceQuestion, QuestionType
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

MIN_MODULES, MIN_LESSONS, MIN_QUESTIONS, MIN_SCENARIOS = 6, 24, 150, 12


@pytest.fixture(scope="module")
def pack():
    loaded, diagnostics = check_pack(bundled_course())
    assert loaded is not None
    assert [str(d) for d in diagnostics] == []  # no error and no warning
    return loaded


@pytest.fixture(scope="module", params=["fr", "en"])
def course(request, pack):
    return pack.course(request.param)


def test_the_course_has_both_languages(pack) -> None:
    assert pack.languages == ("fr", "en")


def test_size_floors(course) -> None:
    questions = [q for quiz in course.quizzes.values() for q in quiz.questions]
    assert len(course.modules) >= MIN_MODULES
    assert len(course.lessons) >= MIN_LESSONS
    assert len(questions) >= MIN_QUESTIONS
    assert {q.type for q in questions} == set(QuestionType)
    assert sum(q.id.startswith("cas-") for q in questions) >= MIN_SCENARIOS


def test_every_language_has_every_lesson_and_quiz_file(pack) -> None:
    for language in pack.languages:
        assert set(pack.lessons[language]) == set(pack.lessons["fr"])
        assert set(pack.quizzes[language]) == set(pack.quizzes["fr"])


def test_no_two_questions_share_a_prompt(course) -> None:
    prompts = Counter(
        " ".join(q.prompt.split()).casefold()
        for quiz in course.quizzes.values()
        for q in quiz.questions
    )
    assert [prompt for prompt, count in prompts.items() if count > 1] == []


def test_every_lesson_has_objectives_minutes_and_sources(course) -> None:
    for lesson in course.lessons:
        assert lesson.objectives, lesson.path
        assert lesson.minutes is not None and 5 <= lesson.minutes <= 10, lesson.path
        assert lesson.sources and all(s.title for s in lesson.sources), lesson.path


def test_every_question_explains_and_every_choice_gives_feedback(course) -> None:
    for quiz in course.quizzes.values():
        for question in quiz.questions:
            assert question.explanation, f"{quiz.path}: {question.id}"
            if isinstance(question, ChoiceQuestion):
                assert all(choice.feedback for choice in question.choices), (
                    f"{quiz.path}: {question.id}"
                )


def test_the_first_lesson_has_a_quiz(course) -> None:
    first = course.modules[0].lessons[0]
    assert course.quiz_of(first) is not None


def test_every_quiz_belongs_to_a_lesson(course) -> None:
    used = {course.quiz_of(lesson).id for lesson in course.lessons if course.quiz_of(lesson)}
    assert used == set(course.quizzes)
