"""The trainer's report in the app: overview, bar charts of pass rates and difficulty, most
missed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from trainer.course.model import Course
from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.report.figures import Report
from trainer.report.rendering import index, nothing_missed, percent, question_name, withheld_note
from trainer.tui.bindings import translate_bindings

LABEL_WIDTH = 24
"""Bar labels are cut to this: the chart keeps most of an 80-column screen."""


def _label(text: str) -> str:
    flat = inert(" ".join(text.split()))
    return flat if len(flat) <= LABEL_WIDTH else flat[: LABEL_WIDTH - 1] + "…"


def chart_height(bars: int) -> int:
    """Rows for a horizontal bar chart of `bars` bars: one a bar, a gap between, title and axis."""
    return max(8, 2 * bars + 4)


class ReportScreen(Screen[None]):
    """The trainer's report: learners and completion, pass rate per quiz and share right per
    question as bar charts, the most missed questions with the wrong answer chosen most often."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]
    # A few rules of its own, so that the screen reads right in any app that shows it (the lead
    # may move them to app.tcss).
    DEFAULT_CSS = """
    #report { padding: 0 1; }
    #report PlotextPlot { margin-top: 1; }
    .report-prompt, .report-wrong { padding-left: 2; }
    .report-missed { margin-top: 1; }
    """

    def __init__(self, course: Course, report: Report) -> None:
        super().__init__()
        translate_bindings(self)
        self.course = course
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(Content(f"{_('Report')} — {inert(self.course.title)}"), classes="title")
            facts = [
                ngettext("{n} learner", "{n} learners", report.learners).format(n=report.learners)
            ]
            if not report.completion_withheld:
                facts.append(
                    _("{done} completed the course ({percent})").format(
                        done=report.completed, percent=percent(report.completion)
                    )
                )
            if report.group is not None:
                facts.insert(0, _("Group: {group}").format(group=inert(report.group)))
            yield Static(Content(" · ".join(facts)), id="report-overview")
            if report.withheld:
                # Figures over too few learners are not in the charts: the note says why.
                yield Static(Content(withheld_note(report.min_learners)), classes="dim")
            quizzes = [quiz for quiz in report.quizzes if quiz.attempted and not quiz.withheld]
            quiz_chart = PlotextPlot(id="pass-rate-chart")
            quiz_chart.styles.height = chart_height(len(quizzes))
            yield quiz_chart
            questions = report.by_difficulty()
            question_chart = PlotextPlot(id="difficulty-chart")
            question_chart.styles.height = chart_height(len(questions))
            yield question_chart
            yield Static(_("Questions, hardest first"), classes="subtitle")
            if not questions:
                yield Static(_("No answer yet."), classes="dim")
            for question in questions:
                yield Static(
                    Content(
                        f"{question_name(question)}: {percent(question.difficulty)} "
                        + _("right of {n}").format(n=question.answered)
                        + f" · D {index(question.discrimination)}"
                    ),
                    classes="report-question",
                )
            yield Static(_("Most missed"), classes="subtitle")
            missed = report.most_missed()
            if not missed:
                yield Static(nothing_missed(report), classes="dim")
            for question in missed:
                yield Static(
                    Content(
                        _("{question}: {missed} of {answered} missed it").format(
                            question=question_name(question),
                            missed=question.missed,
                            answered=question.answered,
                        )
                    ),
                    classes="report-missed",
                )
                yield Static(Content(inert(question.prompt)), classes="report-prompt")
                if question.wrong is not None:
                    yield Static(
                        Content(
                            _("most chosen wrong answer ({count}): {answer}").format(
                                count=question.wrong.count, answer=inert(question.wrong.text)
                            )
                        ),
                        classes="report-wrong",
                    )
        yield Footer()

    def on_mount(self) -> None:
        report = self.report
        quizzes = [quiz for quiz in report.quizzes if quiz.attempted and not quiz.withheld]
        plt = self.query_one("#pass-rate-chart", PlotextPlot).plt
        plt.title(_("Pass rate per quiz (%)"))
        quizzes.reverse()  # plotext draws horizontal bars bottom up: the first quiz goes on top
        if quizzes:
            plt.bar(
                [_label(quiz.title) for quiz in quizzes],
                [round((quiz.pass_rate or 0.0) * 100) for quiz in quizzes],
                orientation="horizontal",
                width=1 / 2,
            )
        plt.xlim(0, 100)
        questions = report.by_difficulty()[::-1]  # the hardest on top
        plt = self.query_one("#difficulty-chart", PlotextPlot).plt
        plt.title(_("Share of first answers right, per question (%)"))
        if questions:
            plt.bar(
                [_label(question_name(q)) for q in questions],
                [round((q.difficulty or 0.0) * 100) for q in questions],
                orientation="horizontal",
                width=1 / 2,
            )
        plt.xlim(0, 100)

    def action_back(self) -> None:
        """Back to where the report was opened from (out of the app when it was opened alone)."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()
