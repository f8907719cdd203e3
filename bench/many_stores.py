"""`trainer report` on many collected progress files: 3,000 against 1,000 (it should grow
linearly), and its peak memory at 3,000.

Every file is a copy of one real store written through `Store` (a learner who opened every lesson
of the bundled course and passed each of its quizzes once, answering with the answer keys), as an
organisation would collect them from its machines. Each measure is a fresh process running the real
command (`trainer report --store FILE…`, output thrown away) that reports its own peak RSS.
"""

from __future__ import annotations

import resource
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.timing import Figure, interleaved, python, run_process

SMALL, LARGE = 1000, 3000
MEMORY_CEILING_MIB = 200


def write_template(path: Path) -> Path:
    """One learner's progress file: every lesson opened, every quiz passed once."""
    from trainer.course.loader import load_pack
    from trainer.locations import bundled_course
    from trainer.progress.store import Store
    from trainer.quiz.grading import answer_key
    from trainer.quiz.scoring import score_quiz

    pack, _report = load_pack(bundled_course())
    course = pack.course(pack.default_language)
    moment = [datetime(2026, 11, 2, 9, 0, tzinfo=UTC)]

    def clock() -> datetime:
        moment[0] += timedelta(seconds=30)
        return moment[0]

    store = Store.open(path)
    learner = store.add_learner("Agent", clock())
    for lesson in course.lessons:
        store.record_lesson_opened(learner, course.id, lesson.id, course.language, clock())
    for quiz_id, quiz in course.quizzes.items():
        attempt = store.start_attempt(
            learner, course.id, quiz_id, quiz_id, 7, course.language, clock()
        )
        responses = {question.id: answer_key(question) for question in quiz.questions}
        result = score_quiz(quiz, responses, course.pass_mark_of(quiz))
        for grade in result.grades:
            store.record_answer(
                learner,
                course.id,
                attempt,
                grade.question_id,
                grade.response,
                grade.score,
                course.language,
                clock(),
            )
        store.finish_attempt(
            learner, course.id, attempt, result.score, result.passed, course.language, clock()
        )
    store.close()
    return path


def write_stores(work: Path, count: int) -> list[Path]:
    """`count` collected files, one folder each, as machines would hand them in."""
    template = work / "template.sqlite3"
    if not template.exists():
        write_template(template)
    paths = []
    for number in range(count):
        path = work / "collected" / f"machine-{number:04d}" / "progress.sqlite3"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, path)
        paths.append(path)
    return paths


def report_stores(
    work: Path, repeat: int = 2, small: int = SMALL, large: int = LARGE
) -> list[Figure]:
    """3,000 stores against 1,000 (or `large` against `small`), interleaved, no warm-up round (the
    files were just written, so they are in the page cache); and the peak RSS at 3,000."""
    paths = write_stores(work, large)
    lists = {}
    for count in (small, large):
        listing = work / f"stores-{count}.txt"
        listing.write_text("\n".join(str(p) for p in paths[:count]), encoding="utf-8")
        lists[count] = [python(), "-m", "bench.many_stores", str(listing), str(work / "data")]
    peaks: dict[int, list[int]] = {small: [], large: []}

    def timed(count: int):
        def measure() -> float:
            elapsed, peak = run_process(lists[count], expect_ready=True)
            peaks[count].append(peak or 0)
            return elapsed

        return measure

    small_time, large_time = interleaved([timed(small), timed(large)], repeat, warmup=0)
    peak = max(peaks[large]) / 1024
    return [
        Figure(
            f"`trainer report` on {large:,} collected progress files",
            f"the same on {small:,}",
            large_time * 1000,
            small_time * 1000,
            "ms",
            3.3,
        ),
        Figure(
            f"peak memory (max RSS) of `trainer report` on {large:,} files",
            "the target's ceiling",
            peak,
            MEMORY_CEILING_MIB,
            "MiB",
            1.0,
        ),
    ]


def child(listing: Path, data: Path) -> None:
    """Run `trainer report` on the files listed, output thrown away; say `ready <peak RSS KiB>`."""
    import io

    from trainer.cli import main

    paths = listing.read_text(encoding="utf-8").splitlines()
    data.mkdir(exist_ok=True)
    saved, sys.stdout = sys.stdout, io.StringIO()
    try:
        code = main(["--data-dir", str(data), "report", "--store", *paths])
    finally:
        sys.stdout = saved
    if code != 0:
        raise SystemExit(f"trainer report failed ({code})")
    print(f"ready {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)


if __name__ == "__main__":
    child(Path(sys.argv[1]), Path(sys.argv[2]))
