"""Every command on a hostile pack, a hostile progress file and a hostile learner name.

The pack's titles, prompts and choices hold escape sequences (colours, OSC 8 links, bells), a C1
CSI, bidi overrides and Rich markup; the progress file holds a learner named with an OSC 52
clipboard write, an OSC 0 title, a screen clear and markup, and, as SQL would insert them, a
learner and ids with more of the same; a typed answer hides a formula after a bare carriage return.

Each command runs as the user runs it, in its own process, with a private HOME and working folder.
For each: the exit code is a documented one (0 done, 1 invalid or failed, 2 usage), stderr has at
most one line, nothing says "Traceback", no ESC, C1, bell or bidi control reaches stdout or stderr,
and no file changed outside the data folder and the output folder the command was given.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.security.hostile import ANSWERS, HOSTILE_NAME, write_hostile_pack, write_hostile_store

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = {0, 1, 2}
"""The exit codes the README documents: 0 done, 1 invalid pack or failed, 2 usage."""
FORBIDDEN = re.compile("[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]")
"""ESC, BEL, the C1 controls (as code points) and the bidi overrides and isolates."""
HOSTILE_ARGUMENT = "\x1b]52;c;SGFja2Vk\x07\x1b]0;ARG-TITLE\x07\x9b2J"
TIMEOUT = 30
REPORTS_EACH_LOSS = {"gift-export", "gift-export-file"}
"""GIFT export names each thing GIFT cannot hold, a warning a line (on stdout, as `validate`)."""
DIAGNOSTIC = re.compile(r"^\S+: warning: question `[^`]*`: ")


@dataclass
class Run:
    """One command and what it did."""

    argv: list[str]
    code: int
    out: str
    err: str


@dataclass
class World:
    """The folders every command runs in."""

    root: Path
    home: Path
    cwd: Path
    pack: Path
    data: Path
    out: Path
    answers: Path

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "PYTHONUTF8": "1",
            "HOME": str(self.home),
            "TRAINER_DATA_DIR": str(self.data),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }


def run(world: World, argv: list[str], stdin: str = "") -> Run:
    """`trainer ARGV` in a process of its own, as a user would run it."""
    completed = subprocess.run(
        [sys.executable, "-m", "trainer", *argv],
        input=stdin.encode(),
        capture_output=True,
        cwd=world.cwd,
        env=world.env(),
        timeout=TIMEOUT,
    )
    decode = lambda data: data.decode("utf-8", errors="backslashreplace")  # noqa: E731
    return Run(argv, completed.returncode, decode(completed.stdout), decode(completed.stderr))


def snapshot(world: World) -> dict[str, tuple[int, int]]:
    """Every file under the world's root but the data and output folders: size and mtime."""
    seen = {}
    for path in world.root.rglob("*"):
        if path.is_relative_to(world.data) or path.is_relative_to(world.out) or not path.is_file():
            continue
        stat = path.stat()
        seen[str(path.relative_to(world.root))] = (stat.st_size, stat.st_mtime_ns)
    return seen


