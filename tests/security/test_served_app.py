"""`trainer serve` against other web pages: the Origin check, the session limit, loopback only
without sign-on, idle sessions closed, plain mode served.

A real `trainer serve` runs on 127.0.0.1, on the port the system gives for `--port 0` (read back
from what it prints), and a small aiohttp client makes the websocket handshakes a browser would,
with the page's own origin or with another page's. A refused handshake must start nothing: the
server's child processes are read from /proc.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from trainer.web.addresses import beyond_loopback, origin_key, served_origins

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "tests" / "packs" / "bilingual"
START_SECONDS = 20
"""Upper bound for the server to listen and for an app to draw its first screen (1 to 3 s)."""
URL = re.compile(r"http://\S+:(\d+)")

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads child processes from /proc"
)


class Served:
    """A running `trainer serve`: its process, its address and what it printed."""

    def __init__(self, process: subprocess.Popen, out: Path, err: Path) -> None:
        self.process, self.out, self.err = process, out, err
        self.url = self._wait_for_url()
        self.origin = self.url

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            found = URL.search(self.out.read_text())
            if found:
                return found.group().rstrip(";")
            if self.process.poll() is not None:
                pytest.fail(
                    f"`trainer serve` exited with {self.process.returncode}: {self.err.read_text()}"
                )
            time.sleep(0.05)
        pytest.fail(
            f"`trainer serve` printed no address within {START_SECONDS} s: {self.err.read_text()}"
        )

    def children(self) -> set[int]:
        """The processes the server started (one per session)."""
        found: set[int] = set()
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            with contextlib.suppress(OSError):  # a thread that ended meanwhile
                found.update(int(pid) for pid in (task / "children").read_text().split())
        return found


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `trainer serve --port 0` with extra options; every server started is stopped."""
    started: list[subprocess.Popen] = []

    def start(*options: str) -> Served:
        out, err = tmp_path / f"out{len(started)}.log", tmp_path / f"err{len(started)}.log"
        command = [
            sys.executable,
            "-m",
            "trainer",
            "serve",
            "--port",
            "0",
            "--course",
            str(PACK),
            "--lang",
            "en",
            "--data-dir",
            str(tmp_path / "data"),
            "--learner",
            "Camille",
            *options,
        ]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                command, cwd=tmp_path, stdout=stdout, stderr=stderr, start_new_session=True
            )
        started.append(process)
        return Served(process, out, err)

    yield start
    for process in started:
        _stop(process)


async def _handshake(url: str, origin: str | None) -> int:
    """The status of a websocket handshake to the served app; on 101, read its screen until the
    learner's name is drawn, then leave."""
    headers = {} if origin is None else {"Origin": origin}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(
                f"{url}/ws?width=80&height=24", headers=headers
            ) as websocket:
                await _read_until(websocket, b"Camille")
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


async def _read_until(websocket: aiohttp.ClientWebSocketResponse, needle: bytes) -> None:
    screen = b""
    async with asyncio.timeout(START_SECONDS):
        async for message in websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                screen += message.data
                if needle in screen:
                    return
    pytest.fail(f"{needle!r} never drawn; the app sent {len(screen)} bytes")


async def test_the_pages_own_origin_gets_the_app(serve) -> None:
    served = serve()
    assert served.url.startswith("http://127.0.0.1:") and not served.url.endswith(":0")
    assert await _handshake(served.url, served.origin) == 101
    port = served.url.rsplit(":", 1)[1]
    assert (
        await _handshake(served.url, f"http://localhost:{port}") == 101
    )  # the same machine, by name


@pytest.mark.parametrize(
    "forged",
    [
        "http://evil.example",  # another page on the web
        "http://127.0.0.1:1",  # another server on this machine: another origin
        "https://127.0.0.1:{port}",  # another scheme
        "http://127.0.0.1.evil.example:{port}",
        "null",  # a sandboxed frame or a file:// page
        None,  # no Origin: not a browser, and not the served page
    ],
)
async def test_another_origin_is_refused_and_starts_nothing(serve, forged: str | None) -> None:
    served = serve()
    port = served.url.rsplit(":", 1)[1]
    origin = None if forged is None else forged.format(port=port)
    assert await _handshake(served.url, origin) == 403
    assert served.children() == set()
    # nor its files to another page's scripts
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{served.url}/", headers={"Origin": origin or "null"}) as page,
    ):
        assert page.status == 403
    assert "refused a request from another web page" in served.err.read_text()
    assert "Traceback" not in served.err.read_text()


async def test_the_page_opened_from_the_address_bar_has_no_origin_and_is_served(serve) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session, session.get(f"{served.url}/") as page:
        assert page.status == 200
        text = await page.text()
        # Its files and websocket beside it, wherever the browser found it (a proxy's address).
        # (an LMS's launch has its own, `ws/<launch key>`: see docs/cmi5.md)
        assert 'launch ? "ws/" + encodeURIComponent(launch) : "ws"' in text
        assert "new URL(path, window.location.href)" in text
        assert 'href="static/css/xterm.css"' in text
        assert not re.search(r"(href|src)=\"(https?:)?//|url\((\"|')?(https?:)?//|@import", text)
        # Another site may not frame it either (and lead the agent's clicks into it).
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Content-Security-Policy"] == "frame-ancestors 'none'"


