"""Plain mode is the whole course: spaced review, where one stands, the certificate, and asking
for a learner only where it makes sense."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL, FixedClock, seeds_from
from tests.learner_paths import take_course
from trainer.plain.menu import run_plain
from trainer.progress.store import Store

ROOT = Path(__file__).resolve().parents[2]
DAY = timedelta(days=1)


@pytest.fixture
def course(pack):
    return pack.course("en")


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


def play(
    course, store: Store, lines: list[str], clock: FixedClock, learner: str | None = "Ada"
) -> str:
    output = io.StringIO()
    code = run_plain(
        course,
        store,
        learner,
        io.StringIO("".join(f"{line}\n" for line in lines)),
        output,
        clock,
        seeds_from(),
    )
    assert code == 0
    return output.getvalue()


def test_a_review_in_plain_mode_uses_the_apps_schedule_and_records_each_answer(
    pack, course, store: Store
) -> None:
    clock = FixedClock()
    take_course(
        store, pack, "Ada", clock, right=False
    )  # every question answered wrong: due tomorrow
    clock.now += DAY
    out = play(course, store, ["v", *["s"] * 6, "q"], clock)
    assert "6 questions are due for review: type v." in out
    assert "Review: 6 questions due, from every lesson you answered." in out
    assert "Review 1 of 6, from: First lesson" in out and "Review 6 of 6, from: " in out
    assert "Review finished.\n0 of 6 questions right.\nNext review in 1 day, on 4 March.\n" in out
    reviewed = [e for e in store.events(store.learner("Ada")) if e["kind"] == "reviewed"]
    assert len(reviewed) == 6


def test_a_review_keeps_to_the_daily_size_and_can_be_left(pack, course, store: Store) -> None:
    clock = FixedClock()
    learner = take_course(store, pack, "Ada", clock, right=False)
    store.save_setting(learner, "review_size", "4")
    clock.now += DAY
    out = play(course, store, ["v", "s", "m", "q"], clock)
    assert "Review: 4 questions due" in out and "Review 2 of 4" in out
    assert "Review stopped: the questions not answered stay due." in out
    out = play(course, store, ["v", "s", "s", "s", "q"], clock)
    assert "Review: 3 questions due" in out
    assert "2 more questions are due: they wait for tomorrow (daily review size: 4)." in out
    out = play(course, store, ["v", "q"], clock)
    assert "You have reviewed 4 questions today: your daily review size." in out


def test_where_you_stand_and_the_certificate_before_completion(pack, course, store: Store) -> None:
    clock = FixedClock()
    take_course(store, pack, "Ada", clock, right=False)
    out = play(course, store, ["d", "c", "?", "q"], clock)
    assert "Where you stand\n1 of 3 lessons complete." in out
    assert (
        "Quizzes to work on:\n1. First lesson: best score 0 %.\n2. Second lesson: best score 0 %."
        in out
    )
    assert "Nothing to review now: the next review is on 3 March." in out
    assert "Ada has not completed the course yet: 2 of 3 lessons left; next: First lesson." in out
    assert "v: review the questions due, from every lesson." in out
    assert "c: your certificate once the course is complete; before, what is left." in out


def test_the_certificate_once_the_course_is_complete(
    pack, course, store: Store, tmp_path: Path
) -> None:
    clock = FixedClock()
    take_course(store, pack, "Ada", clock)
    out = play(course, store, ["c", "q"], clock)
    path = tmp_path / "data" / "certificates" / f"certificat-{course.id}-ada.pdf"
    assert "Type c for your certificate." in out
    assert "Your certificate is written.\nName on the certificate: Ada\n" in out
    assert f"File: {path}" in out
    code = re.search(r"Verification code: (\S+)", out).group(1)
    assert path.read_bytes().startswith(b"%PDF")
    assert f"Anyone can check it with: trainer certificate verify {code}" in out


def test_a_quiz_and_its_feedback_read_each_thing_once_in_french(pack, store: Store) -> None:
    from trainer.i18n import set_language

    set_language("fr")
    course = pack.course("fr")
    out = play(course, store, ["", "", "s", "q"], FixedClock())
    assert "Quiz : Quiz" not in out
    assert "Votre choix\u00a0:" in out and "Votre réponse\u00a0:" in out


# the learner --------------------------------------------------------------------------------------


def test_a_new_name_is_added_only_once_confirmed(course, store: Store, clock) -> None:
    store.add_learner("Marie Dupré", clock())
    out = play(course, store, ["n", "1", "q"], FixedClock(), learner="Nobody")
    assert "No learner is named “Nobody” yet; the learners here: Marie Dupré." in out
    assert "Learner: Marie Dupré." in out and store.learner("Nobody") is None
    out = play(course, store, ["maybe", "y", "q"], FixedClock(), learner="Nobody")
    assert "Type y to add this new learner, or n to choose among the learners here." in out
    assert "Learner: Nobody." in out and store.learner("Nobody") is not None


def trainer(
    *args: str, input: str = "", data: Path, lang: str = "en"
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANG": f"{lang}_{lang.upper()}.UTF-8",
        "TRAINER_DATA_DIR": str(data),
    }
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )


def test_a_near_name_says_which_learner_was_meant(tmp_path: Path, clock) -> None:
    Store.open(tmp_path / "progress.sqlite3").add_learner("Marie Dupré", clock())
    for args in (["--plain"], ["progress"]):
        run = trainer(
            *args,
            "--course",
            str(BILINGUAL),
            "--learner",
            "marie dupre",
            input="q\n",
            data=tmp_path,
        )
        assert run.returncode == 2, run.stdout
        assert (
            'no learner is named “marie dupre”: did you mean “Marie Dupré”? Use --learner "Marie '
            'Dupré"' in run.stderr
        )
    run = trainer(
        "--plain", "--course", str(BILINGUAL), "--learner", "Marie Dupre", data=tmp_path, lang="fr"
    )
    assert "vouliez-vous dire «\u00a0Marie Dupré\u00a0»\u00a0?" in run.stderr
    assert [learner.name for learner in Store.open(tmp_path / "progress.sqlite3").learners()] == [
        "Marie Dupré"
    ]


def test_piped_answers_are_never_taken_for_a_name(tmp_path: Path) -> None:
    run = trainer("--plain", "--course", str(BILINGUAL), input="1\n2\n3\n", data=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "name one with --learner NAME" in run.stderr
    assert not Store.open(tmp_path / "progress.sqlite3").learners()


def test_progress_with_several_learners_says_whose_it_is(tmp_path: Path, pack) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    take_course(store, pack, "Marie", FixedClock(), right=False)
    take_course(store, pack, "Paul", FixedClock(), right=False)
    store.close()
    run = trainer("progress", "--course", str(BILINGUAL), data=tmp_path)
    assert run.returncode == 0
    assert run.stdout.startswith("Paul")
    assert (
        "the progress of Paul, who studied last; other learners: Marie (choose with --learner NAME)"
        in run.stderr
    )


def readme_plain_example() -> str:
    """The plain-mode command line the README shows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("printf ") and "trainer --plain" in line
    ]
    assert len(lines) == 1, lines
    return lines[0]


