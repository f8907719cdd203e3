"""Screens with width breakpoints take their class when they are made: styled once before their
first frame, not again when the first resize gives the class (see `trainer.tui.breakpoints`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css import stylesheet

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.breakpoints import width_class
from trainer.tui.screens.course_map import CourseMapScreen

BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]


@pytest.mark.parametrize(
    ("width", "expected"), [(40, "-narrow"), (109, "-narrow"), (110, "-wide"), (200, "-wide")]
)
def test_the_width_class_is_the_widest_breakpoint_reached(width: int, expected: str) -> None:
    assert width_class(BREAKPOINTS, width) == expected
    assert width_class([(50, "-big")], 49) is None


@pytest.mark.parametrize(
    ("size", "shown", "not_shown"),
    [((80, 24), "-narrow", "-wide"), ((120, 40), "-wide", "-narrow")],
)
async def test_the_course_map_is_styled_once_before_its_first_frame(
    pack, tmp_path: Path, monkeypatch, size, shown, not_shown
) -> None:
    styled: list[str] = []
    apply = stylesheet.Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        if node.id == "course-count":  # a Static of the map, focused never
            styled.append(node.id)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(stylesheet.Stylesheet, "apply", counting)
    store = Store.open(tmp_path / "p.sqlite3")
    app = TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert app.screen.has_class(shown) and not app.screen.has_class(not_shown)
        # Mounted, then the screen's resume: no third time for a class given by the resize.
        assert len(styled) == 2
        await pilot.resize_terminal(200 if shown == "-narrow" else 80, size[1])
        await pilot.pause()
        assert app.screen.has_class(not_shown) and not app.screen.has_class(shown)


def test_a_screen_made_outside_a_running_app_waits_for_its_first_resize(pack, tmp_path) -> None:
    from trainer.session import Session

    store = Store.open(tmp_path / "p.sqlite3")
    learner = store.add_learner("Anne", FixedClock()())
    screen = CourseMapScreen(Session(pack.course("en"), store, learner, FixedClock(), seeds_from()))
    assert not screen.has_class("-narrow") and not screen.has_class("-wide")
