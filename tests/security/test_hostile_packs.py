"""A pack can come from anyone: hostile packs get diagnostics, never a traceback, a hang, a read
outside the pack, or unbounded memory.

Sizes here are the real ones (a 50 MB lesson, 10,000 questions); the bounds are checked by what is
refused, never by timing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.security.hostile import HOSTILE, RAW_CONTROLS, write_hostile_pack
from tests.unit_helpers import write_pack
from trainer.course import yamlmarks
from trainer.course.loader import MAX_FILE_BYTES
from trainer.quiz.pack_check import check_pack

QUIZ_HEAD = "title: Quiz\nquestions:\n"
ONE_QUESTION = "  - {id: q, type: true_false, prompt: P, answer: true, explanation: E}\n"


def codes(diagnostics) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in diagnostics]


def _clean(diagnostics) -> None:
    for diagnostic in diagnostics:
        text = str(diagnostic)
        assert not any(control in text for control in RAW_CONTROLS), text


# YAML bombs and giants ----------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    levels = ['a: &a ["' + "x" * 10 + '"' + ', "x"' * 9 + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    root = write_pack(tmp_path / "pack", quiz="\n".join(levels) + "\n")
    pack, diagnostics = check_pack(root)
    bomb = [d for d in diagnostics if d.path == "quizzes/one.yaml"]
    assert [d.code for d in bomb] == ["yaml-syntax"]
    assert f"more than {yamlmarks.MAX_NODES:,} values (an alias bomb?)" in bomb[0].message
    assert pack is not None and "one" not in pack.quizzes["en"]


def test_the_node_limit_leaves_room_for_a_very_large_quiz() -> None:
    assert 300_000 <= yamlmarks.MAX_NODES <= 1_000_000


def test_a_document_too_large_to_compose_is_refused_before_composing(
    tmp_path: Path, monkeypatch
) -> None:
    composed = []
    monkeypatch.setattr(yamlmarks.yaml, "compose", lambda *a, **k: composed.append(1))
    text = "[" + ",".join(["1"] * (yamlmarks.MAX_NODES + 10)) + "]\n"  # 800 kB of flow sequence
    with pytest.raises(yamlmarks.YamlError) as raised:
        yamlmarks.parse(text)
    assert (
        raised.value.message
        == f"the document holds more than {yamlmarks.MAX_NODES:,} values; split it"
    )
    assert raised.value.mark.line == 1 and composed == []


def test_deep_nesting_is_a_diagnostic(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", quiz="a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    _, diagnostics = check_pack(root)
    assert ("quizzes/one.yaml", "yaml-syntax") in codes(diagnostics)


def test_a_50_mb_lesson_is_refused_unread(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    lesson = root / "lessons" / "one.md"
    with lesson.open("r+b") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on the disk
    pack, diagnostics = check_pack(root)
    large = [d for d in diagnostics if d.code == "too-large"]
    assert [(d.path, d.message) for d in large] == [
        ("lessons/one.md", "the file is larger than 5 MB, the most a pack file may be; split it")
    ]
    assert pack is not None


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    lesson = root / "lessons" / "one.md"
    text = lesson.read_bytes()
    lesson.write_bytes(text + b"x" * (MAX_FILE_BYTES - len(text)))
    pack, diagnostics = check_pack(root)
    assert "too-large" not in {d.code for d in diagnostics}
    assert len(pack.lessons["en"]["one"].body) > MAX_FILE_BYTES - 100


def test_a_quiz_of_10000_questions_loads_and_validates(tmp_path: Path) -> None:
    questions = "".join(
        f"  - id: q{n}\n    type: single\n    prompt: Question {n}?\n    explanation: Because.\n"
        f"    choices:\n      - text: Right\n        correct: true\n      - text: Wrong {n}\n"
        f"      - text: Also wrong\n      - text: Still wrong\n"
        for n in range(10_000)
    )
    root = write_pack(tmp_path / "pack", quiz=QUIZ_HEAD + questions)
    pack, diagnostics = check_pack(root)
    assert diagnostics == []
    assert len(pack.quizzes["en"]["one"].questions) == 10_000


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000,
        b"\xff\xfe" + "é".encode("utf-16-le"),
    ],
    ids=["all-bytes", "png", "utf-16"],
)
@pytest.mark.parametrize("target", ["lessons/one.md", "quizzes/one.yaml", "course.yaml"])
def test_binary_files_are_diagnostics(tmp_path: Path, data: bytes, target: str) -> None:
    root = write_pack(tmp_path / "pack", quiz=QUIZ_HEAD + ONE_QUESTION)
    (root / target).write_bytes(data)
    _, diagnostics = check_pack(root)
    assert (target, "not-utf8") in codes(diagnostics) or (target, "yaml-syntax") in codes(
        diagnostics
    )
    _clean(diagnostics)


def test_nul_characters_in_valid_utf8_are_diagnostics(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", body="Text\x00with a NUL\x1b[2J", quiz="title: Q\x00\n")
    _, diagnostics = check_pack(root)
    assert ("quizzes/one.yaml", "yaml-syntax") in codes(diagnostics)
    assert ("lessons/one.md", "control-character") in codes(diagnostics)
    _clean(diagnostics)


# the file system ----------------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the pack that a hostile pack would like to read."""
    path = tmp_path / "secret.md"
    path.write_text("---\ntitle: SECRET-TITLE\n---\nSECRET-BODY\n", encoding="utf-8")
    return path


