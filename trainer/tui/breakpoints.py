"""Width classes given before a screen's first frame.

Textual gives a screen with `HORIZONTAL_BREAKPOINTS` its class (`-narrow`, `-wide`) at its first
resize, after its widgets are styled: adding the class then styles every widget of the screen once
more before the first frame. A screen that takes its class when it is made, from the app's size,
is styled once; the resize that follows finds the class already there and changes nothing.
"""

from __future__ import annotations

from typing import Any

from textual.dom import NoActiveAppError
from textual.screen import Screen


def width_class(breakpoints: list[tuple[int, str]], width: int) -> str | None:
    """The class Textual gives a screen `width` cells wide: the widest breakpoint it reaches."""
    reached = [(least, name) for least, name in breakpoints if width >= least]
    return max(reached)[1] if reached else None


def take_width_class(screen: Screen[Any]) -> None:
    """Give `screen` (made, not yet shown) the class of the app's width now, styling nothing; a
    screen made outside a running app gets its class from its first resize, as Textual gives it."""
    try:
        width = screen.app.size.width
    except NoActiveAppError:
        return
    name = width_class(screen.HORIZONTAL_BREAKPOINTS or [], width)
    if name is not None:
        screen.add_class(name, update=False)
