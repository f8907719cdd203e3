"""`python -m bench`: measure every figure against its baseline in one run, print the table and
write it, with the machine's description and bench/analysis.md, to bench/RESULTS.md.

`--quick` runs each measurement a couple of times only, to check that the benchmarks work; its
figures mean nothing and it writes no RESULTS.md unless `--output` says where.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import inprocess, many_stores, served, startup
from bench.machine import describe, load_average
from bench.report import render_markdown, render_table
from bench.timing import use_bytecode_cache

HERE = Path(__file__).resolve().parent

FULL = {
    "first_frame": 9,
    "cli": 11,
    "lesson": 7,
    "long_lesson": 3,
    "pack": 5,
    "answers": 9,
    "report": 2,
    "served": 1,
}
QUICK = {k: 1 for k in FULL}


def run(work: Path, repeats: dict[str, int], say=print) -> list:
    """Every figure, measured with the given numbers of repeats; `say` hears the progress."""
    use_bytecode_cache(work / "bytecode")
    # The children's data folder: never the user's own, and one that exists, as a learner's does
    # (where the last clean check of a pack is kept).
    (work / "data").mkdir(exist_ok=True)
    os.environ["TRAINER_DATA_DIR"] = str(work / "data")
    steps = (
        ("first frame and peak memory", lambda: startup.first_frame(work, repeats["first_frame"])),
        ("command start-up", lambda: startup.cli_startup(work, repeats["cli"])),
        (
            "opening lessons",
            lambda: inprocess.lesson_open(work, repeats["lesson"], repeats["long_lesson"]),
        ),
        ("loading a 1,000-lesson pack", lambda: inprocess.pack_load(work, repeats["pack"])),
        ("recording answers", lambda: inprocess.answer_recording(work, repeats["answers"])),
        (
            "`trainer report` on many files",
            lambda: many_stores.report_stores(
                work / "stores",
                repeats["report"],
                # --quick checks the code only: a few dozen files, not thousands.
                *((many_stores.SMALL, many_stores.LARGE) if repeats is FULL else (10, 30)),
            ),
        ),
        (
            "memory of served sessions",
            # --quick: one session and two, to check the code.
            lambda: served.session_memory(work, served.COUNTS if repeats is FULL else (1, 2)),
        ),
    )
    figures = []
    for name, step in steps:
        started = time.perf_counter()
        say(f"… {name}", file=sys.stderr)
        figures.extend(step())
        say(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the table; write RESULTS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one repeat each: checks the code, measures nothing"
    )
    parser.add_argument(
        "--output", type=Path, help="where to write the results (default: bench/RESULTS.md)"
    )
    args = parser.parse_args(argv)
    repeats = QUICK if args.quick else FULL
    output = args.output or (None if args.quick else HERE / "RESULTS.md")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        work = Path(folder)
        machine = describe(folder)
        load_before = load_average()
        figures = run(work, repeats)
    elapsed = time.perf_counter() - started
    # A shared machine's load moves wall-clock figures: the run says what it ran under.
    machine.append(
        ("load average (1, 5, 15 min)", f"{load_before} at the start; {load_average()} at the end")
    )
    print(render_table(figures))
    print(f"\n{elapsed:.0f} s in all", file=sys.stderr)
    if output is not None:
        analysis = HERE / "analysis.md"
        notes = analysis.read_text(encoding="utf-8") if analysis.is_file() else ""
        command = "python -m bench" + (" --quick" if args.quick else "")
        output.write_text(
            render_markdown(figures, machine, command, elapsed, repeats, notes), encoding="utf-8"
        )
        print(f"written: {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
