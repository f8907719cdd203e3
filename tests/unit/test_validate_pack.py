"""Rules that hold in every kind of file (unknown or duplicate keys, types, ids) and across files:
modules and lessons, lessons and quizzes, file names.

Each case starts from a minimal valid pack (tests/helpers/validation.py) written in `tmp_path`
and changes one file; a diagnostic is compared on its path, line, column, severity and code,
and on the gist of its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.validation import (
    COURSE,
    LESSON,
    QUIZ,
    E,
    W,
    check,
    expect,
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": COURSE + "descripton: A course\n"},
            (
                "course.yaml",
                8,
                1,
                E,
                "unknown-key",
                "unknown key `descripton` in course.yaml (did you mean `description`?)",
            ),
            id="course",
        ),
        pytest.param(
            {
                "course.yaml": COURSE.replace(
                    "    lessons: [one]\n", "    lessons: [one]\n    lesson: [one]\n"
                )
            },
            (
                "course.yaml",
                8,
                5,
                E,
                "unknown-key",
                "unknown key `lesson` in a module (did you mean `lessons`?)",
            ),
            id="module",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\nminute: 3\n---\nText.\n"},
            (
                "lessons/one.md",
                3,
                1,
                E,
                "unknown-key",
                "unknown key `minute` in a lesson's front matter (did you mean `minutes`?)",
            ),
            id="lesson",
        ),
        pytest.param(
            {
                "lessons/one.md": "---\ntitle: One\nsources:\n  - title: S\n    link: https://example.org/\n---\nText.\n"
            },
            ("lessons/one.md", 5, 5, E, "unknown-key", "unknown key `link` in a source"),
            id="source",
        ),
        pytest.param(
            {"quizzes/one.yaml": QUIZ.replace("title: Quiz\n", "title: Quiz\nshufle: true\n")},
            (
                "quizzes/one.yaml",
                2,
                1,
                E,
                "unknown-key",
                "unknown key `shufle` in a quiz (did you mean `shuffle`?)",
            ),
            id="quiz",
        ),
        pytest.param(
            {
                "quizzes/one.yaml": QUIZ.replace(
                    "    prompt: Pick.\n", "    prompt: Pick.\n    hnit: Think.\n"
                )
            },
            (
                "quizzes/one.yaml",
                6,
                5,
                E,
                "unknown-key",
                "unknown key `hnit` in a single question (did you mean `hint`?)",
            ),
            id="question",
        ),
        pytest.param(
            {
                "quizzes/one.yaml": QUIZ.replace(
                    "    prompt: Pick.\n", "    prompt: Pick.\n    difficulty: 3\n"
                )
            },
            (
                "quizzes/one.yaml",
                6,
                5,
                E,
                "unknown-key",
                "unknown key `difficulty` in a single question",
            ),
            id="no suggestion when nothing is near",
        ),
    ],
)
def test_unknown_keys(tmp_path: Path, changes: dict, expected: tuple) -> None:
    diagnostics = check(tmp_path, changes)
    expect(diagnostics, expected)
    if "`difficulty`" in expected[5]:
        assert "did you mean" not in diagnostics[0].message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": COURSE + "id: again\n"},
            (
                "course.yaml",
                8,
                1,
                E,
                "duplicate-key",
                "`id` is written twice in the same mapping; YAML would keep only the last one",
            ),
            id="course",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\ntitle: Two\n---\nText.\n"},
            ("lessons/one.md", 3, 1, E, "duplicate-key", "`title` is written twice"),
            id="lesson",
        ),
        pytest.param(
            {
                "quizzes/one.yaml": QUIZ.replace(
                    "    prompt: Pick.\n", "    prompt: Pick.\n    prompt: Again.\n"
                )
            },
            ("quizzes/one.yaml", 6, 5, E, "duplicate-key", "`prompt` is written twice"),
            id="question",
        ),
    ],
)
def test_duplicate_keys(tmp_path: Path, changes: dict, expected: tuple) -> None:
    expect(check(tmp_path, changes), expected)


# Types and values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected", "also"),
    [
        pytest.param(
            {"course.yaml": COURSE.replace("title: Tiny", "title: [Tiny]")},
            ("course.yaml", 2, 8, E, "wrong-type", "`title` must be a string, not a list"),
            [],
            id="course title",
        ),
        pytest.param(
            {"course.yaml": COURSE.replace("[en]", "en")},
            (
                "course.yaml",
                3,
                12,
                E,
                "wrong-type",
                "`languages` must be a list, not a string ('en')",
            ),
            [],
            id="languages",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\nobjectives: learn\n---\nText.\n"},
            (
                "lessons/one.md",
                3,
                13,
                E,
                "wrong-type",
                "`objectives` must be a list, not a string ('learn')",
            ),
            [],
            id="objectives",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\nobjectives: [learn, [a, b]]\n---\nText.\n"},
            (
                "lessons/one.md",
                3,
                21,
                E,
                "wrong-type",
                "each item of `objectives` must be a non-empty string, not a list",
            ),
            [],
            id="objective item",
        ),
        pytest.param(
            {"quizzes/one.yaml": QUIZ.replace("title: Quiz\n", "title: Quiz\nshuffle: 'yes'\n")},
            (
                "quizzes/one.yaml",
                2,
                10,
                E,
                "wrong-type",
                "`shuffle` must be true or false: write `shuffle: true`, not `yes`",
            ),
            [],
            id="shuffle",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: Quiz\nquestions: {q: 1}\n"},
            (
                "quizzes/one.yaml",
                2,
                12,
                E,
                "wrong-type",
                "`questions` must be a list, not a mapping",
            ),
            [],
            id="questions",
        ),
        pytest.param(
            {
                "quizzes/one.yaml": QUIZ.replace(
                    "      - text: A\n        correct: true\n", "      - A\n"
                )
            },
            (
                "quizzes/one.yaml",
                7,
                9,
                E,
                "wrong-type",
                "a choice is a mapping with `text:` (and `correct: true` when right), "
                "not a string ('A')",
            ),
            [],
            id="choice as a string",
        ),
        pytest.param(
            {
                "quizzes/one.yaml": QUIZ.replace(
                    "      - text: B\n", "      - text: B\n        correct: 'no'\n"
                )
            },
            (
                "quizzes/one.yaml",
                10,
                18,
                E,
                "wrong-type",
                "`correct` must be true or false: write `correct: false`, not `no`",
            ),
            [],
            id="correct",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: '  '\n---\nText.\n"},
            ("lessons/one.md", 2, 8, E, "empty-value", "`title` is empty"),
            [],
            id="blank title",
        ),
    ],
)
def test_wrong_types(tmp_path: Path, changes: dict, expected: tuple, also: list) -> None:
    diagnostics = check(tmp_path, changes)
    expect(diagnostics, expected, *also)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": COURSE.replace("id: tiny", "id: Tiny Course")},
            (
                "course.yaml",
                1,
                5,
                E,
                "bad-id",
                "`id` must match [a-z0-9][a-z0-9-]* (lower-case letters, digits and hyphens), "
                "not a string ('Tiny Course')",
            ),
            id="course",
        ),
        pytest.param(
            {"course.yaml": COURSE.replace("id: m", "id: -m")},
            ("course.yaml", 5, 9, E, "bad-id", "not a string ('-m')"),
            id="module",
        ),
        pytest.param(
            {"course.yaml": COURSE.replace("[one]", "[one, Two]")},
            (
                "course.yaml",
                7,
                20,
                E,
                "bad-id",
                "a lesson id must match [a-z0-9][a-z0-9-]*, not a string ('Two')",
            ),
            id="lesson in a module",
        ),
        pytest.param(
            {"quizzes/one.yaml": QUIZ.replace("id: q", "id: Q_1")},
            ("quizzes/one.yaml", 3, 9, E, "bad-id", "not a string ('Q_1')"),
            id="question",
        ),
        pytest.param(
            {"quizzes/one.yaml": QUIZ.replace("id: q", "id: 12")},
            ("quizzes/one.yaml", 3, 9, E, "bad-id", "not a whole number (12)"),
            id="question id read as a number",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\nquiz: The Quiz\n---\nText.\n"},
            ("lessons/one.md", 3, 7, E, "bad-id", "not a string ('The Quiz')"),
            id="lesson quiz",
        ),
    ],
)
def test_bad_ids(tmp_path: Path, changes: dict, expected: tuple) -> None:
    diagnostics = check(tmp_path, changes)
    errors = [d for d in diagnostics if d.is_error]
    expect(errors, expected)


# Modules, lessons and quizzes across files --------------------------------------------------------


def test_module_lists_a_missing_lesson(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"course.yaml": COURSE.replace("[one]", "[one, two]")}),
        (
            "course.yaml",
            7,
            20,
            E,
            "missing-lesson",
            "module `m` lists lesson `two`, but there is no `lessons/two.md`",
        ),
    )


@pytest.mark.parametrize(
    ("course", "place"),
    [
        pytest.param(COURSE.replace("[one]", "[one, one]"), (7, 20), id="same module"),
        pytest.param(
            COURSE + "  - id: n\n    title: N\n    lessons: [one]\n", (10, 15), id="two modules"
        ),
    ],
)
def test_lesson_listed_twice(tmp_path: Path, course: str, place: tuple[int, int]) -> None:
    expect(
        check(tmp_path, {"course.yaml": course}),
        ("course.yaml", *place, E, "duplicate-id", "lesson `one` is already listed in module `m`"),
    )


def test_module_declared_twice(tmp_path: Path) -> None:
    course = COURSE + "  - id: m\n    title: Again\n    lessons: [two]\n"
    expect(
        check(tmp_path, {"course.yaml": course, "lessons/two.md": "---\ntitle: Two\n---\nText.\n"}),
        ("course.yaml", 8, 9, E, "duplicate-id", "module `m` is declared twice"),
    )


def test_unlisted_lesson_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/two.md": "---\ntitle: Two\n---\nText.\n"}),
        (
            "lessons/two.md",
            1,
            1,
            W,
            "unlisted-lesson",
            "no module lists lesson `two`: learners will not see it",
        ),
    )


def test_lesson_quiz_naming_a_missing_quiz(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": "---\ntitle: One\nquiz: nope\n---\nText.\n"}),
        (
            "lessons/one.md",
            3,
            7,
            E,
            "missing-quiz",
            "`quiz: nope` names a quiz that does not exist (expected quizzes/nope.en.yaml)",
        ),
        ("quizzes/one.yaml", 1, 1, W, "unused-quiz", "no lesson uses quiz `one`"),
    )


def test_unused_quiz_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"quizzes/other.yaml": QUIZ}),
        (
            "quizzes/other.yaml",
            1,
            1,
            W,
            "unused-quiz",
            "no lesson uses quiz `other`: name it in a lesson's `quiz:`, or give it a lesson's id",
        ),
    )


def test_lesson_may_name_a_quiz_with_another_id(tmp_path: Path) -> None:
    changes = {
        "lessons/one.md": "---\ntitle: One\nquiz: other\n---\nText.\n",
        "quizzes/one.yaml": None,
        "quizzes/other.yaml": QUIZ,
    }
    assert check(tmp_path, changes) == []


# File names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "lessons/One.md",
            (
                "bad-file-name",
                "`One` is not a valid id: use lower-case letters, digits and hyphens",
            ),
            id="bad id",
        ),
        pytest.param(
            "lessons/one.en.v2.md",
            (
                "bad-file-name",
                "a file name is `<id>.<language>.md` or `<id>.md`, not `one.en.v2.md`",
            ),
            id="two dots",
        ),
        pytest.param(
            "lessons/two.fr.md",
            ("bad-file-name", "`fr` in the file name is not one of the course's languages (en)"),
            id="unknown language",
        ),
        pytest.param(
            "lessons/two.eng.md",
            (
                "bad-file-name",
                "`eng` in the file name is not one of the course's languages (en) "
                "(did you mean `en`?)",
            ),
            id="near language",
        ),
        pytest.param(
            "quizzes/two.de.yaml",
            ("bad-file-name", "`de` in the file name is not one of the course's languages (en)"),
            id="quiz, unknown language",
        ),
    ],
)
def test_bad_file_names(tmp_path: Path, name: str, expected: tuple) -> None:
    content = QUIZ if name.startswith("quizzes/") else "---\ntitle: Two\n---\nText.\n"
    expect(check(tmp_path, {name: content}), (name, 0, 0, E, *expected))


def test_duplicate_lesson_file_for_the_same_id_and_language(tmp_path: Path) -> None:
    # `one.md` is in the first language, so `one.en.md` is the same lesson; files are read in
    # name order
    expect(
        check(tmp_path, {"lessons/one.en.md": LESSON}),
        (
            "lessons/one.md",
            0,
            0,
            E,
            "duplicate-id",
            "the same lesson and language as lessons/one.en.md",
        ),
    )


def test_duplicate_quiz_file_for_the_same_id_and_language(tmp_path: Path) -> None:
    diagnostics = check(tmp_path, {"quizzes/one.yml": QUIZ})
    expect(
        diagnostics,
        ("quizzes/one.yml", 0, 0, E, "duplicate-id", "and language as quizzes/one.yaml"),
    )


def test_other_files_in_pack_folders_are_ignored_with_a_warning(tmp_path: Path) -> None:
    changes = {"lessons/notes.txt": "notes", "lessons/.DS_Store": "x", "quizzes/one.json": "{}"}
    expect(
        check(tmp_path, changes),
        ("lessons/notes.txt", 0, 0, W, "ignored-file", "ignored: lessons/ holds only .md files"),
        (
            "quizzes/one.json",
            0,
            0,
            W,
            "ignored-file",
            "ignored: quizzes/ holds only .yaml and .yml files",
        ),
    )
