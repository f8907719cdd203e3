"""Spaced review: the questions due, mixed across lessons, one at a time, then a summary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from trainer.course.model import Question
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.quiz.grading import Grade
from trainer.review_words import review_outcome
from trainer.session import ReviewItem, ReviewRun
from trainer.tui.screens.answering import ENTER_BINDINGS, AnsweringScreen


class ReviewScreen(AnsweringScreen):
    """The questions due for review, one at a time, with feedback as in a quiz."""

    BINDINGS = [
        *ENTER_BINDINGS,
        # On the summary, enter says what it does, as the button does.
        Binding("enter", "close", N_("Course map")),
        Binding("escape", "back", N_("Course map")),
    ]
    HELP = N_(
        "Questions you answered come back for review just before you would forget them, from every "
        "lesson. Digits or the arrows pick, enter answers, then enter goes on; s skips a question. "
        "Every answer is saved at once; "
        "escape goes back to the course map and the rest stays due."
    )

    def __init__(self, run: ReviewRun) -> None:
        super().__init__()
        self.run = run
        self.item: ReviewItem | None = None
        self.done = False
        """The summary is shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static("", id="question-number")
            yield Static("", id="review-lesson", classes="dim")
        yield self.panel
        with VerticalScroll(id="results", can_focus=False):
            yield Static("", id="score")
        yield self.panel.actions
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Review")
        self.query_one("#results").display = False
        self.show_question()

    def show_question(self) -> None:
        """Show the next question due, or the summary when every one is answered."""
        item = self.run.current
        if item is None:
            self.show_summary()
            return
        self.item = item
        source = item.lesson.title if item.lesson is not None else item.quiz.title
        self.query_one("#question-number", Static).update(
            Content.assemble(
                (
                    _("Review {n}/{total}").format(
                        n=self.run.number_of(item), total=len(self.run.items)
                    ),
                    "bold",
                )
            )
        )
        self.query_one("#review-lesson", Static).update(Content(inert(source)))
        self.panel.ask(item.question, self.run.order_of(item))
        self.refresh_bindings()

    def record(self, question: Question, response: object) -> Grade:
        """Grade the answer and reschedule the question."""
        assert self.item is not None, "a question is shown only with its review item"
        return self.run.answer(self.item, response)

    def next_label(self) -> str:
        """The summary after the last question, else the next question."""
        return _("See the summary") if self.run.current is None else _("Next question")

    def note_hint(self, question: Question) -> None:
        """A right answer after the hint counts as Hard."""
        if self.item is not None:
            self.run.hinted.add(self.item.key)

    def action_submit(self) -> None:
        """Answer the question with what is chosen so far; once answered, go on; from the
        summary, back to the course map."""
        if self.done:
            self.action_next()
        else:
            super().action_submit()

    def action_next(self) -> None:
        """Go on to the next question, the summary, or (from the summary) the course map."""
        if self.listening and self.done:
            self.app.pop_screen()
        else:
            super().action_next()

    @property
    def listening(self) -> bool:
        """Shown, and its question ready, or its summary shown."""
        return self.is_current and (self.done or self.panel.ready)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.done and action in ("submit", "hint", "skip"):
            return False
        if action == "close":
            return self.done
        if self.done and action == "next":
            return False
        return super().check_action(action, parameters)

    def action_close(self) -> None:
        """From the summary, back to the course map."""
        self.app.pop_screen()

    def show_summary(self) -> None:
        """How many were right, and when the next review falls due."""
        self.done = True
        run = self.run
        now = run.session.clock()
        total = len(run.items)
        lines: list = [(_("Review finished"), "bold"), "\n\n", "\n".join(review_outcome(run, now))]
        self.query_one("#question-number", Static).update(
            Content.assemble((_("Review {n}/{total}").format(n=total, total=total), "bold"))
        )
        self.query_one("#review-lesson", Static).update("")
        self.panel.display = False
        summary = self.query_one("#results")
        summary.display = True
        self.query_one("#score", Static).update(Content.assemble(*lines))
        self.panel.close(_("Course map") + " ⏎")
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back to the course map; the questions not answered yet stay due."""
        self.app.pop_screen()
