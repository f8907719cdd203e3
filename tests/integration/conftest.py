"""A real LRS for the integration tests: Ralph (PyPI ralph-malph), started and stopped by the tests.

`.ci/ralph.sh` installs Ralph in its own venv and prints `TRAINER_RALPH_BIN` (and credentials).
Without it the tests are skipped, saying why; with `TRAINER_REQUIRE_LRS=1` (CI) they fail instead.
The server listens on 127.0.0.1 only, on a free port, with the `fs` backend in a temporary folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from base64 import b64encode
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "ralph_site"
DEFAULT_BIN = "/tmp/ralph-venv/bin/ralph"
START_TRIES = 300
"""Readiness checks, 0.1 s apart: Ralph's reloader and app take a few seconds to start."""


def _ralph_bin() -> Path | None:
    path = Path(os.environ.get("TRAINER_RALPH_BIN") or DEFAULT_BIN)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RalphServer:
    """`ralph runserver -b fs` on 127.0.0.1: start it, stop it, start it again on the same port and
    data, and read its statements through its own API."""

    def __init__(
        self,
        binary: Path,
        home: Path,
        auth_file: Path,
        user: str,
        password: str,
        append: bool = True,
    ) -> None:
        self.binary = binary
        self.home = home
        self.data = home / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.auth_file = auth_file
        self.user = user
        self.password = password
        self.append = append
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.log = home / "ralph.log"

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint trainer posts to (`<endpoint>/statements`)."""
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self) -> None:
        """Start the server and wait until it answers."""
        env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_APP_DIR": str(self.home),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        if self.append:
            env["PYTHONPATH"] = str(SITE)
        command = [
            str(self.binary),
            "runserver",
            "-b",
            "fs",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "--fs-default-directory-path",
            str(self.data),
        ]
        # Its own process group, so that stopping it also stops uvicorn's worker; its own working
        # folder, which uvicorn's reloader watches.
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.home,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for _ in range(START_TRIES):
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph exited at start:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2
                ) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"ralph did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the server (its whole process group) and wait for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def get(self, path: str) -> dict:
        """GET a path of Ralph's own API, as JSON."""
        token = b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            return json.loads(reply.read())

    def statements(self) -> list[dict]:
        """Every statement the LRS holds, read page by page through GET /xAPI/statements."""
        found: list[dict] = []
        path = "/xAPI/statements?limit=100"
        for _ in range(1000):
            page = self.get(path)
            found.extend(page["statements"])
            more = page.get("more")
            if not more:
                return found
            path = more if more.startswith("/") else "/" + more.split("/", 3)[-1]
        raise AssertionError("the LRS kept answering more pages")

    def stored_lines(self) -> int:
        """Statements written in the backend's file (a duplicate would be a second line)."""
        files = list(self.data.glob("**/*.jsonl"))
        return sum(1 for f in files for line in f.read_text().splitlines() if line.strip())


@pytest.fixture(scope="session")
def ralph_bin() -> Path:
    """Ralph's executable; skip (or fail under TRAINER_REQUIRE_LRS=1) when it is not installed."""
    binary = _ralph_bin()
    if binary is None:
        reason = (
            'Ralph (a real xAPI LRS) is not installed: run `eval "$(bash .ci/ralph.sh)"` '
            "to install it and set TRAINER_RALPH_BIN"
        )
        if os.environ.get("TRAINER_REQUIRE_LRS") == "1":
            pytest.fail(reason + " (TRAINER_REQUIRE_LRS=1)")
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="session")
def ralph_credentials(
    ralph_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, str]:
    """The auth file, user and password: `.ci/ralph.sh`'s when exported, else made here."""
    given = os.environ.get("TRAINER_RALPH_AUTH_FILE")
    if given and Path(given).is_file() and os.environ.get("TRAINER_RALPH_USER"):
        return (
            Path(given),
            os.environ["TRAINER_RALPH_USER"],
            os.environ.get("TRAINER_RALPH_PASSWORD", ""),
        )
    home = tmp_path_factory.mktemp("ralph-auth")
    auth = home / "auth.json"
    user, password = "trainer-test", "trainer-test-password"
    subprocess.run(
        [
            str(ralph_bin),
            "auth",
            "-u",
            user,
            "-p",
            password,
            "-s",
            "all",
            "-A",
            user,
            "https://trainer.invalid",
            "-w",
        ],
        env={
            **os.environ,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(auth),
            "RALPH_APP_DIR": str(home),
        },
        check=True,
        capture_output=True,
        timeout=120,
    )
    return auth, user, password


def _server(ralph_bin, ralph_credentials, tmp_path: Path, append: bool):
    auth, user, password = ralph_credentials
    server = RalphServer(ralph_bin, tmp_path / "ralph", auth, user, password, append=append)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ralph(ralph_bin: Path, ralph_credentials, tmp_path: Path):
    """A Ralph LRS started for one test, empty, on 127.0.0.1."""
    yield from _server(ralph_bin, ralph_credentials, tmp_path, append=True)


@pytest.fixture
def ralph_as_released(ralph_bin: Path, ralph_credentials, tmp_path: Path):
    """Ralph exactly as released: its fs backend takes one batch only (see ralph_site/)."""
    yield from _server(ralph_bin, ralph_credentials, tmp_path, append=False)
