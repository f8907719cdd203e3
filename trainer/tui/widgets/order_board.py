"""Putting items in order from the keyboard: each digit places the next item of the sequence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ChoiceClicked, ResponseChanged
from trainer.tui.widgets.choice_row import ChoiceRow


class OrderBoard(Widget, can_focus=True):
    """Items shown shuffled and numbered; the learner builds the sequence one digit at a time."""

    BINDINGS = [Binding("backspace", "undo", N_("Undo last"))]

    def __init__(self, texts: list[str], positions: list[int]) -> None:
        super().__init__()
        translate_bindings(self)
        self.texts = texts
        """Item texts in the order shown."""
        self.positions = positions
        """The authored position of each item shown."""
        self.sequence: list[int] = []
        """Numbers (as shown) placed so far, in order."""
        self.locked = False
        self.right = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", classes="board-label", id="sequence")
            for number in range(1, len(self.texts) + 1):
                yield ChoiceRow(number, "item")

    def on_mount(self) -> None:
        self._draw()

    def pick(self, number: int) -> None:
        """Place the item shown as `number` next in the sequence."""
        if self.locked or not 1 <= number <= len(self.texts) or number in self.sequence:
            return
        self.sequence.append(number)
        self._draw()
        self.post_message(ResponseChanged())

    def action_undo(self) -> None:
        """Take back the last item placed."""
        if self.sequence and not self.locked:
            self.sequence.pop()
            self._draw()
            self.post_message(ResponseChanged())

    def response(self) -> list[int] | None:
        """The order built (authored positions), the items not placed following as shown;
        None when nothing is placed."""
        if not self.sequence:
            return None
        rest = [n for n in range(1, len(self.texts) + 1) if n not in self.sequence]
        return [self.positions[n - 1] for n in self.sequence + rest]

    def reveal(self, right: bool) -> None:
        """Lock the board."""
        self.locked = True
        self.right = right
        self._draw()

    def _draw(self) -> None:
        lines = [_("Your order:")]
        if self.sequence:
            lines += [f"  {place}. {inert(self.texts[n - 1])}" for place, n in enumerate(self.sequence, 1)]
        else:
            lines.append("  " + _("(type the number of the item that comes first)"))
        lines.append(_("Items:"))
        self.query_one("#sequence", Static).update(Content("\n".join(lines)))
        for row in self.query(ChoiceRow):
            placed = row.number in self.sequence
            row.show(Content.styled(f"[{row.number}] ", "bold"), Content(inert(self.texts[row.number - 1])))
            row.set_class(placed, "-placed")

    def on_choice_clicked(self, event: ChoiceClicked) -> None:
        event.stop()
        self.focus()
        if event.number in self.sequence and not self.locked:
            self.sequence = self.sequence[: self.sequence.index(event.number)]
            self._draw()
            self.post_message(ResponseChanged())
        else:
            self.pick(event.number)
