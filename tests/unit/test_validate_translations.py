"""Translations: localized text in every language, a translation file per language, and the drift
between translations of a lesson or a quiz.

Each case starts from a minimal valid pack (tests/helpers/validation.py) written in `tmp_path`
and changes one file; a diagnostic is compared on its path, line, column, severity and code,
and on the gist of its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.packs import PACKS
from tests.helpers.validation import (
    BILINGUAL,
    BILINGUAL_COURSE,
    BILINGUAL_QUIZ,
    E,
    W,
    check,
    check_structure,
    expect,
)

# Translations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("course", "expected"),
    [
        pytest.param(
            BILINGUAL_COURSE.replace("title: {fr: Petit, en: Tiny}", "title: {fr: Petit}"),
            ("course.yaml", 2, 8, E, "missing-translation", "`title` has no `en` text"),
            id="course title",
        ),
        pytest.param(
            BILINGUAL_COURSE.replace("title: {fr: Module, en: Module}", "title: {en: Module}"),
            ("course.yaml", 6, 12, E, "missing-translation", "`title` has no `fr` text"),
            id="module title",
        ),
        pytest.param(
            BILINGUAL_COURSE.replace(
                "title: {fr: Petit, en: Tiny}", "title: {fr: Petit, en: Tiny, de: Klein}"
            ),
            (
                "course.yaml",
                2,
                30,
                E,
                "unknown-language",
                "`de` in `title` is not one of the course's languages (fr, en)",
            ),
            id="course title in another language",
        ),
        pytest.param(
            BILINGUAL_COURSE + "description: {fr: Un cours}\n",
            ("course.yaml", 8, 14, E, "missing-translation", "`description` has no `en` text"),
            id="description",
        ),
    ],
)
def test_localized_text_needs_every_language(tmp_path: Path, course: str, expected: tuple) -> None:
    expect(check(tmp_path, {"course.yaml": course}, base=BILINGUAL), expected)


def test_a_plain_string_title_serves_every_language(tmp_path: Path) -> None:
    course = BILINGUAL_COURSE.replace("title: {fr: Petit, en: Tiny}", "title: Tiny")
    assert check(tmp_path, {"course.yaml": course}, base=BILINGUAL) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"lessons/one.en.md": None},
            [
                (
                    "lessons/one.fr.md",
                    1,
                    1,
                    E,
                    "missing-translation",
                    "lesson `one` has no `en` translation (expected lessons/one.en.md)",
                )
            ],
            id="lesson missing",
        ),
        pytest.param(
            {"quizzes/one.en.yaml": None},
            [
                (
                    "quizzes/one.fr.yaml",
                    1,
                    1,
                    E,
                    "missing-translation",
                    "quiz `one` has no `en` translation (expected quizzes/one.en.yaml)",
                )
            ],
            id="quiz missing",
        ),
        pytest.param(
            {"lessons/two.en.md": "---\ntitle: Two\n---\nText.\n"},
            [
                (
                    "lessons/two.en.md",
                    1,
                    1,
                    E,
                    "missing-translation",
                    "lesson `two` exists in `en` but not in the first language, `fr`",
                ),
                ("lessons/two.en.md", 1, 1, W, "unlisted-lesson", "no module lists lesson `two`"),
            ],
            id="lesson extra",
        ),
        pytest.param(
            {"quizzes/two.en.yaml": BILINGUAL_QUIZ},
            [
                (
                    "quizzes/two.en.yaml",
                    1,
                    1,
                    E,
                    "missing-translation",
                    "quiz `two` exists in `en` but not in the first language, `fr`",
                ),
                ("quizzes/two.en.yaml", 1, 1, W, "unused-quiz", "no lesson uses quiz `two`"),
            ],
            id="quiz extra",
        ),
        pytest.param(
            {"lessons/one.fr.md": None, "lessons/one.md": "---\ntitle: Un\n---\nTexte.\n"},
            [],
            id="no suffix is the first language",
        ),
    ],
)
def test_translation_files(tmp_path: Path, changes: dict, expected: list) -> None:
    expect(check(tmp_path, changes, base=BILINGUAL), *expected)


TRANSLATION_DRIFT = [
    (
        "quizzes/intro.en.yaml",
        2,
        1,
        E,
        "translation-drift",
        "`pass_mark` is 0.6 here but 0.5 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        8,
        7,
        E,
        "translation-drift",
        "question `moteur`: the correct choices are 2 here but 1 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        15,
        7,
        E,
        "translation-drift",
        "question `traits` has 4 choices here but 3 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        23,
        13,
        E,
        "translation-drift",
        "question `flux`: the answer is true here but false in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        28,
        12,
        E,
        "translation-drift",
        "question `etapes` has 4 items here but 3 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        32,
        13,
        E,
        "translation-drift",
        "question `paires` is worth 3 points here but 2 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        35,
        7,
        E,
        "translation-drift",
        "question `paires` has 3 pairs here but 2 in quizzes/intro.fr.yaml",
    ),
    (
        "quizzes/intro.en.yaml",
        40,
        11,
        E,
        "translation-drift",
        "question `article` is single here but text in quizzes/intro.fr.yaml",
    ),
]


def test_translation_drift_pack_gives_exactly_its_drifts() -> None:
    _, diagnostics = check_structure(PACKS / "translation-drift")
    expect(diagnostics, *TRANSLATION_DRIFT)


@pytest.mark.parametrize(
    "expected",
    TRANSLATION_DRIFT,
    ids=[
        "pass_mark",
        "correct positions",
        "number of choices",
        "true_false answer",
        "order items",
        "points",
        "match pairs",
        "type",
    ],
)
def test_each_translation_drift(expected: tuple) -> None:
    _, diagnostics = check_structure(PACKS / "translation-drift")
    assert any(
        (d.path, d.line, d.column, d.severity.value, d.code) == expected[:5]
        and expected[5] in d.message
        for d in diagnostics
    ), diagnostics


_PICK, _TF = BILINGUAL_QUIZ.split("  - id: tf")
_TF = "  - id: tf" + _TF
_EXTRA = (
    "  - id: extra\n    type: true_false\n    prompt: P\n    answer: true\n"
    "    explanation: Because.\n"
)


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        pytest.param(
            _PICK,
            [
                (
                    "quizzes/one.en.yaml",
                    2,
                    1,
                    E,
                    "translation-drift",
                    "question `tf` of quizzes/one.fr.yaml is missing here",
                )
            ],
            id="question missing",
        ),
        pytest.param(
            BILINGUAL_QUIZ + _EXTRA,
            [
                (
                    "quizzes/one.en.yaml",
                    16,
                    9,
                    E,
                    "translation-drift",
                    "question `extra` is not in quizzes/one.fr.yaml",
                )
            ],
            id="question extra",
        ),
        pytest.param(
            "title: Quiz\nquestions:\n" + _TF + _PICK.split("questions:\n")[1],
            [
                (
                    "quizzes/one.en.yaml",
                    3,
                    9,
                    E,
                    "translation-drift",
                    "question `tf` is number 1 here but 2 in quizzes/one.fr.yaml",
                ),
                (
                    "quizzes/one.en.yaml",
                    8,
                    9,
                    E,
                    "translation-drift",
                    "question `pick` is number 2 here but 1 in quizzes/one.fr.yaml",
                ),
            ],
            id="questions moved",
        ),
        pytest.param(
            BILINGUAL_QUIZ.replace("title: Quiz\n", "title: Quiz\nshuffle: true\n"),
            [("quizzes/one.en.yaml", 2, 1, E, "translation-drift", "`shuffle` is ")],
            id="shuffle",
        ),
        pytest.param(
            BILINGUAL_QUIZ.replace("title: Quiz\n", "title: Quiz\nmax_attempts: 2\n"),
            [("quizzes/one.en.yaml", 2, 1, E, "translation-drift", "`max_attempts` is 2 here but")],
            id="max_attempts",
        ),
        pytest.param(
            BILINGUAL_QUIZ.replace("type: single", "type: multiple"),
            [
                (
                    "quizzes/one.en.yaml",
                    4,
                    11,
                    E,
                    "translation-drift",
                    "question `pick` is multiple here but single in quizzes/one.fr.yaml",
                )
            ],
            id="single to multiple",
        ),
        pytest.param(
            BILINGUAL_QUIZ.replace("title: Quiz", "title: Le quiz").replace(
                "prompt: Pick.", "prompt: Choisissez."
            ),
            [],
            id="translated text is no drift",
        ),
    ],
)
def test_question_drift(tmp_path: Path, english: str, expected: list) -> None:
    expect(check(tmp_path, {"quizzes/one.en.yaml": english}, base=BILINGUAL), *expected)


def test_lesson_quiz_drift(tmp_path: Path) -> None:
    changes = {
        "lessons/one.en.md": "---\ntitle: One\nquiz: other\n---\nText.\n",
        "quizzes/other.fr.yaml": BILINGUAL_QUIZ,
        "quizzes/other.en.yaml": BILINGUAL_QUIZ,
    }
    expect(
        check(tmp_path, changes, base=BILINGUAL),
        (
            "lessons/one.en.md",
            3,
            1,
            E,
            "translation-drift",
            "`quiz:` is other here but unset in lessons/one.fr.md",
        ),
    )
