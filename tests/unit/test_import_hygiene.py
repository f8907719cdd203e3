"""The core never imports Textual: `trainer validate` and `trainer quiz` stay fast and headless."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "trainer.course.model",
    "trainer.course.loader",
    "trainer.course.validate",
    "trainer.quiz.grading",
    "trainer.quiz.scoring",
    "trainer.quiz.attempts",
    "trainer.quiz.completion",
    "trainer.quiz.pack_check",
    "trainer.progress.store",
    "trainer.session",
    "trainer.cli",
    "trainer.plain",
    "trainer.progress.summary",
    "trainer.xapi.statements",
    "trainer.xapi.sync",
    "trainer.report.figures",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"], f"{module} imports Textual or Rich"


@pytest.mark.parametrize("module", ["trainer.course", "trainer.quiz", "trainer.progress"])
def test_core_package_does_not_import_sqlite_or_textual(module: str) -> None:
    code = (
        f"import sys, importlib, pkgutil, {module} as m\n"
        "for info in pkgutil.iter_modules(m.__path__): importlib.import_module(m.__name__ + '.' "
        "+ info.name)\nprint('textual' in sys.modules, 'sqlite3' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    textual_loaded, sqlite_loaded = result.stdout.split()
    assert textual_loaded == "False"
    if module != "trainer.progress":
        assert sqlite_loaded == "False", f"{module} imports sqlite3"


@pytest.mark.parametrize("command", [["validate", "--help"], ["quiz", "--help"]])
def test_headless_commands_never_import_textual(command: list[str]) -> None:
    code = (
        "import sys\nfrom trainer.cli import main\n"
        f"try:\n    main({command!r})\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().endswith("CLEAN")


QUIZ = """title: Q
questions:
  - id: q
    type: true_false
    prompt: Yes?
    answer: true
"""
UNWANTED = [
    *("textual", "rich", "difflib", "json"),
    *("trainer.commands.organisation", "trainer.tui", "trainer.report", "trainer.certificate"),
]


@pytest.mark.parametrize("command", ["validate", "quiz", "progress"])
def test_a_headless_command_imports_only_what_it_needs(tmp_path, command: str) -> None:
    """Run for real on a one-lesson pack: no Textual or Rich, no other command's module, and none
    of the modules kept for the rare case (a misspelt key, JSON output)."""
    from tests.helpers.packs import write_pack

    pack = write_pack(tmp_path / "pack", quiz=QUIZ)
    answers = tmp_path / "answers.yaml"
    answers.write_text("{}\n", encoding="utf-8")
    argv = {
        "validate": ["validate", str(pack)],
        "quiz": ["quiz", "one", "--answers", str(answers), "--course", str(pack)],
        "progress": ["progress", "--course", str(pack), "--data-dir", str(tmp_path / "data")],
    }[command]
    # progress reads the store's events, which are JSON; quiz keeps the pack it checked clean as
    # a JSON snapshot (`trainer.course.snapshot`). Only validate gives the advice on teaching:
    # the others check the pack for use, without the modules that give it.
    unwanted = [m for m in UNWANTED if command == "validate" or m != "json"]
    if command != "validate":
        unwanted += ["trainer.course.itemwriting", "trainer.course.keypoints"]
        unwanted += ["trainer.course.placeholders"]
    code = (
        "import sys\nfrom trainer.cli import main\nmain(sys.argv[1:])\n"
        f"unwanted = {unwanted!r}\n"
        "print(' '.join(m for m in unwanted if m in sys.modules) or 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stderr.strip().splitlines()[-1] == "CLEAN", result.stderr


def test_the_app_restarted_off_a_terminal_imports_neither_yaml_nor_pictures(tmp_path) -> None:
    """The bundled course (which has pictures), started again in its data folder with
    no terminal (a pipe, as headless and `trainer serve`'s sessions run): the pack is restored
    from its snapshot, so no YAML; textual-image, Pillow and NumPy wait for a picture to draw; no
    OpenSSL (`hashlib`) for the serve module's constants; no FSRS for a learner who has answered
    nothing yet (`trainer.quiz.review` loads it with a first answer to replay). The app stops
    before it runs."""
    code = (
        "import sys\nfrom trainer.tui.app import TrainerApp\n"
        "TrainerApp.run = lambda self, *args, **kwargs: None\n"
        "from trainer.cli import main\nmain(sys.argv[1:])\n"
        "unwanted = ['yaml', 'textual_image', 'PIL', 'numpy', 'hashlib', 'fsrs']\n"
        "print(' '.join(m for m in unwanted if m in sys.modules) or 'CLEAN', file=sys.stderr)"
    )
    argv = ["--data-dir", str(tmp_path / "data"), "--learner", "Agent"]
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
        )
        for _ in range(3)
    ]
    # The first start makes the data folder, the second remembers the pack checked clean there.
    assert "yaml" in runs[1].stderr
    assert runs[2].stderr.strip().splitlines()[-1] == "CLEAN", runs[2].stderr


def test_fsrs_is_loaded_with_the_first_answer_to_replay() -> None:
    """A learner who has answered nothing gets an empty deck without FSRS being imported; the
    first answer replayed brings it."""
    code = (
        "import sys\nfrom trainer.quiz.review import cards, due_count\n"
        "assert cards([]) == {} and 'fsrs' not in sys.modules\n"
        "deck = cards([('quiz', 'q1', 1.0, False, '2026-03-02T09:00:00+00:00')])\n"
        "print(len(deck), 'fsrs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["1", "True"], result.stderr
