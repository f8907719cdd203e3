"""Putting items in order from the keyboard: each digit places the next item of the sequence."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ResponseChanged
from trainer.tui.widgets.choice_row import ChoiceRow


class OrderBoard(Widget, can_focus=True):
    """Items shown shuffled and numbered; the learner builds the sequence one digit at a time, or
    with the arrows and space. Once the last but one item is placed, the last one follows."""

    DEFAULT_CSS = """
    OrderBoard {
        height: auto;
    }
    OrderBoard > Vertical {
        height: auto;
    }
    OrderBoard .board-label {
        color: $text-muted;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("space", "place", N_("Place"), show=False),
        Binding("backspace", "undo", N_("Undo last")),
    ]

    class Changed(ResponseChanged):
        """The learner placed an item, or took items back."""

    sequence: reactive[tuple[int, ...]] = reactive((), init=False)
    """Numbers (as shown) placed so far, in order."""
    cursor: reactive[int | None] = reactive(None, init=False)
    """The highlighted item (0-based), for space; None until an arrow moves it."""
    marks: reactive[tuple[bool, ...] | None] = reactive(None, init=False)
    """Once answered: for each place of the sequence, whether the right item is there."""

    def __init__(self, texts: list[str], positions: list[int]) -> None:
        super().__init__()
        translate_bindings(self)
        self.texts = texts
        """Item texts in the order shown."""
        self.positions = positions
        """The authored position of each item shown."""

    @property
    def locked(self) -> bool:
        """Answered: the sequence no longer changes."""
        return self.marks is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", classes="board-label", id="sequence")
            for number in range(1, len(self.texts) + 1):
                yield ChoiceRow(number, "item")

    def on_mount(self) -> None:
        self._draw()

    def watch_sequence(self) -> None:
        self._draw()
        self.post_message(self.Changed())

    def watch_cursor(self) -> None:
        self._draw()

    def watch_marks(self) -> None:
        self._draw()

    def on_focus(self) -> None:
        self._draw()  # the highlight's colour follows the focus

    def on_blur(self) -> None:
        self._draw()

    @property
    def complete(self) -> bool:
        """Every item is placed."""
        return len(self.sequence) == len(self.texts)

    def _unplaced(self, sequence: tuple[int, ...]) -> list[int]:
        """The numbers of the items not in `sequence`, as shown."""
        return [n for n in range(1, len(self.texts) + 1) if n not in sequence]

    def pick(self, number: int) -> None:
        """Place the item shown as `number` next in the sequence (and the last one with it)."""
        if self.locked or not 1 <= number <= len(self.texts) or number in self.sequence:
            return
        sequence = (*self.sequence, number)
        rest = self._unplaced(sequence)
        if len(rest) == 1:
            sequence += tuple(rest)  # only one place is left for it
        self.cursor = rest[0] - 1 if rest else None
        self.sequence = sequence

    def action_undo(self) -> None:
        """Take back the last item placed."""
        if self.sequence and not self.locked:
            *kept, last = self.sequence
            self.cursor = last - 1
            self.sequence = tuple(kept)

    def action_cursor(self, step: int) -> None:
        """Move the highlight among the items not placed yet; it stops at the ends."""
        free = [n - 1 for n in self._unplaced(self.sequence)]
        if self.locked or not free:
            return
        if self.cursor not in free:
            self.cursor = free[0] if step > 0 else free[-1]
        else:
            index = min(max(free.index(self.cursor) + step, 0), len(free) - 1)
            self.cursor = free[index]

    def action_place(self) -> None:
        """Place the highlighted item next."""
        if self.cursor is not None:
            self.pick(self.cursor + 1)

    def response(self) -> list[int] | None:
        """The order built (authored positions), the items not placed following as shown;
        None when nothing is placed."""
        if not self.sequence:
            return None
        order = [*self.sequence, *self._unplaced(self.sequence)]
        return [self.positions[n - 1] for n in order]

    def reveal(self, marks: list[bool]) -> None:
        """Lock the board and mark each place of the sequence right or wrong."""
        self.marks = tuple(marks)

    def _draw(self) -> None:
        lines: list = [_("Your order:")]
        if self.sequence:
            for place, number in enumerate(self.sequence, 1):
                lines += ["\n", f"  {place}. {inert(self.texts[number - 1])}"]
                if self.marks is not None and place <= len(self.marks):
                    lines.append(
                        ("  ✓", "bold $text-success")
                        if self.marks[place - 1]
                        else ("  ✗", "bold $text-error")
                    )
        else:
            lines += ["\n", "  " + _("(type the number of the item that comes first)")]
        if not self.locked:
            lines += ["\n", _("Items:")]
        for label in self.query("#sequence").results(Static):  # none before the board is composed
            label.update(Content.assemble(*lines))
        for row in self.query(ChoiceRow):
            placed = row.number in self.sequence
            highlighted = row.number - 1 == self.cursor and not self.locked
            marker = Content.assemble(
                ("▶" if highlighted else " ", "bold"), (f"[{row.number}] ", "bold")
            )
            row.show(marker, Content(inert(self.texts[row.number - 1])))
            row.set_class(placed, "-placed")
            row.set_class(highlighted, "-cursor")
            row.set_class(highlighted and not self.has_focus, "-blurred")
            # Once answered the sequence says it all; the item list would only repeat it.
            row.display = not self.locked

    @on(ChoiceRow.Clicked)
    def _place_clicked(self, event: ChoiceRow.Clicked) -> None:
        """A click places an item, or takes back that item and the ones placed after it."""
        event.stop()
        self.focus()
        if event.number in self.sequence and not self.locked:
            self.sequence = self.sequence[: self.sequence.index(event.number)]
        else:
            self.pick(event.number)