def test_a_symbolic_link_out_of_the_pack_is_refused(tmp_path: Path, secret: Path) -> None:
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "one.md").unlink()
    (root / "lessons" / "one.md").symlink_to(secret)
    pack, diagnostics = check_pack(root)
    assert ("lessons/one.md", "outside-pack") in codes(diagnostics)
    assert "one" not in pack.lessons["en"]
    assert "SECRET" not in "".join(map(str, diagnostics))


def test_a_relative_symbolic_link_climbing_out_is_refused(tmp_path: Path, secret: Path) -> None:
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "one.md").unlink()
    (root / "lessons" / "one.md").symlink_to(Path("..") / ".." / "secret.md")
    _, diagnostics = check_pack(root)
    assert ("lessons/one.md", "outside-pack") in codes(diagnostics)


def test_a_folder_linked_out_of_the_pack_is_refused(tmp_path: Path, secret: Path) -> None:
    root = write_pack(tmp_path / "pack")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "one.yaml").write_text(QUIZ_HEAD + ONE_QUESTION)
    (root / "quizzes").rmdir()
    (root / "quizzes").symlink_to(outside)
    pack, diagnostics = check_pack(root)
    assert ("quizzes", "outside-pack") in codes(diagnostics)
    assert pack.quizzes["en"] == {}


