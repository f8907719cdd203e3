"""Figures measured in this process: opening a lesson, loading a large pack, recording answers."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.packs import pack_files, write_large_pack, write_long_lesson_pack, write_pack
from bench.probe import SIZE, when_ready
from bench.timing import Figure, interleaved

try:
    from yaml import CSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CSafeLoader = None  # type: ignore[assignment,misc]

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


# opening a lesson ---------------------------------------------------------------------------------


def _screens(ready: asyncio.Event):
    """The trainer's lesson screen and the baseline screen, each setting `ready` at its first frame
    (the definition of bench.probe: mount handler, one refresh, content there)."""
    from rich.markdown import Markdown
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Static

    from trainer.tui.screens.lesson import LessonScreen

    class TimedLessonScreen(LessonScreen):
        """LessonScreen as the app shows it; Textual also runs LessonScreen.on_mount."""

        def on_mount(self) -> None:
            when_ready(self, lambda: True, ready.set)

    class RichMarkdownScreen(Screen[None]):
        """The baseline: the lesson's Markdown rendered by rich.markdown in a Static."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self):
            with VerticalScroll():
                yield Static(Markdown(self.text))

        def on_mount(self) -> None:
            when_ready(self, lambda: True, ready.set)

    return TimedLessonScreen, RichMarkdownScreen


async def _lesson_times(course, store, lessons: list, repeat: int) -> list[tuple[float, float]]:
    """For each lesson, the median seconds to first frame of the trainer's screen and baseline's."""
    from trainer.tui.app import TrainerApp

    ready = asyncio.Event()
    trainer_screen, baseline_screen = _screens(ready)
    app = TrainerApp(course, store, learner_name="bench", default_name="bench")
    results = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def open_once(make_screen: Callable[[], object]) -> float:
            gc.collect()
            ready.clear()
            started = time.perf_counter()
            await app.push_screen(make_screen())
            await ready.wait()
            elapsed = time.perf_counter() - started
            await app.pop_screen()
            # Let the course map finish redrawing on its resume before the next sample starts.
            await pilot.pause()
            await pilot.pause(0.05)
            await pilot.pause()
            return elapsed

        for lesson in lessons:
            samples: dict[str, list[float]] = {"trainer": [], "baseline": []}
            for round_number in range(repeat + 1):  # round 0 warms up
                for side, make in (
                    ("trainer", lambda lesson=lesson: trainer_screen(app.session, lesson)),
                    ("baseline", lambda lesson=lesson: baseline_screen(lesson.body)),
                ):
                    elapsed = await open_once(make)
                    if round_number:
                        samples[side].append(elapsed)
            results.append((_median(samples["trainer"]), _median(samples["baseline"])))
    return results


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def lesson_open(
    work: Path, repeat: int, long_repeat: int | None = None, sections: int = 400
) -> list[Figure]:
    """Opening the longest bundled lesson and a generated `sections`-section lesson, against the
    same Markdown rendered by rich.markdown in a Static; both screens pushed on the same running
    app, `repeat` times each (`long_repeat` for the long lesson, which takes seconds)."""
    from trainer.course.loader import load_pack
    from trainer.locations import bundled_course
    from trainer.progress.store import Store

    bundled, _ = load_pack(bundled_course())
    course = bundled.course()
    longest = max(course.lessons, key=lambda lesson: len(lesson.body))
    long_pack, _ = load_pack(write_long_lesson_pack(work / "long-lesson", sections))
    long_course = long_pack.course()
    figures = []
    for label, this_course, lesson, times in (
        (
            f"opening the longest bundled lesson ({longest.id}, {len(longest.body):,} characters)",
            course,
            longest,
            repeat,
        ),
        (
            f"opening a generated {sections}-section lesson "
            f"({len(long_course.lessons[0].body):,} characters)",
            long_course,
            long_course.lessons[0],
            long_repeat or repeat,
        ),
    ):
        store = Store.open(work / f"lesson-data-{lesson.id}" / "progress.sqlite3")
        try:
            ((trainer_time, baseline_time),) = asyncio.run(
                _lesson_times(this_course, store, [lesson], times)
            )
        finally:
            store.close()
        figures.append(
            Figure(
                label,
                "the same Markdown: rich.markdown in a Static",
                trainer_time * 1000,
                baseline_time * 1000,
                "ms",
                1.5,
            )
        )
    return figures


# loading a large pack ----------------------------------------------------------------------------


