"""`trainer report --app`: the trainer's report in the terminal, with its charts."""

from __future__ import annotations

from textual.app import App

from trainer.course.model import Course
from trainer.inert import inert
from trainer.report.figures import Report
from trainer.tui import wrapping  # noqa: F401  (no line break at a no-break space)
from trainer.tui.screens.report import ReportScreen


class ReportApp(App[None]):
    """One screen: the report; escape or ctrl+q quits."""

    CSS_PATH = "app.tcss"

    def __init__(self, course: Course, report: Report) -> None:
        super().__init__()
        self.course = course
        self.report = report
        self.title = inert(
            course.title
        )  # the header would send its escape sequences to the terminal

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.course, self.report))
