"""The private Textual and Rich APIs that trainer touches, each in one place.

Textual and Rich keep these out of their public API, so any release may change them. Each is
wrapped once here, and `tests/unit/test_tui_compat.py` checks each one, failing with a message
that names the installed version when an upgrade changed it: then adapt the wrapper here (or the
subclass that relies on it), not the callers. pyproject.toml bounds Textual below the next major
version for the same reason.

The touch points:

- `rich._wrap.re_word` and `textual._wrap.re_chunk`: the patterns Rich and Textual split text
  into words with before wrapping (`wrapping.py` makes no-break spaces unbreakable);
- `DOMNode._bindings`: a node's own map of keys to bindings (translated descriptions, a key's
  description changed for one screen);
- `RadioSet._selected`: the radio button highlighted (the language in use, in the settings);
- `Screen._modal_binding_chain` and `App._check_action_state`: the chain of nodes a key is
  dispatched through, and whether an action may run now (the help screen lists the keys);
- `App._handle_exception`: where an unexpected error ends the app (the crash log);
- `Header._on_mount`: the header's title watchers, which fail when a title changes while the
  header is being taken down (its `HeaderTitle` already removed, the header not yet): replaced
  by `steady_header_titles` with the same watchers, tolerant of that moment;
- `CommandPalette._select_or_command`, `_action_command_list`, `_gather_commands`,
  `_cancel_gather_commands`, `_stop_no_matches_countdown` and `_GATHER_COMMANDS_GROUP`: the
  command palette's steps that `palette.SteadyCommandPalette` guards against bursts of keys.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from typing import TYPE_CHECKING

import rich._wrap
import textual._wrap
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode, NoScreen
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

if TYPE_CHECKING:  # the settings' radio buttons are not imported before the settings are shown
    from textual.widgets import RadioSet


def __getattr__(name: str) -> str:
    """`TEXTUAL_VERSION` and `RICH_VERSION`, for the messages of the tests, looked up when asked:
    reading the installed packages' metadata would cost every start of the app some ms."""
    if name in ("TEXTUAL_VERSION", "RICH_VERSION"):
        from importlib.metadata import version

        return version(name.split("_")[0].lower())
    raise AttributeError(name)


PALETTE_HOOKS = (
    "_select_or_command",
    "_action_command_list",
    "_gather_commands",
    "_cancel_gather_commands",
    "_stop_no_matches_countdown",
    "_GATHER_COMMANDS_GROUP",
)
"""The private parts of Textual's command palette that `SteadyCommandPalette` overrides or
calls."""


def missing_palette_hooks() -> list[str]:
    """The names of `PALETTE_HOOKS` that Textual's command palette no longer has."""
    return [name for name in PALETTE_HOOKS if not hasattr(CommandPalette, name)]


async def gather_commands(palette: CommandPalette, search_value: str) -> None:
    """Textual's own search of commands for `search_value`, run in the caller's worker: the
    body of `CommandPalette._gather_commands` without its `@work` decorator."""
    await inspect.unwrap(CommandPalette._gather_commands)(palette, search_value)


def set_word_patterns(rich_word: re.Pattern[str], textual_chunk: re.Pattern[str]) -> None:
    """Make Rich split text into words with `rich_word`, and Textual with `textual_chunk`: both
    read a module-level pattern each time they wrap."""
    rich._wrap.re_word = rich_word
    textual._wrap.re_chunk = textual_chunk


def key_bindings(node: DOMNode) -> dict[str, list[Binding]]:
    """`node`'s map of keys to bindings: Textual gives each node its own copy of its class's
    map, so changing it changes this node's keys only."""
    return node._bindings.key_to_bindings


def highlight_radio(radio_set: RadioSet, index: int) -> None:
    """Highlight the `index`th button of `radio_set` (RadioSet highlights its first one whatever
    is pressed)."""
    radio_set._selected = index


def binding_chain(screen: Screen[object]) -> list[tuple[DOMNode, BindingsMap]]:
    """The nodes a key on `screen` goes through, with their bindings: the focused widget, its
    parents, the screen, the app."""
    return screen._modal_binding_chain


def action_allowed(app: App[object], action: str, node: DOMNode) -> bool | None:
    """Whether `action` may run on `node` now (True), is shown disabled (None) or hidden."""
    return app._check_action_state(action, node)


def _header_on_mount(header: Header, _: Mount) -> None:
    """Textual's `Header._on_mount`, whose title watcher also lets a missing `HeaderTitle` pass.

    A burst of keys can change the app's title (a learner switched, a language chosen) while a
    screen's header is being removed: Textual removes the header's children first, and its
    watcher then finds no `HeaderTitle` and ends the app. The header is going: nothing to show."""

    async def set_title() -> None:
        with contextlib.suppress(NoScreen, NoMatches):
            header.query_one(HeaderTitle).update(header.format_title())

    header.watch(header.app, "title", set_title)
    header.watch(header.app, "sub_title", set_title)
    header.watch(header.screen, "title", set_title)
    header.watch(header.screen, "sub_title", set_title)


def steady_header_titles() -> None:
    """Give every `Header` the title watchers of `_header_on_mount` (once, at import of the app)."""
    Header._on_mount = _header_on_mount  # type: ignore[method-assign,assignment]
