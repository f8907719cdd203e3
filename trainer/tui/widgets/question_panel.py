"""One question asked and answered: its prompt, the widget to answer with, the hint, the feedback.

The quiz and the review both ask questions this way. The panel only shows: the screen that holds
it grades the response with the engine, records it, then hands the grade back to `reveal`.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from trainer.course.media import ImageRef, split_images
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
from trainer.quiz.feedback import own_remarks, remark_text
from trainer.quiz.grading import Grade
from trainer.tui.answers import right_answer, true_false_label, verdict
from trainer.tui.messages import ResponseChanged
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.choice_row import ChoiceRow
from trainer.tui.widgets.match_board import MatchBoard
from trainer.tui.widgets.order_board import OrderBoard
from trainer.tui.widgets.picture import Picture, prompt_text

AnswerView = ChoiceList | OrderBoard | MatchBoard | Input
"""The widgets a learner answers a question with, one for each kind of question."""

INSTRUCTIONS = {
    "single": N_("A digit or the arrows choose your answer, then enter."),
    "multiple": N_(
        "Several answers may be right: a digit (or space) ticks or unticks each one, then enter."
    ),
    "true_false": N_("1 for true, 2 for false (or the arrows), then enter."),
    "text": N_(
        "Type your answer, then enter. Tab leaves the field: then h for the hint, s to skip."
    ),
    "order": N_(
        "Type the item numbers in order, first one first (or arrows and space), then enter."
    ),
    "match": N_(
        "For the left side marked ▶, type the number of its right side (arrows change side), "
        "then enter."
    ),
}

NOTHING_CHOSEN = {
    "text": N_("Type your answer, or press tab then s to skip the question."),
}
"""What enter says when nothing is chosen yet, when the general sentence does not fit the type."""


class AnswerActions(Horizontal):
    """The Hint, Skip and Answer buttons of a `QuestionPanel`, which the screen places below it.

    Tab reaches them (from a text field too, so that its letters stop being typed); the keys
    answer all the same, whatever has the focus."""

    def __init__(self) -> None:
        super().__init__(id="quiz-actions")
        self.hint = Button(compact=True, label=_("Hint") + " (h)", id="hint-button")
        self.skip = Button(compact=True, label=_("Skip") + " (s)", id="skip-button")
        self.submit = Button(compact=True, label=_("Answer") + " ⏎", variant="primary", id="submit")

    def compose(self) -> ComposeResult:
        yield self.hint
        yield self.skip
        yield self.submit

    def label_submit(self, label: str) -> None:
        """Say on the main button what enter does now."""
        self.submit.label = label
        self.submit.refresh(layout=True)  # the button is as wide as its label


class QuestionPanel(VerticalScroll, can_focus=False):
    """A question with its answer widget, hint and feedback, in a scrolling area; its buttons
    (`actions`) go below it, where the screen places them.

    `ask` shows a question, `reveal` its grade; `answered` is that grade, None until then.
    """

    DEFAULT_CSS = """
    QuestionPanel {
        height: 1fr;
        padding: 1 2 0 2;
        scrollbar-gutter: stable;  /* lines wrap the same with or without a scroll bar */
    }
    QuestionPanel #prompt {
        margin-bottom: 1;
    }
    QuestionPanel #answer-area, QuestionPanel #prompt-pictures {
        height: auto;
    }
    QuestionPanel .text-answer {
        width: 60;
        max-width: 100%;
    }
    QuestionPanel #hint {
        margin-top: 1;
        color: $text-warning;
    }
    QuestionPanel #nudge {
        margin-top: 1;
        color: $text-warning;
        text-style: bold;
    }
    /* The feedback stays at the foot of the question, on screen whatever the length of what is
       above it: the prompt stays on top, and the verdict and the explanation's first lines
       below. */
    QuestionPanel #feedback {
        dock: bottom;
        height: auto;
        max-height: 35%;
        overflow-y: auto;
        margin-top: 1;
        padding: 0 1;
        border-left: thick $warning;
        background: $background;
    }
    QuestionPanel #feedback.-right {
        border-left: thick $success;
    }
    QuestionPanel #feedback.-wrong {
        border-left: thick $error;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="quiz-body")
        self.question: Question | None = None
        self.order: list[int] = []
        """The authored positions in the order shown (choices, items or right sides)."""
        self.answered: Grade | None = None
        self.view: AnswerView | None = None
        """The widget the learner answers the current question with."""
        self.actions = AnswerActions()
        """The panel's buttons, for the screen to place below it."""

    def compose(self) -> ComposeResult:
        yield Static("", id="prompt")
        yield Vertical(id="prompt-pictures")
        yield Static("", id="instructions", classes="dim")
        yield Vertical(id="answer-area")
        yield Static("", id="nudge")
        yield Static("", id="hint")
        yield Static("", id="feedback")
        # As tall as the feedback docked over the foot of the question, so that the question's
        # last lines can scroll up above it.
        yield Static("", id="feedback-room")

    def _show_pictures(self, prompt: str) -> None:
        """The prompt's pictures under it (none for most questions)."""
        pictures = self.query_one("#prompt-pictures", Vertical)
        pictures.remove_children()
        images = [part for part in split_images(prompt) if isinstance(part, ImageRef)]
        pictures.display = bool(images)
        if images:
            folder = getattr(getattr(self.app, "course", None), "folder", None)
            pictures.mount_all(Picture(image, folder) for image in images)

    def ask(self, question: Question, order: tuple[int, ...]) -> None:
        """Show a question, its choices in `order`, ready for an answer."""
        self.question = question
        self.order = list(order)
        self.answered = None
        self.query_one("#prompt", Static).update(Markdown(inert(prompt_text(question.prompt))))
        self._show_pictures(question.prompt)
        instructions = self.query_one("#instructions", Static)
        instructions.update(_(INSTRUCTIONS[question.type.value]))
        instructions.display = True
        for name in ("#nudge", "#hint", "#feedback", "#feedback-room"):
            self.query_one(name, Static).update("")
            self.query_one(name).display = False
        self.actions.hint.display = question.hint is not None
        self.actions.skip.display = True
        self.actions.label_submit(_("Answer") + " ⏎")
        area = self.query_one("#answer-area", Vertical)
        # The previous view leaves and the new one arrives in the next turns of the event loop;
        # nothing in a view has an id that the next one could collide with meanwhile, and keys
        # wait for `ready` (the new view built) before they answer.
        area.remove_children()
        self.view = self._view_for(question)
        area.mount(self.view)
        self.view.focus()
        self.scroll_home(animate=False)

    def close(self, label: str) -> None:
        """No question is left: only the main button stays, saying `label`."""
        self.actions.hint.display = False
        self.actions.skip.display = False
        self.actions.label_submit(label)

    def _view_for(self, question: Question) -> AnswerView:
        order = self.order
        if isinstance(question, ChoiceQuestion):
            return ChoiceList(
                [question.choices[p - 1].text for p in order],
                order,
                multiple=isinstance(question, MultipleChoice),
                feedbacks=[question.choices[p - 1].feedback for p in order],
            )
        if isinstance(question, TrueFalse):
            return ChoiceList(
                [true_false_label(True), true_false_label(False)], [True, False], multiple=False
            )
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
        it is still being mounted, in a burst, is dropped rather than sent to a half-built
        view)."""
        return self.view is not None and self.view.is_mounted and self.view.parent is not None

    def owns(self, widget: Widget) -> bool:
        """Whether `widget` is (inside) the current question's answer widget: a message from the
        widget of a question already gone is stale."""
        return self.view is not None and (widget is self.view or self.view in widget.ancestors)

    @property
    def can_hint(self) -> bool:
        """The question has a hint and is not answered yet."""
        return (
            self.answered is None and self.question is not None and self.question.hint is not None
        )

    def not_ready(self) -> str | None:
        """Why enter cannot grade what is on screen yet (nothing chosen, items left to place or
        to match), in words for the learner; None when it can."""
        question, view = self.question, self.view
        if question is None or self.answered is not None:
            return None
        if self.response() is None:
            return _(
                NOTHING_CHOSEN.get(
                    question.type.value, N_("Choose an answer, or press s to skip the question.")
                )
            )
        if isinstance(view, OrderBoard) and not view.complete:
            return _(
                "Place every item: {placed} of {total} placed (or press s to skip the question)."
            ).format(placed=len(view.sequence), total=len(view.texts))
        if isinstance(view, MatchBoard) and view.unmatched:
            return _(
                "Give every left side a right side: {sides} still to match (or press s to skip "
                "the question)."
            ).format(sides=", ".join(view.unmatched))
        return None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#nudge").display = False  # the learner is typing, as it said

    def nudge(self, message: str) -> None:
        """Say what to do before enter can grade."""
        nudge = self.query_one("#nudge", Static)
        nudge.update(Content.assemble(("→ ", "bold"), message))
        nudge.display = True
        self.call_after_refresh(nudge.scroll_visible, animate=False)

    @on(ResponseChanged)
    def _hide_nudge(self, event: ResponseChanged) -> None:
        event.stop()
        self.query_one("#nudge").display = False  # the learner is doing what it said

    def response(self) -> object:
        """What the learner has chosen so far, as the engine reads it (None for nothing)."""
        if isinstance(self.view, Input):
            return self.view.value if self.view.value.strip() else None
        return self.view.response() if self.view is not None else None

    def pick(self, number: int) -> None:
        """A digit: pick, toggle, place or match, by question type; nothing once answered."""
        view = self.view
        if self.answered is None and self.ready and not isinstance(view, Input | None):
            view.pick(number)

    def show_hint(self) -> None:
        """Show the question's hint (the screen notes that it was seen)."""
        if not self.can_hint or self.question is None or self.question.hint is None:
            return
        hint = self.query_one("#hint", Static)
        hint.update(Content.assemble((_("Hint:") + " ", "bold"), inert(self.question.hint)))
        hint.display = True

    def reveal(self, grade: Grade, next_label: str) -> None:
        """Lock the answer and show the verdict, the right answer when it was missed, and the
        explanation; the main button then reads `next_label`.

        The question stays where it was, prompt on top: the verdict of each choice is marked on
        the choice itself, and the feedback is written short enough to follow it on one screen."""
        question, view, order = self.question, self.view, self.order
        if question is None:
            return
        self.answered = grade
        given = grade.response if isinstance(grade.response, list) else []
        marked_inline = False
        """The answer widget itself shows what the right answer was."""
        if isinstance(view, ChoiceList):
            if isinstance(question, ChoiceQuestion):
                view.reveal({n for n, p in enumerate(order, 1) if question.choices[p - 1].correct})
            elif isinstance(question, TrueFalse):
                view.reveal({1 if question.answer else 2})
            marked_inline = True
        elif isinstance(view, OrderBoard):
            view.reveal([p == place for place, p in enumerate(given, 1)])
        elif isinstance(view, MatchBoard):
            matched = given or [None] * len(view.lefts)
            view.reveal([r == i for i, r in enumerate(matched, 1)])
            marked_inline = True
        elif isinstance(view, Input):
            view.disabled = True
        for name in ("#instructions", "#nudge", "#hint"):
            self.query_one(name).display = False  # the answer and its verdict matter now
        text, style = verdict(grade, question)
        parts: list = [(text, f"bold {style}")]
        for remark in own_remarks(question, grade):
            parts += ["\n", (remark_text(remark), "italic")]
        right = (
            [(_("The right answer:"), "bold"), "\n", right_answer(question)]
            if not grade.correct and not marked_inline
            else []
        )
        if right and not isinstance(question, Ordering):
            parts += ["\n", *right]
            right = []
        if question.explanation:
            parts += ["\n", inert(question.explanation)]
        if right:
            parts += ["\n", *right]  # a whole order is long: after the explanation, not before
        feedback = self.query_one("#feedback", Static)
        feedback.update(Content.assemble(*parts))
        feedback.display = True
        feedback.set_class(grade.correct, "-right")
        feedback.set_class(not grade.correct, "-wrong")
        self.actions.label_submit(next_label + " ⏎")
        self.actions.hint.display = False
        self.actions.skip.display = False
        self.screen.set_focus(None)
        self.scroll_home(animate=False, immediate=True)
        # After the layout that places the feedback (one refresh to mount it, one to lay it out).
        self.call_after_refresh(self.call_after_refresh, self._show_verdicts)

    def _show_verdicts(self, tries: int = 6) -> None:
        """Scroll the question up just enough for the verdict of each choice picked (or of each
        left side matched) to show above the feedback, when a long question does not leave room
        for all of it."""
        if isinstance(self.view, ChoiceList):
            # A choice's verdict leads its first line.
            lines = [
                row.region.y for row in self.view.query(ChoiceRow) if row.number in self.view.chosen
            ]
        elif isinstance(self.view, MatchBoard):
            # A left side's verdict leads its first line too.
            lines = [row.region.y for row in self.view.query(ChoiceRow) if row.side == "left"]
        else:
            return
        if not lines or self.answered is None:
            return  # nothing picked, or gone on to another question meanwhile
        feedback = self.query_one("#feedback")
        room = self.query_one("#feedback-room")
        if tries <= 0:
            return
        if not room.display or room.outer_size.height != feedback.outer_size.height:
            room.styles.height = feedback.outer_size.height
            room.display = True
            self.call_after_refresh(self._show_verdicts, tries - 1)  # once the room is laid out
            return
        hidden = max(lines) + 1 - feedback.region.y  # lines under the feedback
        if hidden > 0:
            self.scroll_to(y=self.scroll_y + hidden, animate=False, immediate=True)
            if tries > 1:  # make sure, once laid out again
                self.call_after_refresh(self._show_verdicts, tries - 1)

    def scroll(self, direction: int) -> None:
        """Scroll the question by a page."""
        self.scroll_page_down() if direction > 0 else self.scroll_page_up()

    def scroll_feedback(self, direction: int) -> None:
        """Scroll the feedback by a line, when it is longer than its place."""
        feedback = self.query_one("#feedback")
        if direction > 0:
            feedback.scroll_down(animate=False)
        else:
            feedback.scroll_up(animate=False)