def _split_front_matter(text: str) -> list[str]:
    """The YAML documents of a file: a lesson's front matter, or the whole YAML file."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        return [text[4:end]] if end != -1 else [text]
    return [text]


def parse_with_csafeloader(files: list[Path]) -> int:
    """The baseline: read each file, split a lesson's front matter, yaml.load with CSafeLoader."""
    loaded = 0
    for path in files:
        for document in _split_front_matter(path.read_text(encoding="utf-8")):
            yaml.load(document, Loader=CSafeLoader)
            loaded += 1
    return loaded


def pack_load(work: Path, repeat: int, lessons: int = 1000) -> list[Figure]:
    """Loading and validating (check_pack: loader, validator, answer-key self-test) the generated
    1,000-lesson, 5,000-question pack, against parsing the same files with CSafeLoader alone."""
    from trainer.quiz.pack_check import check_pack

    root = (
        write_large_pack(work / "large-pack")
        if lessons == 1000
        else write_pack(work / "pack", lessons, 5)
    )
    files = pack_files(root)
    pack, diagnostics = check_pack(root)
    errors = [d for d in diagnostics if d.is_error]
    if pack is None or errors:
        raise RuntimeError(f"the generated pack has errors: {errors[:3]}")

    def trainer() -> float:
        started = time.perf_counter()
        check_pack(root)
        return time.perf_counter() - started

    def baseline() -> float:
        started = time.perf_counter()
        parse_with_csafeloader(files)
        return time.perf_counter() - started

    trainer_time, baseline_time = interleaved([trainer, baseline], repeat)
    return [
        Figure(
            f"loading and validating a generated {lessons:,}-lesson, {lessons * 5:,}-question "
            f"pack ({len(files):,} files, one language)",
            "yaml.load(CSafeLoader) of the same files, front matter split",
            trainer_time * 1000,
            baseline_time * 1000,
            "ms",
            1.5,
        ),
    ]


# recording an answer ------------------------------------------------------------------------------


def answer_recording(work: Path, repeat: int, block: int = 40) -> list[Figure]:
    """Store.record_answer against a bare sqlite3 INSERT + commit on the same schema with the same
    PRAGMAs (WAL, synchronous=FULL, busy timeout, foreign keys), each in its own temporary file."""
    from trainer.progress.opening import BUSY_TIMEOUT_MS
    from trainer.progress.schema import MIGRATIONS
    from trainer.progress.store import Store

    store = Store.open(work / "answers-store" / "progress.sqlite3")
    learner = store.add_learner("bench", AT)
    attempt = store.start_attempt(learner, "bench", "lecon-0001", "lecon-0001", 7, "fr", AT)

    bare_path = work / "answers-bare" / "bare.sqlite3"
    bare_path.parent.mkdir(parents=True)
    bare = sqlite3.connect(bare_path)
    bare.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("PRAGMA foreign_keys = ON")
    for script in MIGRATIONS:
        bare.executescript(script)
    bare.execute(
        "INSERT INTO learners (name, created_at) VALUES ('bench', '2026-03-02T09:00:00.000+00:00')"
    )
    bare.commit()
    counter = iter(range(10**9))
    insert = (
        "INSERT INTO events (uuid, learner_id, course_id, kind, at, payload, quiz_id, "
        "question_id, attempt_id, language) VALUES (?, 1, 'bench', 'answered', "
        '\'2026-03-02T09:00:00.000+00:00\', \'{"response": [1, 2], "score": 1.0, "hinted": '
        "false}', 'lecon-0001', 'q1', 'attempt', 'fr')"
    )

    questions = iter(range(10**9))

    def trainer() -> float:
        # A new question each time: a second answer to the same one records nothing.
        started = time.perf_counter()
        for _ in range(block):
            question = f"q{next(questions)}"
            assert store.record_answer(learner, "bench", attempt, question, [1, 2], 1.0, "fr", AT)
        return (time.perf_counter() - started) / block

    def baseline() -> float:
        started = time.perf_counter()
        for _ in range(block):
            bare.execute(insert, (f"event-{next(counter)}",))
            bare.commit()
        return (time.perf_counter() - started) / block

    try:
        trainer_time, baseline_time = interleaved([trainer, baseline], repeat)
    finally:
        store.close()
        bare.close()
    return [
        Figure(
            "recording an answer durably (Store.record_answer)",
            "bare sqlite3 INSERT + commit, same schema and PRAGMAs (WAL, synchronous=FULL)",
            trainer_time * 1000,
            baseline_time * 1000,
            "ms",
            1.5,
        ),
    ]
