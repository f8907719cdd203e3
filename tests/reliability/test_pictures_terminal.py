"""A pack with pictures, started in a terminal that answers none of textual-image's questions
(what it draws, the size of its cells): the app still starts and never shows a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from tests.functional.test_pictures import picture_pack
from tests.reliability.test_crash_exit import run_in_a_terminal


def test_a_silent_terminal_shows_no_traceback_from_the_picture_renderer(tmp_path: Path) -> None:
    root = picture_pack(tmp_path / "pack")
    # The app of test_crash_exit stops on purpose on its first screen: past the questions asked
    # before Textual starts, which is what this test is about.
    status, shown = run_in_a_terminal(
        ["--course", str(root), "--data-dir", str(tmp_path / "data"), "--learner", "Anne"]
    )
    assert status == 70
    text = re.sub(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x07", "", shown)
    assert "Traceback" not in text and "VT340" not in text and "get_cell_size" not in text
