"""The course certificate: what it states and the code that proves it (the PDF: certificate_pdf).

A certificate is earned when every lesson is complete. It states the learner's name, the course
and its version, when the course was completed, and the score of each module (the mean of the best
scores of its quizzes). Its verification code is a SHA-256 over the course, the learner's name and
the best finished attempt of each quiz, so `trainer certificate verify CODE` can find it again in
the store, and a certificate whose scores were edited does not match.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from trainer.course.model import Course
from trainer.progress.records import Kind, payload_of
from trainer.progress.store import Learner, Store
from trainer.quiz.completion import standing

CODE_LENGTH = 12
"""Characters of a verification code (base32: 60 bits), shown in groups of four."""
CODE_GROUP = 4
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
"""Digits that base32 never uses, read as the letters they are mistaken for."""


@dataclass(frozen=True)
class BestAttempt:
    """The finished attempt that counts for a quiz: its best score, when first reached."""

    quiz_id: str
    attempt_id: str
    score: float
    finished_at: str


@dataclass(frozen=True)
class ModuleScore:
    """A module's line on the certificate."""

    module_id: str
    title: str
    score: float | None
    """The mean of the best scores of its quizzes; None when the module has no quiz."""


@dataclass(frozen=True)
class Award:
    """A certificate as the record supports it: the facts it states and its verification code."""

    course_id: str
    course_title: str
    version: str | None
    learner: str
    completed_at: str
    """When the last lesson became complete (ISO 8601, as stored)."""
    modules: tuple[ModuleScore, ...]
    attempts: tuple[BestAttempt, ...]
    """The best finished attempt of each quiz of the course, by quiz id."""

    @property
    def code(self) -> str:
        """The verification code, e.g. `K7QM-2XDA-PB4R`."""
        return verification_code(self.course_id, self.version, self.learner, self.attempts)

    @property
    def overall(self) -> float | None:
        """The mean of the best scores of every quiz of the course; None when it has no quiz."""
        return sum(a.score for a in self.attempts) / len(self.attempts) if self.attempts else None

    @property
    def completed_on(self) -> date:
        """The day the course was completed."""
        return datetime.fromisoformat(self.completed_at).date()


# the verification code ----------------------------------------------------------------------------


def verification_code(
    course_id: str, version: str | None, learner: str, attempts: Iterable[BestAttempt]
) -> str:
    """The code of a certificate: the same record always gives the same code."""
    facts = {
        "course": course_id,
        "version": version or "",
        "learner": unicodedata.normalize("NFC", learner),
        # Scores are written with a fixed precision so that a float printed differently by another
        # Python still gives the same code.
        "attempts": sorted(
            [a.quiz_id, a.attempt_id, f"{a.score:.6f}", a.finished_at] for a in attempts
        ),
    }
    digest = hashlib.sha256(
        json.dumps(facts, ensure_ascii=False, separators=(",", ":")).encode()
    ).digest()
    raw = base64.b32encode(digest).decode()[:CODE_LENGTH]
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalise_code(typed: str) -> str | None:
    """A code as typed (any case, dashes or spaces or none, 0 for O) in its printed form; None
    when it cannot be a code."""
    raw = re.sub(r"[\s\-_.]", "", typed).upper().translate(LOOK_ALIKES)
    if len(raw) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


# what the record supports -------------------------------------------------------------------------


def awards(course: Course, learner: str, events: Iterable[Mapping[str, object]]) -> list[Award]:
    """Every certificate the learner's record has supported, oldest first; the last is current.

    `events` are the store's events of one learner, oldest first. After the course is complete,
    each better score gives a new certificate (and code); the earlier ones stay verifiable.
    """
    follower = AwardFollower(course, learner)
    return [award for event in events if (award := follower.follow(event)) is not None]


class AwardFollower:
    """Follows one learner's events, oldest first, and says at which event the record supports a
    new certificate: the one that completes the course, then each better score after it. What
    `awards` reads a record with, and what sends the award to an LRS as it happens
    (`trainer.xapi.statements`)."""

    def __init__(self, course: Course, learner: str) -> None:
        self.course = course
        self.learner = learner
        self.quizzes = _course_quizzes(course)
        self.opened: set[str] = set()
        self.passed: set[str] = set()
        self.best: dict[str, BestAttempt] = {}
        self.completed_at: str | None = None
        self.last: Award | None = None

    def follow(self, event: Mapping[str, object]) -> Award | None:
        """The new certificate this event makes the record support, or None."""
        if event["course_id"] != self.course.id:
            return None
        kind = event["kind"]
        if kind == Kind.LESSON_OPENED:
            self.opened.add(str(event["lesson_id"]))
        elif kind == Kind.ATTEMPT_FINISHED and event["quiz_id"] in self.quizzes:
            data = payload_of(kind, event["payload"])
            if data is None:
                return None  # not an event the trainer writes: it counts for nothing
            quiz_id = str(event["quiz_id"])
            if data["passed"]:
                self.passed.add(quiz_id)
            if quiz_id in self.best and data["score"] <= self.best[quiz_id].score:
                return None  # not better: the certificate does not change
            self.best[quiz_id] = BestAttempt(
                quiz_id, str(event["attempt_id"]), float(data["score"]), str(event["at"])
            )
        else:
            return None
        if self.completed_at is None and standing(self.course, self.opened, self.passed).complete:
            self.completed_at = str(event["at"])
        if self.completed_at is None:
            return None
        award = _award(self.course, self.learner, self.completed_at, self.best)
        if self.last is not None and self.last.attempts == award.attempts:
            return None
        self.last = award
        return award


def _course_quizzes(course: Course) -> dict[str, str]:
    """Quiz id → module id, for the quizzes the course's lessons use."""
    quizzes: dict[str, str] = {}
    for module in course.modules:
        for lesson in module.lessons:
            quiz = course.quiz_of(lesson)
            if quiz is not None:
                quizzes.setdefault(quiz.id, module.id)
    return quizzes


def _award(
    course: Course, learner: str, completed_at: str, best: Mapping[str, BestAttempt]
) -> Award:
    quizzes = _course_quizzes(course)
    modules = []
    for module in course.modules:
        scores = [best[q].score for q, m in quizzes.items() if m == module.id and q in best]
        modules.append(
            ModuleScore(module.id, module.title, sum(scores) / len(scores) if scores else None)
        )
    attempts = tuple(best[q] for q in sorted(best) if q in quizzes)
    return Award(
        course.id, course.title, course.version, learner, completed_at, tuple(modules), attempts
    )


def current_award(course: Course, store: Store, learner: Learner) -> Award | None:
    """The learner's certificate as of now; None when the course is not complete."""
    found = awards(course, learner.name, store.events(learner))
    return found[-1] if found else None


@dataclass(frozen=True)
class Verified:
    """A verification code found in the store."""

    award: Award
    current: bool
    """False when the learner has since improved a score (the certificate is older but genuine)."""


def verify(course: Course, store: Store, code: str) -> Verified | None:
    """The certificate of this course with this code, among every learner of the store."""
    wanted = normalise_code(code)
    if wanted is None:
        return None
    for learner in store.learners():
        found = awards(course, learner.name, store.events(learner))
        for index, award in enumerate(found):
            if award.code == wanted:
                return Verified(award, current=index == len(found) - 1)
    return None
