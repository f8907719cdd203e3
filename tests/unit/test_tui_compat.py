"""Each private Textual and Rich API that trainer touches (gathered in `trainer/tui/compat.py`)
still works as trainer relies on it. A failure names the installed version: an upgrade changed
that API, and the wrapper in compat.py (not its callers) needs adapting."""

from __future__ import annotations

import inspect
import re

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.widgets import RadioButton, RadioSet

from trainer.tui import compat

UPGRADE = (
    f"Textual {compat.TEXTUAL_VERSION} / Rich {compat.RICH_VERSION} changed a private API that "
    "trainer/tui/compat.py wraps"
)


def test_rich_and_textual_wrap_at_the_patterns_set() -> None:
    import rich._wrap
    import textual._wrap

    before = (rich._wrap.re_word, textual._wrap.re_chunk)
    try:
        compat.set_word_patterns(re.compile(r"\S+\s*"), re.compile(r"\S+\s*|\s+"))
        assert isinstance(rich._wrap.re_word, re.Pattern), UPGRADE
        assert isinstance(textual._wrap.re_chunk, re.Pattern), UPGRADE
    finally:
        compat.set_word_patterns(*before)


def test_no_break_spaces_do_not_break_lines_in_rich_or_textual() -> None:
    import trainer.tui.wrapping  # noqa: F401  (sets the patterns)

    text = "Prix\u00a0: 3\u00a0750\u00a0€"
    expected = ["Prix\u00a0:", "3\u00a0750\u00a0€"]
    rich_lines = Text(text).wrap(Console(width=40), 8)
    assert [line.plain.rstrip() for line in rich_lines] == expected, f"{UPGRADE}: rich._wrap"
    textual_lines = Content(text).wrap(8)
    assert [line.plain.rstrip() for line in textual_lines] == expected, f"{UPGRADE}: textual._wrap"


class KeyScreen(Screen[None]):
    BINDINGS = [Binding("x", "bell", "Ring")]


class KeysApp(App[None]):
    def compose(self) -> ComposeResult:
        with RadioSet():
            yield RadioButton("one")
            yield RadioButton("two", value=True)
            yield RadioButton("three")


def test_key_bindings_are_each_nodes_own_map() -> None:
    first, second = KeyScreen(), KeyScreen()
    bindings = compat.key_bindings(first)
    assert isinstance(bindings, dict) and [b.description for b in bindings["x"]] == ["Ring"], (
        f"{UPGRADE}: DOMNode._bindings.key_to_bindings"
    )
    bindings["x"] = [Binding("x", "bell", "Sonner")]
    assert compat.key_bindings(second)["x"][0].description == "Ring", (
        f"{UPGRADE}: DOMNode._bindings is no longer a per-instance copy"
    )


async def test_a_radio_set_highlights_the_button_asked() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        radio_set = app.query_one(RadioSet)
        compat.highlight_radio(radio_set, radio_set.pressed_index)
        await pilot.pause()
        assert radio_set.pressed_index == 1
        buttons = list(radio_set.query(RadioButton))
        highlighted = [b for b in buttons if b.has_class("-selected")]
        assert highlighted == [buttons[1]], f"{UPGRADE}: RadioSet._selected"


async def test_the_binding_chain_and_action_states_are_readable() -> None:
    app = KeysApp()
    async with app.run_test():
        screen = app.screen
        chain = compat.binding_chain(screen)
        nodes = [node for node, _bindings in chain]
        assert screen in nodes and app in nodes, f"{UPGRADE}: Screen._modal_binding_chain"
        assert all(hasattr(bindings, "key_to_bindings") for _node, bindings in chain), (
            f"{UPGRADE}: Screen._modal_binding_chain"
        )
        assert compat.action_allowed(app, "bell", app) is True, (
            f"{UPGRADE}: App._check_action_state"
        )


def test_the_command_palette_still_has_the_steps_trainer_guards() -> None:
    assert compat.missing_palette_hooks() == [], f"{UPGRADE}: CommandPalette"
    body = inspect.unwrap(CommandPalette._gather_commands)
    assert inspect.iscoroutinefunction(body), f"{UPGRADE}: CommandPalette._gather_commands"
    assert list(inspect.signature(body).parameters) == ["self", "search_value"], (
        f"{UPGRADE}: CommandPalette._gather_commands"
    )
    assert isinstance(CommandPalette._GATHER_COMMANDS_GROUP, str), UPGRADE


def test_the_app_still_ends_on_an_unexpected_error_through_handle_exception() -> None:
    hook = getattr(App, "_handle_exception", None)
    assert hook is not None, f"{UPGRADE}: App._handle_exception"
    assert list(inspect.signature(hook).parameters) == ["self", "error"], (
        f"{UPGRADE}: App._handle_exception"
    )


@pytest.mark.parametrize("name", compat.PALETTE_HOOKS)
def test_each_palette_hook_is_there(name: str) -> None:
    assert hasattr(CommandPalette, name), f"{UPGRADE}: CommandPalette.{name}"


def test_header_mount_still_watches_titles_through_header_title() -> None:
    from textual.widgets import Header

    source = inspect.getsource(compat._header_on_mount)
    upstream = inspect.getsource(Header.__dict__.get("_on_mount", compat._header_on_mount))
    assert "HeaderTitle" in upstream and "watch" in upstream, UPGRADE
    assert source.count("header.watch(") == 4


async def test_a_title_changed_while_the_header_is_taken_down_ends_nothing() -> None:
    from textual.widgets import Header
    from textual.widgets._header import HeaderTitle

    compat.steady_header_titles()

    class Titled(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()

    app = Titled()
    async with app.run_test() as pilot:
        header = app.query_one(Header)
        await header.query_one(HeaderTitle).remove()
        app.title = "Another title"
        app.sub_title = "Another learner"
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)
