"""One question asked and answered: its prompt, the widget to answer with, the hint, the feedback.

The quiz and the review both ask questions this way. The panel only shows: the screen that holds
it grades the response with the engine, records it, then hands the grade back to `reveal`.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from trainer.course.model import (
    ChoiceQuestion,
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
from trainer.tui.answers import right_answer, true_false_label, verdict
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


def answer_actions() -> Horizontal:
    """The Hint and Answer buttons, for the screen to place below its `QuestionPanel`."""
    buttons = [
        Button(compact=True, label=_("Hint") + " (h)", id="hint-button"),
        Button(compact=True, label=_("Answer") + " ⏎", variant="primary", id="submit"),
    ]
    for button in buttons:
        button.can_focus = False  # keys answer; focus stays on the choices
    return Horizontal(*buttons, id="quiz-actions")


class QuestionPanel(VerticalScroll, can_focus=False):
    """A question with its answer widget, hint and feedback, in a scrolling area; the screen
    places `answer_actions()` below it.

    `ask` shows a question, `reveal` its grade; `answered` is that grade, None until then.
    """

    def __init__(self) -> None:
        super().__init__(id="quiz-body")
        self.question: Question | None = None
        self.order: list[int] = []
        """The authored positions in the order shown (choices, items or right sides)."""
        self.answered: Grade | None = None
        self.view: Widget | None = None
        """The widget the learner answers the current question with."""

    def compose(self) -> ComposeResult:
        yield Static("", id="prompt")
        yield Static("", id="instructions", classes="dim")
        yield Vertical(id="answer-area")
        yield Static("", id="hint")
        yield Static("", id="feedback")

    def ask(self, question: Question, order: tuple[int, ...]) -> None:
        """Show a question, its choices in `order`, ready for an answer."""
        self.question = question
        self.order = list(order)
        self.answered = None
        self.query_one("#prompt", Static).update(Markdown(inert(question.prompt)))
        self.query_one("#instructions", Static).update(_(INSTRUCTIONS[question.type.value]))
        for name in ("#hint", "#feedback"):
            self.query_one(name, Static).update("")
            self.query_one(name).display = False
        self.screen.query_one("#hint-button", Button).display = question.hint is not None
        self.label_submit(_("Answer") + " ⏎")
        area = self.query_one("#answer-area", Vertical)
        # The previous view leaves and the new one arrives in the next turns of the event loop;
        # nothing in a view has an id that the next one could collide with meanwhile, and keys
        # wait for `ready` (the new view built) before they answer.
        area.remove_children()
        self.view = self._view_for(question)
        area.mount(self.view)
        self.view.focus()
        self.scroll_home(animate=False)

    def label_submit(self, label: str) -> None:
        """Say on the main button what enter does now."""
        button = self.screen.query_one("#submit", Button)
        button.label = label
        button.refresh(layout=True)  # the button is as wide as its label

    def _view_for(self, question: Question) -> Widget:
        order = self.order
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
            return Input(placeholder=_("Your answer"), classes="text-answer")
        if isinstance(question, Ordering):
            return OrderBoard([question.items[p - 1] for p in order], order)
        if isinstance(question, Matching):
            return MatchBoard(list(question.lefts), [question.rights[p - 1] for p in order], order)
        raise TypeError(type(question).__name__)

    @property
    def ready(self) -> bool:
        """The current question's answer widget is built: keys may answer it (a key typed while
        it is still being mounted, in a burst, is dropped rather than sent to a half-built view)."""
        return self.view is not None and self.view.is_mounted and self.view.parent is not None

    def owns(self, widget: Widget) -> bool:
        """Whether `widget` is (inside) the current question's answer widget: a message from the
        widget of a question already gone is stale."""
        return self.view is not None and (widget is self.view or self.view in widget.ancestors)

    @property
    def can_hint(self) -> bool:
        """The question has a hint and is not answered yet."""
        return self.answered is None and self.question is not None and self.question.hint is not None

    def response(self) -> object:
        """What the learner has chosen so far, as the engine reads it (None for nothing)."""
        if isinstance(self.view, Input):
            return self.view.value if self.view.value.strip() else None
        return self.view.response() if self.view is not None else None

    def pick(self, number: int) -> None:
        """A digit: pick, toggle, place or match, by question type; nothing once answered."""
        if self.answered is None and self.ready and hasattr(self.view, "pick"):
            self.view.pick(number)

    def show_hint(self) -> None:
        """Show the question's hint (the screen notes that it was seen)."""
        if not self.can_hint:
            return
        hint = self.query_one("#hint", Static)
        hint.update(Content.assemble((_("Hint:") + " ", "bold"), inert(self.question.hint)))
        hint.display = True

    def reveal(self, grade: Grade, next_label: str) -> None:
        """Lock the answer and show the verdict, the right answer when it was missed, and the
        explanation; the main button then reads `next_label`."""
        question, view, order = self.question, self.view, self.order
        self.answered = grade
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
        self.label_submit(next_label + " ⏎")
        self.screen.query_one("#hint-button", Button).display = False
        self.screen.set_focus(None)
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def scroll(self, direction: int) -> None:
        """Scroll the question by a page."""
        self.scroll_page_down() if direction > 0 else self.scroll_page_up()

    def on_response_changed(self, event: ResponseChanged) -> None:
        event.stop()


ANSWERING_BINDINGS = [
    *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    Binding("enter", "submit", N_("Answer")),
    Binding("enter", "next", N_("Next")),
    Binding("h", "hint", N_("Hint")),
    Binding("pageup", "scroll(-1)", show=False),
    Binding("pagedown", "scroll(1)", show=False),
]
"""The keys of a screen that asks questions in a `QuestionPanel` (quiz and review)."""


class AnsweringKeys:
    """What the keys and buttons of a screen holding a `QuestionPanel` do; the screen says how to
    grade (`action_submit`), how to go on (`action_next`) and how a hint is noted (`action_hint`)."""

    panel: QuestionPanel

    @property
    def question(self) -> Question | None:
        """The question shown."""
        return self.panel.question

    @property
    def answered(self) -> Grade | None:
        """The grade of the question shown, once answered."""
        return self.panel.answered

    @property
    def view(self) -> Widget | None:
        """The widget the learner answers with."""
        return self.panel.view

    def action_pick(self, number: int) -> None:
        """A digit: pick, toggle, place or match, by question type."""
        self.panel.pick(number)

    @property
    def listening(self) -> bool:
        """The screen is the one shown and its question is ready: messages and keys queued for
        it before it was replaced, or before its question was built, are dropped."""
        return self.is_current and self.panel.ready

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Enter held in the text field posts one Submitted a key: only the first answers, the
        # others come from a field already answered (or already gone) and are dropped.
        if self.listening and self.answered is None and self.panel.owns(event.input):
            self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.listening:
            return
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
            return self.panel.can_hint
        return True

    def action_scroll(self, direction: int) -> None:
        """Scroll the question by a page."""
        self.panel.scroll(direction)
