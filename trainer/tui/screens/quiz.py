"""The quiz: one question at a time, feedback after each answer, then the results."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, ProgressBar, Static

from trainer.course.model import (
    ChoiceQuestion,
    Lesson,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.quiz.grading import Grade
from trainer.session import QuizRun
from trainer.tui.answers import right_answer, true_false_label, verdict
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ResponseChanged
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.match_board import MatchBoard
from trainer.tui.widgets.order_board import OrderBoard

INSTRUCTIONS = {
    "single": N_("Type the number of your answer, then enter."),
    "multiple": N_("Several answers may be right: type each number to tick or untick it, then enter."),
    "true_false": N_("1 for true, 2 for false, then enter."),
    "text": N_("Type your answer, then enter."),
    "order": N_("Type the numbers in the right order, first item first (backspace takes one back), then enter."),
    "match": N_("For the left side marked ▶, type the number of its right side (arrows change side), then enter."),
}


class QuizScreen(Screen[None]):
    """One question at a time."""

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
        Binding("enter", "submit", N_("Answer")),
        Binding("enter", "next", N_("Next")),
        Binding("h", "hint", N_("Hint")),
        Binding("pageup", "scroll(-1)", show=False),
        Binding("pagedown", "scroll(1)", show=False),
        Binding("escape", "back", N_("Pause")),
    ]
    HELP = N_(
        "Digits pick a choice (they tick and untick in questions with several answers, place the "
        "next item in order questions, and match the current left side in match questions). "
        "Enter answers, then enter goes on. Every answer is saved at once: escape pauses the quiz, "
        "and it resumes at the next question."
    )

    def __init__(self, run: QuizRun, lesson: Lesson | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.run = run
        self.lesson = lesson
        self.question: Question | None = None
        self.answered: Grade | None = None
        self.view: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static("", id="question-number")
            yield ProgressBar(total=len(self.run.quiz.questions), show_eta=False, id="quiz-bar")
        with VerticalScroll(id="quiz-body", can_focus=False):
            yield Static("", id="prompt")
            yield Static("", id="instructions", classes="dim")
            yield Vertical(id="answer-area")
            yield Static("", id="hint")
            yield Static("", id="feedback")
        with Horizontal(id="quiz-actions"):
            yield Button(compact=True, label=_("Hint") + " (h)", id="hint-button")
            yield Button(compact=True, label=_("Answer") + " ⏎", variant="primary", id="submit")
        yield Footer()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self.title = inert(self.run.quiz.title)
        self.show_question()

    # showing a question -------------------------------------------------------------------------

    def show_question(self) -> None:
        """Show the next unanswered question, or finish the attempt when there is none."""
        question = self.run.current
        if question is None:
            self.finish()
            return
        self.question = question
        self.answered = None
        number = self.run.number_of(question)
        total = len(self.run.quiz.questions)
        self.query_one("#question-number", Static).update(
            Content.assemble((_("Question {n}/{total}").format(n=number, total=total), "bold"))
        )
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))
        self.query_one("#prompt", Static).update(Markdown(inert(question.prompt)))
        self.query_one("#instructions", Static).update(_(INSTRUCTIONS[question.type.value]))
        for name in ("#hint", "#feedback"):
            self.query_one(name, Static).update("")
            self.query_one(name).display = False
        self.query_one("#hint-button", Button).display = question.hint is not None
        self._label_submit(_("Answer") + " ⏎")
        area = self.query_one("#answer-area", Vertical)
        area.remove_children()
        self.view = self._view_for(question)
        area.mount(self.view)
        self.view.focus()
        self.query_one("#quiz-body").scroll_home(animate=False)
        self.refresh_bindings()

    def _label_submit(self, label: str) -> None:
        button = self.query_one("#submit", Button)
        button.label = label
        button.refresh(layout=True)  # the button is as wide as its label

    def _view_for(self, question: Question) -> Widget:
        order = list(self.run.presentation.order_of(question))
        if isinstance(question, ChoiceQuestion):
            return ChoiceList(
                [question.choices[p - 1].text for p in order],
                order,
                multiple=isinstance(question, MultipleChoice),
                feedbacks=[question.choices[p - 1].feedback for p in order],
            )
        if isinstance(question, TrueFalse):
            return ChoiceList([true_false_label(True), true_false_label(False)], [True, False], multiple=False)
        if isinstance(question, TextAnswer):
            return Input(placeholder=_("Your answer"), id="text-answer")
        if isinstance(question, Ordering):
            return OrderBoard([question.items[p - 1] for p in order], order)
        if isinstance(question, Matching):
            return MatchBoard(list(question.lefts), [question.rights[p - 1] for p in order], order)
        raise TypeError(type(question).__name__)

    def _response(self) -> object:
        if isinstance(self.view, Input):
            return self.view.value if self.view.value.strip() else None
        return self.view.response()

    # answering ---------------------------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        """A digit: pick, toggle, place or match, by question type."""
        if self.answered is None and hasattr(self.view, "pick"):
            self.view.pick(number)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint-button":
            self.action_hint()
        elif self.answered is None:
            self.action_submit()
        else:
            self.action_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return self.answered is None
        if action == "next":
            return self.answered is not None
        if action == "hint":
            return self.answered is None and self.question is not None and self.question.hint is not None
        return True

    def action_next(self) -> None:
        """Go on to the next question, or to the results."""
        if self.answered is not None:
            self.show_question()

    def action_submit(self) -> None:
        """Answer the question with what is chosen so far; once answered, go on."""
        if self.question is None:
            return
        if self.answered is not None:
            self.show_question()
            return
        question = self.question
        grade = self.run.answer(question, self._response())  # recorded before any feedback is shown
        self.answered = grade
        self._reveal(question, grade)

    def _reveal(self, question: Question, grade: Grade) -> None:
        view = self.view
        order = list(self.run.presentation.order_of(question))
        if isinstance(view, ChoiceList):
            if isinstance(question, ChoiceQuestion):
                view.reveal({n for n, p in enumerate(order, 1) if question.choices[p - 1].correct})
            else:
                view.reveal({1 if question.answer else 2})
        elif isinstance(view, OrderBoard):
            view.reveal(grade.correct)
        elif isinstance(view, MatchBoard):
            response = grade.response or [None] * len(question.pairs)
            view.reveal([r == i for i, r in enumerate(response, 1)])
        elif isinstance(view, Input):
            view.disabled = True
        text, style = verdict(grade)
        parts: list = [(text, f"bold {style}")]
        if not grade.correct:
            parts += ["\n\n", (_("The right answer:"), "bold"), "\n", right_answer(question)]
        if question.explanation:
            parts += ["\n\n", inert(question.explanation)]
        feedback = self.query_one("#feedback", Static)
        feedback.update(Content.assemble(*parts))
        feedback.display = True
        feedback.set_class(grade.correct, "-right")
        feedback.set_class(not grade.correct, "-wrong")
        last = self.run.current is None
        self._label_submit((_("See the results") if last else _("Next question")) + " ⏎")
        self.query_one("#hint-button", Button).display = False
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.run.grades))
        self.set_focus(None)
        self.refresh_bindings()
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def on_response_changed(self, event: ResponseChanged) -> None:
        event.stop()

    def action_hint(self) -> None:
        """Show the hint, if the question has one (noted with the answer)."""
        if self.question is None or self.answered is not None:
            return
        self.run.hinted.add(self.question.id)
        hint = self.query_one("#hint", Static)
        hint.update(Content.assemble((_("Hint:") + " ", "bold"), inert(self.question.hint)))
        hint.display = True

    def action_scroll(self, direction: int) -> None:
        """Scroll the question by a page."""
        body = self.query_one("#quiz-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()

    def finish(self) -> None:
        """Close the attempt and show the results in place of the quiz."""
        from trainer.tui.screens.results import ResultsScreen

        result = self.run.finish()
        self.app.switch_screen(ResultsScreen(self.run.session, self.run.quiz, self.lesson, result))

    def action_back(self) -> None:
        """Pause: back to the lesson; the quiz resumes at the next question."""
        if self.run.grades:
            self.notify(_("Quiz paused: it will resume at the next question."))
        self.app.pop_screen()
