"""The Textual app: choose the learner, then show the course map."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from trainer.course.loader import Pack
from trainer.course.model import Course
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import Learner, Store
from trainer.quiz.attempts import new_seed
from trainer.session import Clock, Session, utc_now
from trainer.tui import wrapping  # noqa: F401  (no line break at a no-break space)
from trainer.tui.bindings import translate_bindings
from trainer.tui.themes import HIGH_CONTRAST


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
        Binding("d", "dashboard", N_("Dashboard")),
        Binding("s", "settings", N_("Settings")),
        Binding("c", "certificate", N_("Certificate")),
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
        pack: Pack | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.register_theme(HIGH_CONTRAST)
        self.pack = pack
        """The whole pack, when the app may switch the course's language."""
        self.course = course
        self.store = store
        self.clock = clock
        self.seeds = seeds
        self.learner_name = learner_name
        self.default_name = login_name() if default_name is None else default_name
        self.session: Session | None = None
        self.title = inert(course.title) if course else "trainer"
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
            self.push_screen(LearnerScreen(self.store, self.store.last_learner(), self.clock), self._choose_learner)

    def _create_learner(self, name: str | None) -> None:
        if name is None:
            self.exit()
            return
        learner = self.store.learner(name) or self.store.add_learner(name, self.clock())
        self.begin(learner)

    def _choose_learner(self, choice: Learner | None) -> None:
        if choice is not None:
            self.begin(choice)
        elif self.session is None:
            self.exit()

    def begin(self, learner: Learner) -> None:
        """Start the learner's session on the course map."""
        from trainer.tui.screens.course_map import CourseMapScreen

        self.session = Session(self.course, self.store, learner, self.clock, self.seeds)
        self.sub_title = inert(learner.name)
        settings = self.store.settings(learner)
        if settings.get("theme") in self.available_themes:
            self.theme = settings["theme"]
        language = settings.get("language")
        if self.pack is not None and language in self.pack.languages and language != self.course.language:
            self.switch_language(language)
            return
        self.push_screen(CourseMapScreen(self.session))

    def switch_language(self, language: str) -> None:
        """Show the interface and the course in another language, on the same screens."""
        from trainer.i18n import set_language

        if self.pack is None or language not in self.pack.languages:
            return
        set_language(language)
        translate_bindings(self)
        self.rebuild(self.pack.course(language))

    def rebuild(self, course: Course) -> None:
        """Show `course` (reloaded, or in another language) on the lesson and quiz screens the
        learner was on, where they still exist."""
        route = self._route()
        learner = self.session.learner if self.session else None
        self.course = course
        self.title = inert(course.title)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if learner is None:
            self.start()
            return
        from trainer.tui.screens.course_map import CourseMapScreen

        self.session = Session(course, self.store, learner, self.clock, self.seeds)
        self.push_screen(CourseMapScreen(self.session))
        self._follow(route)

    def _route(self) -> list[tuple[str, str]]:
        """Where the learner is: the lesson and quiz screens on the stack, by id."""
        from trainer.tui.screens.lesson import LessonScreen
        from trainer.tui.screens.quiz import QuizScreen

        route = []
        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen):
                route.append(("lesson", screen.lesson.id))
            elif isinstance(screen, QuizScreen):
                route.append(("quiz", screen.run.quiz.id))
        return route

    def _follow(self, route: list[tuple[str, str]]) -> None:
        """Open again the lesson and quiz of `route` that still exist."""
        from trainer.tui.screens.lesson import LessonScreen
        from trainer.tui.screens.quiz import QuizScreen

        session = self.session
        lesson = None
        for kind, item_id in route:
            if kind == "lesson":
                try:
                    lesson = session.course.lesson(item_id)
                except KeyError:
                    return
                self.push_screen(LessonScreen(session, lesson))
            elif kind == "quiz" and lesson is not None:
                quiz = session.course.quiz_of(lesson)
                if quiz is None or quiz.id != item_id:
                    return
                self.push_screen(QuizScreen(session.resume_or_start(quiz, lesson.id), lesson))

    def switch_learner(self) -> None:
        """Choose, add, rename or delete learners; the course map follows the one chosen."""
        from trainer.tui.screens.learners import LearnerScreen

        def chosen(learner: Learner | None) -> None:
            current = self.session.learner if self.session else None
            learners = {other.id: other for other in self.store.learners()}
            if learner is None and current is not None:
                # Back without choosing: keep the current learner, under their new name if renamed,
                # or the first one left if they were deleted.
                learner = learners.get(current.id) or next(iter(learners.values()), None)
            if learner is None:
                self.exit()
            elif current is not None and learner.id == current.id:
                self.session.learner = learner
                self.sub_title = inert(learner.name)
            else:
                while len(self.screen_stack) > 1:
                    self.pop_screen()
                self.begin(learner)

        self.push_screen(LearnerScreen(self.store, self.session.learner if self.session else None, self.clock), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("dashboard", "settings", "certificate"):
            from trainer.tui.screens.course_map import CourseMapScreen

            if self.session is None or not isinstance(self.screen, CourseMapScreen):
                return False
            if action == "certificate":
                return self.session.standing().complete
        return True

    def quiz_finished(self) -> None:
        """Send the record to the LRS in the background when xapi.toml asks for it after each quiz;
        a failure leaves the statements pending for `trainer sync`."""
        if self.store.path is None:
            return
        from trainer.xapi.sync import sync_after_quiz

        self.run_worker(partial(sync_after_quiz, self.store.path, self.pack or self.course), thread=True, exit_on_error=False)

    def action_certificate(self) -> None:
        """Write the certificate of the completed course as a PDF in the current folder."""
        from trainer.certificate_cli import CertificateError, export_certificate

        try:
            path = export_certificate(self.course, self.store, self.session.learner, self.clock())
        except CertificateError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(_("Certificate written to {path}").format(path=path), timeout=10)

    def action_dashboard(self) -> None:
        """Show the dashboard."""
        from trainer.tui.screens.dashboard import DashboardScreen

        if self.session is not None:
            self.push_screen(DashboardScreen(self.session))

    def action_settings(self) -> None:
        """Show the learner's settings."""
        from trainer.tui.screens.settings import SettingsScreen

        if self.session is not None:
            self.push_screen(SettingsScreen(self.session))

    def open_lesson(self, lesson_id: str) -> None:
        """Open a lesson from anywhere, over the course map."""
        from trainer.tui.screens.course_map import CourseMapScreen
        from trainer.tui.screens.lesson import LessonScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, CourseMapScreen):
            self.pop_screen()
        self.push_screen(LessonScreen(self.session, self.session.course.lesson(lesson_id)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The main actions in the command palette: open a lesson by name, review, dashboard,
        settings, learners; then Textual's own."""
        if self.session is not None:
            course = self.session.course
            for number, lesson in enumerate(course.lessons, 1):
                yield SystemCommand(
                    _("Open lesson {n}: {title}").format(n=number, title=inert(lesson.title)),
                    inert(course.module_of(lesson.id).title),
                    partial(self.open_lesson, lesson.id),
                    discover=False,
                )
            review = getattr(screen, "action_review", None)
            if review is not None:
                yield SystemCommand(_("Review"), _("The questions due for review"), review)
            # A question on screen: its hint and skip, which a text field keeps from their keys.
            if screen.check_action("hint", ()) and hasattr(screen, "action_hint"):
                yield SystemCommand(_("Hint"), _("Show this question's hint"), screen.action_hint)
            if screen.check_action("skip", ()) and hasattr(screen, "action_skip"):
                yield SystemCommand(_("Skip"), _("Pass this question: it counts as not answered"), screen.action_skip)
            yield SystemCommand(_("Dashboard"), _("Progress, score history, what to work on"), self.action_dashboard)
            yield SystemCommand(_("Settings"), _("Language, theme, shuffle, pass mark"), self.action_settings)
            yield SystemCommand(_("Learners"), _("Choose, add, rename or delete a learner"), self.switch_learner)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


