"""A learner's record survives the process being killed at any moment (SIGKILL, 50 times).

A child process records answers in a loop through the real `Store` and writes each answer's
question id to a pipe the moment `record_answer` returns, which is when the app would show its
feedback. After each kill the file passes `PRAGMA integrity_check` and holds every answer that was
written out. The child is forked (not a new interpreter) so that 50 kills take a few seconds.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.progress.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

KILLS = 50


def _record_forever(path: Path, run: int, pipe: int) -> None:
    """The child: answer question after question, announcing each answer once it is recorded."""
    store = Store.open(path)
    anne = store.learner("Anne")
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    attempt = store.start_attempt(anne, "demo", None, "premiere", 7, "fr", at)
    os.write(pipe, b"ready\n")
    for number in range(1_000_000):
        question = f"{run}-{number}"
        store.record_answer(anne, "demo", attempt, question, [1, 2], 0.5, "fr", at)
        os.write(pipe, f"{question}\n".encode())  # the feedback is shown: never to be lost


def _start(path: Path, run: int) -> tuple[int, int]:
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which only ever dies by SIGKILL
        try:
            os.close(reading)
            _record_forever(path, run, writing)
        finally:
            os._exit(1)
    os.close(writing)
    return pid, reading


def _read_line(pipe: int) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(pipe, 1)
        if not chunk:
            break
        line += chunk
    return line


def _read_all(pipe: int) -> str:
    chunks = []
    while chunk := os.read(pipe, 65536):
        chunks.append(chunk)
    os.close(pipe)
    return b"".join(chunks).decode()


def _answered(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = connection.execute("SELECT question_id FROM events WHERE kind = 'answered'")
        answered = {row[0] for row in rows}
    connection.close()
    return answered


def test_answers_whose_feedback_was_shown_survive_sigkill(tmp_path: Path, clock) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    store = Store.open(path)
    store.add_learner("Anne", clock())
    store.close()  # no connection is open in the parent when it forks
    chance = random.Random(2026)
    shown: set[str] = set()
    for run in range(KILLS):
        pid, pipe = _start(path, run)
        if run % 5 == 0:
            time.sleep(chance.uniform(0.0, 0.01))  # sometimes while it opens the store
        else:
            assert _read_line(pipe) == b"ready\n"
            time.sleep(chance.uniform(0.0, 0.03))  # else somewhere in the answers
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        shown |= {line for line in _read_all(pipe).splitlines() if line and line != "ready"}
        present = _answered(path)
        assert shown <= present, f"run {run}: lost {sorted(shown - present)[:5]}"
    assert len(shown) > KILLS  # the kills did land while answers were being recorded
    reopened = Store.open(path)  # and the trainer opens it as usual afterwards
    assert reopened.learner("Anne") is not None
    reopened.close()
