"""Two trainers on one data folder (two terminals) answering at the same moment.

Both processes create the store at once (so both may try to migrate it), then record answers and
read the record in a tight loop. Neither may fail with "database is locked", and the file ends
whole, with every answer of both.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from trainer.progress.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = 150

LEARNER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from trainer.progress.store import Store

path, name, go, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
store = Store.open(path)  # both open a file that does not exist yet
while not go.exists():
    time.sleep(0.001)
at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
learner = store.add_learner(name, at)
attempt = store.start_attempt(learner, "demo", None, "premiere", 7, "fr", at)
for number in range(count):
    store.record_answer(learner, "demo", attempt, f"q{number}", 1, 1.0, "fr", at)
    store.course_record(learner, "demo")
    store.open_attempt(learner, "demo", "premiere")
    if number % 10 == 0:
        store.save_setting(learner, "theme", str(number))
store.finish_attempt(learner, "demo", attempt, 1.0, True, "fr", at)
print("done")
"""


def test_two_instances_answer_at_once_without_locking_errors(tmp_path: Path) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    go = tmp_path / "go"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", LEARNER, str(path), name, str(go), str(ANSWERS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for name in ("Anne", "Bruno")
    ]
    go.touch()
    results = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
        assert out.strip() == "done" and err == ""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        counts = dict(
            connection.execute(
                "SELECT l.name, COUNT(*) FROM events e JOIN learners l ON l.id = e.learner_id "
                "WHERE e.kind = 'answered' GROUP BY l.name"
            ).fetchall()
        )
    connection.close()
    assert counts == {"Anne": ANSWERS, "Bruno": ANSWERS}


SAME_ATTEMPT = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from trainer.progress.store import AttemptClosed, Store

path, go, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
store = Store.open(path)
learner = store.learner("Anne")
attempt = store.open_attempt(learner, "demo", "premiere")  # both resume the attempt under way
while not go.exists():
    time.sleep(0.001)
at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
recorded = 0
try:
    for n in range(count):
        recorded += store.record_answer(learner, "demo", attempt, f"q{n}", 1, 1.0, "fr", at)
    finished = store.finish_attempt(learner, "demo", attempt, 1.0, True, "fr", at)
except AttemptClosed:  # the other one answered the rest and finished first
    finished = False
print(recorded, finished)
"""


def test_two_instances_answering_the_same_attempt_record_each_answer_once(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from trainer.progress.store import Store

    path = tmp_path / "data" / "progress.sqlite3"
    store = Store.open(path)
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    anne = store.add_learner("Anne", at)
    store.start_attempt(anne, "demo", None, "premiere", 7, "fr", at)
    store.close()
    go = tmp_path / "go"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", SAME_ATTEMPT, str(path), str(go), str(ANSWERS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(2)
    ]
    go.touch()
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outputs.append(out.split())
    # Between them they recorded every answer once, and one of them finished the attempt; the
    # other found each question it came to answered already, or the attempt closed.
    assert sum(int(recorded) for recorded, _ in outputs) == ANSWERS
    assert sorted(finished for _, finished in outputs) == ["False", "True"]
    with sqlite3.connect(path) as connection:
        kinds = dict(
            connection.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind").fetchall()
        )
        questions = connection.execute(
            "SELECT COUNT(DISTINCT question_id) FROM events WHERE kind = 'answered'"
        ).fetchone()[0]
        last_answer, finish = connection.execute(
            "SELECT MAX(CASE WHEN kind = 'answered' THEN id END), MAX(CASE WHEN kind = "
            "'attempt_finished' THEN id END) FROM events"
        ).fetchone()
    connection.close()
    assert kinds == {"attempt_started": 1, "answered": ANSWERS, "attempt_finished": 1}
    assert questions == ANSWERS
    assert last_answer < finish
