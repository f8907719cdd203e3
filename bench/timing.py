"""How the benchmarks time things: warm-up, interleaved repeats, medians, and the figures' rows."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figure:
    """One row of the table: the trainer's figure, its baseline's, and the target ratio."""

    name: str
    baseline_name: str
    value: float
    baseline: float
    unit: str
    target: float | None
    """The highest ratio that meets the target; None for a row shown for information."""

    @property
    def ratio(self) -> float:
        """The figure divided by its baseline."""
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool | None:
        """Whether the ratio is within the target (None when the row has no target)."""
        return None if self.target is None else self.ratio <= self.target


def interleaved(
    measures: Sequence[Callable[[], float]], repeat: int, warmup: int = 1
) -> list[float]:
    """The median of each measure over `repeat` rounds, after `warmup` rounds thrown away.

    Rounds run the measures one after the other (A B A B…), so that a slow spell of the machine
    weighs on every side alike.
    """
    samples: list[list[float]] = [[] for _ in measures]
    for round_number in range(warmup + repeat):
        for index, measure in enumerate(measures):
            gc.collect()  # no side pays for the other's garbage
            value = measure()
            if round_number >= warmup:
                samples[index].append(value)
    return [statistics.median(values) for values in samples]


BYTECODE_CACHE: Path | None = None
"""Where child processes keep their compiled bytecode; set by `use_bytecode_cache`."""


def use_bytecode_cache(folder: Path) -> None:
    """Let child processes cache bytecode in `folder`, as an installed package has its .pyc files.

    Without it, an environment with PYTHONDONTWRITEBYTECODE=1 (this one has it) makes every start
    of trainer compile trainer's own sources, which no installed copy does. The prefix keeps the
    checkout free of __pycache__ folders; a warm-up run fills it for every side alike.
    """
    global BYTECODE_CACHE
    BYTECODE_CACHE = folder


def child_environment() -> dict[str, str]:
    """The environment for every child process: the checkout importable, bytecode cached, no
    Textual dev mode, no import profiling."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(CHECKOUT), environment.get("PYTHONPATH", "")])
    )
    for variable in ("PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE", "PYTHONDONTWRITEBYTECODE"):
        environment.pop(variable, None)
    if BYTECODE_CACHE is not None:
        environment["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    else:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


def run_process(command: Sequence[str], expect_ready: bool = False) -> tuple[float, int | None]:
    """Seconds from spawning `command` to its end, or to its `ready` line; and the peak RSS (KiB)
    the child reported, if it did."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
        cwd=CHECKOUT,
    )
    peak: int | None = None
    if expect_ready:
        line = process.stdout.readline()
        elapsed = time.perf_counter() - started
        if not line.startswith(b"ready"):
            process.kill()
            _, error = process.communicate()
            raise RuntimeError(
                f"{' '.join(command)} did not reach its first frame:\n"
                f"{error.decode(errors='replace')}"
            )
        peak = int(line.split()[1])
        process.communicate()
    else:
        _, error = process.communicate()
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed ({process.returncode}):\n"
                f"{error.decode(errors='replace')}"
            )
    return elapsed, peak


def python() -> str:
    """The interpreter that runs the benchmarks, for every child process too."""
    return sys.executable
