"""`trainer serve` shows a lesson's picture in the browser: textual-image's half cells through
textual-serve's xterm.js, the alternative text as its caption (issue 14 §4)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.functional.test_pictures import ALT, picture_pack
from tests.integration.test_browser import (
    START_SECONDS,
    _free_port,
    _stop,
    _wait_for_port,
    _wait_for_text,
    browser,  # noqa: F401  # the fixture
)
from trainer.web.serve import EXIT_OK

SCREENSHOT = Path("/tmp/trainer-browser-picture.png")


@pytest.fixture
def served_pictures(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """`trainer serve` on a one-lesson French pack whose lesson shows a picture."""
    port = _free_port()
    log = tmp_path / "serve.log"
    pack = picture_pack(tmp_path / "pack")
    command = [
        *(sys.executable, "-m", "trainer", "serve", "--port", str(port)),
        *("--course", str(pack), "--lang", "fr", "--data-dir", str(tmp_path / "data")),
        *("--learner", "Camille"),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}", process, log
    finally:
        _stop(process)


@pytest.mark.browser
def test_the_browser_shows_a_lessons_picture(browser, served_pictures) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, process, log = served_pictures
    browser.get(url)
    _wait_for_text(browser, "Un faux profil")
    browser.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    # The caption, and the picture above it in half cells (a pixel above, one below: `▀`).
    screen = _wait_for_text(browser, ALT[:40], "▀▀▀▀▀▀▀▀▀▀")
    browser.save_screenshot(str(SCREENSHOT))
    assert screen.index("▀▀▀▀▀▀▀▀▀▀") < screen.index(ALT[:40])

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=START_SECONDS) == EXIT_OK
    assert "Traceback" not in log.read_text()
