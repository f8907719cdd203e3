"""First run: ask the learner's name, the one their certificate will bear."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from trainer.i18n import N_, _
from trainer.tui.bindings import translate_bindings


class FirstRunScreen(Screen[str | None]):
    """Welcome, and the learner's name."""

    BINDINGS = [Binding("escape", "cancel", N_("Quit"))]

    def __init__(self, default_name: str, served: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.default_name = default_name
        self.served = served
        """In a browser, served to the agent's account: the progress is not on this computer."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(), Vertical(id="welcome"):
            yield Static(_("Welcome"), classes="title")
            intro = (
                _(
                    "Short lessons, quizzes with explanations, your progress kept by the server "
                    "under your account. What name should be printed on your certificate at the "
                    "end of the course?"
                )
                if self.served
                else _(
                    "Short lessons, quizzes with explanations, your progress kept on this "
                    "computer. What name should your progress be kept under? It is the name "
                    "printed on your certificate at the end of the course."
                )
            )
            yield Static(intro, classes="intro")
            yield Input(self.default_name, placeholder=_("Your first and last name"), id="name")
            yield Static("", id="name-error", classes="error")
            yield Button(compact=True, label=_("Start"), variant="primary", id="start")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        self._submit()

    @on(Button.Pressed, "#start")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        self._submit()

    def _submit(self) -> None:
        name = " ".join(self.query_one(Input).value.split())
        if not name:
            self.query_one("#name-error", Static).update(_("Please type a name."))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Leave without creating a learner."""
        self.dismiss(None)