async def test_past_the_session_limit_the_page_says_full_and_nothing_starts(serve) -> None:
    served = serve("--max-sessions", "1")
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
            f"{served.url}/ws", headers={"Origin": served.origin}
        ) as first:
            await _read_until(first, b"Camille")
            running = served.children()
            assert len(running) == 1
            with pytest.raises(aiohttp.WSServerHandshakeError) as second:
                async with session.ws_connect(
                    f"{served.url}/ws", headers={"Origin": served.origin}
                ):
                    pass
            assert second.value.status == 503
            assert served.children() == running
            async with session.get(f"{served.url}/") as page:
                assert page.status == 503
                text = await page.text()
                assert "The trainer is full: 1 session is open" in text
                assert "Close another tab of the course, then reload this page." in text
        # Once the first tab is closed and its app has quit, the page is served again.
        deadline = time.monotonic() + START_SECONDS
        while True:
            async with session.get(f"{served.url}/") as page:
                if page.status == 200:
                    break
            assert time.monotonic() < deadline, "the place of a closed session was never given back"
            await asyncio.sleep(0.1)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "trainer: without sign-on, serve is for one person on this machine"),
        ("fr", "trainer\u00a0: sans authentification, serve est pour une seule personne"),
    ],
)
@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_beyond_loopback_without_sign_on_is_refused_saying_how_to_configure_it(
    tmp_path: Path, language: str, message: str, host: str
) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-m", "trainer", "serve", "--host", host, "--port", "0"),
            *("--course", str(PACK), "--lang", language, "--data-dir", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert "--trusted-header X-Forwarded-User --data-root" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--data-root", "x"], "--trusted-proxy and --data-root go with --trusted-header"),
        (["--trusted-header", "X-Forwarded-User"], "--trusted-header needs --data-root DIR"),
        (["--trusted-header", "X User", "--data-root", "x"], "needs a header name"),
        (
            [
                "--trusted-header",
                "X-Forwarded-User",
                "--data-root",
                "x",
                "--trusted-proxy",
                "proxy",
            ],
            "--trusted-proxy takes IP addresses or ranges such as 10.0.0.5 or 10.0.0.0/24, not "
            "proxy",
        ),
        (
            ["--trusted-header", "X-Forwarded-User", "--data-root", "x", "--learner", "Camille"],
            "each account has its own data folder under --data-root",
        ),
        (["--idle-timeout", "-1"], "--idle-timeout takes minutes, 0 for never, not -1.0"),
    ],
)
def test_sign_on_options_that_do_not_fit_are_one_line_and_exit_2(
    tmp_path: Path, options: list[str], message: str
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "serve",
            "--port",
            "0",
            "--course",
            str(PACK),
            "--lang",
            "en",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_loopback_gives_no_warning(serve) -> None:
    served = serve()
    assert served.err.read_text() == ""


# the rules, without a server ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("http://127.0.0.1:8000", ("http", "127.0.0.1", 8000)),
        ("HTTP://LocalHost:8000", ("http", "localhost", 8000)),
        ("http://[::1]:8000", ("http", "::1", 8000)),
        ("http://example.org", ("http", "example.org", 80)),
        ("https://example.org", ("https", "example.org", 443)),
        ("null", None),
        ("file://", None),
        ("http://127.0.0.1:99999", None),
        ("", None),
    ],
)
def test_an_origin_header_is_read_as_scheme_host_and_port(header: str, key) -> None:
    assert origin_key(header) == key


def test_the_served_origins_are_the_printed_address_and_the_loopback_names() -> None:
    origins = served_origins("http://127.0.0.1:8000", "127.0.0.1", ["127.0.0.1"])
    assert origins == {("http", name, 8000) for name in ("127.0.0.1", "localhost", "::1")}
    outside = served_origins("http://192.0.2.10:8000", "192.0.2.10", ["192.0.2.10"])
    assert outside == {("http", "192.0.2.10", 8000)}


def test_the_addresses_beyond_loopback_are_the_ones_others_can_reach() -> None:
    assert beyond_loopback(["127.0.0.1", "::1", "127.0.0.2"]) == []
    assert beyond_loopback(["::1", "2001:db8::1", "0.0.0.0"]) == ["2001:db8::1", "0.0.0.0"]


# idle sessions and plain mode ---------------------------------------------------------------------


async def test_an_idle_session_is_closed_its_app_quits_and_the_page_says_why(serve) -> None:
    served = serve("--idle-timeout", "0.02")  # 1.2 s without a key
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{served.url}/") as page:
            assert "closed after 1 minute without activity" in await page.text()
        async with session.ws_connect(
            f"{served.url}/ws", headers={"Origin": served.origin}
        ) as websocket:
            async with asyncio.timeout(START_SECONDS):
                async for _message in websocket:
                    pass  # the screen (no key sent), until the server closes the session
            assert websocket.close_code == 4000
    deadline = time.monotonic() + START_SECONDS
    while served.children():  # the app was told to quit, and did
        assert time.monotonic() < deadline, "the idle session's app is still running"
        await asyncio.sleep(0.1)
    assert "Traceback" not in served.err.read_text()


async def test_plain_mode_is_served_line_by_line(serve) -> None:
    served = serve("--plain")
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"{served.url}/ws?width=80&height=24", headers={"Origin": served.origin}
        ) as websocket,
    ):
        await _read_until(websocket, b"Your choice:")
        await websocket.send_json(["stdin", "1\r"])  # open the first lesson, as typed
        await _read_until(websocket, b"The town hall posts a notice.")
        await websocket.send_json(["stdin", "\x04"])  # Ctrl+D: the input ends
        await _read_until(websocket, b"everything you answered is saved")
    deadline = time.monotonic() + START_SECONDS
    while served.children():
        assert time.monotonic() < deadline, "plain mode's process is still running"
        await asyncio.sleep(0.1)
    assert "Traceback" not in served.err.read_text()
