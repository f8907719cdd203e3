"""Numbered choices for single, multiple and true/false questions."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ResponseChanged
from trainer.tui.widgets.choice_row import ChoiceRow


class ChoiceList(Widget, can_focus=True):
    """Choices numbered as shown; `values` are what each shown number stands for (authored
    positions, or True/False).

    Nothing is highlighted when the question appears, so that enter alone answers nothing. In a
    one-answer question the highlight is the answer (as in Textual's `OptionList`, enter answers
    the highlighted choice); in a several-answer question space or a digit ticks the highlighted
    one. The rows are drawn again whenever the picks, the highlight or the verdicts change.
    """

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
    }
    ChoiceList > Vertical {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("home", "cursor_to(1)", N_("First"), show=False),
        Binding("end", "cursor_to(-1)", N_("Last"), show=False),
        Binding("space", "pick_highlighted", N_("Pick"), show=False),
        Binding("backspace", "take_back", N_("Take back"), show=False),
    ]

    class Changed(ResponseChanged):
        """The learner picked, ticked or took back a choice."""

    chosen: reactive[tuple[int, ...]] = reactive((), init=False)
    """Numbers (as shown, 1-based) picked, in the order picked."""
    cursor: reactive[int | None] = reactive(None, init=False)
    """The highlighted row (0-based); None until an arrow or a digit moves it."""
    correct: reactive[frozenset[int] | None] = reactive(None, init=False)
    """Once answered, the numbers of the right choices: the rows are locked and marked."""

    def __init__(
        self,
        texts: list[str],
        values: Sequence[int],
        multiple: bool,
        feedbacks: list[str | None] | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.texts = texts
        self.values = values
        """What each number shown stands for: an authored position, or True and False."""
        self.multiple = multiple
        self.feedbacks = feedbacks or [None] * len(texts)

    @property
    def locked(self) -> bool:
        """Answered: the picks no longer change."""
        return self.correct is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            for number in range(1, len(self.texts) + 1):
                yield ChoiceRow(number)

    def on_mount(self) -> None:
        self._draw()

    def watch_chosen(self) -> None:
        self._draw()
        self.post_message(self.Changed())

    def watch_cursor(self) -> None:
        self._draw()

    def watch_correct(self) -> None:
        self._draw()

    def on_focus(self) -> None:
        self._draw()  # the highlight's colour follows the focus

    def on_blur(self) -> None:
        self._draw()

    def pick(self, number: int) -> None:
        """Pick (or, in a multiple question, toggle) the choice shown as `number`."""
        if self.locked or not 1 <= number <= len(self.texts):
            return
        self.cursor = number - 1
        if not self.multiple:
            self.chosen = (number,)
        elif number in self.chosen:
            self.chosen = tuple(n for n in self.chosen if n != number)
        else:
            self.chosen = (*self.chosen, number)

    def response(self) -> int | list[int] | None:
        """What is picked, as the engine reads it (None when nothing is)."""
        if self.multiple:
            return sorted(self.values[n - 1] for n in self.chosen) if self.chosen else None
        return self.values[self.chosen[0] - 1] if self.chosen else None

    def reveal(self, correct_numbers: set[int]) -> None:
        """Lock the choices and mark the right and wrong ones, with each chosen one's feedback."""
        self.correct = frozenset(correct_numbers)

    def _draw(self) -> None:
        for row in self.query(ChoiceRow):
            number = row.number
            picked = number in self.chosen
            ticked, unticked = ("[x]", "[ ]") if self.multiple else ("(•)", "( )")
            box = ticked if picked else unticked
            highlighted = number - 1 == self.cursor and not self.locked
            # Before the answer the first column shows the highlight (a ▶, not colour alone);
            # after it, each choice's verdict, first on its line so that it shows even when the
            # rest of a long choice does not fit the screen.
            lead: tuple[str, str] = ("▶" if highlighted else " ", "bold")
            parts: list = [inert(self.texts[number - 1])]
            if self.correct is not None:
                right = number in self.correct
                if right and picked:
                    lead = ("✓", "bold $text-success")
                elif right:
                    # A right choice the learner left out: not the same mark as a right pick.
                    lead = ("◌", "bold $text-warning")
                    missed = (
                        _("right answer, not ticked") if self.multiple else _("the right answer")
                    )
                    parts.append(("  ← " + missed, "bold $text-warning"))
                elif picked:
                    lead = ("✗", "bold $text-error")
                feedback = self.feedbacks[number - 1]
                # A right pick's feedback only confirms it: the lines go to the wrong ones.
                if feedback and picked and not (right and self.multiple):
                    parts.append(("\n" + inert(feedback), "italic"))
            marker = Content.assemble(
                lead, (f"{box} ", "bold" if picked else ""), (f"{number}. ", "bold")
            )
            row.show(marker, Content.assemble(*parts))
            row.set_class(picked, "-picked")
            row.set_class(highlighted, "-cursor")
            row.set_class(highlighted and not self.has_focus, "-blurred")
            if highlighted:
                row.scroll_visible(animate=False)
            if self.correct is not None:
                row.set_class(number in self.correct and picked, "-right")
                row.set_class(number in self.correct and not picked, "-missed")
                row.set_class(picked and number not in self.correct, "-wrong")

    def _move_to(self, index: int) -> None:
        """Highlight row `index`; in a one-answer question the highlight is the answer."""
        if self.multiple:
            self.cursor = index
        else:
            self.pick(index + 1)

    def action_cursor(self, step: int) -> None:
        """Move the highlight; it stops at the first and last choices rather than wrapping
        round, so that a held arrow key does not land somewhere unexpected."""
        if self.locked:
            return
        if self.cursor is None:
            index = 0 if step > 0 else len(self.texts) - 1
        else:
            index = min(max(self.cursor + step, 0), len(self.texts) - 1)
        self._move_to(index)

    def action_cursor_to(self, number: int) -> None:
        """Highlight the first (1) or the last (-1) choice."""
        if not self.locked:
            self._move_to(0 if number > 0 else len(self.texts) - 1)

    def action_pick_highlighted(self) -> None:
        """Pick (or tick and untick) the highlighted choice; nothing when none is highlighted."""
        if self.cursor is not None:
            self.pick(self.cursor + 1)

    def action_take_back(self) -> None:
        """Take back the last choice picked (in a several-answer question, untick the last
        ticked)."""
        if self.locked or not self.chosen:
            return
        *kept, number = self.chosen
        # In a one-answer question the highlight is the answer: taking it back clears both.
        self.cursor = number - 1 if self.multiple else None
        self.chosen = tuple(kept)

    @on(ChoiceRow.Clicked)
    def _pick_clicked(self, event: ChoiceRow.Clicked) -> None:
        event.stop()
        self.focus()
        self.pick(event.number)
