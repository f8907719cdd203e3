"""Reading the files of a pack: valid packs give nothing; YAML, encodings and shapes that cannot
be read, and YAML that would hang or crash a naive loader, each give one exact diagnostic.

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
    COURSE,
    MINIMAL,
    QUIZ,
    E,
    check,
    check_structure,
    expect,
    write_pack,
)
from trainer.course import yamlmarks
from trainer.course.diagnostics import Diagnostic, Severity
from trainer.quiz.pack_check import check_pack

# A valid pack gives nothing -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bilingual", "single-language"])
def test_committed_valid_packs_give_no_diagnostics(name: str) -> None:
    pack, diagnostics = check_structure(PACKS / name)
    assert pack is not None
    assert diagnostics == []


@pytest.mark.parametrize("base", [MINIMAL, BILINGUAL], ids=["minimal", "bilingual"])
def test_minimal_packs_give_no_diagnostics(tmp_path: Path, base: dict) -> None:
    assert check(tmp_path, base=base) == []


def test_single_language_pack_files_without_suffix_are_in_the_first_language() -> None:
    pack, _ = check_structure(PACKS / "single-language")
    assert pack.languages == ("fr",)
    assert sorted(pack.lessons["fr"]) == ["intro", "lecture"]
    assert list(pack.quizzes["fr"]) == ["intro"]
    assert [q.id for q in pack.quizzes["fr"]["intro"].questions] == [
        "choix",
        "plusieurs",
        "vrai-faux",
        "article",
        "etapes",
        "paires",
    ]


def test_diagnostic_reads_path_line_column_severity_message() -> None:
    diagnostic = Diagnostic("quizzes/q.yaml", 3, 9, Severity.ERROR, "bad-id", "`id` is wrong")
    assert str(diagnostic) == "quizzes/q.yaml:3:9: error: `id` is wrong"
    assert diagnostic.as_dict() == {
        "path": "quizzes/q.yaml",
        "line": 3,
        "column": 9,
        "severity": "error",
        "code": "bad-id",
        "message": "`id` is wrong",
    }


# Files that cannot be read as a pack file ---------------------------------------------------------


def test_invalid_yaml_in_a_quiz_points_at_the_line() -> None:
    _, diagnostics = check_structure(PACKS / "broken-yaml")
    expect(
        diagnostics,
        (
            "quizzes/intro.yaml",
            6,
            12,
            E,
            "yaml-syntax",
            "invalid YAML: mapping values are not allowed",
        ),
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": "id: tiny\ntitle: [Tiny\n"},
            [
                (
                    "course.yaml",
                    3,
                    1,
                    E,
                    "yaml-syntax",
                    "invalid YAML: while parsing a flow sequence",
                )
            ],
            id="course.yaml",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: One\nminutes: x: y\n---\nText.\n"},
            [
                (
                    "lessons/one.md",
                    3,
                    11,
                    E,
                    "yaml-syntax",
                    "the text holds « : »",
                ),
            ],
            id="front matter, line counted from the top of the file",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: Quiz\nquestions:\n  - id: q\n   type: single\n"},
            [("quizzes/one.yaml", 4, 4, E, "yaml-syntax", "did not find expected '-' indicator")],
            id="quiz",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: Quiz\n---\nquestions: []\n"},
            [("quizzes/one.yaml", 2, 1, E, "yaml-syntax", "expected a single document")],
            id="two documents",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: &t Quiz\nquestions: *nope\n"},
            [("quizzes/one.yaml", 2, 12, E, "yaml-syntax", "found undefined alias")],
            id="undefined alias",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: !custom Quiz\nquestions: []\n"},
            [
                (
                    "quizzes/one.yaml",
                    1,
                    8,
                    E,
                    "yaml-syntax",
                    "could not determine a constructor for the tag '!custom'",
                )
            ],
            id="unknown tag",
        ),
        pytest.param(
            {"quizzes/one.yaml": "title: !!python/name:os.system\nquestions: []\n"},
            [("quizzes/one.yaml", 1, 8, E, "yaml-syntax", "python/name:os.system")],
            id="python tag",
        ),
    ],
)
def test_invalid_yaml_gives_yaml_syntax_at_its_place(
    tmp_path: Path, changes: dict, expected: list
) -> None:
    expect(check(tmp_path, changes), *expected)


def test_not_utf8_points_at_the_first_bad_byte() -> None:
    _, diagnostics = check_structure(PACKS / "not-utf8")
    expect(
        diagnostics,
        (
            "quizzes/intro.yaml",
            5,
            17,
            E,
            "not-utf8",
            "not UTF-8 text (byte 0xe9); save it as UTF-8",
        ),
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": COURSE.encode() + b"description: caf\xe9\n"},
            [("course.yaml", 8, 17, E, "not-utf8", "byte 0xe9")],
            id="course.yaml",
        ),
        pytest.param(
            {"lessons/one.md": "---\ntitle: Café\n---\nText.\n".encode("latin-1")},
            [
                ("lessons/one.md", 2, 11, E, "not-utf8", "byte 0xe9"),
            ],
            id="lesson",
        ),
        pytest.param(
            {"quizzes/one.yaml": QUIZ.encode("utf-16")},
            [("quizzes/one.yaml", 1, 1, E, "not-utf8", "byte 0xff")],
            id="UTF-16 quiz",
        ),
    ],
)
def test_not_utf8_in_each_kind_of_file(tmp_path: Path, changes: dict, expected: list) -> None:
    expect(check(tmp_path, changes), *expected)


def test_utf8_with_bom_and_crlf_is_read_and_lines_still_count(tmp_path: Path) -> None:
    lesson = "\ufeff---\r\ntitle: One\r\nminute: 3\r\n---\r\nText.\r\n"
    expect(
        check(tmp_path, {"lessons/one.md": lesson}),
        ("lessons/one.md", 3, 1, E, "unknown-key", "unknown key `minute`"),
    )


def test_course_yaml_missing(tmp_path: Path) -> None:
    pack, diagnostics = check_pack(write_pack(tmp_path, {"course.yaml": None}))
    assert pack is None
    expect(diagnostics, ("course.yaml", 0, 0, E, "missing-file", "no course.yaml in this folder"))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"course.yaml": ""},
            (
                "course.yaml",
                1,
                1,
                E,
                "wrong-type",
                "course.yaml is empty: write its keys in it, one `key: value` per line",
            ),
            id="empty course",
        ),
        pytest.param(
            {"course.yaml": "- tiny\n"},
            (
                "course.yaml",
                1,
                1,
                E,
                "wrong-type",
                "course.yaml must be a mapping of keys to values, not a list",
            ),
            id="course list",
        ),
        pytest.param(
            {"quizzes/one.yaml": ""},
            (
                "quizzes/one.yaml",
                1,
                1,
                E,
                "wrong-type",
                "a quiz file is empty: write its keys in it, one `key: value` per line",
            ),
            id="empty quiz",
        ),
        pytest.param(
            {"quizzes/one.yaml": "hello\n"},
            ("quizzes/one.yaml", 1, 1, E, "wrong-type", "not a string ('hello')"),
            id="quiz scalar",
        ),
    ],
)
def test_a_file_that_is_not_a_mapping(tmp_path: Path, changes: dict, expected: tuple) -> None:
    expect(check(tmp_path, changes), expected)


# YAML that would hang or crash a naive loader -----------------------------------------------------

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10) if prev else ', '.join(['x'] * 10)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)
"""Nine levels of ten aliases each: a billion values once expanded."""


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    diagnostics = check(tmp_path, {"quizzes/one.yaml": ALIAS_BOMB})
    [diagnostic] = diagnostics
    assert (diagnostic.path, diagnostic.severity, diagnostic.code) == (
        "quizzes/one.yaml",
        Severity.ERROR,
        "yaml-syntax",
    )
    assert diagnostic.line >= 1
    assert (
        f"expands to more than {yamlmarks.MAX_NODES:,} values (an alias bomb?)"
        in diagnostic.message
    )


@pytest.mark.parametrize(
    ("quiz", "expected"),
    [
        pytest.param(
            "title: Quiz\nquestions: " + "[" * 100 + "]" * 100 + "\n",
            ("quizzes/one.yaml", 2, 76, E, "yaml-syntax", "nests deeper than 64 levels"),
            id="flow, 100 levels",
        ),
        pytest.param(
            "".join("  " * depth + "a:\n" for depth in range(100)),
            ("quizzes/one.yaml", 65, 129, E, "yaml-syntax", "nests deeper than 64 levels"),
            id="block, 100 levels",
        ),
    ],
)
def test_very_deep_nesting_is_a_diagnostic(tmp_path: Path, quiz: str, expected: tuple) -> None:
    expect(check(tmp_path, {"quizzes/one.yaml": quiz}), expected)


def test_20000_levels_are_one_diagnostic_whichever_libyaml_reads_them(tmp_path: Path) -> None:
    # PyYAML 6.0.3's LibYAML nests without a bound (our scan stops it at level 65); 6.0.4's stops
    # at its own 1,000: the place differs, the message does not.
    (diagnostic,) = check(
        tmp_path, {"quizzes/one.yaml": "title: " + "[" * 20_000 + "]" * 20_000 + "\n"}
    )
    assert (diagnostic.path, diagnostic.code, diagnostic.line) == (
        "quizzes/one.yaml",
        "yaml-syntax",
        1,
    )
    assert diagnostic.message == "the document nests deeper than 64 levels"
