"""Model objects made directly, no pack on disk: for the quiz engine's unit tests."""

from __future__ import annotations

from collections.abc import Iterable

from trainer.course.model import Course, Lesson, Module, Question, Quiz


def make_quiz(quiz_id: str, questions: Iterable[Question] = (), **options) -> Quiz:
    """A quiz in English holding `questions`."""
    return Quiz(
        id=quiz_id, language="en", title=quiz_id.title(), questions=tuple(questions), **options
    )


def make_lesson(lesson_id: str, quiz: str | None = None) -> Lesson:
    """A lesson; `quiz` is the quiz its front matter names."""
    return Lesson(id=lesson_id, language="en", title=lesson_id.title(), body="Text.", quiz=quiz)


def make_course(modules: dict[str, list[Lesson]], quizzes: Iterable[Quiz] = ()) -> Course:
    """A course from module id → lessons, with these quizzes."""
    return Course(
        id="course",
        title="Course",
        language="en",
        languages=("en",),
        modules=tuple(
            Module(id=mid, title=mid.title(), lessons=tuple(lessons))
            for mid, lessons in modules.items()
        ),
        quizzes={quiz.id: quiz for quiz in quizzes},
    )
