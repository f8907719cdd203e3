"""The validator's test cases: minimal valid packs (one language, two languages) to change one file
of, and `check` / `expect` to compare the diagnostics exactly."""

from __future__ import annotations

import textwrap
from pathlib import Path

from trainer.course.diagnostics import Diagnostic
from trainer.course.validate import ADVICE_CODES
from trainer.quiz.pack_check import check_pack

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
    root: Path,
    changes: dict[str, str | bytes | None] | None = None,
    base: dict = MINIMAL,
    advice: bool = False,
) -> list[Diagnostic]:
    """The diagnostics of `base` changed by `changes`, written in `root`.

    The advice on teaching (a lesson without « Key points », item-writing flaws) is left out
    unless `advice` asks for it: the minimal packs are about structure, and test_itemwriting
    checks the advice.
    """
    _, diagnostics = check_pack(write_pack(root, changes, base))
    return [d for d in diagnostics if advice or d.code not in ADVICE_CODES]


def check_structure(root: Path):
    """The pack at `root` and its diagnostics, without the advice on teaching (see `check`)."""
    pack, diagnostics = check_pack(root)
    return pack, [d for d in diagnostics if d.code not in ADVICE_CODES]


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