def test_the_readmes_plain_example_works_as_written_on_a_fresh_folder(tmp_path: Path) -> None:
    command = readme_plain_example()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANG": "fr_FR.UTF-8",
        "TRAINER_DATA_DIR": str(tmp_path / "fresh"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    run = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    words = shlex.split(command)
    name = words[words.index("--learner") + 1]
    store = Store.open(tmp_path / "fresh" / "progress.sqlite3")
    (learner,) = store.learners()
    assert learner.name == name
    assert "Question 1 sur" in run.stdout and "Question 2 sur" in run.stdout
    assert (
        "Quiz en pause, vos réponses sont conservées : il reprendra à la question 2 sur 5.".replace(
            " :", "\u00a0:"
        )
        in run.stdout
    )
    kinds = [event["kind"] for event in store.events(learner)]
    assert kinds == [
        "lesson_opened",
        "attempt_started",
        "answered",
    ]  # one answer kept, the quiz paused


def read_until(stream, wanted: str, limit: float = 30.0) -> str:
    """What the process wrote up to `wanted`, read as it comes, as an expect script reads: no
    end of line needed, the input left open."""
    import select
    import time

    seen = b""
    deadline = time.monotonic() + limit
    while wanted.encode() not in seen:
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {wanted!r} after {seen.decode(errors='replace')[-200:]!r}"
        chunk = os.read(stream.fileno(), 4096)
        assert chunk, f"the output ended before {wanted!r}"
        seen += chunk
    return seen.decode()


def test_prompts_reach_a_reader_waiting_on_a_pipe(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANG": "fr_FR.UTF-8",
        "TRAINER_DATA_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "--plain",
            "--course",
            str(BILINGUAL),
            "--learner",
            "Ada",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        read_until(
            process.stdout, "Votre choix\u00a0: "
        )  # French: a no-break space before the colon
        process.stdin.write(b"\n")
        process.stdin.flush()
        read_until(process.stdout, "Votre choix\u00a0: ")  # after the lesson: start the quiz?
        process.stdin.write(b"\n")
        process.stdin.flush()
        read_until(process.stdout, "Votre réponse\u00a0: ")
        process.stdin.write(b"q\n")
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_settings_in_plain_mode_change_the_review_size_shuffling_and_language(
    pack, store: Store, clock
) -> None:
    from trainer.i18n import set_language

    set_language("fr")
    learner = store.add_learner("Ada", clock())
    output = io.StringIO()
    lines = ["s", "2", "0", "12", "3", "1", "2", "", "q"]
    code = run_plain(
        pack.course("fr"),
        store,
        "Ada",
        io.StringIO("".join(f"{line}\n" for line in lines)),
        output,
        clock,
        seeds_from(),
        pack,
    )
    out = output.getvalue()
    assert code == 0
    assert (
        "1. Langue de l'interface et du cours\u00a0: Français\n"
        "2. Questions à revoir par jour\u00a0: 20\n" in out
    )
    assert "Tapez un numéro de 1 à 500, ou entrée." in out
    assert store.settings(learner) == {"review_size": "12", "shuffle": "off", "language": "en"}
    assert out.rstrip().endswith(
        "Your choice: q\nGoodbye. Your progress is saved."
    )  # English from then on
    assert "Next lesson to do: 1. First lesson" in out
