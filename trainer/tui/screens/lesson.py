"""The lesson reader: title, minutes, objectives, the lesson itself, its sources, and its quiz."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.markdown import Markdown
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from trainer.course.media import ImageRef, split_images
from trainer.course.model import Lesson, Quiz
from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.progress.store import StoreError
from trainer.session import NoAttemptsLeft, Session
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import key_bindings
from trainer.tui.widgets.picture import Picture


class RenderedOnce:
    """A Rich renderable drawn once per width and console options, then replayed.

    Textual renders a Static's content twice at each width, once to measure its height and once to
    draw it, and the reader settles on a second width when its scroll bar appears: four renders of
    the whole lesson to open it. Replaying the first render of each width halves that (measured in
    bench/: a 400-section lesson opens about a third faster).
    """

    def __init__(self, renderable: Markdown) -> None:
        self.renderable = renderable
        self._renders: dict[tuple, list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        key = (
            id(console),
            options.max_width,
            options.min_width,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
            options.markup,
            options.ascii_only,
            options.encoding,
        )
        segments = self._renders.get(key)
        if segments is None:
            if len(self._renders) >= 4:  # widths of a resized terminal: keep only the latest
                self._renders.clear()
            segments = self._renders[key] = list(console.render(self.renderable, options))
        return segments


def lesson_markdown(text: str) -> RenderedOnce:
    """The lesson's Markdown as Rich renders it: measured far faster to draw than Textual's
    Markdown widget on long lessons, which builds one widget per block."""
    return RenderedOnce(Markdown(inert(text), hyperlinks=True))


class LessonScreen(Screen[None]):
    """One lesson, to read; enter starts its quiz."""

    BINDINGS = [
        Binding("enter", "continue", N_("Quiz")),
        Binding("n", "next", N_("Next")),
        Binding("p", "previous", N_("Previous")),
        Binding("escape", "back", N_("Back")),
    ]
    HELP = N_(
        "Arrows, page up and page down scroll the lesson. Progress made in one language counts "
        "in the other."
    )

    def __init__(self, session: Session, lesson: Lesson) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.lesson = lesson
        self.quiz = session.course.quiz_of(lesson)
        if self.quiz is None:
            self._retitle("enter", _("Next"))

    def _retitle(self, key: str, description: str) -> None:
        from dataclasses import replace

        bindings = key_bindings(self)
        bindings[key] = [replace(b, description=description) for b in bindings[key]]

    def compose(self) -> ComposeResult:
        course = self.session.course
        lesson = self.lesson
        module = course.module_of(lesson.id)
        number = [other.id for other in course.lessons].index(lesson.id) + 1
        facts = [
            inert(module.title),
            _("lesson {n} of {total}").format(n=number, total=len(course.lessons)),
        ]
        if lesson.minutes:
            facts.append(
                ngettext("{n} minute", "{n} minutes", lesson.minutes).format(n=lesson.minutes)
            )
        yield Header()
        with VerticalScroll(id="reader"):
            yield Static(Content(inert(lesson.title)), classes="title")
            yield Static(Content(" · ".join(facts)), classes="dim")
            if lesson.objectives:
                objectives = "\n".join(f"• {inert(o)}" for o in lesson.objectives)
                yield Static(
                    Content.assemble((_("Objectives"), "bold"), "\n", objectives), id="objectives"
                )
            yield from self._body()
            if lesson.sources:
                lines = [_("Sources")] + [
                    f"• {inert(s.title)}" + (f" — {inert(s.url)}" if s.url else "")
                    for s in lesson.sources
                ]
                yield Static(Content("\n".join(lines)), id="sources")
        with Horizontal(id="lesson-actions"):
            yield Button(
                compact=True,
                label="← " + _("Previous"),
                id="previous",
                disabled=self.session.neighbour(lesson, -1) is None,
            )
            if self.quiz is not None:
                yield Button(
                    compact=True, label=self._quiz_label(self.quiz), variant="primary", id="start"
                )
            yield Button(
                compact=True,
                label=_("Next") + " →",
                id="next",
                disabled=self.session.neighbour(lesson, 1) is None,
            )
        yield Footer()

    def _body(self) -> ComposeResult:
        """The lesson's text, with its pictures where they stand (one Static when it has none)."""
        parts = split_images(self.lesson.body)
        if not any(isinstance(part, ImageRef) for part in parts):
            yield Static(lesson_markdown(self.lesson.body), id="body")
            return
        with Vertical(id="body", classes="with-pictures"):
            for part in parts:
                if isinstance(part, ImageRef):
                    yield Picture(part, self.session.course.folder)
                else:
                    yield Static(lesson_markdown(part), classes="body-text")

    def _quiz_label(self, quiz: Quiz) -> str:
        """« Start the quiz (6 questions) », or « Resume — question 4 of 6 » when an attempt is
        under way, so the learner knows their answers are kept."""
        count = self.session.questions_asked(quiz)  # a quiz with a bank asks only its draw
        resume_at = self.session.resume_point(quiz)
        if resume_at is None:
            label = ngettext(
                "Start the quiz ({n} question)", "Start the quiz ({n} questions)", count
            ).format(n=count)
        else:
            label = _("Resume — question {n} of {total}").format(n=resume_at, total=count)
        return label + " ⏎"

    def on_screen_resume(self) -> None:
        if self.quiz is not None:
            self.query_one("#start", Button).label = self._quiz_label(self.quiz)
            # The footer says the same as the button.
            self._retitle(
                "enter", _("Resume") if self.session.resume_point(self.quiz) else _("Quiz")
            )
            self.refresh_bindings()

    def on_mount(self) -> None:
        if self.quiz is not None and self.session.resume_point(self.quiz):
            self._retitle("enter", _("Resume"))
        for button in self.query(Button):
            button.can_focus = False
        self.query_one("#reader").focus()
        try:
            self.session.open_lesson(self.lesson)
        except StoreError as error:
            self.notify(
                inert(_("Your progress could not be saved: {error}").format(error=error)),
                severity="error",
                timeout=15,
                markup=False,
            )

    @on(Button.Pressed, "#previous")
    def _previous_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:  # not a press queued before the screen was replaced
            self.action_previous()

    @on(Button.Pressed, "#next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:
            self.action_next()

    @on(Button.Pressed, "#start")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:
            self.action_continue()

    def action_continue(self) -> None:
        """Start (or resume) the quiz; with no quiz, go on to the next lesson."""
        if self.quiz is None:
            self.action_next()
            return
        from trainer.tui.screens.quiz import QuizScreen
        from trainer.tui.screens.results import ResultsScreen

        try:
            run = self.session.resume_or_start(self.quiz, self.lesson.id)
        except NoAttemptsLeft:
            self.notify(
                _("No attempts left for this quiz: here are your results."), severity="warning"
            )
            attempts = self.session.finished_attempts(self.quiz)
            self.app.push_screen(
                ResultsScreen.of_attempt(self.session, self.quiz, self.lesson, attempts[-1])
            )
            return
        self.app.push_screen(QuizScreen(run, self.lesson))

    def _go(self, step: int) -> None:
        other = self.session.neighbour(self.lesson, step)
        if other is None:
            if step > 0:
                self.notify(_("This is the last lesson of the course."))
                self.app.pop_screen()
            return
        self.app.switch_screen(LessonScreen(self.session, other))

    def action_next(self) -> None:
        """Go to the next lesson."""
        self._go(1)

    def action_previous(self) -> None:
        """Go to the previous lesson."""
        self._go(-1)

    def action_back(self) -> None:
        """Back to the course map."""
        self.app.pop_screen()
