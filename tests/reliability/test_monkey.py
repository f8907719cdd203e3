"""The monkey test: seeded random keys, bursts and pastes on every screen, at 80x24 and 40x12.

Each sequence starts on a screen picked at random (the map, a lesson, a quiz of any question type,
a review of text after text, results, dashboard, settings, learners, the palette, help, a dialog),
then sends a few chunks of keys as a terminal delivers them: a held key (20 to 40 of the same), a
paste, or a handful of random keys at once. After each sequence: no exception, the store's file
whole (`PRAGMA integrity_check`), and the record's invariants on the events table.

The default run is a few hundred short sequences.
`pytest -m monkey_long tests/reliability/test_monkey.py` runs thousands (TRAINER_MONKEY_SEQUENCES
sets how many; TRAINER_MONKEY_SEED the first seed).
A failure names the seed and the keys, to replay them.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual import events

from tests.conftest import FixedClock, seeds_from
from tests.keys import burst, invariant_breaches, load_pack, write_text_after_text
from trainer.progress.store import Store
from trainer.quiz.grading import answer_key
from trainer.session import Session
from trainer.tui.app import TrainerApp

SIZES = ((80, 24), (40, 12))
SEQUENCES = 150
"""Sequences a size in the default run (the long run: TRAINER_MONKEY_SEQUENCES in all)."""
SEQUENCES_PER_APP = 25
"""Sequences run in one app before a fresh one starts on a fresh copy of the store."""
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
JUMP = 0.4
"""How often a sequence starts on a screen picked at random; else where the last one ended."""

KEYS = [
    *"0123456789",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "backspace",
    "delete",
    "space",
    "h",
    "n",
    "p",
    "r",
    "v",
    "d",
    "s",
    "l",
    "a",
    "y",
    "o",
    "c",
    "x",
    "question_mark",
    "ctrl+p",
    "q",
]
HELD = [
    "enter",
    "enter",
    "enter",
    "escape",
    "down",
    "up",
    "tab",
    "backspace",
    "space",
    "1",
    "2",
    "h",
    "n",
    "right",
]
PASTES = [
    "226-4-1",
    "flow\nstock\n",
    "12345",
    "Éloïse Dupré-Lefèvre",
    "x" * 300,
    "\n\n\n",
    "[b]markup[/b] $(rm -rf /)",
]
STARTS = [
    "map",
    "lesson",
    "quiz",
    "quiz",
    "quiz",
    "review",
    "review",
    "results",
    "dashboard",
    "settings",
    "learners",
    "palette",
    "help",
    "dialog",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The pack, and a store where two learners have history three days old: one finished failed
    attempt, one under way, wrong answers due for review (text after text among them)."""
    root = tmp_path_factory.mktemp("monkey")
    pack = load_pack(write_text_after_text(root / "pack"))
    course = pack.course("en")
    path = root / "template.sqlite3"
    store = Store.open(path)
    clock = FixedClock(START - timedelta(days=3))
    for name in ("Anne", "Bruno"):
        learner = store.add_learner(name, clock())
        session = Session(course, store, learner, clock, seeds_from())
        for lesson in course.lessons:
            session.open_lesson(lesson)
        words = session.start(course.quizzes["words"], "words")
        for question in words.questions:
            words.answer(question, "wrong" if question.type.value == "text" else None)
        words.finish()
        numbers = session.start(course.quizzes["numbers"], "numbers")
        numbers.answer(numbers.current, "9")
        choices = session.start(course.quizzes["choices"], "choices")
        for question in choices.questions:
            choices.answer(question, answer_key(question))
        choices.finish()
    store.close()
    return pack, path


def keys_of(rng: random.Random) -> list[list[str] | str]:
    """One sequence: a few chunks, each a list of keys sent at once, or a string pasted."""
    chunks: list[list[str] | str] = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.3:
            chunks.append([rng.choice(HELD)] * rng.randint(20, 40))
        elif roll < 0.4:
            chunks.append(rng.choice(PASTES))
        else:
            chunks.append([rng.choice(KEYS) for _ in range(rng.randint(1, 6))])
    return chunks


