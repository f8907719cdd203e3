"""Numbered choices for single, multiple and true/false questions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget

from trainer.i18n import N_
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ChoiceClicked, ResponseChanged
from trainer.tui.widgets.choice_row import ChoiceRow


class ChoiceList(Widget, can_focus=True):
    """Choices numbered as shown; `values` are what each shown number stands for (authored
    positions, or True/False)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("space", "toggle", N_("Pick"), show=False),
    ]

    def __init__(self, texts: list[str], values: list[object], multiple: bool, feedbacks: list[str | None] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.texts = texts
        self.values = values
        self.multiple = multiple
        self.feedbacks = feedbacks or [None] * len(texts)
        self.chosen: list[int] = []
        """Numbers (as shown, 1-based) picked, in the order picked."""
        self.cursor = 0
        self.locked = False
        self.correct: set[int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            for number in range(1, len(self.texts) + 1):
                yield ChoiceRow(number)

    def on_mount(self) -> None:
        self._draw()

    def pick(self, number: int) -> None:
        """Pick (or, in a multiple question, toggle) the choice shown as `number`."""
        if self.locked or not 1 <= number <= len(self.texts):
            return
        if self.multiple:
            if number in self.chosen:
                self.chosen.remove(number)
            else:
                self.chosen.append(number)
        else:
            self.chosen = [number]
        self.cursor = number - 1
        self._draw()
        self.post_message(ResponseChanged())

    def response(self) -> object:
        """What is picked, as the engine reads it (None when nothing is)."""
        if self.multiple:
            return sorted(self.values[n - 1] for n in self.chosen) if self.chosen else None
        return self.values[self.chosen[0] - 1] if self.chosen else None

    def reveal(self, correct_numbers: set[int]) -> None:
        """Lock the choices and mark the right and wrong ones, with each chosen one's feedback."""
        self.locked = True
        self.correct = correct_numbers
        self._draw()

    def _draw(self) -> None:
        for row in self.query(ChoiceRow):
            number = row.number
            picked = number in self.chosen
            if self.multiple:
                box = "[x]" if picked else "[ ]"
            else:
                box = "(•)" if picked else "( )"
            marker = Content.assemble((f"{box} ", "bold" if picked else ""), (f"{number}. ", "bold"))
            parts: list = [inert(self.texts[number - 1])]
            if self.correct is not None:
                if number in self.correct:
                    parts.append(("  ✓", "$text-success"))
                elif picked:
                    parts.append(("  ✗", "$text-error"))
                feedback = self.feedbacks[number - 1]
                if feedback and picked:
                    parts.append(("\n" + inert(feedback), "italic"))
            row.show(marker, Content.assemble(*parts))
            row.set_class(picked, "-picked")
            row.set_class(self.has_focus and number - 1 == self.cursor and not self.locked, "-cursor")
            if self.correct is not None:
                row.set_class(number in self.correct, "-right")
                row.set_class(picked and number not in self.correct, "-wrong")

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    def action_cursor(self, step: int) -> None:
        """Move the cursor."""
        if not self.locked:
            self.cursor = (self.cursor + step) % len(self.texts)
            self._draw()

    def action_toggle(self) -> None:
        """Pick the choice under the cursor."""
        self.pick(self.cursor + 1)

    def on_choice_clicked(self, event: ChoiceClicked) -> None:
        event.stop()
        self.focus()
        self.pick(event.number)
