"""The daily review size on the Settings screen: shown, changed, kept with the learner."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.settings import SettingsScreen


async def test_the_review_size_is_a_setting_kept_with_the_learner(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
        default_name="",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        size = app.screen.query_one("#review_size", Select)
        assert size.value == 20
        size.value = 50
        await pilot.pause()
        assert store.settings(store.learner("Anne"))["review_size"] == "50"
        assert app.session.review_size() == 50
