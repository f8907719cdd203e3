"""Help: the keys of the screen underneath, and the keys every screen keeps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from trainer.i18n import N_, _
from trainer.tui.bindings import translate_bindings


class HelpScreen(ModalScreen[None]):
    """The keys of the current screen, in a box over it."""

    BINDINGS = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("question_mark", "dismiss", N_("Close"), key_display="?"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        translate_bindings(self)
        self.under = under

    def compose(self) -> ComposeResult:
        rows: list[tuple[str, str]] = []
        for active in self.under.active_bindings.values():
            binding = active.binding
            row = (self.app.get_key_display(binding), binding.description)
            if binding.description and row not in rows:
                rows.append(row)
        rows.append(("ctrl+q", _("Quit trainer, from any screen")))
        width = max(len(key) for key, _description in rows) + 2
        text = "\n".join(f"{key:<{width}}{description}" for key, description in rows)
        extra = getattr(self.under, "HELP", "")
        with Vertical(id="help-box"):
            yield Static(_("Keys"), classes="title")
            with VerticalScroll():
                yield Static(Content(text), id="help-keys")
                if extra:
                    yield Static(Content(_(extra)), id="help-text")
            yield Static(_("Press escape or ? to close."), classes="dim")

    def action_dismiss(self) -> None:
        """Close the help."""
        self.dismiss(None)
