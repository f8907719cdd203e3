"""The rules of each question type: choices, text answers, order items and match pairs.

Each case starts from a minimal valid pack (tests/helpers/validation.py) written in `tmp_path`
and changes one file; a diagnostic is compared on its path, line, column, severity and code,
and on the gist of its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.validation import (
    E,
    W,
    check,
    expect,
    with_question,
    write_pack,
)
from trainer.quiz.pack_check import check_pack

# The rules of each question type ------------------------------------------------------------------


def choice_question(kind: str, *choices: str) -> dict[str, str]:
    """A question of `kind` whose choices are the flow mappings `choices`; they start on line 7."""
    lines = "\n".join(f"  - {choice}" for choice in choices)
    return with_question(
        f"id: q\ntype: {kind}\nprompt: P\nchoices:\n{lines}\nexplanation: Because."
    )


@pytest.mark.parametrize(
    ("kind", "choices", "expected"),
    [
        pytest.param(
            "single",
            ["{text: A}", "{text: B}"],
            (
                "quizzes/one.yaml",
                7,
                7,
                E,
                "single-correct",
                "a single question has exactly one choice with `correct: true`, this one has 0",
            ),
            id="single, none correct",
        ),
        pytest.param(
            "single",
            ["{text: A, correct: true}", "{text: B, correct: true}"],
            (
                "quizzes/one.yaml",
                7,
                7,
                E,
                "single-correct",
                "this one has 2; use `type: multiple` for several",
            ),
            id="single, two correct",
        ),
        pytest.param(
            "multiple",
            ["{text: A}", "{text: B}", "{text: C, correct: false}"],
            (
                "quizzes/one.yaml",
                7,
                7,
                E,
                "multiple-correct",
                "a multiple question needs at least one choice with `correct: true`",
            ),
            id="multiple, none correct",
        ),
        pytest.param(
            "single",
            ["{text: A, correct: true}"],
            (
                "quizzes/one.yaml",
                7,
                7,
                E,
                "too-few-choices",
                "a single question needs at least 2 choices",
            ),
            id="single, one choice",
        ),
        pytest.param(
            "multiple",
            ["{text: A, correct: true}"],
            (
                "quizzes/one.yaml",
                7,
                7,
                E,
                "too-few-choices",
                "a multiple question needs at least 2 choices",
            ),
            id="multiple, one choice",
        ),
        pytest.param(
            "single",
            ["{correct: true}", "{text: B}"],
            ("quizzes/one.yaml", 7, 9, E, "missing-key", "a choice needs `text`"),
            id="choice without text",
        ),
    ],
)
def test_choice_rules(tmp_path: Path, kind: str, choices: list[str], expected: tuple) -> None:
    expect(check(tmp_path, choice_question(kind, *choices)), expected)


@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_no_choice_at_all(tmp_path: Path, kind: str) -> None:
    question = f"id: q\ntype: {kind}\nprompt: P\nchoices: []\nexplanation: Because."
    expect(
        check(tmp_path, with_question(question)),
        (
            "quizzes/one.yaml",
            6,
            14,
            E,
            "too-few-choices",
            f"a {kind} question needs at least 2 choices",
        ),
    )


def test_multiple_with_every_choice_correct_is_valid(tmp_path: Path) -> None:
    assert (
        check(
            tmp_path,
            choice_question("multiple", "{text: A, correct: true}", "{text: B, correct: true}"),
        )
        == []
    )


@pytest.mark.parametrize("count", [9, 10, 12])
def test_more_than_nine_choices_is_a_warning_at_the_tenth(tmp_path: Path, count: int) -> None:
    choices = ["{text: C1, correct: true}", *(f"{{text: C{n}}}" for n in range(2, count + 1))]
    diagnostics = check(tmp_path, choice_question("single", *choices))
    if count <= 9:
        assert diagnostics == []
    else:
        expect(
            diagnostics,
            (
                "quizzes/one.yaml",
                16,
                9,
                W,
                "many-choices",
                "only the first 9 choices can be picked with a digit key",
            ),
        )


@pytest.mark.parametrize(
    ("answer_lines", "expected"),
    [
        pytest.param(
            "accept: []",
            (
                "quizzes/one.yaml",
                6,
                13,
                E,
                "text-accept",
                "a text question needs at least one answer in `accept`",
            ),
            id="text, no accept",
        ),
        pytest.param(
            'accept: ["226-4-1", ""]',
            (
                "quizzes/one.yaml",
                6,
                25,
                E,
                "wrong-type",
                "each item of `accept` is a non-empty text, or `text:` with its `feedback:`, "
                "not a string ('')",
            ),
            id="text, blank accept",
        ),
    ],
)
def test_text_rules(tmp_path: Path, answer_lines: str, expected: tuple) -> None:
    question = f"id: q\ntype: text\nprompt: P\n{answer_lines}\nexplanation: Because."
    expect(check(tmp_path, with_question(question)), expected)


@pytest.mark.parametrize(
    ("items", "diagnostic"),
    [
        ("[only]", (E, "order-items", "an order question needs at least 2 items")),
        ("[]", (E, "order-items", "an order question needs at least 2 items")),
        ("[a, b]", None),
        ("[a, b, c, d, e, f, g, h, i]", None),
        (
            "[a, b, c, d, e, f, g, h, i, j]",
            (W, "many-choices", "only the first 9 items can be placed with a digit key"),
        ),
    ],
)
def test_order_rules(tmp_path: Path, items: str, diagnostic: tuple | None) -> None:
    diagnostics = check(
        tmp_path,
        with_question(f"id: q\ntype: order\nprompt: P\nitems: {items}\nexplanation: Because."),
    )
    if diagnostic is None:
        assert diagnostics == []
    else:
        expect(diagnostics, ("quizzes/one.yaml", 6, 12, *diagnostic))


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        pytest.param(
            "\n  - [a, x]",
            ("quizzes/one.yaml", 7, 7, E, "match-pairs", "a match question needs at least 2 pairs"),
            id="one pair",
        ),
        pytest.param(
            "\n  - [a, x]\n  - [b, x]",
            (
                "quizzes/one.yaml",
                8,
                9,
                E,
                "match-distinct",
                "right side 'x' is also the right side of pair 1: right sides must differ",
            ),
            id="same right side",
        ),
        pytest.param(
            "\n  - [a, x, y]\n  - [b, z]",
            (
                "quizzes/one.yaml",
                7,
                9,
                E,
                "wrong-type",
                "each pair is a list of two strings, `[left, right]`, not a list",
            ),
            id="three sides",
        ),
        pytest.param(
            "\n  - a: x\n  - [b, z]",
            (
                "quizzes/one.yaml",
                7,
                9,
                E,
                "wrong-type",
                "each pair is a list of two strings, `[left, right]`, not a mapping",
            ),
            id="a mapping",
        ),
    ],
)
def test_match_rules(tmp_path: Path, pairs: str, expected: tuple) -> None:
    question = f"id: q\ntype: match\nprompt: P\npairs:{pairs}\nexplanation: Because."
    expect(check(tmp_path, with_question(question)), expected)


def test_match_with_ten_pairs_is_a_warning(tmp_path: Path) -> None:
    pairs = ", ".join(f"[l{n}, r{n}]" for n in range(10))
    expect(
        check(
            tmp_path,
            with_question(
                f"id: q\ntype: match\nprompt: P\npairs: [{pairs}]\nexplanation: Because."
            ),
        ),
        (
            "quizzes/one.yaml",
            6,
            12,
            W,
            "many-choices",
            "only the first 9 right sides can be picked with a digit key",
        ),
    )


def test_duplicate_question_ids_point_at_the_second(tmp_path: Path) -> None:
    question = (
        "  - id: {id}\n    type: true_false\n    prompt: P\n    answer: true\n"
        "    explanation: Because.\n"
    )
    quiz = "title: Quiz\nquestions:\n" + question.format(id="same") + question.format(id="same")
    expect(
        check(tmp_path, {"quizzes/one.yaml": quiz}),
        (
            "quizzes/one.yaml",
            8,
            9,
            E,
            "duplicate-id",
            "question id `same` is already used at line 3",
        ),
    )


def test_missing_explanation_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, with_question("id: q\ntype: true_false\nprompt: True?\nanswer: true")),
        (
            "quizzes/one.yaml",
            3,
            5,
            W,
            "no-explanation",
            "question `q` has no `explanation`: learners see one after answering",
        ),
    )


def test_warnings_alone_leave_the_pack_usable(tmp_path: Path) -> None:
    pack, diagnostics = check_pack(
        write_pack(tmp_path, with_question("id: q\ntype: true_false\nprompt: True?\nanswer: true"))
    )
    assert pack is not None and diagnostics and not any(d.is_error for d in diagnostics)
    assert [q.id for q in pack.quizzes["en"]["one"].questions] == ["q"]
