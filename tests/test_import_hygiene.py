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
