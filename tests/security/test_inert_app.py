"""The app shows a hostile pack's text inert: escape sequences, OSC 8 hyperlinks, bells, C1
controls and bidi overrides appear as `\\x1b`, `\\u202e`…, and Rich markup as the text it is.

Every screen is checked as the terminal would receive it: all the segments the compositor sends.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clock import FixedClock, seeds_from
from tests.security.hostile import RAW_CONTROLS, write_hostile_pack
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp


def _screen_text(app: TrainerApp) -> str:
    """Every character the screen sends to the terminal, segment by segment."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _links(app: TrainerApp) -> set[str]:
    strips = app.screen._compositor.render_strips()
    return {
        segment.style.link
        for strip in strips
        for segment in strip
        if segment.style is not None and segment.style.link
    }


def _assert_inert(app: TrainerApp) -> str:
    text = _screen_text(app)
    for control in RAW_CONTROLS:
        assert control not in text, f"{control!r} on {type(app.screen).__name__}"
    # A Markdown link in a lesson is a link; markup and OSC 8 sequences never make one.
    assert not any(".invalid" in link for link in _links(app)), _links(app)
    return text


async def test_hostile_text_is_shown_inert_on_every_screen(tmp_path: Path) -> None:
    pack, _ = check_pack(write_hostile_pack(tmp_path / "pack"))
    app = TrainerApp(
        pack.course(),
        Store.in_memory(),
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
    )
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        shown = _assert_inert(app)  # the course map: course, module and lesson titles
        assert "\\x1b[31mred" in shown
        await pilot.press("enter")  # the lesson: title, objectives, sources and body
        await pilot.pause()
        shown = _assert_inert(app)
        assert "\\u202e" in shown
        await pilot.press("enter")  # its quiz: title, prompt and choices
        await pilot.pause()
        shown = _assert_inert(app)
        assert "[bold red]markup[/]" in shown  # markup is text, not style
        await pilot.press("h")  # the hint
        await pilot.pause()
        _assert_inert(app)
        await pilot.press("1", "enter")  # the feedback and explanation
        await pilot.pause()
        _assert_inert(app)


async def test_report_app_header_and_screen_are_inert(tmp_path: Path) -> None:
    """`trainer report --app`: the course title in the header, quiz titles, prompts and the typed
    answers of a collected progress file reach the terminal inert."""
    from tests.security.hostile import write_hostile_store
    from trainer.report.sources import gather
    from trainer.tui.report_app import ReportApp

    root = write_hostile_pack(tmp_path / "pack")
    write_hostile_store(tmp_path / "data" / "progress.sqlite3", root)
    pack, _ = check_pack(root)
    course = pack.course()
    app = ReportApp(course, gather(course, [str(tmp_path / "data" / "progress.sqlite3")]))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        shown = _assert_inert(app)
        assert "\\x1b]8;;https://osc8.invalid\\x07" in shown  # the header's title, made visible