async def go_to(pilot, start: str, rng: random.Random) -> None:
    """Put the app on the screen a sequence starts from (over the course map)."""
    from trainer.tui.screens.course_map import CourseMapScreen
    from trainer.tui.screens.lesson import LessonScreen
    from trainer.tui.screens.quiz import QuizScreen
    from trainer.tui.screens.results import ResultsScreen

    app: TrainerApp = pilot.app
    session = app.session
    if session is None:  # the first-run or learners screen, after every learner was deleted
        return
    for _ in range(10):
        if len(app.screen_stack) <= 2 or app.return_code is not None:
            break
        app.screen.dismiss(None)  # as escape would: each screen's callback runs (learners, dialogs)
        await pilot.pause()
    if not isinstance(app.screen, CourseMapScreen):
        return
    course = session.course
    lesson = rng.choice(course.lessons)
    quiz = course.quiz_of(lesson)
    if start == "lesson":
        app.open_lesson(lesson.id)
    elif start == "quiz" and quiz is not None:
        app.push_screen(LessonScreen(session, lesson))
        await pilot.pause()
        app.push_screen(QuizScreen(session.resume_or_start(quiz, lesson.id), lesson))
    elif start == "review":
        await pilot.press("v")
    elif start == "results" and quiz is not None:
        finished = session.finished_attempts(quiz)
        if finished:
            app.push_screen(ResultsScreen.of_attempt(session, quiz, lesson, finished[-1]))
    elif start == "dashboard":
        app.action_dashboard()
    elif start == "settings":
        app.action_settings()
    elif start in ("learners", "dialog"):
        app.switch_learner()
        if start == "dialog":
            await pilot.pause()
            await pilot.press(rng.choice(["a", "r", "d"]))
    elif start == "palette":
        app.action_command_palette()
    elif start == "help":
        app.action_help()
    await pilot.pause()


async def send(pilot, chunk: list[str] | str) -> None:
    if isinstance(chunk, str):
        event = events.Paste(chunk)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
        await pilot.pause()
    else:
        await burst(pilot, *chunk)


def run_monkey(world, tmp_path: Path, size: tuple[int, int], seeds: range) -> None:
    """Run one sequence a seed, in apps of `SEQUENCES_PER_APP` sequences on fresh store copies."""
    import asyncio

    pack, template = world
    pending = list(seeds)
    number = 0
    while pending:
        number += 1
        path = tmp_path / f"store-{number}.sqlite3"
        shutil.copyfile(template, path)
        pending = asyncio.run(_one_app(pack, path, size, pending))


async def _one_app(pack, path: Path, size: tuple[int, int], seeds: list[int]) -> list[int]:
    """Run sequences in one app until `SEQUENCES_PER_APP` are done or the app quits (`q`, say);
    the seeds left."""
    store = Store.open(path)
    clock = FixedClock(START)
    app = TrainerApp(
        pack.course("en"),
        store,
        clock=clock,
        seeds=seeds_from(),
        learner_name="Anne",
        default_name="",
    )
    done = 0
    trail: list = []
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for seed in seeds[:SEQUENCES_PER_APP]:
                rng = random.Random(seed)
                start = rng.choice(STARTS)
                chunks = keys_of(rng)
                trail = [seed, start, chunks]
                clock.now += timedelta(days=1)  # answers given in earlier sequences fall due
                if rng.random() < JUMP:
                    await go_to(pilot, start, rng)
                else:
                    start = f"{type(app.screen).__name__} (where the last one ended)"
                    trail[1] = start
                for chunk in chunks:
                    if app.return_code is not None:
                        break
                    await send(pilot, chunk)
                if app.return_code is not None:  # the app quit, as asked: a fresh one goes on
                    assert app.return_code == 0
                    done += 1
                    break
                breaches = invariant_breaches(path)
                assert not breaches, (
                    f"seed {seed} at {size}, from {start}, keys {chunks}: {breaches}"
                )
                done += 1
    except AssertionError:
        raise
    except Exception as error:  # the app's own exception, raised by run_test
        seed, start, chunks = trail or (None, None, None)
        raise AssertionError(
            f"seed {seed} at {size}, from {start}, keys {chunks}: {error!r}"
        ) from error
    finally:
        store.close()
    breaches = invariant_breaches(path)
    assert not breaches, f"after seeds {seeds[:done]} at {size}: {breaches}"
    return seeds[done:] if done else seeds[1:]


def _first_seed() -> int:
    return int(os.environ.get("TRAINER_MONKEY_SEED", "1"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_monkey(
    world, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a certificate or a screenshot lands here, not in the checkout
    first = _first_seed()
    run_monkey(world, tmp_path, size, range(first, first + SEQUENCES))


@pytest.mark.monkey_long
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_monkey_long(
    world, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    count = int(os.environ.get("TRAINER_MONKEY_SEQUENCES", "2000"))
    first = _first_seed() + 1_000_000
    run_monkey(world, tmp_path, size, range(first, first + count // len(SIZES)))
