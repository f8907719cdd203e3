"""A real LRS for the integration tests: Ralph (PyPI ralph-malph), started and stopped by the tests.

`.ci/ralph.sh` installs Ralph in its own venv and prints `TRAINER_RALPH_BIN` (and credentials).
Without it the tests are skipped, saying why; with `TRAINER_REQUIRE_LRS=1` (CI) they fail instead.
The server listens on 127.0.0.1 only, on a free port, with the `fs` backend in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.ralph import RalphServer, ralph_binary


@pytest.fixture(scope="session")
def ralph_bin() -> Path:
    """Ralph's executable; skip (or fail under TRAINER_REQUIRE_LRS=1) when it is not installed."""
    binary = ralph_binary()
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
