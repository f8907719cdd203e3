"""An unexpected error in the app, through the real entry point in a terminal: exit non-zero, the
record kept, one sentence in the learner's language naming the log that holds the traceback, and
no traceback on the screen."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL
from trainer.progress.store import STORE_FILE, Store

ROOT = Path(__file__).resolve().parents[2]

FAILING_APP = """
import sys
from trainer.tui.screens.course_map import CourseMapScreen

def on_mount(self):
    raise RuntimeError("a handler that fails on purpose")

CourseMapScreen.on_mount = on_mount
from trainer.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def run_in_a_terminal(arguments: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run `python -c FAILING_APP arguments` in a 80x24 terminal: (exit status, what the terminal
    was sent, Textual's screen and what was printed after it)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    environment.pop("TEXTUAL", None)
    child = subprocess.Popen(
        [sys.executable, "-c", FAILING_APP, *arguments],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        close_fds=True,
    )
    os.close(follower)
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the child
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        child.wait(timeout=timeout)
    finally:
        child.kill()
        reader.join(timeout=5)
        os.close(leader)
    return child.returncode, shown.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "fr",
            "trainer s'est arrêté sur une erreur inattendue ; vos réponses sont enregistrées, "
            "et le détail est dans ",
        ),
        (
            "en",
            "trainer stopped on an unexpected error; your answers are saved, and the details "
            "are in ",
        ),
    ],
)
def test_a_crash_exits_non_zero_with_one_sentence_and_a_log(
    tmp_path: Path, language: str, sentence: str
) -> None:
    data = tmp_path / "data"
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    store = Store.open(data / STORE_FILE)
    anne = store.add_learner("Anne", at)
    attempt = store.start_attempt(anne, "demo", "premiere", "premiere", 7, "fr", at)
    store.record_answer(anne, "demo", attempt, "moteur", 1, 1.0, "fr", at)
    store.close()

    status, shown = run_in_a_terminal(
        [
            "--course",
            str(BILINGUAL),
            "--data-dir",
            str(data),
            "--learner",
            "Anne",
            "--lang",
            language,
        ]
    )

    assert status == 70
    # Once Textual has given the terminal back, one line: the sentence.
    lines = [
        line
        for line in re.sub(
            r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x07", "", shown
        ).splitlines()
        if line.strip()
    ]
    assert lines[-1].startswith(sentence), lines[-3:]
    log = Path(lines[-1][len(sentence) :].strip().removesuffix("."))
    assert log.parent == data / "logs" and log.name.startswith("crash-") and log.suffix == ".log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a handler that fails on purpose" in text
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    assert "Traceback" not in shown and "RuntimeError" not in shown
    # The record is whole and kept.
    with sqlite3.connect(data / STORE_FILE) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        kinds = [row[0] for row in connection.execute("SELECT kind FROM events ORDER BY id")]
    connection.close()
    assert kinds == ["lesson_opened", "attempt_started", "answered"]
