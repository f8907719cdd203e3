"""Figures measured on fresh processes: the app's first frame and peak memory, and the start-up of
`trainer validate` and `trainer quiz`."""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from bench.packs import answers_file, write_tiny_pack
from bench.timing import Figure, interleaved, python, run_process


def baseline_markdown(course_dir: Path | None = None) -> str:
    """What the bare app shows: the bundled course's title and description, as Markdown."""
    from trainer.course.loader import load_pack
    from trainer.locations import bundled_course

    pack, _ = load_pack(course_dir or bundled_course())
    language = pack.default_language
    return f"# {pack.titles[language]}\n\n{pack.descriptions.get(language, '')}\n"


def first_frame(work: Path, repeat: int) -> list[Figure]:
    """`trainer` (bundled course, a real store, a named learner) to the course map's first frame,
    against a bare Textual app with Header, Markdown and Footer; and the peak RSS of both."""
    markdown = work / "baseline.md"
    markdown.write_text(baseline_markdown(), encoding="utf-8")
    data = work / "first-frame-data"
    trainer_command = [
        python(),
        "-m",
        "bench.probe",
        "trainer",
        "--data-dir",
        str(data),
        "--learner",
        "bench",
    ]
    baseline_command = [python(), "-m", "bench.probe", "baseline", str(markdown)]
    peaks: dict[str, list[int]] = {"trainer": [], "baseline": []}

    def timed(side: str, command: list[str]):
        def measure() -> float:
            elapsed, peak = run_process(command, expect_ready=True)
            peaks[side].append(peak or 0)
            return elapsed

        return measure

    # The first trainer run creates the store and the learner: the warm-up round absorbs it.
    trainer_time, baseline_time = interleaved(
        [timed("trainer", trainer_command), timed("baseline", baseline_command)], repeat
    )
    trainer_peak = statistics.median(peaks["trainer"][1:])
    baseline_peak = statistics.median(peaks["baseline"][1:])
    return [
        Figure(
            "`trainer` to the first frame of the course map (headless)",
            "bare Textual app: Header, Markdown, Footer",
            trainer_time * 1000,
            baseline_time * 1000,
            "ms",
            1.15,
        ),
        Figure(
            "peak memory (max RSS) at that first frame, bundled course",
            "the same bare Textual app",
            trainer_peak / 1024,
            baseline_peak / 1024,
            "MiB",
            1.3,
        ),
    ]


def _console_script() -> list[str]:
    script = Path(python()).with_name("trainer")
    return (
        [str(script)]
        if script.is_file() and os.access(script, os.X_OK)
        else [python(), "-m", "trainer"]
    )


def cli_startup(work: Path, repeat: int) -> list[Figure]:
    """`trainer validate` and `trainer quiz` on a one-lesson pack (start-up, nearly nothing else),
    against `python -c "import yaml"`; the same commands on the bundled course for information."""
    from trainer.locations import bundled_course

    tiny = write_tiny_pack(work / "tiny-pack")
    answers = answers_file(work / "answers.yaml")
    bundled = bundled_course()
    bundled_answers = work / "bundled-answers.yaml"
    bundled_answers.write_text("{}\n", encoding="utf-8")
    trainer = _console_script()
    commands = {
        "yaml": [python(), "-c", "import yaml"],
        "validate": [*trainer, "validate", str(tiny)],
        "quiz": [*trainer, "quiz", "lecon-0001", "--answers", str(answers), "--course", str(tiny)],
        "validate bundled": [*trainer, "validate", str(bundled)],
        "quiz bundled": [
            *trainer,
            "quiz",
            "quatre-traits",
            "--answers",
            str(bundled_answers),
            "--course",
            str(bundled),
        ],
    }
    names = list(commands)
    medians = dict(
        zip(
            names,
            interleaved([lambda c=c: run_process(c)[0] for c in commands.values()], repeat),
            strict=True,
        )
    )
    base = medians["yaml"] * 1000
    yaml_name = '`python -c "import yaml"`'
    return [
        Figure(
            "`trainer validate` start-up (one-lesson pack)",
            yaml_name,
            medians["validate"] * 1000,
            base,
            "ms",
            1.5,
        ),
        Figure(
            "`trainer quiz` start-up (one-lesson pack)",
            yaml_name,
            medians["quiz"] * 1000,
            base,
            "ms",
            1.5,
        ),
        Figure(
            "`trainer validate` on the bundled course (information)",
            yaml_name,
            medians["validate bundled"] * 1000,
            base,
            "ms",
            None,
        ),
        Figure(
            "`trainer quiz` on the bundled course (information)",
            yaml_name,
            medians["quiz bundled"] * 1000,
            base,
            "ms",
            None,
        ),
    ]
