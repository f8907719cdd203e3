"""Every rule of the pack loader and validator, each asserting the exact diagnostic it gives.

Most cases start from a minimal valid pack written in `tmp_path` and change one file; the few that
read better as files on disk are folders of tests/packs/. A diagnostic is compared on its path
(relative to the pack), line, column, severity and code, and on the gist of its message.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from trainer.course import yamlmarks
from trainer.course.diagnostics import Diagnostic, Severity
from trainer.quiz.pack_check import check_pack

PACKS = Path(__file__).parent.parent / "packs"

# The minimal valid packs --------------------------------------------------------------------------

COURSE = """\
id: tiny
title: Tiny
languages: [en]
modules:
  - id: m
    title: Module
    lessons: [one]
"""

LESSON = """\
---
title: One
---
Text.
"""

QUIZ = """\
title: Quiz
questions:
  - id: q
    type: single
    prompt: Pick.
    choices:
      - text: A
        correct: true
      - text: B
    explanation: Because.
"""

MINIMAL = {"course.yaml": COURSE, "lessons/one.md": LESSON, "quizzes/one.yaml": QUIZ}
"""One language, one module, one lesson and its quiz of one question: no diagnostics."""

BILINGUAL_COURSE = """\
id: tiny
title: {fr: Petit, en: Tiny}
languages: [fr, en]
modules:
  - id: m
    title: {fr: Module, en: Module}
    lessons: [one]
"""

BILINGUAL_QUIZ = """\
title: Quiz
questions:
  - id: pick
    type: single
    prompt: Pick.
    choices:
      - text: A
        correct: true
      - text: B
    explanation: Because.
  - id: tf
    type: true_false
    prompt: True?
    answer: true
    explanation: Because.
"""

BILINGUAL = {
    "course.yaml": BILINGUAL_COURSE,
    "lessons/one.fr.md": "---\ntitle: Un\n---\nTexte.\n",
    "lessons/one.en.md": "---\ntitle: One\n---\nText.\n",
    "quizzes/one.fr.yaml": BILINGUAL_QUIZ,
    "quizzes/one.en.yaml": BILINGUAL_QUIZ,
}
"""French first, English second, the same lesson and quiz in both: no diagnostics."""


def write_pack(
    root: Path, changes: dict[str, str | bytes | None] | None = None, base: dict = MINIMAL
) -> Path:
    """Write `base` with `changes` applied: a path maps to its new text (bytes as is), or None to
    leave the file out."""
    files = {**base, **(changes or {})}
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def check(
    root: Path, changes: dict[str, str | bytes | None] | None = None, base: dict = MINIMAL
) -> list[Diagnostic]:
    """The diagnostics of `base` changed by `changes`, written in `root`."""
    _, diagnostics = check_pack(write_pack(root, changes, base))
    return diagnostics


def with_question(block: str) -> dict[str, str]:
    """The minimal pack's quiz holding one question written as `block` (a YAML mapping).

    The question's first key is on line 3 of quizzes/one.yaml and its keys in column 5, so a key on
    the n-th line of `block` is on line n + 2.
    """
    lines = textwrap.dedent(block).strip("\n").split("\n")
    body = ["  - " + lines[0], *("    " + line for line in lines[1:])]
    return {"quizzes/one.yaml": "title: Quiz\nquestions:\n" + "\n".join(body) + "\n"}


E, W = "error", "warning"


def expect(diagnostics: list[Diagnostic], *expected: tuple[str, int, int, str, str, str]) -> None:
    """`diagnostics` are exactly `expected`: (path, line, column, severity, code, message gist)."""
    got = sorted((d.path, d.line, d.column, d.severity.value, d.code) for d in diagnostics)
    want = sorted(e[:5] for e in expected)
    assert got == want, "\n".join(map(str, diagnostics))
    for place, gist in ((e[:5], e[5]) for e in expected):
        messages = [
            d.message
            for d in diagnostics
            if (d.path, d.line, d.column, d.severity.value, d.code) == place
        ]
        assert any(gist in message for message in messages), f"{gist!r} not in {messages}"


# A valid pack gives nothing -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bilingual", "single-language"])
def test_committed_valid_packs_give_no_diagnostics(name: str) -> None:
    pack, diagnostics = check_pack(PACKS / name)
    assert pack is not None
    assert diagnostics == []


@pytest.mark.parametrize("base", [MINIMAL, BILINGUAL], ids=["minimal", "bilingual"])
def test_minimal_packs_give_no_diagnostics(tmp_path: Path, base: dict) -> None:
    assert check(tmp_path, base=base) == []


def test_single_language_pack_files_without_suffix_are_in_the_first_language() -> None:
    pack, _ = check_pack(PACKS / "single-language")
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
    _, diagnostics = check_pack(PACKS / "broken-yaml")
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
    _, diagnostics = check_pack(PACKS / "not-utf8")
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
                "course.yaml must be a mapping of keys to values, not nothing",
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
                "a quiz file must be a mapping of keys to values, not nothing",
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


def test_empty_front_matter_is_not_a_mapping(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {"lessons/one.md": "---\n---\nText.\n"}),
        (
            "lessons/one.md",
            1,
            1,
            E,
            "wrong-type",
            "the front matter must be a mapping of keys to values, not nothing",
        ),
    )


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


# Keys: unknown, misplaced, written twice, missing -------------------------------------------------


def test_unknown_key_suggests_the_nearest_known_one() -> None:
    _, diagnostics = check_pack(PACKS / "unknown-key")
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
                "`choices` does not belong in a true_false question: it is for single and "
                "multiple questions",
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
                "`shuffle` must be true or false, not a string ('yes')",
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
                "a choice is a mapping with `text:` (and `correct: true` when right), not a "
                "string ('A')",
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
                "`correct` must be true or false, not a string ('no')",
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
            "`answer` must be true or false, not a string ('yes')",
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
                "each item of `accept` must be a non-empty string, not a string ('')",
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
                "`eng` in the file name is not one of the course's languages (en) (did you mean "
                "`en`?)",
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
    _, diagnostics = check_pack(PACKS / "translation-drift")
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
    _, diagnostics = check_pack(PACKS / "translation-drift")
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
