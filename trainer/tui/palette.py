"""Textual's command palette, steady under a burst of enter.

Each enter in the palette's field posts an `Input.Submitted`; in a burst they queue up, and
Textual's palette dismisses itself (and runs the command) once for each: the second dismissal pops
the screen under it, and so on until none is left. Here a palette already closed handles nothing.
And page up or down while the command list is not laid out yet (hidden, its commands still being
gathered) raises in Textual's option list, whose other moves allow for it: here it does nothing.
Its search of commands and its "No matches found" countdown outlived a palette closed by another
way than its own keys, and then looked for a list already gone: both stop when the palette closes.
"""

from __future__ import annotations

from textual import on, work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.widgets import Button, Input

from trainer.tui.compat import gather_commands


class SteadyCommandPalette(CommandPalette):
    """The command palette, that selects or runs a command only while it is shown."""

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _select_or_command(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if event is not None:
            event.prevent_default()  # Textual's own handler runs from here, or not at all
        if not self.is_current:
            if event is not None:
                event.stop()
            return
        super()._select_or_command(event)

    def _action_command_list(self, action: str) -> None:
        if (
            action in ("page_up", "page_down")
            and not self.query_one(CommandList).scrollable_content_region
        ):
            return
        super()._action_command_list(action)

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Close the palette, with no search or countdown left running."""
        self._cancel_gather_commands()
        self._stop_no_matches_countdown()
        if not self.is_current:
            return AwaitComplete.nothing()
        return super().dismiss(result)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's search of commands, that ends quietly when the palette's list is already gone
        (a key typed into a palette opened while the app was closing)."""
        try:
            await gather_commands(self, search_value)
        except NoMatches:
            return

    def on_screen_suspend(self) -> None:
        self._cancel_gather_commands()
        self._stop_no_matches_countdown()
