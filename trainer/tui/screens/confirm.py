"""A yes-or-no question before something that cannot be undone."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import key_bindings


class ConfirmScreen(ModalScreen[bool]):
    """Says what will happen and answers True only when the learner confirms."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("o", "answer(True)", N_("Yes")),
        Binding("n", "answer(False)", N_("No")),
        Binding("escape", "answer(False)", N_("Cancel")),
    ]

    def __init__(self, title: str, message: str, confirm: str) -> None:
        super().__init__()
        translate_bindings(self)
        # Both y and o confirm; the footer and the button show the one of the interface's
        # language (« o » for « oui » in French).
        self.yes_key = _("y")
        bindings = key_bindings(self)
        for key in ("y", "o"):
            bindings[key] = [
                replace(binding, show=key == self.yes_key) for binding in bindings[key]
            ]
        self.title_text = title
        self.message = message
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content(inert(self.title_text)), classes="title"
            )  # they quote learner names
            yield Static(Content(inert(self.message)))
            with Horizontal(classes="dialog-actions"):
                yield Button(_("Cancel") + " (n)", id="cancel", compact=True)
                yield Button(
                    f"{self.confirm} ({self.yes_key})", id="confirm", variant="error", compact=True
                )

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:  # not a press queued before the screen was replaced
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:
            self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
