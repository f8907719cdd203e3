"""One row of a question: a marker (box, number or letter), then text with a hanging indent."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


class ChoiceRow(Horizontal):
    """A choice, an item to place or a side to match; clicking it says which.

    Its owner marks it with classes: `-picked`, `-placed`, `-cursor` (the highlight, `-blurred`
    when the owner has not the focus) and `-current` (the left side being matched)."""

    DEFAULT_CSS = """
    ChoiceRow {
        height: auto;
        padding: 0 1;
    }
    ChoiceRow .marker {
        width: auto;
    }
    ChoiceRow .text {
        width: 1fr;
    }
    ChoiceRow.-picked {
        color: $text-accent;
        text-style: bold;
    }
    /* The highlight: the same colours as Textual's own option lists, so plain in every theme
       (yellow on black in high contrast); a ▶ marks it too, for those who cannot tell colours. */
    ChoiceRow.-cursor, ChoiceRow.-current {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    ChoiceRow.-cursor.-blurred {
        background: $primary 30%;
        color: $text;
    }
    ChoiceRow.-placed {
        color: $text-disabled;
    }
    """

    @dataclass
    class Clicked(Message):
        """A row was clicked: `number` as shown on screen (1-based), and which kind of row
        (`choice`, `item`, `left`, `right`)."""

        number: int
        side: str = "choice"

    def __init__(self, number: int, side: str = "choice") -> None:
        super().__init__()
        self.number = number
        """The row's number as shown (1-based)."""
        self.side = side
        """`choice`, `item`, `left` or `right`."""
        # Made here rather than in compose, so that the owner may draw the row before it has
        # mounted its children (a key's watcher can run between the two on a busy machine).
        self._marker = Static(classes="marker")
        self._text = Static(classes="text")

    def compose(self) -> ComposeResult:
        yield self._marker
        yield self._text

    def show(self, marker: Content, text: Content) -> None:
        """Draw the row (at any time: before its parts are mounted, they show it once they are)."""
        self._marker.update(marker)
        self._text.update(text)

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.number, self.side))
