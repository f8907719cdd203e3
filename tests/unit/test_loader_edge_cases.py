"""Edge cases of loading and validating found in review: each once gave a traceback, a wrong place
or a misleading message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.packs import BODY, write_pack
from trainer.cli import main
from trainer.quiz.grading import grade
from trainer.quiz.pack_check import check_pack

QUIZ = (
    "title: Quiz\nmax_attempts: {max_attempts}\nquestions:\n"
    "  - id: q\n    type: single\n    points: {points}\n    prompt: P\n    explanation: E\n"
    "    choices:\n      - text: A\n        correct: true\n      - text: B\n"
)


def diagnostics(root: Path) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.column, d.code, d.message) for d in check_pack(root)[1]]


@pytest.mark.parametrize("tagged", ["!!int three", "!!float x", "!!bool maybe", "!!timestamp nope"])
def test_a_tagged_value_that_cannot_be_read_is_a_diagnostic(tmp_path: Path, tagged: str) -> None:
    root = write_pack(tmp_path / "p", quiz=QUIZ.format(max_attempts=tagged, points=1))
    (found,) = diagnostics(root)
    assert found[:4] == ("quizzes/one.yaml", 2, 15, "yaml-syntax")
    assert "cannot read" in found[4]


def test_a_control_character_is_placed_exactly_on_one_line(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p")
    (root / "lessons" / "one.md").write_text(
        "---\ntitle: One\nminutes: 3\x00\n---\nText.\n", encoding="utf-8"
    )
    (found,) = diagnostics(root)
    assert found[:4] == ("lessons/one.md", 3, 11, "yaml-syntax")
    assert "\n" not in found[4] and "#x0000" in found[4]


@pytest.mark.parametrize("points", [".nan", ".inf", "-.inf"])
def test_points_must_be_finite(tmp_path: Path, points: str) -> None:
    root = write_pack(tmp_path / "p", quiz=QUIZ.format(max_attempts=1, points=points))
    assert [d[3] for d in diagnostics(root)] == ["wrong-type"]


def test_an_accepted_answer_of_punctuation_fails_the_self_test(tmp_path: Path) -> None:
    quiz = (
        "title: Q\nquestions:\n  - id: t\n    type: text\n    prompt: P\n    explanation: E\n"
        "    accept: ['...']\n"
    )
    root = write_pack(tmp_path / "p", quiz=quiz)
    (found,) = diagnostics(root)
    assert found[:4] == ("quizzes/one.yaml", 3, 1, "answer-key")
    pack, _ = check_pack(root)
    assert grade(pack.course().quizzes["one"].questions[0], "!!").score == 0


def test_numbers_in_text_fields_are_taken_as_written(tmp_path: Path) -> None:
    quiz = (
        "title: Q\nquestions:\n  - id: t\n    type: text\n    prompt: P\n    explanation: E\n"
        "    accept: [010, 1:30, 1.50]\n"
    )
    root = write_pack(tmp_path / "p", quiz=quiz)
    pack, found = check_pack(root)
    assert found == []
    assert pack.course().quizzes["one"].questions[0].accept == ("010", "1:30", "1.50")


def test_an_empty_explanation_is_warned_like_a_missing_one(tmp_path: Path) -> None:
    quiz = (
        "title: Q\nquestions:\n  - id: t\n    type: true_false\n    prompt: P\n"
        "    answer: true\n    explanation:\n"
    )
    root = write_pack(tmp_path / "p", quiz=quiz)
    assert [d[3] for d in diagnostics(root)] == ["no-explanation"]


def test_the_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p")
    (root / "lessons" / "one.md").write_bytes(b"---\ntitle: \xc3\x87a\xe9\n---\n")
    (found,) = diagnostics(root)
    assert found[:4] == ("lessons/one.md", 2, 10, "not-utf8")


def test_an_order_question_reads_an_order(tmp_path: Path) -> None:
    quiz = "title: Q\nquestions:\n  - id: o\n    type: order\n    prompt: P\n    explanation: E\n"
    root = write_pack(tmp_path / "p", quiz=quiz)
    assert any("an order question needs `items`" in d[4] for d in diagnostics(root))


def test_a_duplicate_quiz_file_is_named_a_quiz(tmp_path: Path) -> None:
    quiz = (
        "title: Q\nquestions:\n"
        "  - {id: t, type: true_false, prompt: P, answer: true, explanation: E}\n"
    )
    root = write_pack(tmp_path / "p", quiz=quiz)
    (root / "quizzes" / "one.yml").write_text(quiz, encoding="utf-8")
    assert any("the same quiz and language" in d[4] for d in diagnostics(root))


def test_a_lesson_that_fails_to_load_is_reported_once(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "p",
        quiz="title: Q\nquestions:\n"
        "  - {id: t, type: true_false, prompt: P, answer: true, explanation: E}\n",
    )
    (root / "lessons" / "one.md").write_text("no front matter\n", encoding="utf-8")
    assert [d[3] for d in diagnostics(root)] == ["no-front-matter"]


def test_translation_drift_speaks_yaml(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: c\ntitle: C\nlanguages: [fr, en]\nmodules: [{id: m, title: M, lessons: [one]}]\n"
    )
    for language in ("fr", "en"):
        (root / "lessons" / f"one.{language}.md").write_text(f"---\ntitle: T\n---\n{BODY}\n")
    base = (
        "title: Q\n{extra}questions:\n"
        "  - {{id: t, type: true_false, prompt: P, answer: true, explanation: E}}\n"
    )
    (root / "quizzes" / "one.fr.yaml").write_text(base.format(extra=""))
    (root / "quizzes" / "one.en.yaml").write_text(
        base.format(extra="shuffle: true\npass_mark: 0.8\n")
    )
    messages = [d[4] for d in diagnostics(root)]
    # pass_mark 0.8 is the course's own: no drift; shuffle differs
    assert messages == ["`shuffle` is true here but false in quizzes/one.fr.yaml: write the same"]


def test_a_question_pins_its_choices_in_every_language(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: c\ntitle: C\nlanguages: [fr, en]\nmodules: [{id: m, title: M, lessons: [one]}]\n"
    )
    for language in ("fr", "en"):
        (root / "lessons" / f"one.{language}.md").write_text(f"---\ntitle: T\n---\n{BODY}\n")
    base = (
        "title: Q\nquestions:\n"
        "  - {{id: s, type: single, {extra}prompt: P, explanation: E, choices: [{{text: A, "
        "correct: true}}, {{text: B}}]}}\n"
    )
    (root / "quizzes" / "one.fr.yaml").write_text(base.format(extra="shuffle: false, "))
    (root / "quizzes" / "one.en.yaml").write_text(base.format(extra=""))
    assert [d[4] for d in diagnostics(root)] == [
        "question `s` has `shuffle: true` here but `shuffle: false` in quizzes/one.fr.yaml"
    ]
    (root / "quizzes" / "one.en.yaml").write_text(base.format(extra="shuffle: false, "))
    assert diagnostics(root) == []
    (root / "quizzes" / "one.en.yaml").write_text(
        base.format(extra="shuffle: false, ").replace("single", "true_false")
    )
    assert any("it is for single and multiple questions" in d[4] for d in diagnostics(root))


def test_a_nested_course_yaml_is_no_traceback(tmp_path: Path, capsys) -> None:
    (tmp_path / "course.yaml").write_text("title: " + "[" * 3000 + "\n")
    code = main(["quiz", "one", "--answers", "a.yaml", "--course", str(tmp_path)])
    assert code == 1
    assert "Traceback" not in capsys.readouterr().err
