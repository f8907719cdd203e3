"""The child side of the start-up benchmarks: `python -m bench.probe trainer|baseline ARGS`.

Each run is a fresh process. It writes one line, `ready <peak RSS in KiB>`, on its standard output
at its first frame, then quits; the parent times the line from the moment it spawned the process.

The first frame, the same for both sides: the screen that shows the content has run its mount
handler, a refresh of that screen has been processed (`call_after_refresh`: layout done and every
widget rendered by the compositor, which headless mode does in full, only skipping the write to
the terminal), and the content is there (the course map's lesson list has its options; the
Markdown widget has mounted its blocks); when the content is not there yet, it waits for the next
refresh and checks again.
"""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Callable

SIZE = (80, 24)


def _report_ready() -> None:
    # Straight to the file descriptor: Textual captures sys.stdout while an app runs.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    os.write(1, f"ready {peak}\n".encode())


def when_ready(screen, has_content: Callable[[], bool], then: Callable[[], None]) -> None:
    """Call `then` after the next refresh of `screen` at which `has_content()` is true."""

    def check() -> None:
        if has_content():
            then()
        else:
            screen.call_after_refresh(check)

    screen.call_after_refresh(check)


def trainer(argv: list[str]) -> None:
    """`trainer ARGV` through its real command line, headless, quitting at the map's first frame."""
    from textual.app import App

    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.course_map import CourseMapScreen

    mount = CourseMapScreen.on_mount

    def on_mount(self: CourseMapScreen) -> None:
        mount(self)
        when_ready(
            self,
            lambda: self.query_one("#lessons").option_count > 0,
            lambda: (_report_ready(), self.app.exit()),
        )

    CourseMapScreen.on_mount = on_mount  # type: ignore[method-assign]
    TrainerApp.run = lambda self, **_: App.run(self, headless=True, size=SIZE)  # type: ignore[method-assign]

    from trainer.cli import main

    main(argv)


def baseline(markdown_file: str, served: bool = False) -> None:
    """A bare Textual app with Header, Markdown and Footer, quitting at its first frame; or, when
    `served` (by textual-serve, for `bench.served`), running until its session ends."""
    from pathlib import Path

    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Markdown

    text = Path(markdown_file).read_text(encoding="utf-8")

    class BareApp(App[None]):
        """Header, Markdown, Footer: nothing else."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield Markdown(text)
            yield Footer()

        def on_mount(self) -> None:
            if served:
                return
            markdown = self.query_one(Markdown)
            when_ready(
                self.screen, lambda: bool(markdown.children), lambda: (_report_ready(), self.exit())
            )

    if served:
        BareApp().run()  # textual-serve's environment chooses its web driver
    else:
        BareApp().run(headless=True, size=SIZE)


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    {
        "trainer": trainer,
        "baseline": lambda args: baseline(args[0]),
        "served": lambda args: baseline(args[0], served=True),
    }[kind](rest)