def commands(world: World) -> dict[str, tuple[list[str], str]]:
    """The commands that run on their own, by id: argv and standard input."""
    pack, data, out = str(world.pack), str(world.data), str(world.out)
    store = str(world.data / "progress.sqlite3")
    on = ["--course", pack, "--data-dir", data]
    return {
        "help": (["--help"], ""),
        "version": (["--version"], ""),
        "plain": (["--plain", *on, "--learner", HOSTILE_NAME], "\n" * 3),
        "plain-new-hostile-learner": (
            ["--plain", *on, "--learner", "New " + HOSTILE_ARGUMENT],
            "q\n",
        ),
        "validate": (["validate", pack], ""),
        "validate-json": (["validate", pack, "--format", "json"], ""),
        "validate-strict": (["validate", pack, "--strict"], ""),
        "quiz": (["quiz", "one", "--course", pack, "--answers", str(world.answers)], ""),
        "quiz-json": (
            ["quiz", "one", "--course", pack, "--answers", str(world.answers), "--json"],
            "",
        ),
        "quiz-unknown": (
            ["quiz", HOSTILE_ARGUMENT, "--course", pack, "--answers", str(world.answers)],
            "",
        ),
        "progress": (["progress", *on], ""),
        "progress-name": (["progress", *on, "--learner", HOSTILE_NAME], ""),
        "progress-json": (["progress", *on, "--learner", HOSTILE_NAME, "--json"], ""),
        "progress-csv": (["progress", *on, "--learner", "Pariser", "--csv"], ""),
        "progress-unknown-learner": (["progress", *on, "--learner", HOSTILE_ARGUMENT], ""),
        "certificate": (["certificate", *on, "--learner", HOSTILE_NAME, "-o", out], ""),
        "certificate-unfinished": (["certificate", *on, "-o", out], ""),
        "certificate-verify-unknown": (["certificate", "verify", "AAAA-BBBB-CCCC", *on], ""),
        "certificate-verify-hostile": (["certificate", "verify", HOSTILE_ARGUMENT, *on], ""),
        "new-course": (
            [
                "new",
                "course",
                str(world.out / "newpack"),
                "--languages",
                "en",
                "--title",
                "T " + HOSTILE_ARGUMENT,
            ],
            "",
        ),
        "schema": (["schema", "quiz"], ""),
        "gift-export": (["gift", "export", "--all", "--course", pack], ""),
        "gift-export-file": (
            ["gift", "export", "one", "--course", pack, "-o", str(world.out / "one.gift")],
            "",
        ),
        "sync-status": (["sync", "--status", *on], ""),
        "sync-unset": (["sync", *on], ""),
        "report": (["report", "--course", pack, "--store", store], ""),
        # Figures over one learner, for a trainer with a hostile name: every cell is shown.
        "report-lowered": (
            [
                "report",
                "--course",
                pack,
                "--store",
                store,
                "--min-learners",
                "1",
                "--for-trainer",
                HOSTILE_ARGUMENT,
            ],
            "",
        ),
        "report-csv": (["report", "--course", pack, "--store", store, "--csv"], ""),
        "report-csv-file": (
            [
                "report",
                "--course",
                pack,
                "--store",
                store,
                "--csv",
                "-o",
                str(world.out / "r.csv"),
                "--min-learners",
                "1",
                "--for-trainer",
                "Claire",
            ],
            "",
        ),
        "report-roster": (["report", "--course", pack, "--store", store, "--roster"], ""),
        "report-roster-excel": (
            ["report", "--course", pack, "--store", store, "--roster", "--excel"],
            "",
        ),
        "report-group": (["report", "--course", pack, "--store", store, "--group", "Culture"], ""),
        "report-hostile-group": (
            ["report", "--course", pack, "--store", store, "--group", HOSTILE_ARGUMENT],
            "",
        ),
        "schema-fr": (["schema", "quiz", "--lang", "fr"], ""),
        "cmi5-package": (
            [
                "cmi5",
                "package",
                "--course",
                pack,
                "--url",
                "https://formation.example.org/",
                "-o",
                str(world.out / "cours.zip"),
            ],
            "",
        ),
        "cmi5-hostile-url": (
            ["cmi5", "package", "--course", pack, "--url", HOSTILE_ARGUMENT, "-o", out],
            "",
        ),
        "sync-resend-unset": (["sync", "--resend", *on], ""),
        "fiches": (["fiches", "--course", pack, "-o", str(world.out / "fiches.pdf")], ""),
        "usage-unknown-module": (["fiches", "--course", pack, "--module", HOSTILE_ARGUMENT], ""),
        "serve-help": (["serve", "--help"], ""),
        "preview-help": (["preview", "--help"], ""),
        "usage-unknown-command": ([HOSTILE_ARGUMENT], ""),
        "usage-unknown-language": (["progress", *on, "--lang", HOSTILE_ARGUMENT], ""),
        "usage-unknown-schema": (["schema", HOSTILE_ARGUMENT], ""),
        "usage-no-such-folder": (["validate", str(world.root / HOSTILE_ARGUMENT)], ""),
    }


def damaged(world: World) -> dict[str, tuple[list[str], str]]:
    """The hostile store damaged as issue 11 §11 says: an invalid JSON payload, a missing table."""
    pack = str(world.pack)
    bad_payload = str(world.data / "bad-payload" / "progress.sqlite3")
    no_events = ["--course", pack, "--data-dir", str(world.data / "no-events")]
    return {
        "damaged-report-bad-payload": (["report", "--course", pack, "--store", bad_payload], ""),
        "damaged-progress-no-events": (["progress", *no_events], ""),
        "damaged-sync-status-no-events": (["sync", "--status", *no_events], ""),
        "damaged-verify-no-events": (["certificate", "verify", "AAAA-BBBB-CCCC", *no_events], ""),
    }


def write_damaged_stores(world: World) -> None:
    import shutil
    import sqlite3

    """Copies of the hostile store, damaged, in data folders of their own under the data folder."""
    for name, damage in (
        (
            "bad-payload",
            "INSERT INTO events (uuid, learner_id, course_id, kind, quiz_id, question_id, "
            "attempt_id, language, payload, at) SELECT 'bad-payload', learner_id, course_id, "
            "kind, quiz_id, question_id, attempt_id, language, '{not json', at FROM events WHERE "
            "kind = 'answered' LIMIT 1",
        ),
        ("no-events", "DROP TABLE events"),
    ):
        (world.data / name).mkdir()
        path = world.data / name / "progress.sqlite3"
        shutil.copy(world.data / "progress.sqlite3", path)
        with sqlite3.connect(path) as connection:
            connection.execute(damage)
        connection.close()


