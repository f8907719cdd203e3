"""Fuzzing the loader and validator: random mutations of valid packs give diagnostics, never an
exception out of `check_pack`.

The mutations are those of a hurried editor or a broken download: a key deleted, a value of the
wrong type, random bytes inserted, a file cut short, a line duplicated. The packs mutated are the
bilingual test pack and, a few files at a time, the bundled course.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.packs import BILINGUAL
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

VALUES = [
    "[1, 2]",
    "{a: 1}",
    "3.5",
    "-7",
    "null",
    "true",
    "''",
    '"\\e[31m\\u202e"',
    "&x [*x]",
    "!!binary aGk=",
    "|\n  block",
    "2026-01-01",
]
KEY_LINE = re.compile(r"^(\s*-?\s*)([A-Za-z_]+):(.*)$")


def _files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".md")
    )


def mutate(data: bytes, choice: random.Random, kind: str) -> bytes:
    """One mutation of a file's bytes."""
    lines = data.split(b"\n")
    at = choice.randrange(len(lines))
    if kind == "delete-line":
        del lines[at]
    elif kind == "duplicate-line":
        lines.insert(at, lines[at])
    elif kind == "insert-bytes":
        position = choice.randrange(len(data) + 1)
        return (
            data[:position]
            + bytes(choice.randrange(256) for _ in range(choice.randint(1, 8)))
            + data[position:]
        )
    elif kind == "truncate":
        return data[: choice.randrange(len(data) + 1)]
    elif kind in ("change-type", "delete-key"):
        text = data.decode("utf-8", errors="replace").split("\n")
        keyed = [i for i, line in enumerate(text) if KEY_LINE.match(line)]
        if not keyed:
            return data
        index = choice.choice(keyed)
        if kind == "delete-key":
            del text[index]
        else:
            prefix, key, _ = KEY_LINE.match(text[index]).groups()
            text[index] = f"{prefix}{key}: {choice.choice(VALUES)}"
        return "\n".join(text).encode("utf-8")
    elif kind == "indent":
        lines[at] = b"  " + lines[at]
    return b"\n".join(lines)


KINDS = st.sampled_from(
    [
        "delete-line",
        "duplicate-line",
        "insert-bytes",
        "truncate",
        "change-type",
        "delete-key",
        "indent",
    ]
)


def _check_mutated(source: Path, seed: int, kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "pack"
        shutil.copytree(source, root)
        choice = random.Random(seed)
        files = _files(root)
        for kind in kinds:
            target = choice.choice(files)
            target.write_bytes(mutate(target.read_bytes(), choice, kind))
        _, diagnostics = check_pack(root)  # must not raise
        assert all(d.path and d.line >= 0 and d.column >= 0 for d in diagnostics)


@settings(
    max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(seed=st.integers(0, 2**32), kinds=st.lists(KINDS, min_size=1, max_size=3))
def test_mutated_bilingual_pack_never_raises(seed: int, kinds: list[str]) -> None:
    _check_mutated(BILINGUAL, seed, kinds)


def _bundled_sample(seed: int, into: Path) -> Path:
    """The bundled course.yaml with one of its lessons and that lesson's quizzes, every language."""
    source = bundled_course()
    lessons = sorted((source / "lessons").glob("*.md"))
    lesson_id = random.Random(seed).choice(lessons).name.split(".")[0]
    (into / "lessons").mkdir(parents=True)
    (into / "quizzes").mkdir()
    shutil.copy(source / "course.yaml", into / "course.yaml")
    for folder in ("lessons", "quizzes"):
        for path in (source / folder).glob(f"{lesson_id}.*"):
            shutil.copy(path, into / folder / path.name)
    return into


@settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(seed=st.integers(0, 2**32), kinds=st.lists(KINDS, min_size=1, max_size=3))
def test_mutated_bundled_course_files_never_raise(seed: int, kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sample = _bundled_sample(seed, Path(folder) / "sample")
        _check_mutated(sample, seed, kinds)
