"""One way to find the pack, and `trainer new` without a traceback (issue 14 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer import cli
from trainer.i18n import set_language


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def pack(tmp_path: Path, capsys) -> Path:
    root = tmp_path / "moncours"
    assert run(capsys, "new", "course", str(root), "--lang", "fr")[0] == 0
    return root


def test_validate_from_inside_a_pack_checks_that_pack_and_says_so(
    pack: Path, capsys, monkeypatch
) -> None:
    (pack / "quizzes" / "introduction.fr.yaml").write_text(
        (pack / "quizzes" / "introduction.fr.yaml")
        .read_text(encoding="utf-8")
        .replace("type: single", "type: qcm"),
        encoding="utf-8",
    )
    monkeypatch.chdir(pack / "lessons")
    code, out, err = run(capsys, "validate", "--lang", "en")
    assert code == 1
    assert "quizzes/introduction.fr.yaml:5:11: error: unknown question type `qcm`" in out
    assert f"trainer: the course pack in {pack.resolve()}" in err.splitlines()


def test_validate_a_file_gives_that_file_s_diagnostics_only(
    pack: Path, capsys, monkeypatch
) -> None:
    quiz = pack / "quizzes" / "introduction.fr.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("type: single", "type: qcm"), "utf-8")
    lesson = pack / "lessons" / "introduction.fr.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("minutes: 5", "minutes: x"), "utf-8"
    )
    monkeypatch.chdir(pack / "lessons")
    code, out, _ = run(capsys, "validate", "introduction.fr.md", "--lang", "en")
    assert code == 1
    assert [line for line in out.splitlines() if "`trainer new`" not in line] == [
        "lessons/introduction.fr.md:3:10: error: `minutes` must be a whole number, not a string "
        "('x')"
    ]
    code, out, _ = run(capsys, "validate", str(quiz), "--lang", "en")
    assert [line.split(":")[0] for line in out.splitlines()] == ["quizzes/introduction.fr.yaml"]


def test_validate_a_file_outside_any_pack_is_refused(tmp_path: Path, capsys) -> None:
    loose = tmp_path / "quiz.yaml"
    loose.write_text("title: x\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(loose), "--lang", "en")
    assert code == 2
    assert "is not inside a course pack" in err


def test_a_learner_command_inside_a_pack_uses_that_pack(pack: Path, capsys, monkeypatch) -> None:
    answers = pack / "answers.yaml"
    answers.write_text("question-1: 1\nquestion-2: true\n", encoding="utf-8")
    monkeypatch.chdir(pack / "quizzes")
    code, out, err = run(capsys, "quiz", "introduction", "--answers", str(answers), "--lang", "fr")
    assert code == 0, err
    assert "the course pack in" not in out
    assert str(pack.resolve()) in err


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("file", "is a file, not a folder"),
        ("file/sub", "cannot write"),
    ],
)
def test_new_course_where_it_cannot_be_written_is_one_line(
    tmp_path: Path, capsys, where: str, words: str
) -> None:
    (tmp_path / "file").write_text("hi", encoding="utf-8")
    code, _, err = run(capsys, "new", "course", str(tmp_path / where), "--lang", "en")
    assert code == 2
    assert words in err
    assert len(err.strip().splitlines()) == 1


def test_new_lesson_when_lessons_is_a_file(pack: Path, capsys) -> None:
    for path in (pack / "lessons").iterdir():
        path.unlink()
    (pack / "lessons").rmdir()
    (pack / "lessons").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "new", "lesson", "abc", "--course", str(pack), "--lang", "en")
    assert code == 2
    assert "lessons is a file" in err


@pytest.mark.parametrize(
    ("languages", "words"),
    [("fr,fr", "lists fr twice"), ("", "needs at least one language"), ("fr,,en", "empty")],
)
def test_new_course_refuses_bad_languages(
    tmp_path: Path, capsys, languages: str, words: str
) -> None:
    target = tmp_path / "c"
    code, _, err = run(
        capsys, "new", "course", str(target), "--languages", languages, "--lang", "en"
    )
    assert code == 2
    assert words in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "languages"),
    [
        (["--lang", "fr"], ["fr"]),
        (["--lang", "en"], ["en"]),
        (["--languages", "fr,en"], ["fr", "en"]),
    ],
)
def test_a_new_course_is_in_the_interface_s_language_alone_unless_asked(
    tmp_path: Path, capsys, argv: list[str], languages: list[str]
) -> None:
    target = tmp_path / "c"
    try:
        assert run(capsys, "new", "course", str(target), *argv)[0] == 0
    finally:
        set_language("en")
    course = yaml.safe_load((target / "course.yaml").read_text(encoding="utf-8"))
    assert course["languages"] == languages
    assert run(capsys, "validate", str(target))[0] == 0


def test_a_missing_translation_warns_where_the_pack_is_used_and_fails_validate(
    tmp_path: Path, capsys
) -> None:
    root = tmp_path / "bi"
    assert run(capsys, "new", "course", str(root), "--languages", "fr,en")[0] == 0
    (root / "quizzes" / "introduction.en.yaml").unlink()
    answers = tmp_path / "answers.yaml"
    answers.write_text("question-1: 1\nquestion-2: true\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "quiz",
        "introduction",
        "--answers",
        str(answers),
        "--course",
        str(root),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "warning: quiz `introduction` has no `en` translation" in err
    code, out, err = run(
        capsys, "gift", "export", "introduction", "--course", str(root), "--lang", "en"
    )
    assert code == 0, err
    assert out.startswith("$CATEGORY")
    assert "has no `en` translation" in err
    code, out, _ = run(capsys, "validate", str(root), "--lang", "en")
    assert code == 1
    assert "error: quiz `introduction` has no `en` translation" in out
