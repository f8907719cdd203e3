"""The dashboard: where the learner stands, how their scores moved, where to work next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.progress.stats import ScorePoint, score_history, time_spent, weakest
from trainer.quiz.scoring import shown_percent
from trainer.session import Session
from trainer.tui.bindings import translate_bindings
from trainer.tui.breakpoints import take_width_class
from trainer.tui.messages import LessonRequested

BAR = 10
TITLE_WIDTH = 28


def bar(done: int, total: int, width: int = BAR) -> Content:
    """A progress bar of characters."""
    filled = round(width * done / total) if total else 0
    return Content.assemble(
        ("█" * filled, "$text-success"), ("░" * (width - filled), "$text-muted")
    )


class DashboardScreen(Screen[None]):
    """Bars per module, the score history as a chart, time spent, questions due, weakest quizzes."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]
    HELP = N_(
        "Where you stand: each module's lessons complete, your quiz scores attempt after attempt "
        "(the line is the pass mark), and the quizzes not passed yet: arrows choose one, enter "
        "opens its lesson."
    )
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """Chart beside the modules on a wide terminal, below them on a narrow one."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        take_width_class(self)
        translate_bindings(self)
        self.session = session
        self.history: list[ScorePoint] = []
        """The learner's finished attempts, read once in compose."""

    def compose(self) -> ComposeResult:
        session = self.session
        course = session.course
        record = session.record()
        current = session.standing(record)
        events = [e for e in session.store.events(session.learner) if e["course_id"] == course.id]
        self.history = score_history(events, course.id)  # drawn by on_mount, once the chart exists
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(
                Content(_("Dashboard of {name}").format(name=inert(session.learner.name))),
                classes="title",
            )
            minutes = int(time_spent(events).total_seconds() // 60)
            facts = [
                _("{done}/{total} lessons complete").format(done=current.done, total=current.total),
                ngettext("{n} minute of study", "{n} minutes of study", minutes).format(n=minutes),
            ]
            count = len(session.due_reviews())
            facts.append(
                ngettext("{n} question to review", "{n} questions to review", count).format(n=count)
            )
            yield Static(Content(" · ".join(facts)), id="dashboard-facts")
            with Horizontal(id="dashboard-body"):
                with Vertical(id="dashboard-modules"):
                    yield Static(_("Modules"), classes="subtitle")
                    width = min(
                        self._title_room(), max((len(m.title) for m in course.modules), default=10)
                    )
                    for module in course.modules:
                        done, total = current.modules[module.id]
                        title = inert(module.title)
                        if len(title) > width:
                            title = title[: width - 1] + "…"
                        yield Static(
                            Content.assemble(
                                f"{title:<{width}} ", bar(done, total), f" {done}/{total}"
                            )
                        )
                    yield Static(_("To work on"), classes="subtitle")
                    weak = [
                        (quiz_id, score)
                        for quiz_id, score in weakest(record.best_scores, record.passed)
                        if quiz_id in course.quizzes
                    ]
                    if weak:
                        yield OptionList(*self._to_work_on(weak), id="to-work-on")
                    elif record.best_scores:
                        yield Static(_("Every quiz taken is passed."), classes="dim")
                    else:
                        yield Static(_("No quiz taken yet."), classes="dim")
                plot = PlotextPlot(id="score-chart")
                yield plot
        yield Footer()

    def _title_room(self) -> int:
        """Columns for module titles: the modules column less the bar and the count, so titles
        are cut only when the terminal is too narrow for them."""
        width = self.app.size.width - 4  # the dashboard's padding
        if width >= 110 - 4:
            width //= 2  # the chart sits beside the modules
        return max(TITLE_WIDTH, width - BAR - 8)

    def _to_work_on(self, weak: list[tuple[str, float]]) -> list[Option]:
        """One entry per quiz not passed yet, that opens its lesson."""
        course = self.session.course
        options = []
        for quiz_id, score in weak:
            quiz = course.quizzes[quiz_id]
            percent = shown_percent(score, course.pass_mark_of(quiz))
            options.append(
                Option(Content(f"✗ {inert(quiz.title)} — {percent}\u00a0%"), id=f"quiz-{quiz_id}")
            )
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the lesson of the quiz chosen under « To work on »."""
        event.stop()
        lesson = self.session.lesson_of_quiz((event.option_id or "").removeprefix("quiz-"))
        if lesson is not None:
            self.post_message(LessonRequested(self, lesson.id))

    def on_mount(self) -> None:
        for entries in self.query("#to-work-on").results(OptionList):
            entries.highlighted = 0
            entries.focus()
        history = self.history
        plt = self.query_one(PlotextPlot).plt
        plt.title(_("Quiz scores, attempt after attempt"))
        plt.ylim(0, 100)
        plt.yticks([0, 20, 40, 60, 80, 100])
        if history:
            scores = [round(point.score * 100) for point in history]
            attempts: list[float] = list(range(1, len(scores) + 1))
            plt.plot(attempts, scores, marker="braille")
            plt.scatter(attempts, scores)
            step = max(1, len(attempts) // 8)  # whole attempt numbers, eight at most
            plt.xticks(attempts[::step])
            plt.xlim(0.5, len(attempts) + 0.5)
        plt.hline(self.session.course.pass_mark * 100)
        plt.xlabel(_("attempt"))
        plt.ylabel("%")

    def action_back(self) -> None:
        """Back to the course map."""
        self.app.pop_screen()
