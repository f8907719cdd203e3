"""Matching from the keyboard: for the current left side, a digit picks its right side."""

from __future__ import annotations

import string

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import ResponseChanged
from trainer.tui.widgets.choice_row import ChoiceRow


class MatchBoard(Widget, can_focus=True):
    """Left sides lettered A, B, C…; right sides shown shuffled and numbered, beside them when the
    terminal is wide enough (so that both are on screen before answering), else below."""

    DEFAULT_CSS = """
    MatchBoard {
        height: auto;
    }
    MatchBoard .board-label {
        color: $text-muted;
        padding: 0 1;
    }
    MatchBoard .match-columns {
        height: auto;
    }
    MatchBoard .match-lefts {
        width: 1fr;
        height: auto;
        margin-right: 1;
    }
    MatchBoard .match-rights {
        width: 1fr;
        height: auto;
    }
    MatchBoard.-narrow .match-columns {
        layout: vertical;
    }
    MatchBoard.-narrow .match-lefts, MatchBoard.-narrow .match-rights {
        width: 1fr;
        margin-right: 0;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", N_("Previous left side"), show=False),
        Binding("down", "move(1)", N_("Next left side"), show=False),
        Binding("backspace", "clear", N_("Clear")),
    ]

    class Changed(ResponseChanged):
        """The learner matched a left side, or cleared one."""

    assigned: reactive[dict[int, int]] = reactive(dict, init=False)
    """Left index (0-based) → right side number as shown."""
    current: reactive[int] = reactive(0, init=False)
    """The left side (0-based) that a digit matches."""
    correct: reactive[tuple[bool, ...] | None] = reactive(None, init=False)
    """Once answered: for each left side, whether it was matched right."""

    def __init__(self, lefts: list[str], rights: list[str], positions: list[int]) -> None:
        super().__init__()
        translate_bindings(self)
        self.lefts = lefts
        self.rights = rights
        """Right sides in the order shown."""
        self.positions = positions
        """The authored position of each right side shown."""

    @property
    def locked(self) -> bool:
        """Answered: the matches no longer change."""
        return self.correct is not None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="match-columns"):
            with Vertical(classes="match-lefts"):
                for index in range(len(self.lefts)):
                    yield ChoiceRow(index + 1, "left")
            with Vertical(classes="match-rights"):
                yield Static(_("Right sides:"), classes="board-label")
                for index in range(len(self.rights)):
                    yield ChoiceRow(index + 1, "right")

    def on_mount(self) -> None:
        self._draw()

    def watch_assigned(self) -> None:
        self._draw()
        self.post_message(self.Changed())

    def watch_current(self) -> None:
        self._draw()

    def watch_correct(self) -> None:
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 60, "-narrow")

    def pick(self, number: int) -> None:
        """Give the current left side the right side shown as `number`, then go to the next
        left side still unmatched."""
        if self.locked or not 1 <= number <= len(self.rights):
            return
        assigned = {**self.assigned, self.current: number}
        unmatched = [i for i in range(len(self.lefts)) if i not in assigned]
        following = [i for i in unmatched if i > self.current] or unmatched
        if following:
            self.current = following[0]
        self.assigned = assigned

    def action_move(self, step: int) -> None:
        """Choose another left side."""
        if not self.locked:
            self.current = (self.current + step) % len(self.lefts)

    def action_clear(self) -> None:
        """Unmatch the current left side."""
        if not self.locked and self.current in self.assigned:
            self.assigned = {i: n for i, n in self.assigned.items() if i != self.current}

    @property
    def unmatched(self) -> list[str]:
        """The letters of the left sides not matched yet."""
        return [
            string.ascii_uppercase[i % 26] for i in range(len(self.lefts)) if i not in self.assigned
        ]

    def response(self) -> list[int | None] | None:
        """For each left side, the authored position of its right side; None when none is
        matched."""
        if not self.assigned:
            return None
        return [
            self.positions[self.assigned[i] - 1] if i in self.assigned else None
            for i in range(len(self.lefts))
        ]

    def reveal(self, correct: list[bool]) -> None:
        """Lock the board and mark each left side right or wrong, with its right side when
        missed."""
        self.correct = tuple(correct)

    def right_side_of(self, index: int) -> int:
        """The number shown of left side `index`'s right side (pairs are authored matched)."""
        return self.positions.index(index + 1) + 1

    def _draw(self) -> None:
        letters = string.ascii_uppercase
        for row in self.query(ChoiceRow):
            index = row.number - 1
            if row.side == "left":
                number = self.assigned.get(index)
                target = f"{number}" if number else "…"
                current = index == self.current and not self.locked
                # The first column: the ▶ of the current side, then, once answered, its verdict
                # (first on its line, so that it shows even when the rest does not fit).
                lead: tuple[str, str] = ("▶ " if current else "  ", "bold")
                parts: list = [
                    inert(self.lefts[index]),
                    " → ",
                    (target, "bold"),
                ]  # not muted: it may sit on the highlight
                if self.correct is not None:
                    if self.correct[index]:
                        lead = ("✓ ", "bold $text-success")
                    else:
                        lead = ("✗ ", "bold $text-error")
                        parts += [
                            ("  ", ""),
                            (_("right: {n}").format(n=self.right_side_of(index)), "bold"),
                        ]
                row.show(
                    Content.assemble(lead, (f"{letters[index % 26]}. ", "bold")),
                    Content.assemble(*parts),
                )
                row.set_class(current, "-current")
                if current:
                    row.scroll_visible(animate=False)
            else:
                used = row.number in self.assigned.values()
                row.show(
                    Content.styled(f"  {row.number}. ", "bold"), Content(inert(self.rights[index]))
                )
                row.set_class(used, "-placed")

    @on(ChoiceRow.Clicked)
    def _match_clicked(self, event: ChoiceRow.Clicked) -> None:
        """A click on a left side makes it the current one; on a right side, matches it."""
        event.stop()
        if self.locked:
            return
        self.focus()
        if event.side == "left":
            self.current = event.number - 1
        else:
            self.pick(event.number)
