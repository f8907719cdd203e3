"""What the quiz and the review share: a screen that asks questions in a `QuestionPanel`.

The screen records each answer (the engine grades it, the store keeps it) before any feedback
is shown, and says so when the answer could not be saved; its keys and buttons answer, skip,
show the hint and go on.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Input

from trainer.course.model import Question
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.store import StoreError
from trainer.quiz.grading import Grade
from trainer.tui.bindings import translate_bindings
from trainer.tui.widgets.question_panel import QuestionPanel

ENTER_BINDINGS: list[BindingType] = [
    Binding("enter", "submit", N_("Answer")),
    Binding("enter", "next", N_("Next")),
]
"""What enter does on a question: the first whose action is allowed runs. A screen that gives
enter one more job lists these first (a class's bindings for a key replace its base's)."""

ANSWERING_BINDINGS: list[BindingType] = [
    *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    *ENTER_BINDINGS,
    Binding("h", "hint", N_("Hint")),
    Binding("s", "skip", N_("Skip")),
    Binding("pageup", "scroll(-1)", show=False),
    Binding("pagedown", "scroll(1)", show=False),
    Binding("up", "scroll_feedback(-1)", show=False),
    Binding("down", "scroll_feedback(1)", show=False),
]
"""The keys of a screen that asks questions in a `QuestionPanel` (quiz and review)."""


class AnsweringScreen(Screen[None]):
    """A screen asking questions one at a time in a `QuestionPanel`.

    A subclass says what the next question is (`show_question`), how an answer is recorded
    (`record`), how a hint is noted (`note_hint`) and what the main button says once a question
    is answered (`next_label`).
    """

    BINDINGS = ANSWERING_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.panel = QuestionPanel()

    def show_question(self) -> None:
        """Show the next question, or what follows the last one."""
        raise NotImplementedError

    def record(self, question: Question, response: object) -> Grade:
        """Grade and record `response` to `question` (raises `StoreError` when not saved)."""
        raise NotImplementedError

    def note_hint(self, question: Question) -> None:
        """Note that the hint of `question` was seen."""
        raise NotImplementedError

    def next_label(self) -> str:
        """What the main button says once the current question is answered."""
        raise NotImplementedError

    @property
    def question(self) -> Question | None:
        """The question shown."""
        return self.panel.question

    @property
    def answered(self) -> Grade | None:
        """The grade of the question shown, once answered."""
        return self.panel.answered

    @property
    def listening(self) -> bool:
        """The screen is the one shown and its question is ready: messages and keys queued for
        it before it was replaced, or before its question was built, are dropped."""
        return self.is_current and self.panel.ready

    def ready_to_grade(self) -> bool:
        """Whether enter may grade now; when it may not, the panel says what to do instead, so
        that a stray enter (or thirty) never grades an answer the learner did not give."""
        message = self.panel.not_ready()
        if message is not None:
            self.panel.nudge(message)
        return message is None

    def grade(self, response: object) -> None:
        """Grade and record the response, then show its feedback."""
        question = self.question
        if question is None:
            return
        try:
            grade = self.record(question, response)  # recorded before any feedback is shown
        except StoreError as error:
            # No feedback for an answer that is not saved: the learner can answer again.
            self.notify(
                inert(_("Your answer could not be saved: {error}").format(error=error)),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.panel.reveal(grade, self.next_label())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return self.answered is None
        if action == "next":
            return self.answered is not None
        if action == "hint":
            return self.panel.can_hint
        if action == "skip":
            return self.answered is None and self.question is not None
        if action == "scroll_feedback":
            return self.answered is not None
        return True

    def action_pick(self, number: int) -> None:
        """A digit: pick, toggle, place or match, by question type."""
        self.panel.pick(number)

    def action_submit(self) -> None:
        """Answer the question with what is chosen so far; once answered, go on."""
        if not self.listening or self.question is None:
            return
        if self.answered is not None:
            self.show_question()
        elif self.ready_to_grade():
            self.grade(self.panel.response())

    def action_next(self) -> None:
        """Go on to the next question, or to what follows the last one."""
        if self.listening and self.answered is not None:
            self.show_question()

    def action_skip(self) -> None:
        """Pass the question: it is recorded unanswered, and scores nothing."""
        if self.question is not None and self.answered is None:
            self.grade(None)

    def action_hint(self) -> None:
        """Show the hint, if the question has one (noted with the answer)."""
        question = self.question
        if not self.listening or question is None or not self.panel.can_hint:
            return
        self.note_hint(question)
        self.panel.show_hint()

    def action_scroll(self, direction: int) -> None:
        """Scroll the question by a page."""
        self.panel.scroll(direction)

    def action_scroll_feedback(self, direction: int) -> None:
        """Once answered, the arrows scroll the feedback when it is longer than its place."""
        self.panel.scroll_feedback(direction)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Enter held in the text field posts one Submitted a key: only the first answers, the
        # others come from a field already answered (or already gone) and are dropped.
        if self.listening and self.answered is None and self.panel.owns(event.input):
            self.action_submit()

    @on(Button.Pressed, "#hint-button")
    def _hint_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.listening:
            self.action_hint()

    @on(Button.Pressed, "#skip-button")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.listening:
            self.action_skip()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.listening:
            return
        if self.answered is None:
            self.action_submit()
        else:
            self.action_next()
