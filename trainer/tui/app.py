"""The Textual app: choose the learner, then show the course map."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import cast

from rich.console import Console
from textual import on
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode, NoScreen
from textual.screen import Screen
from textual.widget import Widget

from trainer.course.model import Course
from trainer.course.pack import Pack
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import Learner, Store
from trainer.quiz.attempts import new_seed
from trainer.session import Clock, Session, saved_language, utc_now
from trainer.tui import wrapping  # noqa: F401  (no line break at a no-break space)
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import steady_header_titles
from trainer.tui.messages import (
    LanguageChosen,
    LearnerDeleted,
    LearnerRenamed,
    LearnerSwitchRequested,
    LessonRequested,
    QuizFinished,
    ScreenRequest,
)
from trainer.tui.themes import HIGH_CONTRAST

steady_header_titles()  # a title changed while a header is taken down ends nothing


def literal(text: str) -> str:
    """`text` as Textual markup that shows it as it is, for the places that read markup (the command
    palette): every `[` escaped. (`textual.markup.escape` leaves `[RH]` alone, which the parser
    then takes for a tag.)"""
    return text.replace("[", "\\[")


class TrainerApp(App[None]):
    """trainer in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS = [
        Binding("d", "dashboard", N_("Dashboard")),
        Binding("s", "settings", N_("Settings")),
        Binding("c", "certificate", N_("Certificate")),
        Binding("c", "certificate_left", N_("Certificate"), show=False),
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        # F1 too, for where ? is typed as text (a free-text answer, a name).
        Binding("f1", "help", N_("Help"), show=False),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    def __init__(
        self,
        course: Course | None,
        store: Store,
        learner_name: str | None = None,
        clock: Clock = utc_now,
        default_name: str = "",
        seeds: Callable[[], int] = new_seed,
        pack: Pack | None = None,
        follow_saved_language: bool = True,
        crash_folder: Path | None = None,
        account: str | None = None,
        group: str | None = None,
        start_lesson: str | None = None,
    ) -> None:
        super().__init__()
        self.start_lesson = start_lesson
        """The lesson to open once the learner is known (an LMS launched its module)."""
        translate_bindings(self)
        self.register_theme(HIGH_CONTRAST)
        self.pack = pack
        """The whole pack, when the app may switch the course's language."""
        self.follow_saved_language = follow_saved_language
        """False when --lang chose the language for this run: a learner's saved one is not
        applied."""
        self.course = course
        self.store = store
        self.clock = clock
        self.seeds = seeds
        self.learner_name = learner_name
        self.default_name = default_name
        """A name to prefill on the first-run screen; none by default, since the learner's name
        goes on their certificate and a login name (`root`, `mdupont`) is not a person's name."""
        self.session: Session | None = None
        self.title = inert(course.title) if course else "trainer"
        self.sub_title = ""
        self.account = account
        """The account the organisation's sign-on vouched for, when served to it (`trainer serve
        --trusted-header`): the data folder is that account's, the app keeps its one learner, and
        there is no choosing, renaming or deleting among learners."""
        self.group = group
        """The group the command line or the sign-on proxy put the learner in (`trainer --group`):
        saved as the learner's once chosen; "" for none, None to leave theirs as it is."""
        self.crash_folder = crash_folder
        """The data folder whose logs/ takes the traceback of an unexpected error, instead of the
        screen; None leaves Textual's own report (tests, previews)."""
        self.crash_log: Path | None = None
        """The log written for an unexpected error, once one happened."""
        self.crash_failure: str | None = None
        """Why that log could not be written, if it could not."""

    def on_mount(self) -> None:
        self.tell_what_opening_found()
        self.start()

    def tell_what_opening_found(self) -> None:
        """Say on screen what opening the progress file found (a damaged file moved aside, a data
        folder others may write in): printed before the app starts, it was hidden until quitting."""
        for line in (self.store.notice, self.store.warning):
            if line:
                self.notify(
                    inert(line),
                    title=_("Progress file"),
                    severity="warning",
                    timeout=30,
                    markup=False,
                )

    def start(self) -> None:
        """Pick the learner: named on the command line, the only one, or asked for."""
        # The screens for choosing are imported when asked for: a known learner goes straight to
        # the course map, sooner without them.
        learners = self.store.learners()
        known = self.store.learner(self.learner_name) if self.learner_name else None
        if self.account is not None:
            # The account's own folder: its learner, or its first visit. The most recent one, should
            # the folder ever hold more (made by hand): never a list to choose from.
            mine = self.store.last_learner() or (learners[0] if learners else None)
            if mine is None:
                from trainer.tui.screens.first_run import FirstRunScreen

                self.push_screen(
                    FirstRunScreen(self.default_name, served=True), self._create_learner
                )
            else:
                self.begin(mine)
        elif known is not None:
            self.begin(known)
        elif self.learner_name and learners:
            # A name new to a store that has learners is added only once confirmed: a slip on the
            # command line must not start a new record. Escape chooses among the learners.
            from trainer.tui.screens.name_dialog import NameScreen

            question = _(
                "No learner is named “{name}” yet. Enter adds this new learner; escape chooses "
                "among the others."
            )
            self.push_screen(
                NameScreen(
                    question.format(name=inert(self.learner_name)),
                    self.learner_name,
                    {other.name for other in learners},
                ),
                self._confirm_new_learner,
            )
        elif self.learner_name:
            self.begin(self.store.add_learner(self.learner_name, self.clock()))
        elif not learners:
            from trainer.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.default_name), self._create_learner)
        elif len(learners) == 1:
            self.begin(learners[0])
        else:
            from trainer.tui.screens.learners import LearnerScreen

            self.push_screen(
                LearnerScreen(
                    self.store, self.store.last_learner(), self.clock, self.session is None
                ),
                self._choose_learner,
            )

    def _confirm_new_learner(self, name: str | None) -> None:
        from trainer.tui.screens.learners import LearnerScreen

        if name is not None:
            self.begin(self.store.learner_or_new(name, self.clock()))
        else:
            self.push_screen(
                LearnerScreen(
                    self.store, self.store.last_learner(), self.clock, self.session is None
                ),
                self._choose_learner,
            )

    def _create_learner(self, name: str | None) -> None:
        if name is None:
            self.exit()
            return
        learner = self.store.learner_or_new(name, self.clock())
        self.begin(learner)

    def _choose_learner(self, choice: Learner | None) -> None:
        if choice is not None:
            self.begin(choice)
        elif self.session is None:
            self.exit()

    def begin(self, learner: Learner) -> None:
        """Start the learner's session on the course map."""
        from trainer.tui.screens.course_map import CourseMapScreen

        if self.course is None:  # a preview's pack with errors: its errors are shown instead
            return
        if self.group is not None:
            self.store.save_group(learner, self.group or None)
        self.session = Session(self.course, self.store, learner, self.clock, self.seeds)
        self.sub_title = inert(learner.name)
        settings = self.store.settings(learner)
        if settings.get("theme") in self.available_themes:
            self.theme = settings["theme"]
        languages = self.pack.languages if self.pack is not None else ()
        language = saved_language(settings, languages, self.course, self.follow_saved_language)
        if language is not None:
            self.switch_language(language)
        else:
            self.push_screen(CourseMapScreen(self.session))
        lesson, self.start_lesson = self.start_lesson, None
        if lesson is not None and any(one.id == lesson for one in self.course.lessons):
            self.open_lesson(lesson)

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
        if session is None:
            return
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
        """Choose, add, rename or delete learners; the course map follows the one chosen. Never
        when served to an account, whose folder holds its one record."""
        if self.account is not None:
            return
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
            elif self.session is not None and learner.id == self.session.learner.id:
                self.session.learner = learner
                self.sub_title = inert(learner.name)
            else:
                while len(self.screen_stack) > 1:
                    self.pop_screen()
                self.begin(learner)

        self.push_screen(
            LearnerScreen(
                self.store,
                self.session.learner if self.session else None,
                self.clock,
                at_launch=self.session is None,
            ),
            chosen,
        )

    def action_command_palette(self) -> None:
        """Show the command palette (one that a burst of enter closes once), its search field in
        the interface's language."""
        from textual.command import CommandPalette

        from trainer.tui.palette import SteadyCommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                SteadyCommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def search_commands(self, commands, placeholder: str | None = None):
        """Textual's list of commands (the palette's « Keys »…), in the steady palette."""
        from textual.command import Provider, SimpleProvider

        from trainer.tui.palette import SteadyCommandPalette

        return self.push_screen(
            SteadyCommandPalette(
                # An instance, as Textual's own `App.search_commands` passes (its type hints
                # name only provider classes).
                providers=[cast("type[Provider]", SimpleProvider(self.screen, commands))],
                placeholder=placeholder or _("Search for commands…"),
            )
        )

    def search_themes(self) -> None:
        """Textual's search of themes (the palette's « Theme »), in the steady palette."""
        from textual.theme import ThemeProvider

        from trainer.tui.palette import SteadyCommandPalette

        self.push_screen(
            SteadyCommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an exception no handler caught; it always ends the app, with return
        # code 1. The learner gets the traceback in a log file (and one sentence from the command
        # that ran the app), not on screen.
        if self.crash_folder is not None and self.crash_log is None and self.crash_failure is None:
            from trainer.tui.crashlog import write_crash_log

            try:
                self.crash_log = write_crash_log(self.crash_folder, error, self.clock())
            except OSError as failure:
                self.crash_failure = failure.strerror or str(failure)
            self.error_console = Console(file=io.StringIO())  # where Textual prints its report
        super()._handle_exception(error)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action, unless it belongs to a screen that is not (or not yet) the one shown.

        Keys arrive faster than screens are built: in a burst (a held key, a paste) the key after
        the one that opened a screen reaches that screen before it has mounted, and a key queued
        for a screen may run after it was replaced. Such a key is dropped, not run half-built; and
        once the app is quitting (`q` in a burst), so are the keys after it.
        """
        if self.return_code is not None:
            return False
        if isinstance(default_namespace, Widget):
            try:
                screen = default_namespace.screen
            except NoScreen:
                return False
            # The screen on top only: `Screen.is_current` holds for the screen under a modal
            # too, whose queued `escape` would pop the screen above it (then the last one).
            if not (screen.is_mounted and screen is self.screen):
                return False
        return await super().run_action(action, default_namespace, namespaces)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("dashboard", "settings", "certificate", "certificate_left"):
            from trainer.tui.screens.course_map import CourseMapScreen

            if self.session is None or not isinstance(self.screen, CourseMapScreen):
                return False
            # `c` works either way; the footer shows it only once there is a certificate to write.
            if action == "certificate":
                return self.session.standing().complete
            if action == "certificate_left":
                return not self.session.standing().complete
        return True

    def action_certificate_left(self) -> None:
        """Say what is left before the certificate."""
        self.action_certificate()

    def quiz_finished(self) -> None:
        """Send the record to the LRS in the background when xapi.toml asks for it after each quiz;
        a failure leaves the statements pending for `trainer sync`. A daemon thread, not a worker:
        quitting never waits for a slow LRS."""
        if self.store.path is None:
            return
        from trainer.xapi.sync import start_sync_after_quiz

        start_sync_after_quiz(self.store.path, self.pack or self.course)

    def action_certificate(self) -> None:
        """The certificate dialog once the course is complete; before, what is left to do."""
        from trainer.certificate.award import current_award
        from trainer.certificate.files import what_is_left
        from trainer.tui.screens.certificate import CertificateScreen

        if self.session is None:
            return
        session = self.session
        award = current_award(session.course, session.store, session.learner)
        if award is None:
            # It quotes lesson titles: shown as they are, not read as markup.
            self.notify(
                what_is_left(session.course, session.store, session.learner),
                title=_("Certificate"),
                timeout=10,
                markup=False,
            )
            return
        self.push_screen(CertificateScreen(session, award))

    def learner_renamed(self, learner: Learner) -> None:
        """The current learner has a new name: the session and the header follow at once."""
        if self.session is not None and self.session.learner.id == learner.id:
            self.session.learner = learner
            self.sub_title = inert(learner.name)

    def learner_deleted(self, learner: Learner) -> None:
        """A learner was deleted: the header stops naming them if they were the current one."""
        if self.session is not None and self.session.learner.id == learner.id:
            self.sub_title = ""

    def action_dashboard(self) -> None:
        """Show the dashboard."""
        from trainer.tui.screens.dashboard import DashboardScreen

        if self.session is not None:
            self.push_screen(DashboardScreen(self.session))

    def action_settings(self) -> None:
        """Show the learner's settings."""
        from trainer.tui.screens.settings import SettingsScreen

        if self.session is not None:
            languages = self.pack.languages if self.pack else (self.session.course.language,)
            self.push_screen(SettingsScreen(self.session, languages))

    def _asked_by_shown(self, request: ScreenRequest) -> bool:
        """Whether the screen that posted `request` is still the one on top: a request queued by
        a burst of keys behind one that covered or replaced its screen is dropped. (Not
        `Screen.is_current`, which holds for the screen just under the top one too.)"""
        return request.screen is self.screen

    @on(LanguageChosen)
    def _change_language(self, request: LanguageChosen) -> None:
        """The settings chose another language: switch, and show the settings again in it."""
        if self._asked_by_shown(request):
            self.switch_language(request.language)
            self.action_settings()

    @on(LearnerSwitchRequested)
    def _open_learners(self, request: LearnerSwitchRequested) -> None:
        if self._asked_by_shown(request):
            self.switch_learner()

    @on(LessonRequested)
    def _open_requested_lesson(self, request: LessonRequested) -> None:
        if self._asked_by_shown(request):
            self.open_lesson(request.lesson_id)

    @on(QuizFinished)
    def _sync_after_quiz(self) -> None:
        self.quiz_finished()

    @on(LearnerRenamed)
    def _follow_rename(self, event: LearnerRenamed) -> None:
        self.learner_renamed(event.learner)

    @on(LearnerDeleted)
    def _follow_deletion(self, event: LearnerDeleted) -> None:
        self.learner_deleted(event.learner)

    def open_lesson(self, lesson_id: str) -> None:
        """Open a lesson from anywhere, over the course map."""
        from trainer.tui.screens.course_map import CourseMapScreen
        from trainer.tui.screens.lesson import LessonScreen

        session = self.session
        if session is None:
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, CourseMapScreen):
            self.pop_screen()
        self.push_screen(LessonScreen(session, session.course.lesson(lesson_id)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The main actions in the command palette: open a lesson by name, review, dashboard,
        settings, learners; then Textual's own."""
        if self.session is not None:
            course = self.session.course
            for number, lesson in enumerate(course.lessons, 1):
                # The palette reads its commands as markup: a title's brackets are escaped.
                yield SystemCommand(
                    _("Open lesson {n}: {title}").format(
                        n=number, title=literal(inert(lesson.title))
                    ),
                    literal(inert(course.module_of(lesson.id).title)),
                    partial(self.open_lesson, lesson.id),
                    discover=False,
                )
            from trainer.tui.screens.answering import AnsweringScreen
            from trainer.tui.screens.course_map import CourseMapScreen

            if isinstance(screen, CourseMapScreen):
                yield SystemCommand(
                    _("Review"), _("The questions due for review"), screen.action_review
                )
            # A question on screen: its hint and skip, which a text field keeps from their keys.
            if isinstance(screen, AnsweringScreen) and screen.check_action("hint", ()):
                yield SystemCommand(_("Hint"), _("Show this question's hint"), screen.action_hint)
            if isinstance(screen, AnsweringScreen) and screen.check_action("skip", ()):
                yield SystemCommand(
                    _("Skip"),
                    _("Pass this question: it counts as not answered"),
                    screen.action_skip,
                )
            yield SystemCommand(
                _("Dashboard"), _("Progress, score history, what to work on"), self.action_dashboard
            )
            yield SystemCommand(
                _("Settings"), _("Language, theme, shuffle, pass mark"), self.action_settings
            )
            if self.account is None:  # served to an account: its one record, no other
                yield SystemCommand(
                    _("Learners"), _("Choose, add, rename or delete a learner"), self.switch_learner
                )
            yield SystemCommand(
                _("Certificate"),
                _("Write the certificate of the completed course, or see what is left"),
                self.action_certificate,
            )
        yield from self._general_commands(screen)

    def _general_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface's language, the help in place of its
        key panel (theme is in the settings, with names a learner understands)."""
        yield SystemCommand(
            _("Keys and help"), _("The keys of this screen and how to answer"), self.action_help
        )
        if screen.maximized is not None:
            yield SystemCommand(
                _("Restore"),
                _("Give the enlarged part back its usual size"),
                screen.action_minimize,
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                _("Enlarge"),
                _("Show the part of the screen in use on the whole screen"),
                screen.action_maximize,
            )
        yield SystemCommand(
            _("Screenshot"),
            _("Save a picture (SVG) of this screen"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )
        yield SystemCommand(_("Quit"), _("Leave trainer (your progress is kept)"), self.action_quit)

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
