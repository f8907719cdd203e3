"""`trainer serve` behind the organisation's sign-on, end to end in headless Chromium.

`trainer serve --trusted-header X-Forwarded-User --trusted-proxy 127.0.0.2` runs on a free port; two
small sign-on proxies (`signon_proxy.py`), one per account, forward Chromium's requests to it from
127.0.0.2, adding the account. Each account lands in its own record and never sees the other's;
the server refuses, with 401, the same header sent straight from 127.0.0.1, and starts nothing.
The page is read as a screen reader would, through xterm.js's accessibility tree, and every
request Chromium made is checked to have stayed on this machine.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.integration.signon_proxy import SESSION, make_proxy
from tests.integration.test_browser import (
    CHROMIUM_FLAGS,
    KEEP_TERMINALS,
    START_SECONDS,
    _browser_paths,
    _stop,
    _wait_for_text,
)
from trainer.progress.outbox import learner_key
from trainer.progress.store import STORE_FILE, Store
from trainer.web.identity import folder_name

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "tests" / "packs" / "bilingual"
PROXY_ADDRESS = "127.0.0.2"
"""The proxies connect from here (all of 127.0.0.0/8 is this machine); the server trusts only it."""
ELODIE, INES = "Élodie.Bernard@example.org", "ines.moreau"
SHOTS = Path("/tmp/serveid-shots")
URL = re.compile(r"http://127\.0\.0\.1:(\d+)")

ACCESSIBLE_TEXT = """
const tree = document.querySelector('.xterm-accessibility-tree, .xterm-accessibility');
return tree ? tree.innerText : null;
"""


class Proxy:
    """A sign-on proxy for one account, served from a thread of its own."""

    def __init__(self, upstream: str, user: str | None) -> None:
        self.loop = asyncio.new_event_loop()
        self.app = make_proxy(upstream, user)
        self.url = ""
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        assert ready.wait(START_SECONDS), "the proxy did not start"

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)

        async def start() -> None:
            self.app.on_startup.append(_from_proxy_address)
            self.runner = web.AppRunner(self.app, shutdown_timeout=1)
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]
            self.url = f"http://127.0.0.1:{port}"

        self.loop.run_until_complete(start())
        ready.set()
        self.loop.run_forever()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(START_SECONDS)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


async def _from_proxy_address(app: web.Application) -> None:
    # The proxy's own client, connecting from the trusted address.
    await app[SESSION].close()
    app[SESSION] = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(local_addr=(PROXY_ADDRESS, 0))
    )


@pytest.fixture
def signed_on(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen, Path]]:
    """`trainer serve` behind sign-on: its URL, data root, process and stderr."""
    root = tmp_path / "accounts"
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
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
        "--trusted-header",
        "X-Forwarded-User",
        "--trusted-proxy",
        PROXY_ADDRESS,
        "--data-root",
        str(root),
    ]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=stdout, stderr=stderr, start_new_session=True
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not (found := URL.search(out.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`trainer serve` did not start: {err.read_text()}")
            time.sleep(0.05)
        yield found.group(), root, process, err
    finally:
        _stop(process)


@contextmanager
def proxies(upstream: str, *users: str) -> Iterator[list[Proxy]]:
    started = [Proxy(upstream, user) for user in users]
    try:
        yield started
    finally:
        for proxy in started:
            proxy.close()


@pytest.fixture
def chromium(tmp_path: Path):
    """Headless Chromium that keeps the page's xterm.js terminals and logs its network requests."""
    chromium_path, driver_path = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    service = Service(executable_path=driver_path, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_page_load_timeout(START_SECONDS)
        driver.set_script_timeout(5)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINALS})
        yield driver
    finally:
        driver.quit()


def _new_tab(driver) -> None:
    """A fresh tab, which keeps its xterm.js terminals too (the script is per tab)."""
    driver.switch_to.new_window("tab")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINALS})


