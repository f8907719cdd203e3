"""The learners of this computer: choose who is learning, add, rename or delete one."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.progress.store import Learner, Store
from trainer.session import Clock
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import key_bindings
from trainer.tui.messages import LearnerDeleted, LearnerRenamed

NEW_LEARNER = "new-learner"


class LearnerScreen(Screen[Learner | None]):
    """Pick a learner (enter), add one (a), rename (r) or delete (d) the highlighted one."""

    BINDINGS = [
        Binding("enter", "choose", N_("Choose"), show=False),
        Binding("a", "add", N_("New learner")),
        Binding("r", "rename", N_("Rename")),
        Binding("d", "delete", N_("Delete")),
        Binding("escape", "cancel", N_("Back")),
    ]
    HELP = N_(
        "Each learner has their own progress and settings on this computer. Arrows choose, enter "
        "starts with the learner chosen; deleting asks first and says what would be lost."
    )

    def __init__(
        self, store: Store, last: Learner | None, clock: Clock, at_launch: bool = False
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.last = last
        self.clock = clock
        self.at_launch = at_launch
        """No learner is chosen yet: escape leaves trainer rather than go back."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(), Vertical(id="learners"):
            yield Static(_("Who is learning?"), classes="title")
            yield OptionList(id="learner-list")
            yield Static(_("a: new learner · r: rename · d: delete"), classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        if self.at_launch:
            # At launch there is nothing to go back to: escape leaves trainer, and says so.
            bindings = key_bindings(self)
            bindings["escape"] = [
                replace(binding, description=_("Quit")) for binding in bindings["escape"]
            ]
            self.refresh_bindings()
        self.refresh_list(self.last)

    def refresh_list(self, highlight: Learner | None = None) -> None:
        """Show the learners again, the cursor on `highlight`."""
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        learners = self.store.learners()
        option_list.add_options(
            [
                Option(Content(inert(learner.name)), id=f"learner-{learner.id}")
                for learner in learners
            ]
        )
        option_list.add_option(Option(Content("+ " + _("New learner")), id=NEW_LEARNER))
        if highlight is not None and any(learner.id == highlight.id for learner in learners):
            option_list.highlighted = option_list.get_option_index(f"learner-{highlight.id}")
        else:
            option_list.highlighted = 0
        option_list.focus()

    def _highlighted(self) -> Learner | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id == NEW_LEARNER:
            return None
        return next(
            (learner for learner in self.store.learners() if f"learner-{learner.id}" == option.id),
            None,
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        if event.option_id == NEW_LEARNER:
            self.action_add()
        else:
            self.action_choose()

    def action_choose(self) -> None:
        """Start with the highlighted learner."""
        learner = self._highlighted()
        if learner is not None:
            self.dismiss(learner)
        else:
            self.action_add()

    def action_add(self) -> None:
        """Add a learner and start with them."""
        from trainer.tui.screens.name_dialog import NameScreen

        def added(name: str | None) -> None:
            if name:
                self.dismiss(self.store.add_learner(name, self.clock()))

        self.app.push_screen(NameScreen(_("New learner"), taken=self._names()), added)

    def action_rename(self) -> None:
        """Give the highlighted learner another name."""
        from trainer.tui.screens.name_dialog import NameScreen

        learner = self._highlighted()
        if learner is None:
            return

        def renamed(name: str | None) -> None:
            if name and name != learner.name:
                renamed_learner = self.store.rename_learner(learner, name)
                self.post_message(LearnerRenamed(renamed_learner))  # the header follows
                self.refresh_list(renamed_learner)

        self.app.push_screen(
            NameScreen(
                _("New name for {name}").format(name=learner.name),
                learner.name,
                self._names() - {learner.name},
            ),
            renamed,
        )

    def action_delete(self) -> None:
        """Delete the highlighted learner, after saying what will be lost."""
        from trainer.tui.screens.confirm import ConfirmScreen

        learner = self._highlighted()
        if learner is None:
            return
        count = self.store.event_count(learner)
        message = ngettext(
            "{name}'s whole record will be deleted: {n} recorded step (lessons opened, answers, "
            "quiz results). This cannot be undone.",
            "{name}'s whole record will be deleted: {n} recorded steps (lessons opened, answers, "
            "quiz results). This cannot be undone.",
            count,
        ).format(name=learner.name, n=count)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.delete_learner(learner)
                self.post_message(LearnerDeleted(learner))
                self.notify(_("{name} was deleted.").format(name=inert(learner.name)), markup=False)
                self.refresh_list()

        self.app.push_screen(
            ConfirmScreen(_("Delete {name}?").format(name=learner.name), message, _("Delete")),
            confirmed,
        )

    def _names(self) -> set[str]:
        return {learner.name for learner in self.store.learners()}

    def action_cancel(self) -> None:
        """Leave without choosing."""
        self.dismiss(None)
