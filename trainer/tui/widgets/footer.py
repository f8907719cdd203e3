"""The footer of the trainer's screens: Textual's, redrawn once however often the keys change
before the next refresh."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Textual's `Footer`, which rebuilds all its keys after the next refresh each time a screen's
    bindings change. A screen that opens changes them several times before its first frame (its
    mount, the focus given, its own `refresh_bindings`): the course map's footer was rebuilt seven
    times before the learner saw it. Here the requests made before the next refresh are one: the
    rebuild that comes shows the bindings as they are by then, as the last one would have."""

    _rebuild_waiting = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_waiting:
            return
        super().bindings_changed(screen)
        # The conditions on which Footer asks for a rebuild after the next refresh.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._rebuild_waiting = True

    async def recompose(self) -> None:
        self._rebuild_waiting = False
        await super().recompose()
