"""Fixtures shared by every tier: packs, a fixed clock, stores, and the app ready to drive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.i18n import set_language

PACKS = Path(__file__).parent / "packs"
BILINGUAL = PACKS / "bilingual"


class FixedClock:
    """A clock that starts at a fixed time and moves one second a call."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No test reads the user's locale or writes to a real home folder."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "data"))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def pack():
    from trainer.quiz.pack_check import check_pack

    loaded, diagnostics = check_pack(BILINGUAL)
    assert loaded is not None and not diagnostics, diagnostics
    return loaded


def seeds_from(start: int = 7):
    """Seeds 7, 8, 9…: attempts shuffle the same way in every run."""
    counter = iter(range(start, start + 10_000))
    return lambda: next(counter)
