"""The rules of a quiz file and of every question in it: required keys, answer keys in their place,
known types, unique ids, explanations, and the ranges of pass marks, points and attempts.

Each case starts from a minimal valid pack (tests/helpers/validation.py) written in `tmp_path`
and changes one file; a diagnostic is compared on its path, line, column, severity and code,
and on the gist of its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.packs import PACKS
from tests.helpers.validation import (
    COURSE,
    QUIZ,
    E,
    check,
    check_structure,
    expect,
    with_question,
)

# Keys: unknown, misplaced, written twice, missing -------------------------------------------------


def test_unknown_key_suggests_the_nearest_known_one() -> None:
    _, diagnostics = check_structure(PACKS / "unknown-key")
    expect(
        diagnostics,
        # reported once: not again as a single question with no correct choice
        (
            "quizzes/intro.yaml",
            8,
            9,
            E,
            "unknown-key",
            "unknown key `corect` in a choice (did you mean `correct`?)",
        ),
    )


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            """
            id: q
            type: single
            prompt: Pick.
            answer: true
            choices: [{text: A, correct: true}, {text: B}]
            explanation: Because.
            """,
            (
                "quizzes/one.yaml",
                6,
                5,
                E,
                "misplaced-key",
                "`answer` does not belong in a single question: it is for true_false questions",
            ),
            id="answer on single",
        ),
        pytest.param(
            """
            id: q
            type: true_false
            prompt: True?
            answer: true
            choices: [{text: A, correct: true}, {text: B}]
            explanation: Because.
            """,
            (
                "quizzes/one.yaml",
                7,
                5,
                E,
                "misplaced-key",
                "`choices` does not belong in a true_false question: "
                "it is for single and multiple questions",
            ),
            id="choices on true_false",
        ),
        pytest.param(
            """
            id: q
            type: order
            prompt: Order.
            items: [a, b]
            accept: [a]
            explanation: Because.
            """,
            ("quizzes/one.yaml", 7, 5, E, "misplaced-key", "question: it is for text questions"),
            id="accept on order",
        ),
    ],
)
def test_misplaced_answer_key(tmp_path: Path, block: str, expected: tuple) -> None:
    expect(check(tmp_path, with_question(block)), expected)


@pytest.mark.parametrize(
    ("quiz", "expected"),
    [
        pytest.param(
            "questions:\n" + QUIZ.split("questions:\n")[1],
            [("quizzes/one.yaml", 1, 1, E, "missing-key", "a quiz needs `title`")],
            id="title",
        ),
        pytest.param(
            "title: Quiz\n",
            [("quizzes/one.yaml", 1, 1, E, "missing-key", "a quiz needs `questions`")],
            id="questions",
        ),
        pytest.param(
            "title: Quiz\nquestions: []\n",
            [("quizzes/one.yaml", 2, 12, E, "missing-key", "a quiz needs at least one question")],
            id="no question",
        ),
        pytest.param(
            "title: Quiz\nquestions:\n  - Pick one.\n",
            [
                (
                    "quizzes/one.yaml",
                    3,
                    5,
                    E,
                    "wrong-type",
                    "a question must be a mapping of keys to values, not a string ('Pick one.')",
                )
            ],
            id="question not a mapping",
        ),
    ],
)
def test_quiz_requirements(tmp_path: Path, quiz: str, expected: list) -> None:
    expect(check(tmp_path, {"quizzes/one.yaml": quiz}), *expected)


def test_question_without_id_type_or_prompt(tmp_path: Path) -> None:
    expect(
        check(tmp_path, with_question("explanation: Because.")),
        *[
            ("quizzes/one.yaml", 3, 5, E, "missing-key", f"a question needs `{key}`")
            for key in ("id", "type", "prompt")
        ],
    )


@pytest.mark.parametrize("key", ["id", "prompt"])
def test_typed_question_without_id_or_prompt(tmp_path: Path, key: str) -> None:
    block = {"id": "id: q", "prompt": "prompt: True?"}
    lines = [block[k] for k in ("id", "prompt") if k != key]
    question = "\n".join([*lines, "type: true_false", "answer: true", "explanation: Because."])
    expect(
        check(tmp_path, with_question(question)),
        ("quizzes/one.yaml", 3, 5, E, "missing-key", f"a true_false question needs `{key}`"),
    )


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("single", "choices"),
        ("multiple", "choices"),
        ("true_false", "answer"),
        ("text", "accept"),
        ("order", "items"),
        ("match", "pairs"),
    ],
)
def test_each_type_needs_its_answer_key(tmp_path: Path, kind: str, key: str) -> None:
    question = f"id: q\ntype: {kind}\nprompt: P\nexplanation: Because."
    expect(
        check(tmp_path, with_question(question)),
        ("quizzes/one.yaml", 3, 5, E, "missing-key", f"question needs `{key}`"),
    )


def test_wrong_types_in_a_question(tmp_path: Path) -> None:
    question = """
    id: q
    type: true_false
    prompt: [True?]
    answer: "yes"
    points: two
    explanation: Because.
    """
    expect(
        check(tmp_path, with_question(question)),
        ("quizzes/one.yaml", 5, 13, E, "wrong-type", "`prompt` must be a string, not a list"),
        (
            "quizzes/one.yaml",
            6,
            13,
            E,
            "wrong-type",
            "`answer` must be true or false: write `answer: true`, not `yes`",
        ),
        (
            "quizzes/one.yaml",
            7,
            13,
            E,
            "wrong-type",
            "`points` must be a number, not a string ('two')",
        ),
    )


@pytest.mark.parametrize(
    ("kind", "suggestion"),
    [
        ("singel", " (did you mean `single`?)"),
        ("truefalse", " (did you mean `true_false`?)"),
        ("essay", ""),
    ],
)
def test_unknown_question_type(tmp_path: Path, kind: str, suggestion: str) -> None:
    diagnostics = check(
        tmp_path, with_question(f"id: q\ntype: {kind}\nprompt: P\nexplanation: Because.")
    )
    expect(
        diagnostics,
        ("quizzes/one.yaml", 4, 11, E, "unknown-type", f"unknown question type `{kind}`"),
    )
    message = diagnostics[0].message
    assert message.endswith(
        f"{suggestion}; the types are single, multiple, true_false, text, order, match"
    )


# Ranges -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (
            "quiz",
            "0",
            (
                "out-of-range",
                "`pass_mark` must be more than 0 and at most 1 (0.8 means 80 %), not 0",
            ),
        ),
        ("quiz", "-0.5", ("out-of-range", "not -0.5")),
        ("quiz", "1.5", ("out-of-range", "not 1.5")),
        ("quiz", "80", ("out-of-range", "not 80")),
        ("quiz", "'high'", ("wrong-type", "`pass_mark` must be a number, not a string ('high')")),
        ("quiz", "true", ("wrong-type", "`pass_mark` must be a number, not true or false (true)")),
        ("quiz", "1", None),
        ("quiz", "0.01", None),
        ("course", "0", ("out-of-range", "`pass_mark` must be more than 0 and at most 1")),
        ("course", "1.01", ("out-of-range", "not 1.01")),
        ("course", "1", None),
    ],
)
def test_pass_mark_range(tmp_path: Path, where: str, value: str, expected: tuple | None) -> None:
    if where == "quiz":
        changes = {
            "quizzes/one.yaml": QUIZ.replace("title: Quiz\n", f"title: Quiz\npass_mark: {value}\n")
        }
        place = ("quizzes/one.yaml", 2, 12)
    else:
        changes = {"course.yaml": COURSE + f"pass_mark: {value}\n"}
        place = ("course.yaml", 8, 12)
    diagnostics = check(tmp_path, changes)
    if expected is None:
        assert diagnostics == []
    else:
        expect(diagnostics, (*place, E, *expected))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", ("out-of-range", "`points` must be more than 0, not 0")),
        ("-1", ("out-of-range", "`points` must be more than 0, not -1")),
        ("'x'", ("wrong-type", "`points` must be a number, not a string ('x')")),
        ("0.5", None),
        ("3", None),
    ],
)
def test_points_more_than_zero(tmp_path: Path, value: str, expected: tuple | None) -> None:
    diagnostics = check(
        tmp_path,
        {
            "quizzes/one.yaml": QUIZ.replace(
                "    prompt: Pick.\n", f"    prompt: Pick.\n    points: {value}\n"
            )
        },
    )
    if expected is None:
        assert diagnostics == []
    else:
        expect(diagnostics, ("quizzes/one.yaml", 6, 13, E, *expected))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", ("out-of-range", "`max_attempts` must be at least 1, not 0")),
        ("-2", ("out-of-range", "`max_attempts` must be at least 1, not -2")),
        ("2.5", ("wrong-type", "`max_attempts` must be a whole number, not a number (2.5)")),
        ("'3'", ("wrong-type", "`max_attempts` must be a whole number, not a string ('3')")),
        ("1", None),
        ("100", None),
    ],
)
def test_max_attempts_at_least_one(tmp_path: Path, value: str, expected: tuple | None) -> None:
    diagnostics = check(
        tmp_path,
        {
            "quizzes/one.yaml": QUIZ.replace(
                "title: Quiz\n", f"title: Quiz\nmax_attempts: {value}\n"
            )
        },
    )
    if expected is None:
        assert diagnostics == []
    else:
        expect(diagnostics, ("quizzes/one.yaml", 2, 15, E, *expected))
