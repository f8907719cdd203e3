"""What the store holds, as plain records: learners, attempts, answers, events, course records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TypedDict

from trainer.progress.groups import GROUP_SETTING, saved_group
from trainer.records import Record, init


def event_moment(at: object) -> datetime | None:
    """An event's stored time as an aware datetime (one without an offset is UTC); None if it
    cannot be read."""
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Kind:
    """The kinds of event."""

    LESSON_OPENED = "lesson_opened"
    ATTEMPT_STARTED = "attempt_started"
    ANSWERED = "answered"
    ATTEMPT_FINISHED = "attempt_finished"
    REVIEWED = "reviewed"
    """A question answered again in a spaced-review session."""


class Event(TypedDict):
    """One stored event as `Store.events` gives it: the columns of its row, and the learner's name.

    Events are facts appended once and never rewritten; what a kind carries beyond its ids is in
    `payload`, JSON text that `payload_of` reads. SQLite does not hold a column to its type: in a
    file edited by hand a text column may hold bytes, which is why readers check what they use.
    """

    id: int
    uuid: str
    learner_id: int
    course_id: str
    kind: str
    lesson_id: str | None
    quiz_id: str | None
    question_id: str | None
    attempt_id: str | None
    language: str | None
    payload: str
    at: str
    learner: str
    """The learner's name."""


class Learner(Record):
    """A person taking courses on this machine."""

    __slots__ = ("created_at", "id", "name")
    id: int
    name: str
    created_at: str

    def __init__(self, id: int, name: str, created_at: str) -> None:
        init(self, id, name, created_at)


class LearnerSettings(Record):
    """What a learner chose on the Settings screen (or in plain mode's settings).

    The store keeps each setting as text under its name: switches as "on" or "off", the review size
    in digits; a setting never saved is absent and takes its default here.
    """

    __slots__ = ("group", "language", "review_size", "show_pass_mark", "shuffle", "theme")
    language: str | None
    """The course language chosen; None: the one the trainer starts in."""
    theme: str | None
    shuffle: bool
    """Choices (and questions, where the quiz allows it) in a new order for each attempt."""
    show_pass_mark: bool
    review_size: int | None
    """Questions to review a day; None: the trainer's default."""
    group: str | None
    """The learner's service, direction or cohort (see `trainer.progress.groups`); None: none."""

    def __init__(
        self,
        language: str | None = None,
        theme: str | None = None,
        shuffle: bool = True,
        show_pass_mark: bool = True,
        review_size: int | None = None,
        group: str | None = None,
    ) -> None:
        init(self, language, theme, shuffle, show_pass_mark, review_size, group)

    @classmethod
    def from_saved(cls, saved: Mapping[str, str]) -> LearnerSettings:
        """The settings from the texts the store keeps; a value that makes no sense is the
        default (only "off" turns a switch off)."""
        size = saved.get("review_size", "")
        return cls(
            language=saved.get("language") or None,
            theme=saved.get("theme") or None,
            shuffle=saved.get("shuffle") != "off",
            show_pass_mark=saved.get("show_pass_mark") != "off",
            review_size=int(size) if size.isdigit() and int(size) > 0 else None,
            group=saved_group(saved),
        )

    def to_saved(self) -> dict[str, str]:
        """The texts the store keeps for these settings (those left to their default: none)."""
        saved = {
            "shuffle": "on" if self.shuffle else "off",
            "show_pass_mark": "on" if self.show_pass_mark else "off",
        }
        if self.language is not None:
            saved["language"] = self.language
        if self.theme is not None:
            saved["theme"] = self.theme
        if self.review_size is not None:
            saved["review_size"] = str(self.review_size)
        if self.group is not None:
            saved[GROUP_SETTING] = self.group
        return saved


class Answer(Record):
    """One recorded answer of an attempt."""

    __slots__ = ("hinted", "question_id", "response", "score")
    question_id: str
    response: object
    score: float
    hinted: bool

    def __init__(
        self, question_id: str, response: object, score: float, hinted: bool = False
    ) -> None:
        init(self, question_id, response, score, hinted)


class AttemptRecord(Record):
    """An attempt at a quiz, finished or not."""

    __slots__ = (
        "answers",
        "drawn",
        "finished_at",
        "id",
        "passed",
        "quiz_id",
        "score",
        "seed",
        "shuffle",
        "started_at",
    )
    id: str
    quiz_id: str
    seed: int
    started_at: str
    answers: dict[str, Answer]
    score: float | None
    passed: bool | None
    finished_at: str | None
    shuffle: bool | None
    """The learner's shuffle setting when the attempt began (see `trainer.quiz.attempts.present`);
    None for an attempt begun before it was kept: as the quiz says."""
    drawn: tuple[str, ...] | None
    """The ids of the questions the attempt drew from its quiz's bank; None when it asks every
    question (a quiz without `draw`)."""

    def __init__(
        self,
        id: str,
        quiz_id: str,
        seed: int,
        started_at: str,
        answers: dict[str, Answer] | None = None,
        score: float | None = None,
        passed: bool | None = None,
        finished_at: str | None = None,
        shuffle: bool | None = None,
        drawn: tuple[str, ...] | None = None,
    ) -> None:
        init(
            self,
            id,
            quiz_id,
            seed,
            started_at,
            {} if answers is None else answers,
            score,
            passed,
            finished_at,
            shuffle,
            drawn,
        )

    @property
    def finished(self) -> bool:
        """The attempt reached its results."""
        return self.finished_at is not None


class CourseRecord(Record):
    """What a learner has done in a course, as the course map needs it."""

    __slots__ = ("best_scores", "last_lesson", "opened", "passed", "unfinished")
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

    def __init__(
        self,
        opened: frozenset[str],
        best_scores: dict[str, float],
        passed: frozenset[str],
        unfinished: frozenset[str],
        last_lesson: str | None,
    ) -> None:
        init(self, opened, best_scores, passed, unfinished, last_lesson)


def _is_score(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1


_REQUIRED = {
    Kind.ATTEMPT_STARTED: lambda data: (
        isinstance(data.get("seed"), int) and not isinstance(data.get("seed"), bool)
    ),
    Kind.ANSWERED: lambda data: _is_score(data.get("score")) and "response" in data,
    Kind.REVIEWED: lambda data: _is_score(data.get("score")),
    Kind.ATTEMPT_FINISHED: lambda data: (
        _is_score(data.get("score")) and isinstance(data.get("passed"), bool)
    ),
}
"""What each kind of event must carry for the readers to use it."""


def drawn_of(data: Mapping[str, object]) -> tuple[str, ...] | None:
    """The question ids an `attempt_started` payload says were drawn; None when it names none (or
    not as a list of ids: a file edited by hand asks every question rather than fail)."""
    drawn = data.get("drawn")
    if isinstance(drawn, list) and all(isinstance(item, str) for item in drawn):
        return tuple(drawn)
    return None


def payload_of(kind: object, payload: object) -> dict | None:
    """An event's payload as the trainer writes it, or None when it is not: not JSON, not an
    object, or without the fields its kind needs (a score from 0 to 1, a seed…).

    The trainer never writes such an event, but a progress file can be edited by hand or by
    another program: the readers leave such a row out rather than fail on it, so the learner's
    real record stays usable, and a forged row adds nothing."""
    if isinstance(payload, (str, bytes)):
        try:
            data = json.loads(payload or "{}")
        except ValueError:
            return None
    else:
        data = payload if payload is not None else {}
    if not isinstance(data, dict):
        return None
    required = _REQUIRED.get(str(kind))
    if required is not None and not required(data):
        return None
    return data
