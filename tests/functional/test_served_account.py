"""The app served to one account (`trainer serve --trusted-header`): that account's one learner,
and no learners screen to list, rename or delete anyone."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.first_run import FirstRunScreen


def served_app(pack, store: Store) -> TrainerApp:
    return TrainerApp(
        pack.course("en"),
        store,
        clock=FixedClock(),
        seeds=seeds_from(),
        account="edupont",
    )


async def test_a_first_visit_asks_the_certificates_name_prefilled_with_no_one(
    pack, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert app.screen.query_one(Input).value == ""  # not the server's login, nor the account
        intro = str(app.screen.query_one(".intro", Static).render())
        assert "under your account" in intro and "on this computer" not in intro
        await pilot.press(*"Élodie Bernard", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert [learner.name for learner in store.learners()] == ["Élodie Bernard"]


async def test_the_learners_screen_is_not_there_to_open(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Élodie Bernard", clock())
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # no list, no rename, no delete


async def test_a_folder_with_two_learners_opens_the_latest_without_a_list(
    pack, tmp_path: Path, clock
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Made by hand", clock())
    store.add_learner("Élodie Bernard", clock())  # the most recent one
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert app.session.learner.name == "Élodie Bernard"
