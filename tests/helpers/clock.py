"""Time and chance held still: a clock that moves one second a call, and fixed shuffle seeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FixedClock:
    """A clock that starts at a fixed time and moves one second a call."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def seeds_from(start: int = 7):
    """Seeds 7, 8, 9…: attempts shuffle the same way in every run."""
    counter = iter(range(start, start + 10_000))
    return lambda: next(counter)
