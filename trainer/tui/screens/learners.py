"""Choose who is learning, when several learners share this computer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.i18n import N_, _
from trainer.progress.store import Learner
from trainer.tui.bindings import translate_bindings

NEW_LEARNER = "new-learner"


class LearnerScreen(Screen[Learner | str | None]):
    """The learners of this computer, and a way to add one."""

    BINDINGS = [Binding("escape", "cancel", N_("Quit"))]

    def __init__(self, learners: list[Learner], last: Learner | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.learners = learners
        self.last = last

    def compose(self) -> ComposeResult:
        yield Header()
        with Center():
            with Vertical(id="learners"):
                yield Static(_("Who is learning?"), classes="title")
                options = [Option(Content(learner.name), id=f"learner-{learner.id}") for learner in self.learners]
                options.append(Option(Content("+ " + _("New learner")), id=NEW_LEARNER))
                yield OptionList(*options, id="learner-list")
        yield Footer()

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        if self.last is not None:
            option_list.highlighted = option_list.get_option_index(f"learner-{self.last.id}")
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == NEW_LEARNER:
            self.dismiss(NEW_LEARNER)
            return
        chosen = next(learner for learner in self.learners if f"learner-{learner.id}" == event.option_id)
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        """Leave."""
        self.dismiss(None)
