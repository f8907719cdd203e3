"""One row of a question: a marker (box, number or letter), then text with a hanging indent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from trainer.tui.messages import ChoiceClicked


class ChoiceRow(Horizontal):
    """A choice, an item to place or a side to match; clicking it says which."""

    def __init__(self, number: int, side: str = "choice") -> None:
        super().__init__(classes="choice")
        self.number = number
        """The row's number as shown (1-based)."""
        self.side = side
        """`choice`, `item`, `left` or `right`."""

    def compose(self) -> ComposeResult:
        yield Static(classes="marker")
        yield Static(classes="text")

    def show(self, marker: Content, text: Content) -> None:
        """Draw the row."""
        self.query_one(".marker", Static).update(marker)
        self.query_one(".text", Static).update(text)

    def on_click(self) -> None:
        self.post_message(ChoiceClicked(self.number, self.side))
