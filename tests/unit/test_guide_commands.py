"""Every `trainer …` command of the trainers' guides, French and English, runs as written (issue 14
§6): the guides and the program cannot drift apart again."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide-auteur.md"
ENGLISH_GUIDE = ROOT / "docs" / "authoring-guide.md"
GUIDES = {
    "fr": (GUIDE, "fr_FR.UTF-8", "0 erreur"),
    "en": (ENGLISH_GUIDE, "en_US.UTF-8", "0 errors"),
}
"""Each guide, the locale its reader has, and what a clean `validate` says in it."""
INTERACTIVE = {"preview"}
"""Commands that open the app: their options are checked with `--help` instead."""


def console_commands(text: str) -> list[str]:
    """The `$ …` lines of the guide's ```console blocks, in order."""
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


@pytest.mark.parametrize("language", GUIDES)
def test_the_guide_has_commands_to_run(language: str) -> None:
    commands = console_commands(GUIDES[language][0].read_text(encoding="utf-8"))
    assert any(c.startswith("trainer new course") for c in commands)
    assert any(c.startswith("trainer validate") for c in commands)


def test_the_guides_link_each_other() -> None:
    assert "(authoring-guide.md)" in GUIDE.read_text(encoding="utf-8")
    assert "(guide-auteur.md)" in ENGLISH_GUIDE.read_text(encoding="utf-8")
    assert "(docs/authoring-guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", GUIDES)
def test_every_command_of_the_guide_runs_in_a_fresh_folder(tmp_path: Path, language: str) -> None:
    guide, locale, clean = GUIDES[language]
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")},
        "PYTHONPATH": str(ROOT),
        "LANG": locale,
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
    }
    folder = tmp_path
    for command in console_commands(guide.read_text(encoding="utf-8")):
        words = shlex.split(command)
        if words[0] == "cd":
            folder = folder / words[1]
            assert folder.is_dir(), command
            continue
        assert words[0] == "trainer", command
        if len(words) > 1 and words[1] in INTERACTIVE:
            words = [*words, "--help"]
        result = subprocess.run(
            [sys.executable, "-m", "trainer", *words[1:]],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        shown = f"$ {command}\n{result.stdout}{result.stderr}"
        assert result.returncode == 0, shown
        assert "Traceback" not in shown, shown
        if words[1] == "validate" and "--help" not in words:
            assert clean in result.stderr, shown


@pytest.mark.parametrize("language", GUIDES)
def test_the_six_types_side_by_side_validate_clean(tmp_path: Path, capsys, language: str) -> None:
    from trainer import cli
    from trainer.quiz.pack_check import check_pack

    guide = GUIDES[language][0]
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL)
    (quiz,) = [block for block in blocks if "type: match" in block]
    root = tmp_path / "moncours"
    assert cli.main(["new", "course", str(root), "--languages", language]) == 0
    assert cli.main(["new", "lesson", "avis-difficiles", "--course", str(root)]) == 0
    (root / "quizzes" / f"avis-difficiles.{language}.yaml").write_text(quiz, encoding="utf-8")
    capsys.readouterr()
    pack, diagnostics = check_pack(root)
    assert [d for d in diagnostics if d.code != "placeholder"] == []
    (loaded,) = [q for q in pack.quizzes[language].values() if q.id == "avis-difficiles"]
    kinds = [question.type.value for question in loaded.questions]
    assert kinds == ["single", "multiple", "true_false", "text", "order", "match"]


@pytest.mark.parametrize(
    ("guide", "language", "feedback"),
    [(GUIDE, "fr", "Avant le signalement"), (ENGLISH_GUIDE, "en", "Before reporting")],
)
def test_the_feedback_and_weights_example_validates_clean(
    tmp_path: Path, capsys, guide: Path, language: str, feedback: str
) -> None:
    from trainer import cli
    from trainer.quiz.pack_check import check_pack

    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL)
    (quiz,) = [block for block in blocks if "weight:" in block]
    root = tmp_path / "moncours"
    assert cli.main(["new", "course", str(root), "--languages", language]) == 0
    assert cli.main(["new", "lesson", "compte-pirate", "--course", str(root)]) == 0
    (root / "quizzes" / f"compte-pirate.{language}.yaml").write_text(quiz, encoding="utf-8")
    capsys.readouterr()
    pack, diagnostics = check_pack(root)
    assert [d for d in diagnostics if d.code != "placeholder"] == []
    questions = pack.quizzes[language]["compte-pirate"].questions
    assert [c.weight for c in questions[0].choices] == [0.6, 0.4, -1, 0]
    assert questions[1].item_feedback[1].startswith(feedback)
