"""The page `trainer serve` sends: nothing fetched from outside, xterm.js's screen-reader mode on,
the course's title as text."""

from __future__ import annotations

import re

from trainer.web.page import (
    IDLE_CLOSE_CODE,
    STATIC,
    app_page,
    idle_message,
    no_account_page,
    screen_reader_script,
)

EXTERNAL = re.compile(
    r"""(?:href|src)\s*=\s*["']?(?:[a-z]+:)?//|url\(\s*["']?(?:[a-z]+:)?//|@import"""
)
"""What would make a browser fetch from another host: an absolute or scheme-relative address in an
attribute or a CSS url(), or an @import."""


def test_the_page_and_its_stylesheet_reference_no_external_host() -> None:
    page = app_page("Cours", 16, 30)
    assert not EXTERNAL.search(page)
    assert "fonts.googleapis.com" not in page
    assert 'url("static/fonts/RobotoMono-VariableFont_wght.ttf")' in page
    assert (STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf").is_file()
    assert not EXTERNAL.search((STATIC / "css" / "xterm.css").read_text())


def test_the_installed_textual_serve_gets_the_screen_reader_mode() -> None:
    script = screen_reader_script().decode()
    assert "scrollback:0,screenReaderMode:!0,fontFamily:" in script
    assert "scrollback:5000,screenReaderMode:!0" in screen_reader_script(plain=True).decode()


def test_the_title_is_text_and_the_idle_message_is_in_the_page() -> None:
    page = app_page('<script>alert("x")</script>', 16, 30)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert f"const IDLE_CODE = {IDLE_CLOSE_CODE};" in page
    assert "closed after 30 minutes without activity" in page
    assert idle_message(None) == ""
    assert "1 minute without" in idle_message(0.2)


def test_the_401_page_says_to_sign_in() -> None:
    assert "Sign-in needed" in no_account_page()
