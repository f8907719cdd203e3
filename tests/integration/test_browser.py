"""`trainer serve` end to end: the app in headless Chromium shows the course map and opens a lesson.

The browser is Debian's `chromium` driven through `chromedriver` by selenium. Without them the
browser test is skipped, saying why; with `TRAINER_REQUIRE_BROWSER=1` (CI) it fails instead.
Chromium only ever talks to 127.0.0.1: every host name resolves to nothing and there is no proxy.

textual-serve draws the terminal with xterm.js on a canvas, so the screen's text is not in the page.
A script that runs before the page's own keeps each xterm.js `Terminal` the page makes, and the
test reads the screen through xterm.js's public buffer API (`buffer.active.getLine(y)`); should the
page ever use xterm.js's DOM renderer, its `.xterm-rows` text is read instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.web.serve import EXIT_OK, EXIT_USAGE, app_command, public_url, serve_command

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "tests" / "packs" / "bilingual"
SCREENSHOT = Path("/tmp/trainer-browser.png")
LESSON_SCREENSHOT = Path("/tmp/trainer-browser-lesson.png")
START_SECONDS = 20
"""Upper bound for the server to listen and for the app to draw a screen; it takes 1 to 3 s."""

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    # Loopback only: the page asks fonts.googleapis.com for a font; no name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,800",
)

KEEP_TERMINALS = """
Object.defineProperty(Object.prototype, '_core', {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(
      this, '_core', {value, writable: true, configurable: true, enumerable: true}
    );
    if (typeof this.loadAddon === 'function' && typeof this.open === 'function') {
      (window.__trainerTerminals = window.__trainerTerminals || []).push(this);
    }
  },
});
"""
"""Run before the page's scripts. xterm.js's public `Terminal` sets `this._core` in its constructor;
textual-serve keeps the terminal in a closure, so this setter is where the test can catch it."""

SCREEN_TEXT = """
const terminals = window.__trainerTerminals || [];
if (terminals.length) {
  const buffer = terminals[terminals.length - 1].buffer.active;
  const lines = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    lines.push(line ? line.translateToString(true) : '');
  }
  return lines.join('\\n');
}
const rows = document.querySelector('.xterm-rows');
return rows ? rows.innerText : null;
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`trainer serve` exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(
        f"`trainer serve` did not listen on port {port} within {START_SECONDS} s:\n"
        f"{log.read_text()}"
    )


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, which textual-serve turns into a graceful exit that tells each app to quit; then
    SIGKILL to whatever is left of the process group (the apps run in it)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """`trainer serve` on a free loopback port, on the bilingual pack, with a named learner (so
    there is no first-run screen) and a fresh data folder: its URL, process and log."""
    port = _free_port()
    log = tmp_path / "serve.log"
    command = [
        sys.executable,
        "-m",
        "trainer",
        "serve",
        "--port",
        str(port),
        "--course",
        str(PACK),
        "--lang",
        "en",
        "--data-dir",
        str(tmp_path / "data"),
        "--learner",
        "Camille",
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


def _browser_paths() -> tuple[str, str]:
    """chromium and chromedriver; skip (or fail under TRAINER_REQUIRE_BROWSER=1) without them."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    missing = [
        name for name, path in (("chromium", chromium), ("chromedriver", driver)) if path is None
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install '.[test]')")
    if missing:
        reason = (
            f"no browser for the end-to-end test: {', '.join(missing)} not found "
            "(apt-get install -y chromium chromium-driver)"
        )
        if os.environ.get("TRAINER_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (TRAINER_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return chromium, driver


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium with a fresh profile, that keeps the page's xterm.js terminals."""
    chromium, driver_path = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    service = Service(executable_path=driver_path, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_page_load_timeout(START_SECONDS)
        driver.set_script_timeout(5)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINALS})
        yield driver
    finally:
        driver.quit()


def _screen_text(driver) -> str:
    text = driver.execute_script(SCREEN_TEXT)
    if text is None:
        pytest.fail("no xterm.js terminal on the page: has textual-serve's page changed?")
    return text


