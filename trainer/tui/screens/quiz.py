"""The quiz: one question at a time, feedback after each answer, then the results."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Header, ProgressBar, Static

from trainer.course.model import Lesson, Question
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import StoreError
from trainer.quiz.grading import Grade
from trainer.session import QuizRun
from trainer.tui.screens.answering import AnsweringScreen


class QuizScreen(AnsweringScreen):
    """One question at a time."""

    BINDINGS = [Binding("escape", "back", N_("Pause"))]
    HELP = N_(
        "Digits or the arrows pick a choice (digits and space tick and untick in questions with "
        "several answers, place the next item in order questions, and match the current left side "
        "in match questions); backspace takes back. Enter answers, then enter goes on; s skips a "
        "question, h shows its hint (in a text field, tab first). Once answered, the arrows "
        "scroll the explanation and page up and page down the question. Every answer is saved "
        "at once: escape pauses the quiz, and it resumes at the next question."
    )

    def __init__(self, run: QuizRun, lesson: Lesson | None) -> None:
        super().__init__()
        self.run = run
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static("", id="question-number")
            yield ProgressBar(total=self.run.total, show_eta=False, id="quiz-bar")
        yield self.panel
        yield self.panel.actions
        yield Footer()

    def on_mount(self) -> None:
        self.title = inert(self.run.quiz.title)
        self.show_question()

    def show_question(self) -> None:
        """Show the next unanswered question, or finish the attempt when there is none."""
        question = self.run.current
        if question is None:
            self.finish()
            return
        number = self.run.number_of(question)
        total = self.run.total
        self.query_one("#question-number", Static).update(
            Content.assemble((_("Question {n}/{total}").format(n=number, total=total), "bold"))
        )
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))
        self.panel.ask(question, self.run.presentation.order_of(question))
        self.refresh_bindings()

    def record(self, question: Question, response: object) -> Grade:
        """Grade the answer and add it to the attempt."""
        return self.run.answer(question, response)

    def next_label(self) -> str:
        """The results after the last question, else the next question."""
        return _("See the results") if self.run.current is None else _("Next question")

    def grade(self, response: object) -> None:
        """Grade and record the response, show its feedback, and move the progress bar on."""
        super().grade(response)
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))

    def note_hint(self, question: Question) -> None:
        """The hint is noted with the answer."""
        self.run.hinted.add(question.id)

    def finish(self) -> None:
        """Close the attempt and show the results in place of the quiz."""
        from trainer.tui.screens.results import ResultsScreen

        try:
            result = self.run.finish()
        except StoreError as error:
            self.notify(
                inert(_("Your result could not be saved: {error}").format(error=error)),
                severity="error",
                timeout=15,
                markup=False,
            )
            self.app.pop_screen()
            return
        self.app.switch_screen(ResultsScreen(self.run.session, self.run.quiz, self.lesson, result))

    def action_back(self) -> None:
        """Pause: back to the lesson; the quiz resumes at the first question not answered."""
        question = self.run.current
        if self.run.grades and question is not None:
            total = self.run.total
            self.notify(
                _(
                    "Quiz paused, your answers are kept: it will resume at question {n} of {total}."
                ).format(n=self.run.number_of(question), total=total)
            )
        self.app.pop_screen()
