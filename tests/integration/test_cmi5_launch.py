"""A cmi5 launch end to end: the test LMS (`tests/helpers/cmi5/lms.py`, in front of a real Ralph)
launches a module of `trainer serve --cmi5-lms … --data-root …` in headless Chromium, as an LMS
does: the learner lands in the module's lesson, in their own folder, and the session's statements
reach Ralph in cmi5's order. A launch whose fetch URL is not on the trusted LMS, and the same
launch URL opened twice (the fetch URL is one-time), are refused with a page that says why."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.cmi5.lms import CMI5, SESSION_ID, Lms
from tests.integration.test_browser import START_SECONDS, _stop, _wait_for_text
from tests.integration.test_cmi5 import ACTOR, au_defined, check_session, verb
from tests.integration.test_signon import chromium  # noqa: F401 - the fixture
from trainer.cmi5.launch import actor_account
from trainer.cmi5.structure import au_iri, launch_url
from trainer.course.loader import load_pack
from trainer.progress.store import STORE_FILE, Store
from trainer.web.identity import folder_name

pytestmark = [pytest.mark.lrs, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "tests" / "packs" / "bilingual"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)")
SHOTS = Path("/tmp/cmi5-shots")


@pytest.fixture
def lms(ralph):
    lms = Lms(ralph.endpoint, ralph.user, ralph.password)
    yield lms
    lms.close()


@pytest.fixture
def served(tmp_path: Path, lms: Lms):
    """`trainer serve` taking the test LMS's launches: its URL, data root and stderr."""
    root = tmp_path / "learners"
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    command = [
        sys.executable, "-m", "trainer", "serve", "--port", "0", "--course", str(PACK),
        "--lang", "en", "--cmi5-lms", lms.url + "/", "--data-root", str(root),
    ]  # fmt: skip
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
        yield found.group(), root, err
    finally:
        _stop(process)


def _wait_for_statement(lms: Lms, registration: str, wanted: str) -> list[dict]:
    # The session's end waits for its app to quit (up to 10 s) before `terminated`.
    deadline = time.monotonic() + 3 * START_SECONDS
    while time.monotonic() < deadline:
        statements = sorted(lms.statements(registration=registration), key=lambda s: s["timestamp"])
        if any(verb(s) == wanted and CMI5 in str(s["context"]) for s in statements):
            return statements
        time.sleep(0.3)
    pytest.fail(f"no {wanted} statement reached the LRS: {[verb(s) for s in statements]}")


def test_a_launch_from_the_lms_opens_the_module_and_reports_to_it(chromium, served, lms) -> None:  # noqa: F811
    url, root, err = served
    course = load_pack(PACK)[0].course("en")
    info = lms.launch(
        launch_url(url, "suite"), au_iri(url, course, "suite"), ACTOR, move_on="Completed"
    )
    chromium.get(info.url)
    # Straight into the launched module's lesson, as the LMS's learner (named by the LMS).
    _wait_for_text(chromium, "A lesson without a quiz is complete once opened.")
    assert "launch=" in chromium.current_url and "fetch" not in chromium.current_url
    SHOTS.mkdir(exist_ok=True)
    chromium.save_screenshot(str(SHOTS / "launched-lesson.png"))
    _wait_for_statement(lms, info.registration, "completed")
    # The learner closes the course's tab: the session ends.
    launched_tab = chromium.current_window_handle
    chromium.switch_to.new_window("tab")
    other_tab = chromium.current_window_handle
    chromium.switch_to.window(launched_tab)
    chromium.close()
    chromium.switch_to.window(other_tab)
    statements = _wait_for_statement(lms, info.registration, "terminated")
    check_session(statements, info)
    assert au_defined(statements) == ["initialized", "completed", "terminated"]
    experienced = [s for s in statements if verb(s) == "experienced"]
    assert [s["object"]["id"] for s in experienced] == [
        f"{url}/courses/demo/lessons/lecture"
    ]  # the package's --url, read back from the publisher id in the template
    assert all(s["context"]["extensions"][SESSION_ID] == info.session_id for s in statements)

    # The learner's own folder under the root, holding their one learner, named as the LMS names.
    folder = root / folder_name(actor_account(ACTOR))
    store = Store.open(folder / STORE_FILE)
    try:
        assert [learner.name for learner in store.learners()] == ["Élodie Bernard"]
    finally:
        store.close()

    # The same launch URL again: its fetch URL was used, the LMS answers an error, no session.
    chromium.get(info.url)
    body = chromium.find_element("tag name", "body").text
    assert "could not start" in body and "already been returned" in body
    assert lms.fetch_answers[-1]["error-code"] == "1"
    assert "Traceback" not in err.read_text()


def test_a_launch_whose_fetch_url_is_elsewhere_is_refused(chromium, served, lms) -> None:  # noqa: F811
    url, root, err = served
    course = load_pack(PACK)[0].course("en")
    info = lms.launch(
        launch_url(url, "suite"),
        au_iri(url, course, "suite"),
        ACTOR,
        fetch_url="http://127.0.0.2:9/steal",
    )
    chromium.get(info.url)
    body = chromium.find_element("tag name", "body").text
    assert "could not start" in body and "not on an LMS this server trusts" in body
    SHOTS.mkdir(exist_ok=True)
    chromium.save_screenshot(str(SHOTS / "refused-launch.png"))
    assert lms.fetch_answers == []  # not even the LMS's own fetch URL was called
    assert not root.exists() or list(root.iterdir()) == []
    # The address without a launch: the page says to open the course from the LMS.
    chromium.get(url)
    assert "training platform" in chromium.find_element("tag name", "body").text
    assert "Traceback" not in err.read_text()


def test_no_session_starts_without_a_launch(served) -> None:
    """Only a launch says who is learning: the websocket without one, or with a key the server
    never gave, starts nothing, whatever the Origin a program writes."""
    import asyncio

    import aiohttp

    url, root, err = served

    async def handshake(path: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(url + path, headers={"Origin": url}):
                    return 101
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status

    assert asyncio.run(handshake("/ws")) == 401
    assert asyncio.run(handshake("/ws/not-a-key-it-gave")) == 410
    assert not root.exists() or list(root.iterdir()) == []
    assert "Traceback" not in err.read_text()
