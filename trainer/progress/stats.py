"""Figures drawn from a learner's events: time spent, score history, weakest quizzes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.progress.records import payload_of

IDLE = timedelta(minutes=10)
"""A gap between two events longer than this is a pause, not study: it counts as this much."""


@dataclass(frozen=True)
class ScorePoint:
    """One finished attempt: when, which quiz, the score."""

    at: datetime
    quiz_id: str
    score: float


def time_spent(events: Iterable[Mapping[str, object]], idle: timedelta = IDLE) -> timedelta:
    """Study time: the sum of the gaps between consecutive events, each gap capped at `idle`."""
    total = timedelta()
    previous: datetime | None = None
    for event in events:
        at = datetime.fromisoformat(str(event["at"]))
        if previous is not None and at > previous:
            total += min(at - previous, idle)
        previous = at
    return total


def score_history(events: Iterable[Mapping[str, object]], course_id: str) -> list[ScorePoint]:
    """Every finished attempt of a course, oldest first."""
    points = []
    for event in events:
        if event["kind"] == "attempt_finished" and event["course_id"] == course_id:
            payload = payload_of(event["kind"], event["payload"])
            try:
                at = datetime.fromisoformat(str(event["at"]))
            except ValueError:
                continue  # not a time the trainer writes: a row edited by hand
            if payload is not None:
                points.append(ScorePoint(at, str(event["quiz_id"]), float(payload["score"])))
    return points


def weakest(
    best_scores: Mapping[str, float], passed: Iterable[str], count: int = 3
) -> list[tuple[str, float]]:
    """The quizzes taken but not passed yet, the lowest best score first: a passed quiz needs no
    more work."""
    passed = set(passed)
    ranked = sorted(
        (item for item in best_scores.items() if item[0] not in passed),
        key=lambda item: (item[1], item[0]),
    )
    return ranked[:count]
