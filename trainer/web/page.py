"""The pages `trainer serve` sends: the app's page, and the short pages that say why not.

The app's page is textual-serve's, rewritten here so that it fetches nothing from outside (its
font is served from textual-serve's own files, not from Google's), speaks the interface's
language, says why a session ended, and turns on xterm.js's screen-reader mode, which keeps the
terminal's text in the page (`.xterm-accessibility`) and reads new lines aloud (`aria-live`).
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import jinja2
import textual_serve

from trainer.i18n import _, current_language, ngettext

STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's files: xterm.js and textual.js, its CSS, the Roboto Mono font."""
TEMPLATES = Path(__file__).parent / "templates"
IDLE_CLOSE_CODE = 4000
"""The websocket close code of a session closed for lack of activity (4000–4999: the
application's own)."""

_TERMINAL_OPTIONS = "scrollback:0,fontFamily:"
"""Where textual.js creates its xterm.js `Terminal` (textual-serve 1.1): the options it passes."""


class PageError(Exception):
    """textual-serve's script is not the one this module knows how to change."""


PLAIN_SCROLLBACK = 5000
"""Lines a plain-mode page keeps above the screen, to scroll back to (the app needs none: it
redraws its whole screen)."""


@cache
def screen_reader_script(plain: bool = False) -> bytes:
    """textual.js, creating its terminal with `screenReaderMode` on (and, for plain mode, lines
    to scroll back to).

    textual-serve keeps the terminal in a closure and sets no such option; its bundled script is
    the one place to ask for it. PageError when the script has changed shape (another
    textual-serve): the server then serves it as it is, and says so.
    """
    script = (STATIC / "js" / "textual.js").read_text(encoding="utf-8")
    if script.count(_TERMINAL_OPTIONS) != 1:
        raise PageError(
            _(
                "textual-serve's page has changed: the browser's screen-reader mode is off (use "
                "serve --plain)"
            )
        )
    scrollback = PLAIN_SCROLLBACK if plain else 0
    return script.replace(
        _TERMINAL_OPTIONS, f"scrollback:{scrollback},screenReaderMode:!0,fontFamily:", 1
    ).encode("utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def app_page(title: str, font_size: int, idle_minutes: float | None) -> str:
    """The page that opens a session, `title` (the course's, already inert) at its head.

    Its files and websocket are addressed from the page's own address, not from the server's: behind
    the organisation's proxy the browser only knows the proxy's (https://…, a path prefix).
    """
    return (
        _environment()
        .get_template("page.html")
        .render(
            lang=current_language(),
            title=title,
            font_size=font_size,
            idle_code=IDLE_CLOSE_CODE,
            idle_message=idle_message(idle_minutes),
            starting=_("The course is starting…"),
            start=_("Start"),
            ended_message=_("The session has ended. Your answers are saved."),
            restart=_("Open the course again"),
        )
    )


def idle_message(minutes: float | None) -> str:
    """What the page says when the server closed the session for lack of activity."""
    if minutes is None:
        return ""
    shown = max(1, round(minutes))
    return ngettext(
        "The session was closed after {minutes} minute without activity. Your answers are saved: "
        "open the course again to go on.",
        "The session was closed after {minutes} minutes without activity. Your answers are "
        "saved: open the course again to go on.",
        shown,
    ).format(minutes=shown)


def message_page(title: str, message: str) -> str:
    """A short page that says why the app is not served (full, no account)."""
    title, message = html.escape(title), html.escape(message)
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta '
        f'charset="utf-8"><title>{title}</title></head>'
        f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">'
        f"<h1>{title}</h1><p>{message}</p></body></html>\n"
    )


def no_account_page() -> str:
    """The 401 page: the request did not come through the organisation's sign-on."""
    return message_page(
        _("Sign-in needed"),
        _(
            "This course is open to the organisation's agents once signed in. Open it from the "
            "address your organisation gave you, which signs you in first."
        ),
    )
