"""The rules of a lesson file: its front matter, title, sources, reading time and text.

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
)


@pytest.mark.parametrize(
    "lesson",
    [
        pytest.param("# One\n\nText.\n", id="no dashes"),
        pytest.param("\ntitle: One\n---\nText.\n", id="blank first line"),
    ],
)
def test_lesson_without_front_matter(tmp_path: Path, lesson: str) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": lesson}),
        (
            "lessons/one.md",
            1,
            1,
            E,
            "no-front-matter",
            "a lesson starts with front matter: a `---` line",
        ),
    )


def test_empty_front_matter_is_not_a_mapping(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": "---\n---\nText.\n"}),
        (
            "lessons/one.md",
            1,
            1,
            E,
            "wrong-type",
            "the front matter is empty: write its keys in it, one `key: value` per line",
        ),
    )


def test_lesson_needs_a_title(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": "---\nminutes: 3\n---\nText.\n"}),
        ("lessons/one.md", 2, 1, E, "missing-key", "a lesson's front matter needs `title`"),
    )


def test_source_needs_a_title(tmp_path: Path) -> None:
    lesson = "---\ntitle: One\nsources:\n  - url: https://example.org/\n---\nText.\n"
    expect(
        check(tmp_path, {"lessons/one.md": lesson}),
        ("lessons/one.md", 4, 5, E, "missing-key", "a source needs `title`"),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", ("out-of-range", "`minutes` must be at least 1 and at most 600, not 0")),
        ("601", ("out-of-range", "`minutes` must be at least 1 and at most 600, not 601")),
        ("5.5", ("wrong-type", "`minutes` must be a whole number, not a number (5.5)")),
        ("ten", ("wrong-type", "`minutes` must be a whole number, not a string ('ten')")),
        ("1", None),
        ("600", None),
    ],
)
def test_minutes_range(tmp_path: Path, value: str, expected: tuple | None) -> None:
    diagnostics = check(
        tmp_path, {"lessons/one.md": f"---\ntitle: One\nminutes: {value}\n---\nText.\n"}
    )
    if expected is None:
        assert diagnostics == []
    else:
        expect(diagnostics, ("lessons/one.md", 3, 10, E, *expected))


@pytest.mark.parametrize(
    ("url", "bad"),
    [
        ("ftp://example.org/", True),
        ("www.example.org", True),
        ("javascript:alert(1)", True),
        ("https://example.org/", False),
        ("http://example.org/", False),
    ],
)
def test_source_url(tmp_path: Path, url: str, bad: bool) -> None:
    lesson = f"---\ntitle: One\nsources:\n  - title: S\n    url: {url}\n---\nText.\n"
    diagnostics = check(tmp_path, {"lessons/one.md": lesson})
    if bad:
        expect(
            diagnostics,
            (
                "lessons/one.md",
                5,
                10,
                E,
                "bad-url",
                f"`url` must start with https:// or http://, not {url!r}",
            ),
        )
    else:
        assert diagnostics == []


def test_lesson_with_no_text_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": "---\ntitle: One\n---\n\n"}),
        (
            "lessons/one.md",
            1,
            1,
            W,
            "empty-lesson",
            "the lesson has no text after its front matter",
        ),
    )
