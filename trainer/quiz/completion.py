"""Where a learner stands in a course: each lesson's status, each module's share, what is next.

A lesson is complete when it was opened and its quiz, if it has one, was passed; a module when all
its lessons are; the course when all its modules are.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from trainer.course.model import Course, Lesson
from trainer.records import Record, init


class Status(StrEnum):
    """A lesson's status on the course map."""

    NEW = "new"
    """Not opened yet."""
    READ = "read"
    """Opened; its quiz is not passed yet."""
    DONE = "done"
    """Complete: opened, and its quiz passed if it has one."""


class Standing(Record):
    """The learner's standing in a course."""

    __slots__ = ("modules", "next_lesson", "statuses")
    statuses: dict[str, Status]
    """Lesson id → status."""
    modules: dict[str, tuple[int, int]]
    """Module id → (lessons complete, lessons)."""
    next_lesson: str | None
    """The first lesson, in course order, that is not complete; None when the course is."""

    def __init__(
        self,
        statuses: dict[str, Status],
        modules: dict[str, tuple[int, int]],
        next_lesson: str | None,
    ) -> None:
        init(self, statuses, modules, next_lesson)

    @property
    def done(self) -> int:
        """Lessons complete."""
        return sum(1 for s in self.statuses.values() if s is Status.DONE)

    @property
    def total(self) -> int:
        """Lessons in the course."""
        return len(self.statuses)

    @property
    def fraction(self) -> float:
        """The share of the course complete, from 0 to 1."""
        return self.done / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        """Every lesson is complete."""
        return self.total > 0 and self.done == self.total


def lesson_status(
    course: Course, lesson: Lesson, opened: Collection[str], passed: Collection[str]
) -> Status:
    """The status of one lesson."""
    if lesson.id not in opened:
        return Status.NEW
    quiz = course.quiz_of(lesson)
    if quiz is not None and quiz.id not in passed:
        return Status.READ
    return Status.DONE


def standing(course: Course, opened: Collection[str], passed: Collection[str]) -> Standing:
    """The learner's standing, from the lessons opened and the quizzes passed."""
    statuses = {
        lesson.id: lesson_status(course, lesson, opened, passed) for lesson in course.lessons
    }
    modules = {
        module.id: (
            sum(1 for lesson in module.lessons if statuses[lesson.id] is Status.DONE),
            len(module.lessons),
        )
        for module in course.modules
    }
    next_lesson = next((lid for lid, status in statuses.items() if status is not Status.DONE), None)
    return Standing(statuses, modules, next_lesson)
