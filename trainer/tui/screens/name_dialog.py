"""Ask for a name: a new learner, or a new name for one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings


class NameScreen(ModalScreen[str | None]):
    """A name typed and confirmed with enter; escape gives None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, value: str = "", taken: set[str] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.value = value
        self.taken = taken or set()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(inert(self.title_text)), classes="title")  # it may quote a name
            # A name with controls in it (written by another tool) is offered in its visible form.
            yield Input(inert(self.value), placeholder=_("Your name"), id="name")
            yield Static("", classes="error", id="name-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        name = " ".join(event.value.split())
        if not name:
            self.query_one("#name-error", Static).update(_("Please type a name."))
        elif name in self.taken:
            self.query_one("#name-error", Static).update(_("This name is already taken."))
        else:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without a name."""
        self.dismiss(None)
