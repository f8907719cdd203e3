"""Feedback for every question type and Moodle's weights on multiple choices: reading them, one
message a mistake, grading by weights, the remarks a response earns, translations that agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.validation import BILINGUAL, BILINGUAL_QUIZ, E, check, expect, with_question
from trainer.course.model import Choice, MultipleChoice, Ordering, TextAnswer, TrueFalse
from trainer.quiz.feedback import Remark, remarks
from trainer.quiz.grading import answer_key, grade

# grading by weights: Moodle's rule, clamp(sum of the weights picked, 0, 1) -----------------------


def weighted(*weights: float) -> MultipleChoice:
    return MultipleChoice(
        id="w",
        prompt="Which?",
        choices=tuple(Choice(chr(65 + i), w > 0, None, w) for i, w in enumerate(weights)),
    )


@pytest.mark.parametrize(
    ("weights", "picked", "score"),
    [
        # Moodle's documentation: two right answers worth half each, a wrong one that costs all.
        ((0.5, 0.5, -1), [1], 0.5),
        ((0.5, 0.5, -1), [1, 2], 1.0),
        ((0.5, 0.5, -1), [1, 2, 3], 0.0),
        ((0.5, 0.5, -1), [3], 0.0),  # never below 0
        ((0.5, 0.5, -1), [], 0.0),
        # Unequal right answers, and a wrong answer that costs nothing.
        ((0.6, 0.4, 0), [1], 0.6),
        ((0.6, 0.4, 0), [2, 3], 0.4),
        ((0.6, 0.4, 0), [1, 2, 3], 1.0),
        # A wrong answer that costs a quarter: not trainer's « as much off as a right one ».
        ((0.5, 0.5, -0.25, -0.25), [1, 3], 0.25),
        ((0.5, 0.5, -0.25, -0.25), [1, 2, 3], 0.75),
        # Thirds written as Moodle writes them are full marks together.
        ((0.3333333, 0.3333333, 0.3333333, -1), [1, 2, 3], 1.0),
    ],
)
def test_weighted_multiple_scores_as_moodle(weights: tuple, picked: list, score: float) -> None:
    assert grade(weighted(*weights), picked).score == pytest.approx(score)


def test_the_answer_key_of_a_weighted_question_scores_1() -> None:
    question = weighted(0.3333333, 0.3333333, 0.3333333, -1)
    assert answer_key(question) == [1, 2, 3]
    assert grade(question, answer_key(question)).correct


def test_without_weights_the_design_rule_stays() -> None:
    question = MultipleChoice(
        id="m", prompt="P", choices=(Choice("A", True), Choice("B", True), Choice("C"))
    )
    assert grade(question, [1, 3]).score == 0.0
    assert grade(question, [1]).score == 0.5


# the remarks a response earns ---------------------------------------------------------------------

TF = TrueFalse(
    id="tf", prompt="P", answer=False, feedback_true="Not so: …", feedback_false="Right: …"
)
TEXT = TextAnswer(
    id="t",
    prompt="P",
    accept=("226-4-1", "art 226-4-1"),
    accept_feedback=("Exactly.", None),
    feedback_wrong="Look in the penal code.",
)
ORDER = Ordering(
    id="o",
    prompt="P",
    items=("first", "second", "third"),
    item_feedback=("Begin here.", None, "Last."),
)


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (TF, True, (Remark("Not so: …"),)),
        (TF, False, (Remark("Right: …"),)),
        (TF, None, ()),
        (TEXT, " 226-4-1.", (Remark("Exactly."),)),
        (TEXT, "ART 226-4-1", ()),
        (TEXT, "wrong", (Remark("Look in the penal code."),)),
        (TEXT, "?!", (Remark("Look in the penal code."),)),
        (TEXT, None, ()),
        (ORDER, [1, 2, 3], ()),
        (ORDER, [3, 2, 1], (Remark("Begin here.", "first"), Remark("Last.", "third"))),
        (ORDER, [1, 3, 2], (Remark("Last.", "third"),)),
        (
            MultipleChoice(
                id="m",
                prompt="P",
                choices=(Choice("A", True, "Yes."), Choice("B"), Choice("C", False, "No.")),
            ),
            [3, 1],
            (Remark("Yes.", "A"), Remark("No.", "C")),
        ),
    ],
)
def test_remarks(question, response, expected) -> None:
    assert remarks(question, grade(question, response)) == expected


# reading: one mistake, one message ----------------------------------------------------------------


def multiple(choices: str) -> dict[str, str]:
    return with_question(
        f"id: q\ntype: multiple\nprompt: P\nchoices:\n{choices}\nexplanation: Because."
    )


def test_a_clean_pack_with_every_feedback(tmp_path: Path) -> None:
    quiz = with_question(
        "id: q\ntype: multiple\nprompt: P\nchoices:\n"
        "  - {text: A, weight: 0.5, correct: true}\n  - {text: B, weight: 0.5}\n"
        "  - {text: C, weight: -1, correct: false}\nexplanation: Because."
    )["quizzes/one.yaml"]
    quiz += (
        "  - id: tf\n    type: true_false\n    prompt: P\n    answer: true\n"
        "    feedback_true: Yes.\n    feedback_false: No.\n    explanation: Because.\n"
        "  - id: t\n    type: text\n    prompt: P\n    accept:\n"
        "      - {text: a, feedback: Good.}\n      - b\n    feedback_wrong: Not quite.\n"
        "    explanation: Because.\n"
        "  - id: o\n    type: order\n    prompt: P\n    items:\n"
        "      - {text: a, feedback: First.}\n      - b\n    explanation: Because.\n"
    )
    assert check(tmp_path, {"quizzes/one.yaml": quiz}) == []


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        pytest.param(
            "  - {text: A, weight: 1.5}\n  - {text: B, weight: 0}",
            (7, 27, "out-of-range", "`weight` is the share of the marks a choice gives or takes"),
            id="out of range",
        ),
        pytest.param(
            "  - {text: A, weight: '0,5'}\n  - {text: B, weight: 0.5}",
            (7, 27, "decimal-comma", "write it with a point, `0.5`"),
            id="decimal comma",
        ),
        pytest.param(
            "  - {text: A, weight: 1}\n  - {text: B}",
            (7, 7, "weight-all", "1 of the 2 choices have a `weight`"),
            id="some without",
        ),
        pytest.param(
            "  - {text: A, weight: 0.5}\n  - {text: B, weight: 0.25}\n  - {text: C, weight: -1}",
            (7, 7, "weight-sum", "the positive weights sum to 0.75, not 1"),
            id="sum below 1",
        ),
        pytest.param(
            "  - {text: A, weight: 1}\n  - {text: B, weight: 0, correct: true}",
            (8, 39, "weight-correct", "`correct: true` but `weight: 0`"),
            id="correct disagrees",
        ),
    ],
)
def test_weight_mistakes(tmp_path: Path, choices: str, expected: tuple) -> None:
    line, column, code, gist = expected
    expect(check(tmp_path, multiple(choices)), ("quizzes/one.yaml", line, column, E, code, gist))


def test_a_weight_on_a_single_question(tmp_path: Path) -> None:
    question = (
        "id: q\ntype: single\nprompt: P\nchoices:\n  - {text: A, correct: true, weight: 1}\n"
        "  - {text: B}\nexplanation: Because."
    )
    expect(
        check(tmp_path, with_question(question)),
        ("quizzes/one.yaml", 7, 34, E, "misplaced-key", "weights are for multiple questions"),
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param(
            "id: q\ntype: true_false\nprompt: P\nanswer: true\nfeedback: Yes.\nexplanation: B.",
            (7, 5, "misplaced-key", "a true_false question has `feedback_true:`"),
            id="feedback on true_false",
        ),
        pytest.param(
            "id: q\ntype: text\nprompt: P\naccept: [a]\nfeedback_true: Yes.\nexplanation: B.",
            (7, 5, "misplaced-key", "it is for true_false questions"),
            id="feedback_true on text",
        ),
        pytest.param(
            "id: q\ntype: order\nprompt: P\nitems: [a, b]\nfeedback_wrong: No.\nexplanation: B.",
            (7, 5, "misplaced-key", "it is for text questions"),
            id="feedback_wrong on order",
        ),
        pytest.param(
            "id: q\ntype: text\nprompt: P\naccept:\n  - {text: a, retour: Bien.}\nexplanation: B.",
            (7, 19, "unknown-key", "`retour`"),
            id="unknown key in an accepted answer",
        ),
        pytest.param(
            "id: q\ntype: order\nprompt: P\nitems:\n  - {feedback: Bien.}\n  - b\nexplanation: B.",
            (7, 9, "missing-key", "an item needs `text`"),
            id="item without text",
        ),
        pytest.param(
            "id: q\ntype: order\nprompt: P\nitems:\n  - [a]\n  - b\nexplanation: B.",
            (7, 9, "wrong-type", "each item of `items` is a non-empty text, or `text:`"),
            id="item that is a list",
        ),
    ],
)
def test_feedback_mistakes(tmp_path: Path, question: str, expected: tuple) -> None:
    line, column, code, gist = expected
    expect(
        check(tmp_path, with_question(question)), ("quizzes/one.yaml", line, column, E, code, gist)
    )


# translations that agree --------------------------------------------------------------------------


def drifts(tmp_path: Path, english: str) -> list[str]:
    diagnostics = check(tmp_path, {"quizzes/one.en.yaml": english}, base=BILINGUAL)
    assert all(d.code == "translation-drift" for d in diagnostics), diagnostics
    return [d.message for d in diagnostics]


WEIGHTED = BILINGUAL_QUIZ.replace(
    "      - text: A\n        correct: true\n      - text: B\n",
    "      - text: A\n        weight: 1\n      - text: B\n        weight: 0\n",
).replace("type: single", "type: multiple")


def test_weights_agree_across_languages(tmp_path: Path) -> None:
    base = {**BILINGUAL, "quizzes/one.fr.yaml": WEIGHTED}
    diagnostics = check(
        tmp_path,
        {"quizzes/one.en.yaml": WEIGHTED.replace("weight: 0\n", "weight: -1\n")},
        base=base,
    )
    assert [d.message for d in diagnostics] == [
        "question `pick`: the choices weigh 1, -1 here but 1, 0 in quizzes/one.fr.yaml"
    ]


@pytest.mark.parametrize(
    ("english", "gist"),
    [
        (
            BILINGUAL_QUIZ.replace("answer: true\n", "answer: true\n    feedback_false: Non.\n"),
            "question `tf` has `feedback_false:` here but not in quizzes/one.fr.yaml: write it "
            "in both, or in neither",
        ),
        (
            BILINGUAL_QUIZ.replace(
                "      - text: B\n", "      - text: B\n        feedback: Non.\n"
            ),
            "question `pick`: choice 2 has a `feedback:` here but not in quizzes/one.fr.yaml",
        ),
    ],
)
def test_feedback_presence_agrees_across_languages(tmp_path: Path, english: str, gist: str) -> None:
    assert drifts(tmp_path, english) == [gist]


def test_the_wrong_answer_feedback_agrees_across_languages(tmp_path: Path) -> None:
    text = "  - id: t\n    type: text\n    prompt: P\n    accept: [a]\n    explanation: Because.\n"
    base = {**BILINGUAL, "quizzes/one.fr.yaml": BILINGUAL_QUIZ + text}
    english = BILINGUAL_QUIZ + text.replace(
        "accept: [a]\n", "accept: [a]\n    feedback_wrong: No.\n"
    )
    diagnostics = check(tmp_path, {"quizzes/one.en.yaml": english}, base=base)
    assert [d.message for d in diagnostics] == [
        "question `t` has `feedback_wrong:` here but not in quizzes/one.fr.yaml: write it in "
        "both, or in neither"
    ]