def _type(driver, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(driver).send_keys(*keys).perform()


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            urls.append(params.get("request", {}).get("url") or params.get("url"))
    return urls


def _accessible_text(driver, *needles: str) -> str:
    """The text of xterm.js's accessibility tree once every needle is in it."""
    from selenium.webdriver.support.ui import WebDriverWait

    seen = {"text": ""}

    def present(d) -> bool:
        seen["text"] = d.execute_script(ACCESSIBLE_TEXT) or ""
        return all(needle in seen["text"] for needle in needles)

    try:
        WebDriverWait(driver, START_SECONDS, poll_frequency=0.2).until(present)
    except Exception:
        pytest.fail(f"{needles} not in the accessibility tree; it held:\n{seen['text']}")
    return seen["text"]


def test_two_accounts_each_see_only_their_own_record(chromium, signed_on) -> None:
    from selenium.webdriver.common.keys import Keys

    url, root, _process, err = signed_on
    SHOTS.mkdir(exist_ok=True)
    with proxies(url, ELODIE, INES) as (elodie, ines):
        # Élodie's first visit: the welcome asks the certificate's name, prefilled with no one's.
        chromium.get(elodie.url)
        welcome = _wait_for_text(chromium, "Welcome", "under your account")
        assert "root" not in welcome and "on this computer" not in welcome
        chromium.save_screenshot(str(SHOTS / "elodie-welcome.png"))
        _type(chromium, "Elodie Bernard", Keys.ENTER)
        _wait_for_text(chromium, "Elodie Bernard", "First lesson")
        # No learners screen to list, rename or delete others: `l` does nothing.
        _type(chromium, "l")
        time.sleep(0.5)  # the app would have drawn the learners screen by now
        assert "Who is learning" not in _wait_for_text(chromium, "First lesson")
        chromium.save_screenshot(str(SHOTS / "elodie-map.png"))

        # Inès, in a fresh tab: her own first visit, never Élodie's course map.
        _new_tab(chromium)
        chromium.get(ines.url)
        welcome = _wait_for_text(chromium, "Welcome", "under your account")
        assert "Elodie" not in welcome
        _type(chromium, "Inès Moreau", Keys.ENTER)
        course_map = _wait_for_text(chromium, "Inès Moreau", "First lesson")
        assert "Elodie" not in course_map
        chromium.save_screenshot(str(SHOTS / "ines-map.png"))

        # Élodie again, in a new tab: straight to her own record.
        _new_tab(chromium)
        chromium.get(elodie.url)
        again = _wait_for_text(chromium, "Elodie Bernard", "First lesson")
        assert "Inès" not in again

    # One folder per account, each with its own one learner.
    folders = sorted(path.name for path in root.iterdir())
    assert folders == sorted([folder_name(ELODIE), folder_name(INES)])
    for account, name in ((ELODIE, "Elodie Bernard"), (INES, "Inès Moreau")):
        store = Store.open(root / folder_name(account) / STORE_FILE)
        try:
            assert [learner.name for learner in store.learners()] == [name]
            # The statements of the folder name the agent by the sign-on's account (issue 15 §3).
            assert learner_key(store, store.learners()[0]) == account
        finally:
            store.close()
    assert "Traceback" not in err.read_text()


def test_a_forged_header_from_an_untrusted_address_is_refused(chromium, signed_on) -> None:
    url, root, process, err = signed_on
    # Straight to the server (not through the proxy): the page says sign-in is needed.
    chromium.get(url)
    assert "Sign-in needed" in chromium.find_element("tag name", "body").text
    SHOTS.mkdir(exist_ok=True)
    chromium.save_screenshot(str(SHOTS / "refused.png"))

    async def forge() -> tuple[int, int]:
        headers = {"X-Forwarded-User": ELODIE, "Origin": url}
        async with aiohttp.ClientSession() as session:
            async with session.get(url + "/", headers=headers) as page:
                status = page.status
            try:
                async with session.ws_connect(url + "/ws", headers=headers):
                    return status, 101
            except aiohttp.WSServerHandshakeError as refused:
                return status, refused.status

    assert asyncio.run(forge()) == (401, 401)

    async def from_the_proxy_address(*accounts: str) -> int:
        """A request from the trusted address, with the header as many times as accounts."""
        headers = [("X-Forwarded-User", account) for account in accounts]
        connector = aiohttp.TCPConnector(local_addr=(PROXY_ADDRESS, 0))
        async with (
            aiohttp.ClientSession(connector=connector) as session,
            session.get(url + "/static/css/xterm.css", headers=headers) as answer,
        ):
            return answer.status

    # A proxy that adds its header after the browser's: neither is believed.
    assert asyncio.run(from_the_proxy_address("victim", INES)) == 401
    assert asyncio.run(from_the_proxy_address(INES)) == 200
    assert not root.exists() or list(root.iterdir()) == []  # no folder made, nothing started (a
    # folder is made when a session starts, not for a page or a file)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        assert children.read_text().split() == []
    assert "refused a request: an account header from an address" in err.read_text()


def test_the_page_reads_as_text_and_fetches_nothing_from_outside(chromium, signed_on) -> None:
    from selenium.webdriver.common.keys import Keys

    url, _root, _process, _err = signed_on
    with proxies(url, INES) as (ines,):
        chromium.get(ines.url)
        _wait_for_text(chromium, "Welcome")
        _type(chromium, "Inès Moreau", Keys.ENTER)
        _wait_for_text(chromium, "First lesson")
        # A screen reader reads the terminal's text from xterm.js's accessibility tree.
        assert "First lesson" in _accessible_text(chromium, "First lesson")
        _type(chromium, Keys.ENTER)  # the lesson
        _accessible_text(chromium, "The town hall posts a notice.")
        chromium.save_screenshot(str(SHOTS / "ines-lesson.png"))
        _type(chromium, Keys.ENTER)  # the lesson's quiz
        _accessible_text(chromium, "Which search engine dominates in France?", "Google")
        chromium.save_screenshot(str(SHOTS / "ines-question.png"))
        live = chromium.execute_script("return document.querySelectorAll('[aria-live]').length")
        assert live >= 1  # new text is announced
        requested = _requested_urls(chromium)
    # Chromium's own pages (chrome://, data:) aside, every request went to this machine: the page,
    # its script, its stylesheet, its fonts and its websocket.
    web_requests = [u for u in requested if re.match(r"(https?|wss?)://", u or "")]
    assert any(u.endswith("/static/js/textual.js") for u in web_requests)
    assert any(".ttf" in u for u in web_requests)  # the font, served from here
    outside = [u for u in web_requests if not re.match(r"(http|ws)://127\.0\.0\.1:\d+/", u)]
    assert outside == []


def test_another_sites_page_cannot_drive_a_signed_in_session(signed_on) -> None:
    """Through the proxy, with the agent's account: the browser's origin must be the proxy's own
    address (Host), or the websocket is refused (403) and nothing starts."""
    url, _root, process, _err = signed_on
    with proxies(url, ELODIE) as (elodie,):

        async def handshake(origin: str) -> int:
            async with aiohttp.ClientSession() as session:
                try:
                    async with session.ws_connect(
                        elodie.url + "/ws", headers={"Origin": origin}
                    ) as websocket:
                        await websocket.close()
                        return 101
                except aiohttp.WSServerHandshakeError as refused:
                    return refused.status

        assert asyncio.run(handshake("http://evil.example")) == 403
        assert (
            asyncio.run(handshake(elodie.url.replace("127.0.0.1", "127.0.0.1.evil.example"))) == 403
        )
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.exists():
            assert children.read_text().split() == []
        assert asyncio.run(handshake(elodie.url)) == 101  # the proxy's own page


def test_one_account_cannot_take_every_place(signed_on) -> None:
    """Two sessions at once for one account (the default); a third is refused with 503 and a page
    that says so, while another account still gets in."""
    url, _root, _process, _err = signed_on

    async def run() -> None:
        connector = aiohttp.TCPConnector(local_addr=(PROXY_ADDRESS, 0))
        async with aiohttp.ClientSession(connector=connector) as session:

            def as_(account: str) -> dict[str, str]:
                return {"X-Forwarded-User": account, "Origin": url}

            first = await session.ws_connect(url + "/ws", headers=as_(ELODIE))
            second = await session.ws_connect(url + "/ws", headers=as_(ELODIE))
            with pytest.raises(aiohttp.WSServerHandshakeError) as third:
                await session.ws_connect(url + "/ws", headers=as_(ELODIE))
            assert third.value.status == 503
            async with session.get(url + "/", headers=as_(ELODIE)) as page:
                assert page.status == 503
                assert "You already have 2 sessions of the course open" in await page.text()
            other = await session.ws_connect(url + "/ws", headers=as_(INES))
            for websocket in (first, second, other):
                await websocket.close()

    asyncio.run(run())


def test_the_certificate_reaches_the_agents_browser_only(chromium, signed_on, tmp_path) -> None:
    """A completed course's certificate is written in the account's folder and downloaded by that
    agent's browser, through the proxy (textual-serve's download, checked against the account)."""
    from selenium.webdriver.common.keys import Keys

    url, root, _process, _err = signed_on
    from datetime import UTC, datetime

    from trainer.web.identity import account_folder

    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    store = Store.open(account_folder(root, INES) / STORE_FILE)
    try:
        ines = store.add_learner("Inès Moreau", at)
        for lesson in ("premiere", "deuxieme", "lecture"):
            store.record_lesson_opened(ines, "demo", lesson, "en", at)
        for quiz in ("premiere", "deuxieme"):
            attempt = store.start_attempt(ines, "demo", quiz, quiz, 1, "en", at)
            store.finish_attempt(ines, "demo", attempt, 1.0, True, "en", at)
    finally:
        store.close()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chromium.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    with proxies(url, INES) as (proxy,):
        chromium.get(proxy.url)
        _wait_for_text(chromium, "Inès Moreau")
        _type(chromium, "c")
        _wait_for_text(chromium, "Verification code")
        _type(chromium, Keys.ENTER)
        _wait_for_text(chromium, "your browser downloads it")
        deadline = time.monotonic() + START_SECONDS
        while not list(downloads.glob("*.pdf")):
            assert time.monotonic() < deadline, "no PDF downloaded"
            time.sleep(0.2)
    (pdf,) = downloads.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
