"""What the store holds, as plain records: learners, attempts, answers, a learner's course record."""

from __future__ import annotations

from dataclasses import dataclass, field


class Kind:
    """The kinds of event."""

    LESSON_OPENED = "lesson_opened"
    ATTEMPT_STARTED = "attempt_started"
    ANSWERED = "answered"
    ATTEMPT_FINISHED = "attempt_finished"
    REVIEWED = "reviewed"
    """A question answered again in a spaced-review session."""


@dataclass(frozen=True)
class Learner:
    """A person taking courses on this machine."""

    id: int
    name: str
    created_at: str


@dataclass(frozen=True)
class Answer:
    """One recorded answer of an attempt."""

    question_id: str
    response: object
    score: float
    hinted: bool = False


@dataclass(frozen=True)
class AttemptRecord:
    """An attempt at a quiz, finished or not."""

    id: str
    quiz_id: str
    seed: int
    started_at: str
    answers: dict[str, Answer] = field(default_factory=dict)
    score: float | None = None
    passed: bool | None = None
    finished_at: str | None = None
    shuffle: bool | None = None
    """The learner's shuffle setting when the attempt began (see `trainer.quiz.attempts.present`);
    None for an attempt begun before it was kept: as the quiz says."""

    @property
    def finished(self) -> bool:
        """The attempt reached its results."""
        return self.finished_at is not None


@dataclass(frozen=True)
class CourseRecord:
    """What a learner has done in a course, as the course map needs it."""

    opened: frozenset[str]
    """Lesson ids opened at least once."""
    best_scores: dict[str, float]
    """Quiz id → best score of a finished attempt."""
    passed: frozenset[str]
    """Quiz ids passed at least once."""
    unfinished: frozenset[str]
    """Quiz ids with an attempt under way."""
    last_lesson: str | None
    """The lesson of the learner's last event in this course."""
