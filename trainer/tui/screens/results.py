"""Results: the score, passed or not, and every question with the right answer and explanation."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from trainer.course.model import Lesson, Quiz
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import AttemptRecord
from trainer.quiz.attempts import attempts_left, present
from trainer.quiz.grading import Grade
from trainer.quiz.scoring import QuizResult, shown_percent
from trainer.session import NoAttemptsLeft, Session
from trainer.tui.answers import given_answer, right_answer, verdict
from trainer.tui.bindings import translate_bindings


class ResultsScreen(Screen[None]):
    """The outcome of an attempt."""

    BINDINGS = [
        Binding("enter", "continue", N_("Course map")),
        Binding("r", "retry", N_("Retry")),
        Binding("escape", "back", N_("Back to the lesson")),
    ]

    def __init__(self, session: Session, quiz: Quiz, lesson: Lesson | None, result: QuizResult, fresh: bool = True) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.quiz = quiz
        self.lesson = lesson
        self.result = result
        self.fresh = fresh
        """The attempt has just finished (not results looked at again)."""
        finished = session.finished_attempts(quiz)
        self.attempts_left = attempts_left(quiz, len(finished))
        self.show_pass_mark = session.store.settings(session.learner).get("show_pass_mark", "on") == "on"
        self.best = max((a.score for a in finished if a.score is not None), default=result.score)

    @classmethod
    def of_attempt(cls, session: Session, quiz: Quiz, lesson: Lesson | None, attempt: AttemptRecord) -> ResultsScreen:
        """The results of an attempt recorded earlier."""
        order = present(quiz, attempt.seed).question_ids
        grades = {q.id: Grade(q.id, 0.0, None) for q in quiz.questions}
        grades.update({qid: Grade(qid, a.score, a.response) for qid, a in attempt.answers.items() if qid in grades})
        result = QuizResult(quiz.id, attempt.score or 0.0, session.course.pass_mark_of(quiz), tuple(grades[q] for q in order))
        return cls(session, quiz, lesson, result, fresh=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.attempts_left is None or self.attempts_left > 0
        return True

    def compose(self) -> ComposeResult:
        result = self.result
        passed = result.passed
        yield Header()
        with VerticalScroll(id="results"):
            yield Static(Content(inert(self.quiz.title)), classes="title")
            yield Static(
                Content.assemble(
                    (f"{result.percent} %", "bold"),
                    "  ",
                    ("✓ " + _("Passed"), "bold $text-success") if passed else ("✗ " + _("Not passed yet"), "bold $text-error"),
                    ("  " + _("pass mark {percent} %").format(percent=round(result.pass_mark * 100)), "$text-muted") if self.show_pass_mark else "",
                ),
                id="score",
            )
            facts = [_("best score {percent} %").format(percent=shown_percent(self.best, result.pass_mark))]
            if self.attempts_left is not None:
                facts.append(_("attempts left: {n}").format(n=self.attempts_left))
            yield Static(Content(" · ".join(facts)), classes="dim")
            for number, grade in enumerate(result.grades, 1):
                question = self.quiz.question(grade.question_id)
                text, style = verdict(grade)
                yield Static(Content.assemble((f"{number}. ", "bold"), (text, f"bold {style}")), classes="result-head")
                yield Static(Markdown(inert(question.prompt)), classes="result-prompt")
                parts: list = [(_("Your answer:"), "bold"), "\n", given_answer(question, grade)]
                if not grade.correct:
                    parts += ["\n", (_("The right answer:"), "bold"), "\n", right_answer(question)]
                if question.explanation:
                    parts += ["\n", inert(question.explanation)]
                yield Static(Content.assemble(*parts), classes="result-body")
        with Horizontal(id="results-actions"):
            if self.check_action("retry", ()):
                yield Button(compact=True, label=_("Retry") + " (r)", id="retry")
            yield Button(compact=True, label=_("Course map") + " ⏎", variant="primary", id="continue")
        yield Footer()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        if self.fresh:
            self.app.quiz_finished()
        self.query_one("#results").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        if event.button.id == "retry":
            self.action_retry()
        else:
            self.action_continue()

    def action_continue(self) -> None:
        """Back to the course map, where the cursor waits on the next lesson."""
        from trainer.tui.screens.course_map import CourseMapScreen

        while not isinstance(self.app.screen, CourseMapScreen) and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_back(self) -> None:
        """Back to the lesson."""
        self.app.pop_screen()

    def action_retry(self) -> None:
        """A new attempt at the quiz."""
        from trainer.tui.screens.quiz import QuizScreen

        try:
            run = self.session.start(self.quiz, self.lesson.id if self.lesson else None)
        except NoAttemptsLeft:
            self.notify(_("No attempts left for this quiz."), severity="warning")
            return
        self.app.switch_screen(QuizScreen(run, self.lesson))
