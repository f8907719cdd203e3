"""A learner's own progress file with rows the trainer never writes — a payload that is not JSON,
a list, a score written as text or past 1, a finish without its verdict — as someone with the file
could insert by hand. Every command and the app leave such rows out: no traceback, the real
record intact, and a forged row adds nothing (no pass, no certificate)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL, FixedClock, seeds_from
from trainer.cli import main
from trainer.progress.records import Kind, payload_of
from trainer.progress.store import STORE_FILE, Store

COURSE_ID = "demo"

BAD_PAYLOADS = [
    ("answered", "{not json"),
    ("answered", "[1, 2]"),
    ("answered", '{"response": 1, "score": "1.0"}'),
    ("reviewed", '{"response": 1, "score": 7}'),
    ("attempt_finished", '{"score": 1.0}'),  # no verdict
    ("attempt_finished", '{"score": true, "passed": true}'),
    ("attempt_started", '{"seed": "seven"}'),
    ("attempt_finished", '"a string"'),
]


def _edited_store(folder: Path) -> Path:
    """Anne answered one question of `premiere` and failed it; then rows were added by hand,
    among them a `deuxieme` "passed" with no score."""
    clock = FixedClock()
    path = folder / STORE_FILE
    store = Store.open(path)
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, COURSE_ID, "premiere", "fr", clock())
    attempt = store.start_attempt(anne, COURSE_ID, "premiere", "premiere", 7, "fr", clock())
    store.record_answer(anne, COURSE_ID, attempt, "q1", 1, 0.0, "fr", clock())
    store.finish_attempt(anne, COURSE_ID, attempt, 0.0, False, "fr", clock())
    store.close()
    connection = sqlite3.connect(path, isolation_level=None)
    for number, (kind, payload) in enumerate(BAD_PAYLOADS):
        connection.execute(
            "INSERT INTO events (uuid, learner_id, course_id, kind, lesson_id, quiz_id, "
            "question_id, attempt_id, language, payload, at) VALUES (?, 1, ?, ?, 'deuxieme', "
            "'deuxieme', 'q1', ?, 'fr', ?, ?)",
            (
                f"forged-{number}",
                COURSE_ID,
                kind,
                attempt.id if kind != "attempt_started" else None,
                payload,
                f"2026-03-02T09:10:{number:02d}.000+00:00",
            ),
        )
    connection.close()
    return path


@pytest.mark.parametrize(("kind", "payload"), BAD_PAYLOADS)
def test_a_payload_the_trainer_never_writes_is_read_as_none(kind: str, payload: str) -> None:
    assert payload_of(kind, payload) is None


def test_the_payloads_the_trainer_writes_are_read() -> None:
    assert payload_of(Kind.ANSWERED, '{"response": [1], "score": 0.5}') == {
        "response": [1],
        "score": 0.5,
    }
    assert payload_of(Kind.ATTEMPT_FINISHED, '{"score": 1, "passed": true}') == {
        "score": 1,
        "passed": True,
    }
    assert payload_of(Kind.ATTEMPT_STARTED, '{"seed": 7, "shuffle": false}') == {
        "seed": 7,
        "shuffle": False,
    }
    assert payload_of(Kind.LESSON_OPENED, "{}") == {}


def test_the_store_leaves_the_edited_rows_out(tmp_path: Path) -> None:
    store = Store.open(_edited_store(tmp_path))
    anne = store.learner("Anne")
    record = store.course_record(anne, COURSE_ID)
    assert record.passed == frozenset() and record.best_scores == {"premiere": 0.0}
    assert [
        (quiz, question, score)
        for quiz, question, score, _, _ in store.answer_history(anne, COURSE_ID)
    ] == [("premiere", "q1", 0.0)]
    attempts = store.attempts(anne, COURSE_ID, "premiere")
    assert len(attempts) == 1 and attempts[0].answers["q1"].score == 0.0
    store.close()


@pytest.mark.parametrize(
    "command",
    [
        ["progress"],
        ["progress", "--json"],
        ["progress", "--csv"],
        ["progress", "--excel"],
        ["certificate"],
        ["sync", "--status"],
    ],
    ids=" ".join,
)
def test_every_command_reads_an_edited_store_without_a_traceback(
    tmp_path: Path, capfd, command: list[str]
) -> None:
    _edited_store(tmp_path / "data")
    code = main(
        ["--lang", "en", "--course", str(BILINGUAL), "--data-dir", str(tmp_path / "data"), *command]
    )
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) <= 1, err
    if command[0] == "certificate":
        assert code == 1 and "left" in err  # the forged pass counts for nothing
    elif command[0] == "progress":
        assert code == 0 and ("premiere" in out or "0 %" in out or "0.0" in out)


def test_plain_mode_reads_an_edited_store(tmp_path: Path, monkeypatch, capfd) -> None:
    import io

    _edited_store(tmp_path / "data")
    monkeypatch.setattr("sys.stdin", io.StringIO("d\nv\nq\n"))
    code = main(
        [
            "--lang",
            "en",
            "--plain",
            "--course",
            str(BILINGUAL),
            "--data-dir",
            str(tmp_path / "data"),
            "--learner",
            "Anne",
        ]
    )
    out, err = capfd.readouterr()
    assert code == 0 and "Traceback" not in out + err


async def test_the_app_reads_an_edited_store(pack, tmp_path: Path) -> None:
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.course_map import CourseMapScreen
    from trainer.tui.screens.dashboard import DashboardScreen

    store = Store.open(_edited_store(tmp_path))
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape", "v")
        await pilot.pause()
        assert app.is_running
    store.close()
