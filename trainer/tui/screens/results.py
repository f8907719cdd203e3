"""Results: the score, passed or not, and every question with the right answer and explanation."""

from __future__ import annotations

from typing import cast

from rich.markdown import Markdown
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from trainer.course.model import Lesson, Quiz
from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.progress.store import AttemptRecord
from trainer.quiz.attempts import asked, attempts_left, present
from trainer.quiz.grading import Grade, Response
from trainer.quiz.scoring import QuizResult, shown_percent
from trainer.session import NoAttemptsLeft, Session
from trainer.tui.answers import given_answer, right_answer, verdict
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import LessonRequested, QuizFinished


class ResultsScreen(Screen[None]):
    """The outcome of an attempt."""

    BINDINGS = [
        Binding("enter", "continue", N_("Course map")),
        Binding("n", "next_lesson", N_("Next lesson")),
        Binding("r", "retry", N_("Retry")),
        # After a pass, retrying (to improve) stays possible but leaves the footer to the next
        # lesson.
        Binding("r", "retry_to_improve", N_("Retry"), show=False),
        Binding("escape", "back", N_("Back to the lesson")),
    ]
    HELP = N_(
        "Your score, then every question with your answer, the right one and its explanation: "
        "arrows and page keys scroll. Your best score is the one that counts."
    )

    def __init__(
        self,
        session: Session,
        quiz: Quiz,
        lesson: Lesson | None,
        result: QuizResult,
        fresh: bool = True,
    ) -> None:
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
        self.show_pass_mark = (
            session.store.settings(session.learner).get("show_pass_mark", "on") == "on"
        )
        self.best = max((a.score for a in finished if a.score is not None), default=result.score)

    @classmethod
    def of_attempt(
        cls, session: Session, quiz: Quiz, lesson: Lesson | None, attempt: AttemptRecord
    ) -> ResultsScreen:
        """The results of an attempt recorded earlier."""
        # Over the questions the attempt asked: those it drew, for a quiz that draws from a bank.
        questions = asked(quiz, attempt.drawn)
        order = present(questions, attempt.seed).question_ids
        grades = {q.id: Grade(q.id, 0.0, None) for q in questions.questions}
        grades.update(
            {
                # The store keeps each response as the engine checked it when answered.
                qid: Grade(qid, a.score, cast(Response, a.response))
                for qid, a in attempt.answers.items()
                if qid in grades
            }
        )
        result = QuizResult(
            quiz.id,
            attempt.score or 0.0,
            session.course.pass_mark_of(quiz),
            tuple(grades[q] for q in order),
        )
        return cls(session, quiz, lesson, result, fresh=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("retry", "retry_to_improve"):
            may_retry = self.attempts_left is None or self.attempts_left > 0
            return may_retry and (action == "retry") != self.result.passed
        if action == "next_lesson":
            return self.next_lesson is not None
        return True

    @property
    def next_lesson(self) -> Lesson | None:
        """The lesson to go on to after a pass; None before a pass or after the last lesson."""
        if not self.result.passed or self.lesson is None:
            return None
        return self.session.neighbour(self.lesson, 1)

    def summary(self) -> str:
        """« 3 right, 1 partly right, 1 wrong »: the count of each verdict."""
        grades = self.result.grades
        right = sum(1 for grade in grades if grade.score >= 1)
        partly = sum(1 for grade in grades if 0 < grade.score < 1)
        wrong = len(grades) - right - partly
        parts = [ngettext("{n} right", "{n} right", right).format(n=right)]
        if partly:
            parts.append(ngettext("{n} partly right", "{n} partly right", partly).format(n=partly))
        parts.append(ngettext("{n} wrong", "{n} wrong", wrong).format(n=wrong))
        return ", ".join(parts)

    def next_step(self) -> str:
        """What to do now, in one sentence."""
        following = self.next_lesson
        if following is not None:
            return _("Next step: “{lesson}”, n opens it.").format(lesson=inert(following.title))
        if self.result.passed:
            return _("Next step: the course map, enter.")
        if self.check_action("retry", ()):
            return _("Next step: re-read the lesson (escape), then retry the quiz (r).")
        return _("Next step: re-read the lesson (escape); this quiz has no attempts left.")

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
                    ("✓ " + _("Passed"), "bold $text-success")
                    if passed
                    else ("✗ " + _("Not passed yet"), "bold $text-error"),
                    (
                        "  "
                        + _("pass mark {percent} %").format(percent=round(result.pass_mark * 100)),
                        "$text-muted",
                    )
                    if self.show_pass_mark
                    else "",
                ),
                id="score",
            )
            facts = [
                _("best score {percent} %").format(
                    percent=shown_percent(self.best, result.pass_mark)
                )
            ]
            if self.attempts_left is not None:
                facts.append(_("attempts left: {n}").format(n=self.attempts_left))
            if self.quiz.draw is not None:  # a retry draws other questions from the bank
                drawn = len(result.grades)
                facts.append(
                    ngettext(
                        "{n} question drawn from {total}", "{n} questions drawn from {total}", drawn
                    ).format(n=drawn, total=len(self.quiz.questions))
                )
            yield Static(Content(" · ".join(facts)), classes="dim")
            yield Static(Content(self.summary()), id="summary")
            yield Static(Content.styled(self.next_step(), "bold"), id="next-step")
            for number, grade in enumerate(result.grades, 1):
                question = self.quiz.question(grade.question_id)
                text, style = verdict(grade)
                yield Static(
                    Content.assemble((f"{number}. ", "bold"), (text, f"bold {style}")),
                    classes="result-head",
                )
                yield Static(Markdown(inert(question.prompt)), classes="result-prompt")
                parts: list = [(_("Your answer:"), "bold"), "\n", given_answer(question, grade)]
                if not grade.correct:
                    parts += ["\n", (_("The right answer:"), "bold"), "\n", right_answer(question)]
                if question.explanation:
                    parts += ["\n", inert(question.explanation)]
                yield Static(Content.assemble(*parts), classes="result-body")
        with Horizontal(id="results-actions"):
            if self.check_action("retry", ()) or self.check_action("retry_to_improve", ()):
                yield Button(compact=True, label=_("Retry") + " (r)", id="retry")
            yield Button(
                compact=True,
                label=_("Course map") + " ⏎",
                variant="primary" if self.next_lesson is None else "default",
                id="continue",
            )
            if self.next_lesson is not None:
                yield Button(
                    compact=True,
                    label=_("Next lesson") + " (n)",
                    variant="primary",
                    id="next-lesson",
                )
        yield Footer()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        if self.fresh:
            self.post_message(QuizFinished())
        self.query_one("#results").focus()

    @on(Button.Pressed, "#retry")
    def _retry_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:  # not a press queued before the screen was replaced
            self.action_retry()

    @on(Button.Pressed, "#next-lesson")
    def _next_lesson_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:
            self.action_next_lesson()

    @on(Button.Pressed, "#continue")
    def _continue_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_current:
            self.action_continue()

    def action_continue(self) -> None:
        """Back to the course map, where the cursor waits on the next lesson."""
        from trainer.tui.screens.course_map import CourseMapScreen

        while not isinstance(self.app.screen, CourseMapScreen) and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_back(self) -> None:
        """Back to the lesson."""
        self.app.pop_screen()

    def action_next_lesson(self) -> None:
        """Open the next lesson, over the course map."""
        following = self.next_lesson
        if following is not None:
            self.post_message(LessonRequested(self, following.id))

    def action_retry_to_improve(self) -> None:
        """A new attempt after a pass, to improve the score."""
        self.action_retry()

    def action_retry(self) -> None:
        """A new attempt at the quiz."""
        from trainer.tui.screens.quiz import QuizScreen

        try:
            run = self.session.start(self.quiz, self.lesson.id if self.lesson else None)
        except NoAttemptsLeft:
            self.notify(_("No attempts left for this quiz."), severity="warning")
            return
        self.app.switch_screen(QuizScreen(run, self.lesson))
