"""The quiz: one question at a time, feedback after each answer, then the results."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from trainer.course.model import Lesson
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import StoreError
from trainer.session import QuizRun
from trainer.tui.bindings import translate_bindings
from trainer.tui.widgets.question_panel import (
    ANSWERING_BINDINGS,
    AnsweringKeys,
    QuestionPanel,
    answer_actions,
)


class QuizScreen(AnsweringKeys, Screen[None]):
    """One question at a time."""

    BINDINGS = [*ANSWERING_BINDINGS, Binding("escape", "back", N_("Pause"))]
    HELP = N_(
        "Digits or the arrows pick a choice (digits and space tick and untick in questions with several "
        "answers, place the next item in order questions, and match the current left side in match "
        "questions); backspace takes back. Enter answers, then enter goes on; s skips a question, h "
        "shows its hint (in a text field, tab first). Once answered, the arrows scroll the "
        "explanation and page up and page down the question. Every answer is saved at once: "
        "escape pauses the quiz, and it resumes at the next question."
    )

    def __init__(self, run: QuizRun, lesson: Lesson | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.run = run
        self.lesson = lesson
        self.panel = QuestionPanel()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static("", id="question-number")
            yield ProgressBar(total=len(self.run.quiz.questions), show_eta=False, id="quiz-bar")
        yield self.panel
        yield answer_actions()
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
        total = len(self.run.quiz.questions)
        self.query_one("#question-number", Static).update(
            Content.assemble((_("Question {n}/{total}").format(n=number, total=total), "bold"))
        )
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))
        self.panel.ask(question, self.run.presentation.order_of(question))
        self.refresh_bindings()

    def action_next(self) -> None:
        """Go on to the next question, or to the results."""
        if self.listening and self.answered is not None:
            self.show_question()

    def action_submit(self) -> None:
        """Answer the question with what is chosen so far; once answered, go on."""
        if not self.listening:
            return
        if self.question is None:
            return
        if self.answered is not None:
            self.show_question()
            return
        if self.ready_to_grade():
            self.grade(self.panel.response())

    def action_skip(self) -> None:
        """Pass the question: it is recorded unanswered, and scores nothing."""
        if self.question is not None and self.answered is None:
            self.grade(None)

    def grade(self, response: object) -> None:
        """Grade and record the response, then show its feedback."""
        try:
            grade = self.run.answer(
                self.question, response
            )  # recorded before any feedback is shown
        except StoreError as error:
            # No feedback for an answer that is not saved: the learner can answer again.
            self.notify(
                inert(_("Your answer could not be saved: {error}").format(error=error)),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        last = self.run.current is None
        self.panel.reveal(grade, _("See the results") if last else _("Next question"))
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))
        self.refresh_bindings()

    def action_hint(self) -> None:
        """Show the hint, if the question has one (noted with the answer)."""
        if not self.listening or not self.panel.can_hint:
            return
        self.run.hinted.add(self.question.id)
        self.panel.show_hint()

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
            total = len(self.run.quiz.questions)
            self.notify(
                _(
                    "Quiz paused, your answers are kept: it will resume at question {n} of {total}."
                ).format(n=self.run.number_of(question), total=total)
            )
        self.app.pop_screen()