def _wait_for_text(driver, *needles: str) -> str:
    """The screen's text once every needle is on it; past the bound, fail showing the screen."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    seen = {"text": ""}

    def shown(d) -> bool:
        seen["text"] = _screen_text(d)
        return all(needle in seen["text"] for needle in needles)

    try:
        WebDriverWait(driver, START_SECONDS, poll_frequency=0.1).until(shown)
    except TimeoutException:
        pytest.fail(
            f"{needles} not on screen within {START_SECONDS} s; the screen:\n{seen['text']}"
        )
    return seen["text"]


def test_the_browser_shows_the_course_map_and_opens_a_lesson(browser, served) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, process, log = served
    browser.get(url)
    course_map = _wait_for_text(browser, "The basics", "First lesson", "Next steps")
    browser.save_screenshot(str(SCREENSHOT))
    assert "Camille" in course_map  # the learner named on the command line: no first-run screen

    # Keys go where xterm.js listens: its hidden text area, focused without a click (a click would
    # reach the app as a mouse event).
    browser.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    _wait_for_text(browser, "The town hall posts a notice.")
    browser.save_screenshot(str(LESSON_SCREENSHOT))

    # Ctrl+C with a browser still connected: the session is closed, its app quits, exit 0.
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=START_SECONDS) == EXIT_OK
    output = log.read_text()
    assert f"trainer is served on {url}" in output
    assert "Traceback" not in output


def test_ctrl_c_stops_the_server_cleanly(served) -> None:
    _url, process, log = served
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=START_SECONDS) == EXIT_OK
    assert "Traceback" not in log.read_text()


def test_a_port_in_use_is_one_line_and_exit_2(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve_command("127.0.0.1", port, str(PACK), "en", None) == EXIT_USAGE
    err = capsys.readouterr().err
    assert (
        err == f"trainer: port {port} is already in use on 127.0.0.1: choose another with --port\n"
    )


@pytest.mark.parametrize(
    ("host", "port", "message"),
    [
        ("no-such-host.invalid", 8000, "cannot serve on no-such-host.invalid: unknown host"),
        ("192.0.2.1", 8000, "cannot serve on 192.0.2.1: it is not an address of this machine"),
        (
            "127.0.0.1",
            70000,
            "the port must be between 1 and 65535 (or 0 for any free port), not 70000",
        ),
        ("127.0.0.1", -1, "the port must be between 1 and 65535 (or 0 for any free port), not -1"),
    ],
)
def test_a_bad_address_is_one_line_and_exit_2(host: str, port: int, message: str, capsys) -> None:
    assert serve_command(host, port, None, None, None) == EXIT_USAGE
    assert capsys.readouterr().err == f"trainer: {message}\n"


def test_each_browser_session_runs_this_trainer_with_the_same_options(tmp_path: Path) -> None:
    command = app_command("pack dir", "fr", str(tmp_path / "my data"), "Camille Dupont")
    expected = [
        sys.executable,
        "-m",
        "trainer",
        "--course",
        str(Path("pack dir").resolve()),
        "--lang",
        "fr",
        "--data-dir",
        str(tmp_path / "my data"),
        "--learner",
        "Camille Dupont",
    ]
    import shlex

    assert shlex.split(command) == ["exec", *expected]
    assert shlex.split(app_command(None, None, None)) == ["exec", sys.executable, "-m", "trainer"]


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("::1", "http://[::1]:8000"),
        ("localhost", "http://localhost:8000"),
    ],
)
def test_the_public_url_is_one_a_browser_can_open(host: str, url: str) -> None:
    assert public_url(host, 8000) == url
    assert not public_url("0.0.0.0", 8000).startswith("http://0.0.0.0")


FOREIGN_PAGE = """<!DOCTYPE html><html><head><title>waiting</title></head><body><script>
const socket = new WebSocket("{websocket}");
socket.onopen = () => {{ document.title = "opened"; }};
socket.onclose = () => {{ if (document.title !== "opened") document.title = "refused"; }};
</script></body></html>"""
"""Another site's page, as an attacker would write it: it opens the trainer's websocket."""


def test_another_sites_page_in_the_browser_cannot_open_the_app(browser, served) -> None:
    """Chromium sends the foreign page's origin; the server refuses it and starts no app."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    url, process, _log = served
    page = FOREIGN_PAGE.format(
        websocket=url.replace("http://", "ws://") + "/ws?width=80&height=24"
    ).encode()

    class Foreign(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Foreign) as foreign:
        threading.Thread(target=foreign.serve_forever, daemon=True).start()
        try:
            browser.get(f"http://127.0.0.1:{foreign.server_address[1]}/")
            from selenium.webdriver.support.ui import WebDriverWait

            WebDriverWait(browser, START_SECONDS, poll_frequency=0.1).until(
                lambda d: d.title != "waiting"
            )
            assert browser.title == "refused"
        finally:
            foreign.shutdown()
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        assert children.read_text().split() == []
