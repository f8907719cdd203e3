"""Fixtures shared by every tier: packs, a fixed clock, stores, and the app ready to drive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clock import FixedClock
from tests.helpers.packs import BILINGUAL
from trainer.i18n import set_language


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


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each full check of a pack (validator and self-test) the commands run, by its folder."""
    from trainer.quiz import pack_check

    done: list[Path] = []
    real = pack_check.check_pack

    def counted(root, advice=True):
        done.append(Path(root))
        return real(root, advice)

    monkeypatch.setattr(pack_check, "check_pack", counted)
    return done
