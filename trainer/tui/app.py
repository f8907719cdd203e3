"""The Textual app: choose the learner, then show the course map."""

from __future__ import annotations

import getpass
from collections.abc import Callable

from textual.app import App
from textual.binding import Binding

from trainer.course.model import Course
from trainer.i18n import N_
from trainer.progress.store import Learner, Store
from trainer.quiz.attempts import new_seed
from trainer.session import Clock, Session, utc_now
from trainer.tui import wrapping  # noqa: F401  (no line break at a no-break space)
from trainer.tui.bindings import translate_bindings


def login_name() -> str:
    """The user's login name, to prefill the first-run screen."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class TrainerApp(App[None]):
    """trainer in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    def __init__(
        self,
        course: Course | None,
        store: Store,
        learner_name: str | None = None,
        clock: Clock = utc_now,
        default_name: str | None = None,
        seeds: Callable[[], int] = new_seed,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.course = course
        self.store = store
        self.clock = clock
        self.seeds = seeds
        self.learner_name = learner_name
        self.default_name = login_name() if default_name is None else default_name
        self.session: Session | None = None
        self.title = course.title if course else "trainer"
        self.sub_title = ""

    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        """Pick the learner: named on the command line, the only one, or asked for."""
        from trainer.tui.screens.first_run import FirstRunScreen
        from trainer.tui.screens.learners import LearnerScreen

        learners = self.store.learners()
        if self.learner_name:
            learner = self.store.learner(self.learner_name) or self.store.add_learner(self.learner_name, self.clock())
            self.begin(learner)
        elif not learners:
            self.push_screen(FirstRunScreen(self.default_name), self._create_learner)
        elif len(learners) == 1:
            self.begin(learners[0])
        else:
            self.push_screen(LearnerScreen(learners, self.store.last_learner()), self._choose_learner)

    def _create_learner(self, name: str | None) -> None:
        if name is None:
            self.exit()
            return
        learner = self.store.learner(name) or self.store.add_learner(name, self.clock())
        self.begin(learner)

    def _choose_learner(self, choice: Learner | str | None) -> None:
        from trainer.tui.screens.first_run import FirstRunScreen

        if choice is None:
            self.exit()
        elif isinstance(choice, Learner):
            self.begin(choice)
        else:
            self.push_screen(FirstRunScreen(""), self._create_learner)

    def begin(self, learner: Learner) -> None:
        """Start the learner's session on the course map."""
        from trainer.tui.screens.course_map import CourseMapScreen

        self.session = Session(self.course, self.store, learner, self.clock, self.seeds)
        self.sub_title = learner.name
        self.push_screen(CourseMapScreen(self.session))

    def switch_learner(self) -> None:
        """Go back to the choice of learner."""
        from trainer.tui.screens.learners import LearnerScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.session = None
        self.sub_title = ""
        self.push_screen(LearnerScreen(self.store.learners(), self.store.last_learner()), self._choose_learner)

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


