"""The rules of course.yaml: its required keys, its modules and its languages.

Each case starts from a minimal valid pack (tests/helpers/validation.py) written in `tmp_path`
and changes one file; a diagnostic is compared on its path, line, column, severity and code,
and on the gist of its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.validation import (
    COURSE,
    E,
    W,
    check,
    expect,
)


@pytest.mark.parametrize(
    ("key", "also"),
    [
        ("id", []),
        ("title", []),
        ("languages", []),
        (
            "modules",
            [("lessons/one.md", 1, 1, W, "unlisted-lesson", "no module lists lesson `one`")],
        ),
    ],
)
def test_course_required_keys(tmp_path: Path, key: str, also: list) -> None:
    course = (
        COURSE.split("modules:")[0]
        if key == "modules"
        else COURSE.replace(f"{key}: ", "", 1).replace(
            {"id": "tiny\n", "title": "Tiny\n", "languages": "[en]\n"}[key], "", 1
        )
    )
    assert f"{key}:" not in course.split("modules:")[0]
    expect(
        check(tmp_path, {"course.yaml": course}),
        ("course.yaml", 1, 1, E, "missing-key", f"course.yaml needs `{key}`"),
        *also,
    )


def test_course_with_no_keys_lists_every_missing_one(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"course.yaml": "version: '1'\n"}),
        *[
            ("course.yaml", 1, 1, E, "missing-key", f"course.yaml needs `{key}`")
            for key in ("id", "title", "languages", "modules")
        ],
    )


@pytest.mark.parametrize(
    ("course", "expected"),
    [
        pytest.param(
            COURSE.replace("    title: Module\n", ""),
            ("course.yaml", 5, 5, E, "missing-key", "a module needs `title`"),
            id="module title",
        ),
        pytest.param(
            COURSE.replace("  - id: m\n    title: Module\n", "  - title: Module\n"),
            ("course.yaml", 5, 5, E, "missing-key", "a module needs `id`"),
            id="module id",
        ),
        pytest.param(
            COURSE.replace("[one]", "[]"),
            ("course.yaml", 7, 14, E, "missing-key", "a module needs at least one lesson"),
            id="module with no lesson",
        ),
        pytest.param(
            COURSE.replace("[en]", "[]"),
            ("course.yaml", 3, 12, E, "missing-key", "`languages` needs at least one language"),
            id="no language",
        ),
    ],
)
def test_course_module_and_language_requirements(
    tmp_path: Path, course: str, expected: tuple
) -> None:
    diagnostics = check(tmp_path, {"course.yaml": course})
    assert expected[:5] in [
        (d.path, d.line, d.column, d.severity.value, d.code) for d in diagnostics
    ]
    assert any(expected[5] in d.message for d in diagnostics)
    assert all(d.code in {"missing-key", "unlisted-lesson"} for d in diagnostics), diagnostics


def test_course_with_no_module(tmp_path: Path) -> None:
    course = COURSE.split("modules:")[0] + "modules: []\n"
    expect(
        check(tmp_path, {"course.yaml": course, "lessons/one.md": None, "quizzes/one.yaml": None}),
        ("course.yaml", 4, 10, E, "missing-key", "`modules` needs at least one module"),
    )


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        pytest.param(
            "[English]",
            (
                "course.yaml",
                3,
                13,
                E,
                "bad-language",
                "a language is a code such as `fr` or `en`, not a string ('English')",
            ),
            id="not a code",
        ),
        pytest.param(
            "[en, en]",
            ("course.yaml", 3, 17, E, "duplicate-id", "language `en` is listed twice"),
            id="twice",
        ),
    ],
)
def test_bad_languages(tmp_path: Path, languages: str, expected: tuple) -> None:
    expect(check(tmp_path, {"course.yaml": COURSE.replace("[en]", languages)}), expected)
