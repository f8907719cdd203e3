"""`trainer serve` against other web pages: the Origin check, the session limit, the bind warning.

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

from trainer.web.serve import bind_warning, origin_key, served_origins

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
        assert f"ws://127.0.0.1:{served.url.rsplit(':', 1)[1]}/ws" in await page.text()
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
    ("language", "warning"),
    [
        (
            "en",
            "trainer: warning: serving on 0.0.0.0:{port}, not only on this machine: anyone who "
            "can reach this address can use the app and read and change the learners' records",
        ),
        (
            "fr",
            "trainer\u00a0: attention\u00a0: service sur 0.0.0.0:{port}, pas seulement sur cette "
            "machine\u00a0: quiconque peut joindre cette adresse peut utiliser l'application, "
            "lire et modifier les dossiers des apprenants",
        ),
    ],
)
def test_a_bind_beyond_loopback_warns_in_one_line_and_says_where_it_listens(
    serve, language: str, warning: str
) -> None:
    served = serve("--host", "0.0.0.0", "--lang", language)
    port = served.url.rsplit(":", 1)[1]
    deadline = time.monotonic() + START_SECONDS
    while "0.0.0.0" not in served.out.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert served.err.read_text().splitlines() == [warning.format(port=port)]
    assert f"0.0.0.0:{port}" in served.out.read_text().splitlines()[1]


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


def test_the_warning_names_only_the_addresses_beyond_loopback() -> None:
    assert bind_warning(["127.0.0.1", "::1"], 8000) is None
    assert "[2001:db8::1]:8000" in bind_warning(["::1", "2001:db8::1"], 8000)