def after(world: World, first: dict[str, Run]) -> dict[str, tuple[list[str], str]]:
    """The commands that use what the first ones wrote: the certificate's code, the new pack."""
    found = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", first["certificate"].out)
    code = found.group() if found else "AAAA-BBBB-CCCC"
    newpack = str(world.out / "newpack")
    on = ["--course", str(world.pack), "--data-dir", str(world.data)]
    return {
        "certificate-verify": (["certificate", "verify", code, *on], ""),
        "gift-import": (
            ["gift", "import", str(world.out / "one.gift"), "--into", newpack, "--id", "imported"],
            "",
        ),
        "new-lesson": (["new", "lesson", "second", "--course", newpack], ""),
        "validate-new-pack": (["validate", newpack], ""),
    }


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[World, dict[str, Run], dict[str, tuple[int, int]], dict[str, tuple[int, int]]]]:
    root = tmp_path_factory.mktemp("hostile-everything")
    world = World(
        root,
        root / "home",
        root / "cwd",
        root / "pack",
        root / "data",
        root / "out",
        root / "answers.yaml",
    )
    for folder in (world.home, world.cwd, world.out):
        folder.mkdir()
    write_hostile_pack(world.pack)
    write_hostile_store(world.data / "progress.sqlite3", world.pack)
    world.answers.write_text(ANSWERS, encoding="utf-8")
    write_damaged_stores(world)
    before = snapshot(world)
    with ThreadPoolExecutor(max_workers=3) as pool:
        alone = {**commands(world), **damaged(world)}
        first = dict(
            zip(alone, pool.map(lambda item: run(world, *item), alone.values()), strict=True)
        )
        second = after(world, first)
        runs = {
            **first,
            **dict(
                zip(second, pool.map(lambda item: run(world, *item), second.values()), strict=True)
            ),
        }
    yield world, runs, before, snapshot(world)


NOWHERE = World(*(Path("/nowhere"),) * 7)
IDS = [*commands(NOWHERE), *after(NOWHERE, {"certificate": Run([], 0, "", "")})]
DAMAGED = list(damaged(NOWHERE))


@pytest.mark.parametrize("command", [*IDS, *DAMAGED])
def test_every_command_stays_inert_on_hostile_input(world, command: str) -> None:
    _, runs, _, _ = world
    result = runs[command]
    shown = (
        f"trainer {result.argv!r} → {result.code}\nstdout: {result.out[-2000:]!r}\n"
        f"stderr: {result.err!r}"
    )
    assert result.code in DOCUMENTED, shown
    assert "Traceback" not in result.out + result.err, shown
    lines = result.err.splitlines()
    if command in REPORTS_EACH_LOSS:
        assert all(DIAGNOSTIC.match(line) for line in lines), shown
    else:
        assert len(lines) <= 1, shown
    for name, text in (("stdout", result.out), ("stderr", result.err)):
        raw = FORBIDDEN.search(text)
        assert raw is None, f"{raw.group()!r} reached {name}: {shown}"


def test_no_file_changes_outside_the_data_and_output_folders(world) -> None:
    _, _, before, now = world
    assert now == before


def test_what_the_commands_did(world) -> None:
    """The hostile input did not stop the work: each command did what it is for."""
    world_, runs, _, _ = world
    assert runs["certificate"].code == 0 and list(world_.out.glob("certificat-hostile-*.pdf"))
    assert runs["certificate-verify"].code == 0 and "valid" in runs["certificate-verify"].out
    assert (
        runs["certificate-unfinished"].code == 1
        and "\\x1b]52;c;TWFsbG9yeQ==\\x07" in runs["certificate-unfinished"].err
    )
    assert "\\x1b]52;c;SGFja2Vk\\x07" in runs["sync-status"].out
    assert "[@click=app.quit]x[/] Dupont [RH]" in runs["progress-name"].out
    assert (
        runs["usage-unknown-command"].code == 2 and "\\x1b]52" in runs["usage-unknown-command"].err
    )
    assert runs["validate-strict"].code == 1
    for command in (
        "new-course",
        "gift-import",
        "new-lesson",
        "validate-new-pack",
        "gift-export-file",
        "report-csv-file",
    ):
        assert runs[command].code == 0, runs[command]


def test_json_keeps_the_text_exact(world) -> None:
    """JSON escapes what it would have written raw, and parses back to the very name."""
    import json

    _, runs, _, _ = world
    assert json.loads(runs["progress-json"].out)["learner"] == HOSTILE_NAME


def test_no_csv_cell_is_a_formula(world) -> None:
    """Neither the learner's record nor the report starts a cell, or a line in a cell, like a
    formula: the answer `Pariser\\r=cmd|…` stays in its cell, quoted, its second line made inert."""
    world_, runs, _, _ = world
    texts = [
        runs["progress-csv"].out,
        runs["report-csv"].out,
        (world_.out / "r.csv").read_text(encoding="utf-8"),
        runs["report-roster"].out,  # the learners' names and titles, every one a cell
    ]
    for text in texts:
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                for line in re.split(r"\r\n|\r|\n", cell):
                    assert line[:1] not in ("=", "+", "-", "@"), (line, row)
    assert "Pariser\n'=cmd|' /C calc'!A0" in [
        cell for row in csv.reader(io.StringIO(texts[2], newline="")) for cell in row
    ]
