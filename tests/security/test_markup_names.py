"""A learner's name is text on every screen that shows it: never Textual markup, never an escape
sequence. `[@click=app.quit]` is no action, `[link=…]` no link, "Dupont [RH]" keeps "[RH]", `x[/]`
does not crash the app, and OSC 52 / C1 controls in a name are shown inert.

Each screen is checked as the terminal receives it: the segments the compositor sends.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandList

from tests.helpers.clock import FixedClock, seeds_from
from tests.security.hostile import RAW_CONTROLS
from trainer.inert import inert
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.dashboard import DashboardScreen
from trainer.tui.screens.learners import LearnerScreen
from trainer.tui.screens.name_dialog import NameScreen
from trainer.tui.screens.settings import SettingsScreen

NAMES = [
    "[@click=app.quit]Mallory[/]",
    "[link='file:///etc/passwd']Eve[/link]",
    "Dupont [RH]",
    "x[/]",
    "Marie [b]Curie",
    "Osc\x1b]52;c;SGFja2Vk\x07 \x9b2J \u202eRTL \x1b]0;TITLE\x07",
]


def _strips(app: TrainerApp):
    return app.screen._compositor.render_strips()


def _screen_text(app: TrainerApp) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in _strips(app))


def _squeezed(text: str) -> str:
    """Text without spaces, line breaks and frames: what a wrapped line in a dialog reads."""
    return re.sub(r"[\s│╭╮╰╯─▊▎▔▁]", "", text)


def _assert_literal(app: TrainerApp, name: str) -> None:
    """The name is on screen as it was typed (made inert), with no control, link or action."""
    text = _screen_text(app)
    screen = type(app.screen).__name__
    assert _squeezed(inert(name)) in _squeezed(text), (
        f"{name!r} not shown literally on {screen}:\n{text}"
    )
    for control in RAW_CONTROLS:
        assert control not in text, f"{control!r} on {screen}"
    for strip in _strips(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link, f"a link {style.link!r} on {screen}"
            actions = [value for key, value in (style.meta or {}).items() if key.startswith("@")]
            assert not any("quit" in str(action) for action in actions), (
                f"an action {actions} on {screen}"
            )


@pytest.mark.parametrize(
    "name", NAMES, ids=["click", "link", "brackets", "closing-tag", "bold", "controls"]
)
async def test_a_name_is_text_on_every_screen_that_shows_it(
    pack, tmp_path: Path, name: str
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name=name,
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
    )
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        _assert_literal(app, name)  # the header's sub-title, on the course map
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        _assert_literal(app, name)
        assert inert(name) in str(app.screen.query_one(".title").render())
        await pilot.click("#dashboard .title")  # a click on the title runs nothing
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        _assert_literal(app, name)
        assert inert(name) in str(app.screen.query_one(".title").render())
        await pilot.press("escape", "l")
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        _assert_literal(app, name)
        await pilot.press("r")  # rename: the dialog quotes the name
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        _assert_literal(app, name)
        await pilot.press("escape", "d")  # delete: the confirmation quotes it twice
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        _assert_literal(app, name)
        await pilot.press("y")  # deleted: the toast quotes it
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        # The toast quotes the name as text (the header no longer names a deleted learner).
        notice = list(app._notifications)[-1]
        assert notice.message == f"{inert(name)} was deleted." and not notice.markup
        assert app.is_running and app.return_code is None
    assert store.learner(name) is None


async def test_a_pack_title_is_text_in_the_command_palette(tmp_path: Path) -> None:
    """The palette reads commands as markup: a lesson titled like a tag keeps its brackets."""
    from tests.security.hostile import write_hostile_pack
    from trainer.quiz.pack_check import check_pack

    pack, _ = check_pack(write_hostile_pack(tmp_path / "pack"))
    app = TrainerApp(
        pack.course(),
        Store.in_memory(),
        learner_name="Dupont [RH]",
        clock=FixedClock(),
        seeds=seeds_from(),
    )
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open")
        await pilot.pause(0.3)
        shown = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert shown and all(
            "[bold red]markup[/] [link=https://markup.invalid]link[/link]" in s for s in shown
        ), shown
        _assert_literal(app, "")  # no raw control, no link, no action anywhere on the screen
