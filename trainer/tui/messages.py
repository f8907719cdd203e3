"""Messages the app's widgets send, as small dataclasses with past-tense names."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ResponseChanged(Message):
    """The learner changed what is picked in the current question."""


@dataclass
class ChoiceClicked(Message):
    """A choice, item or side was clicked: `number` as shown on screen (1-based), and which
    kind of row (`choice`, `item`, `left`, `right`)."""

    number: int
    side: str = "choice"
