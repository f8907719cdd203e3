"""`--learner NAME` in the app: a name new to a store with learners is added only once confirmed."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.learners import LearnerScreen
from trainer.tui.screens.name_dialog import NameScreen


def app_for(pack, store: Store, name: str) -> TrainerApp:
    return TrainerApp(
        pack.course("en"),
        store,
        learner_name=name,
        clock=FixedClock(),
        seeds=seeds_from(),
        default_name="",
    )


async def test_a_new_name_is_confirmed_with_enter(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Marie Dupré", clock())
    app = app_for(pack, store, "Nobody")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        assert store.learner("Nobody") is None  # nothing created before the learner says so
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen) and app.session.learner.name == "Nobody"


async def test_escape_chooses_among_the_learners_instead(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Marie Dupré", clock())
    app = app_for(pack, store, "Nobody")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        assert [learner.name for learner in store.learners()] == ["Marie Dupré"]


async def test_on_a_first_run_the_name_given_is_the_learner(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = app_for(pack, store, "Anne")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen) and app.session.learner.name == "Anne"
