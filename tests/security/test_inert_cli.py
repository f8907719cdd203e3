"""`trainer validate` and `trainer quiz` on a hostile pack: no escape sequence, bell, C1 control
or bidi override from the pack reaches the terminal, on stdout or stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.hostile import ANSWERS, RAW_CONTROLS, write_hostile_pack
from trainer.cli import main


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile_pack(tmp_path / "pack")


def _assert_inert(text: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in text, f"{control!r} reached the terminal: {text!r}"


@pytest.mark.parametrize(
    "options", [[], ["--format", "json"], ["--strict"]], ids=["text", "json", "strict"]
)
def test_validate_output_is_inert(hostile: Path, capsys, options: list[str]) -> None:
    code = main(["validate", str(hostile), *options])
    out, err = capsys.readouterr()
    assert code == (1 if options == ["--strict"] else 0)
    assert "control-character" in out or "control character" in out
    _assert_inert(out)
    _assert_inert(err)


@pytest.mark.parametrize("options", [[], ["--json"]], ids=["text", "json"])
def test_quiz_output_is_inert(hostile: Path, tmp_path: Path, capsys, options: list[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    code = main(["quiz", "one", "--course", str(hostile), "--answers", str(answers), *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "100" in out or '"score": 1.0' in out
    _assert_inert(out)
    _assert_inert(err)


def test_quiz_errors_quoting_a_hostile_answer_are_inert(
    hostile: Path, tmp_path: Path, capsys
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text('single: "\\e]8;;https://evil.invalid\\a\\u202e"\n', encoding="utf-8")
    code = main(["quiz", "one", "--course", str(hostile), "--answers", str(answers)])
    out, err = capsys.readouterr()
    assert code == 2
    _assert_inert(out)
    _assert_inert(err)
