"""The footer of the course map is rebuilt once for the bindings changed before a refresh, and
shows them as they are by then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from trainer.tui.widgets.footer import SteadyFooter


class Counted(SteadyFooter):
    rebuilt = 0

    async def recompose(self) -> None:
        type(self).rebuilt += 1
        await super().recompose()


class FooterApp(App[None]):
    BINDINGS = [Binding("x", "nothing", "Extra")]

    def __init__(self) -> None:
        super().__init__()
        self.shown = True

    def compose(self) -> ComposeResult:
        yield Counted()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.shown if action == "nothing" else True

    def action_nothing(self) -> None:
        pass


async def test_bindings_changed_many_times_before_a_refresh_rebuild_the_footer_once() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.app_focus = True
        await pilot.pause()
        Counted.rebuilt = 0
        app.shown = False
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert Counted.rebuilt == 1
        assert "Extra" not in " ".join(str(key.render()) for key in app.query("FooterKey"))
        app.shown = True
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert Counted.rebuilt == 2
        assert app.query("FooterKey")
