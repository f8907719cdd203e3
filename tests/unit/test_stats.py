"""Figures from a learner's events: study time, score history, weakest quizzes."""

from __future__ import annotations

import json
from datetime import timedelta

from trainer.progress.stats import score_history, time_spent, weakest


def event(
    at: str, kind: str = "answered", quiz: str | None = None, score: float | None = None
) -> dict:
    payload = {"score": score, "passed": (score or 0) >= 0.8} if score is not None else {}
    return {
        "at": f"2026-03-02T{at}+00:00",
        "kind": kind,
        "course_id": "c",
        "quiz_id": quiz,
        "payload": json.dumps(payload),
    }


def test_time_spent_caps_pauses() -> None:
    events = [
        event("09:00:00"),
        event("09:02:00"),
        event("09:05:00"),
        event("11:00:00"),
        event("11:01:30"),
    ]
    assert time_spent(events) == timedelta(minutes=2 + 3 + 10, seconds=90)


def test_time_spent_of_nothing_is_zero() -> None:
    assert time_spent([]) == timedelta()


def test_score_history_keeps_finished_attempts_in_order() -> None:
    events = [
        event("09:00:00", "attempt_finished", "a", 0.5),
        event("09:10:00", "answered"),
        event("09:20:00", "attempt_finished", "b", 1.0),
    ]
    assert [(p.quiz_id, p.score) for p in score_history(events, "c")] == [("a", 0.5), ("b", 1.0)]
    assert score_history(events, "other") == []


def test_weakest_lists_only_quizzes_not_passed_lowest_first() -> None:
    best = {"a": 0.9, "b": 0.4, "c": 0.6, "d": 0.3, "e": 0.5}
    assert weakest(best, passed={"a", "d"}) == [("b", 0.4), ("e", 0.5), ("c", 0.6)]
    assert weakest({"a": 1.0}, passed={"a"}) == []