def test_course_yaml_linked_out_of_the_pack_is_refused(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    real = tmp_path / "course.yaml"
    (root / "course.yaml").rename(real)
    (root / "course.yaml").symlink_to(real)
    pack, diagnostics = check_pack(root)
    assert pack is None and codes(diagnostics) == [("course.yaml", "outside-pack")]


def test_a_symbolic_link_inside_the_pack_is_followed(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", quiz=QUIZ_HEAD + ONE_QUESTION)
    shared = root / "shared"
    shared.mkdir()
    (root / "quizzes" / "one.yaml").rename(shared / "quiz.yaml")
    (root / "quizzes" / "one.yaml").symlink_to(Path("..") / "shared" / "quiz.yaml")
    pack, diagnostics = check_pack(root)
    assert diagnostics == [] and "one" in pack.quizzes["en"]


def test_a_symbolic_link_loop_is_a_diagnostic(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "loop.md").symlink_to(root / "lessons" / "loop.md")
    _, diagnostics = check_pack(root)
    assert ("lessons/loop.md", "outside-pack") in codes(diagnostics)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_file_does_not_hang(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    os.mkfifo(root / "quizzes" / "one.yaml")
    os.mkfifo(root / "lessons" / "two.md")
    pack, diagnostics = check_pack(root)
    assert ("quizzes/one.yaml", "ignored-file") in codes(diagnostics)
    assert pack is not None


# ids that look like paths -------------------------------------------------------------------------


def test_ids_that_look_like_paths_are_refused_and_never_opened(
    tmp_path: Path, secret: Path
) -> None:
    root = write_pack(tmp_path / "pack")
    (root / "course.yaml").write_text(
        "id: tiny\ntitle: T\nlanguages: [en, ../fr, 'x/y']\nmodules:\n"
        "  - id: ../m\n    title: M\n    lessons: [one, ../../secret, 'a/b', ..]\n",
        encoding="utf-8",
    )
    (root / "lessons" / "one.md").write_text(
        "---\ntitle: One\nquiz: ../../secret\n---\nText\n", encoding="utf-8"
    )
    (root / "quizzes" / "q.yaml").write_text(
        "title: Q\nquestions:\n  - {id: ../x, type: true_false, prompt: P, answer: true}\n"
        "  - {id: 'a/b', type: true_false, prompt: P, answer: true}\n",
        encoding="utf-8",
    )
    opened: list[str] = []
    hook_on = [True]

    def audit(event: str, args: tuple) -> None:
        if hook_on[0] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(audit)  # hooks cannot be removed: this one goes quiet after the test
    try:
        _, diagnostics = check_pack(root)
    finally:
        hook_on[0] = False
    found = codes(diagnostics)
    assert ("course.yaml", "bad-id") in found and ("course.yaml", "bad-language") in found
    (root / "course.yaml").write_text("id: ../../tiny\ntitle: T\nlanguages: [en]\nmodules: []\n")
    assert ("course.yaml", "bad-id") in codes(check_pack(root)[1])
    assert ("lessons/one.md", "bad-id") in found and ("quizzes/q.yaml", "bad-id") in found
    inside = str(root.resolve())
    files = [
        path
        for path in opened
        if not path.endswith((".py", ".pyc", ".mo")) and "/locale/" not in path
    ]
    assert files and all(str(Path(path).resolve()).startswith(inside) for path in files), files
    assert "SECRET" not in "".join(map(str, diagnostics))


# control characters -------------------------------------------------------------------------------


def test_control_characters_in_every_text_field_are_warnings_shown_inert(tmp_path: Path) -> None:
    root = write_hostile_pack(tmp_path / "pack")
    pack, diagnostics = check_pack(root)
    assert [d for d in diagnostics if d.is_error] == []
    warnings = {(d.path, d.line) for d in diagnostics if d.code == "control-character"}
    # course.yaml: title, description, module title; the lesson: title, objective, source, and
    # three lines of body; the quiz: its title and every text field of every question.
    assert len([w for w in warnings if w[0] == "course.yaml"]) == 3
    assert len([w for w in warnings if w[0] == "lessons/one.md"]) == 6
    assert len([w for w in warnings if w[0] == "quizzes/one.yaml"]) >= 20
    _clean(diagnostics)
    assert pack.lessons["en"]["one"].title == HOSTILE  # the text itself is kept: shown inert


def test_a_file_name_with_escape_sequences_is_shown_inert(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "\x1b[31mred\u202e.md").write_text("---\ntitle: T\n---\nText\n")
    (root / "quizzes" / "bell\x07.txt").write_text("x")
    _, diagnostics = check_pack(root)
    assert ("lessons/\\x1b[31mred\\u202e.md", "bad-file-name") in codes(diagnostics)
    assert ("quizzes/bell\\x07.txt", "ignored-file") in codes(diagnostics)
    _clean(diagnostics)


def test_keys_and_values_quoted_in_messages_are_inert(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "pack",
        quiz='title: Q\n"\\e[2Jkey\\u202e": 1\nquestions:\n'
        '  - {id: "\\e]8;;x\\a", type: true_false, prompt: P, answer: true}\n'
        '  - {id: b, type: "\\x9bsingle", prompt: P}\n',
    )
    _, diagnostics = check_pack(root)
    assert {"unknown-key", "bad-id", "unknown-type"} <= {d.code for d in diagnostics}
    _clean(diagnostics)
