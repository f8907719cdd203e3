"""The item-writing warnings and the « À retenir » rule: each flawed item fires exactly its own
warning, a clean item fires none, and `trainer validate --strict` makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.packs import BODY, write_pack
from trainer.cli import main
from trainer.course.diagnostics import Report
from trainer.course.itemwriting import (
    check_quiz,
    habit_figures,
    question_flaws,
    unbolded_negation,
)
from trainer.course.keypoints import check_key_points, key_points
from trainer.course.model import (
    Choice,
    Lesson,
    MultipleChoice,
    Quiz,
    SingleChoice,
    TrueFalse,
)
from trainer.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def single(prompt: str, right: str, *wrong: str, qid: str = "q") -> SingleChoice:
    """A single-choice question whose first choice is the right one."""
    choices = (Choice(right, correct=True), *(Choice(text) for text in wrong))
    return SingleChoice(id=qid, prompt=prompt, choices=choices, line=3)


CLEAN = single(
    "Un habitant signale un compte qui se fait passer pour le maire. Que faites-vous ?",
    "Je préviens le service communication",
    "Je réponds au compte en public",
    "J'attends que le maire s'en aperçoive",
    "Je bloque le compte depuis mon profil",
)


def codes(question) -> list[str]:
    return [code for code, _message in question_flaws(question)]


def test_a_clean_question_fires_nothing() -> None:
    assert codes(CLEAN) == []


@pytest.mark.parametrize(
    ("question", "code"),
    [
        pytest.param(
            single(
                "Que faites-vous ?",
                "Je préviens mon responsable, puis je signale le compte à la plateforme concernée",
                "Je réponds",
                "J'attends",
                "Je bloque",
            ),
            "right-choice-longest",
            id="longest",
        ),
        pytest.param(
            single("Que faites-vous ?", "Je signale", "Je réponds", "Toutes ces réponses"),
            "all-none-of-the-above",
            id="toutes ces réponses",
        ),
        pytest.param(
            single("Que faites-vous ?", "Je signale", "Je réponds", "AUCUNE DE CES RÉPONSES"),
            "all-none-of-the-above",
            id="aucune de ces réponses, in capitals",
        ),
        pytest.param(
            single("What do you do?", "I report it", "I reply", "None of the above"),
            "all-none-of-the-above",
            id="none of the above",
        ),
        pytest.param(
            single("What do you do?", "I report it", "I reply", "All of the above."),
            "all-none-of-the-above",
            id="all of the above",
        ),
        pytest.param(
            single("Que ne faut-il pas faire ?", "Je réponds", "Je signale", "Je préviens"),
            "negative-stem",
            id="ne … pas",
        ),
        pytest.param(
            single("Qu'est-ce qu'on n'écrit jamais ?", "Un mot", "Une date", "Un lieu"),
            "negative-stem",
            id="n'… jamais",
        ),
        pytest.param(
            single("Which of these is NOT a reflex?", "Replying", "Reporting", "Warning"),
            "negative-stem",
            id="NOT",
        ),
        pytest.param(
            single("Que faites-vous ?", "Je signale", "Je réponds", "Je réponds."),
            "duplicate-choice",
            id="same text",
        ),
        pytest.param(
            single(
                "Une rumeur circule sur la piscine. Que faites-vous ?",
                "Je publie un démenti sur la piscine",
                "Je réponds à chacun",
                "J'attends une semaine",
            ),
            "right-choice-echoes-prompt",
            id="echo",
        ),
    ],
)
def test_a_flawed_question_fires_exactly_its_warning(question, code: str) -> None:
    assert codes(question) == [code]


def test_a_multiple_choice_question_is_checked_for_above_and_duplicates() -> None:
    question = MultipleChoice(
        id="m",
        prompt="Que faites-vous ?",
        choices=(Choice("Je signale", True), Choice("Je signale", True), Choice("Je réponds")),
    )
    assert codes(question) == ["duplicate-choice"]


def test_case_makes_choices_different() -> None:
    """A question about camel case in hashtags compares choices as written."""
    question = single("Quel mot-dièse ?", "#FeteDeLaMusique", "#fetedelamusique", "#fete")
    assert codes(question) == []


@pytest.mark.parametrize(
    "prompt",
    [
        "Que ne faut-il **pas** faire ?",
        "Que **ne faut-il pas** faire ?",
        "Which of these is **NOT** a reflex?",
        "Le maire ne répond pas au téléphone. Que faites-vous ?",  # a negative situation
        "Il ne s'agit pas de ça. Quel article s'applique ?",
    ],
)
def test_a_negation_in_bold_or_outside_the_question_is_fine(prompt: str) -> None:
    assert not unbolded_negation(prompt)


def test_a_longer_right_choice_within_the_margin_is_fine() -> None:
    """30 characters against 20 on average: longer, but not by 20 characters."""
    question = single("Q ?", "a" * 30, "b" * 20, "c" * 20, "d" * 20)
    assert codes(question) == []


def test_a_long_right_choice_is_fine_when_a_wrong_one_is_as_long() -> None:
    question = single("Q ?", "a" * 80, "b" * 80, "c" * 10, "d" * 10)
    assert codes(question) == []


def test_an_echo_shared_with_a_wrong_choice_is_fine() -> None:
    question = single(
        "Une rumeur circule sur la piscine. Que faites-vous ?",
        "Je publie un démenti sur la piscine",
        "Je ferme la piscine",
        "J'attends une semaine",
    )
    assert codes(question) == []


def tf(qid: str, answer: bool) -> TrueFalse:
    return TrueFalse(id=qid, prompt="Une affirmation.", answer=answer, line=7)


@pytest.mark.parametrize("answer", [True, False])
def test_three_true_false_with_the_same_answer_fire_once(answer: bool) -> None:
    quiz = Quiz("q", "fr", "Q", (tf("a", answer), CLEAN, tf("b", answer), tf("c", answer)))
    report = Report()
    check_quiz(quiz, report)
    assert [(d.code, d.line) for d in report.diagnostics] == [("true-false-same-answer", 7)]


@pytest.mark.parametrize(
    "answers", [(True, True), (True, False, True), (False, False, True, False)]
)
def test_mixed_or_few_true_false_are_fine(answers: tuple[bool, ...]) -> None:
    quiz = Quiz("q", "fr", "Q", tuple(tf(str(n), a) for n, a in enumerate(answers)))
    report = Report()
    check_quiz(quiz, report)
    assert report.diagnostics == []


def test_messages_speak_french() -> None:
    set_language("fr")
    ((_code, message),) = question_flaws(
        single("Que faites-vous ?", "Je signale", "Je réponds", "Toutes ces réponses")
    )
    assert "récompense un savoir partiel" in message


def test_habit_figures_count_the_habits() -> None:
    long_right = single("Q ?", "a" * 50, "b", "c")
    last_right = SingleChoice(
        id="l", prompt="Q ?", choices=(Choice("bb"), Choice("cc"), Choice("a", correct=True))
    )
    quiz = Quiz("q", "fr", "Q", (long_right, last_right, tf("t", True), tf("f", False)))
    figures = habit_figures([quiz])
    assert (figures.single_choice, figures.longest_right, figures.first_right) == (2, 1, 1)
    assert (figures.true_false, figures.true_answers) == (2, 1)
    assert figures.lines()[0] == "longest choice is right (single-choice): 1 of 2 (50%)"


# « À retenir » ------------------------------------------------------------------------------------


def lesson(body: str) -> Lesson:
    return Lesson(id="l", language="fr", title="L", body=body, path="lessons/l.md", body_line=5)


KEY_POINTS = "## À retenir\n\n- Vérifier\n- Prévenir\n- Signaler, puis\n  documenter\n"


def key_point_codes(body: str) -> list[tuple[str, int]]:
    report = Report()
    check_key_points(lesson(body), report)
    return [(d.code, d.line) for d in report.diagnostics]


def test_a_lesson_ending_with_key_points_is_fine() -> None:
    body = "## Situation\n\nTexte.\n\n" + KEY_POINTS
    assert key_point_codes(body) == []
    assert key_points(lesson(body)).items == ("Vérifier", "Prévenir", "Signaler, puis documenter")


def test_english_heading_and_numbered_list() -> None:
    assert key_point_codes("Text.\n\n### Key points:\n\n1. One\n2. Two\n3. Three\n") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Situation\n\nTexte.\n", [("key-points-missing", 1)]),
        ("Texte.\n\n## À retenir\n\n- Un\n- Deux\n", [("key-points-count", 7)]),
        ("## À retenir\n\n" + "".join(f"- {n}\n" for n in range(6)), [("key-points-count", 5)]),
        (KEY_POINTS + "\n## Pour aller plus loin\n\nTexte.\n", [("key-points-not-last", 5)]),
    ],
    ids=["missing", "two items", "six items", "not last"],
)
def test_a_lesson_without_good_key_points_is_warned(body: str, expected) -> None:
    assert key_point_codes(body) == expected


def test_a_heading_in_a_code_block_is_not_the_section() -> None:
    assert key_point_codes("```\n## À retenir\n- a\n- b\n- c\n```\n") == [("key-points-missing", 1)]


# Through `trainer validate` -----------------------------------------------------------------------

FLAWED_QUIZ = """\
title: Quiz
questions:
  - id: q
    type: single
    prompt: What do you do?
    explanation: Report it.
    choices:
      - text: I report it
        correct: true
      - text: I reply
      - text: None of the above
"""


def test_validate_warns_and_strict_fails(tmp_path: Path, capsys) -> None:
    root = write_pack(tmp_path / "p", quiz=FLAWED_QUIZ)
    assert main(["validate", "--lang", "en", str(root)]) == 0
    out = capsys.readouterr().out
    assert "quizzes/one.yaml:3:1: warning: question `q`: « None of the above »" in out
    assert main(["validate", "--lang", "en", "--strict", str(root)]) == 1


def test_validate_key_points_in_french(tmp_path: Path, capsys) -> None:
    root = write_pack(tmp_path / "p", body="Texte.")
    assert main(["validate", "--lang", "fr", "--strict", str(root)]) == 1
    out = capsys.readouterr().out
    missing = "la leçon n'a pas de section «\u00a0À retenir\u00a0»"
    assert f"lessons/one.md:1:1: avertissement: {missing}" in out
    clean = write_pack(tmp_path / "q", body=BODY)
    assert main(["validate", "--strict", str(clean)]) == 0
