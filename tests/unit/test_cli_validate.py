"""`trainer validate DIR` through `trainer.cli.main`: diagnostics, an exit code, no traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.packs import BODY
from trainer.cli import main

PACKS = Path(__file__).parent.parent / "packs"
LINE = re.compile(r"^[^:\s][^:]*:\d+:\d+: (error|warning): \S.*$")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(["validate", "--lang", "en", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out and "Traceback" not in err
    return code, out.splitlines(), err.splitlines()


@pytest.mark.parametrize("name", ["bilingual", "single-language"])
def test_valid_pack_exits_0_with_nothing_on_stdout(capsys, name: str) -> None:
    code, out, err = run(capsys, str(PACKS / name))
    assert code == 0
    assert out == []
    assert len(err) == 1 and str(PACKS / name) in err[0]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "broken-yaml",
            [
                "quizzes/intro.yaml:6:12: error: invalid YAML: mapping values are not allowed in "
                "this context"
            ],
        ),
        (
            "not-utf8",
            [
                "quizzes/intro.yaml:5:17: error: the file is not UTF-8 text (byte 0xe9); save it "
                "as UTF-8"
            ],
        ),
        (
            "unknown-key",
            [
                "quizzes/intro.yaml:8:9: error: unknown key `corect` in a choice (did you mean "
                "`correct`?)"
            ],
        ),
    ],
)
def test_broken_pack_exits_1_with_one_diagnostic_a_line(
    capsys, name: str, lines: list[str]
) -> None:
    code, out, _ = run(capsys, str(PACKS / name))
    assert code == 1
    assert out == lines


def test_translation_drift_lists_every_drift_in_file_order(capsys) -> None:
    code, out, _ = run(capsys, str(PACKS / "translation-drift"))
    assert code == 1
    assert len(out) == 8
    assert all(LINE.match(line) and line.startswith("quizzes/intro.en.yaml:") for line in out), out
    places = [tuple(map(int, line.split(":")[1:3])) for line in out]
    assert places == sorted(places)


def test_warnings_alone_exit_0(capsys, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "single-language", pack)
    (pack / "lessons" / "extra.md").write_text(
        f"---\ntitle: Extra\n---\n{BODY}\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, str(pack))
    assert code == 0
    assert out == [
        "lessons/extra.md:1:1: warning: no module lists lesson `extra`: learners will not see "
        "it; add it to a module's `lessons` in course.yaml"
    ]


def test_missing_course_yaml_exits_1(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    assert out == [
        "course.yaml: error: no course.yaml in this folder: is it a course pack? "
        "(`trainer new course DIR` makes one)"
    ]
    assert err == []


@pytest.mark.parametrize(
    "quiz",
    [
        pytest.param(
            "".join(
                f"{n}: &{n} [" + ", ".join([f"*{p}" if p else "x"] * 10) + "]\n"
                for p, n in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
            ),
            id="alias bomb",
        ),
        pytest.param("title: " + "[" * 20_000 + "]" * 20_000 + "\n", id="deep nesting"),
    ],
)
def test_hostile_yaml_is_a_diagnostic(capsys, tmp_path: Path, quiz: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "single-language", pack)
    (pack / "quizzes" / "intro.yaml").write_text(quiz, encoding="utf-8")
    code, out, _ = run(capsys, str(pack))
    assert code == 1
    assert len(out) == 1 and LINE.match(out[0]) and out[0].startswith("quizzes/intro.yaml:"), out


def test_every_broken_line_has_the_diagnostic_shape(capsys) -> None:
    for name in ("broken-yaml", "not-utf8", "unknown-key", "translation-drift"):
        code, out, _ = run(capsys, str(PACKS / name))
        assert code == 1 and out
        assert all(LINE.match(line) for line in out), out


@pytest.mark.parametrize("target", ["missing", "file"])
def test_not_a_folder_exits_2_with_one_line_on_stderr(capsys, tmp_path: Path, target: str) -> None:
    path = tmp_path / "nowhere"
    if target == "file":
        path.write_text("id: x\n", encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert out == []
    assert len(err) == 1
    assert err[0].startswith("trainer: ") and str(path) in err[0]
