"""Ralph (PyPI ralph-malph), a real xAPI LRS, run on 127.0.0.1 for the integration tests and the
LRS benchmark: `.ci/ralph.sh` installs it in its own venv and prints `TRAINER_RALPH_BIN`.
The server listens on a free port, with the `fs` backend in a folder of the caller's.
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

SITE = Path(__file__).resolve().parent.parent / "integration" / "ralph_site"
DEFAULT_BIN = "/tmp/ralph-venv/bin/ralph"
START_TRIES = 300
"""Readiness checks, 0.1 s apart: Ralph's reloader and app take a few seconds to start."""


def ralph_binary() -> Path | None:
    """Ralph's executable: $TRAINER_RALPH_BIN, else where .ci/ralph.sh puts it; None if absent."""
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
