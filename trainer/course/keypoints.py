"""A lesson's « À retenir »: the section of 3 to 5 actions that ends every lesson.

It is a fixed heading, `## À retenir` in French or `## Key points` in English (any level, a final
colon allowed), followed by a Markdown list; it must be the lesson's last section. The validator
warns when it is missing, not last, or holds fewer than 3 or more than 5 items, and `trainer
fiches` prints it on each module's handout.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from trainer.course.diagnostics import Mark, Report
from trainer.course.model import Lesson
from trainer.i18n import _
from trainer.records import Record, init

HEADINGS = frozenset({"a retenir", "key points"})
"""The headings of the section, folded (no accents, lower case, no final colon)."""

FEWEST, MOST = 3, 5
CODES = frozenset({"key-points-missing", "key-points-not-last", "key-points-count"})
"""The codes of the « À retenir » warnings."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")


class KeyPoints(Record):
    """The « À retenir » of a lesson: its heading's line in the body (0-based), and its items."""

    __slots__ = ("items", "last", "line")
    line: int
    items: tuple[str, ...]
    last: bool
    """Whether it is the lesson's last section."""

    def __init__(self, line: int, items: tuple[str, ...], last: bool) -> None:
        init(self, line, items, last)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """`text` without accents, in lower case, spaces collapsed: for comparing words."""
    if not text.isascii():
        # One pass of C code per step: the validator folds every prompt and choice of a pack.
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.replace("’", "'")))
    return " ".join(text.casefold().split())


def is_key_points_heading(title: str) -> bool:
    """Whether a heading's text names the « À retenir » section."""
    return fold(title).rstrip(" :") in HEADINGS


def key_points(lesson: Lesson) -> KeyPoints | None:
    """The lesson's « À retenir » section (the last one, if written twice), or None."""
    lines = lesson.body.split("\n")
    found: KeyPoints | None = None
    in_code = False
    for number, line in enumerate(lines):
        # The cheap tests first: most lines of a lesson are neither a fence nor a heading.
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        heading = _HEADING.match(line)
        if heading is None:
            continue
        if is_key_points_heading(heading.group(2)):
            found = KeyPoints(number, _items(lines[number + 1 :]), last=True)
        elif found is not None:
            found = KeyPoints(found.line, found.items, last=False)
    return found


def _items(lines: list[str]) -> tuple[str, ...]:
    """The top-level items of the list that follows a heading, each on one line."""
    items: list[str] = []
    for line in lines:
        if _HEADING.match(line):
            break
        item = _ITEM.match(line)
        if item is not None and len(line) - len(line.lstrip()) < 2:
            items.append(item.group(1).strip())
        elif items and line.strip():
            # A continuation line, or a nested item: part of the item above.
            items[-1] = f"{items[-1]} {line.strip()}"
    return tuple(items)


def check_key_points(lesson: Lesson, report: Report) -> None:
    """Warn when `lesson` does not end with an « À retenir » of 3 to 5 items."""
    points = key_points(lesson)
    if points is None:
        report.warning(
            lesson.path,
            Mark(1, 1),
            "key-points-missing",
            _(
                "the lesson has no « À retenir » (« Key points » in English): end it with that "
                "heading and a list of {fewest} to {most} actions"
            ).format(fewest=FEWEST, most=MOST),
        )
        return
    mark = Mark(lesson.body_line + points.line, 1)
    if not points.last:
        report.warning(
            lesson.path,
            mark,
            "key-points-not-last",
            _("the « À retenir » section is not the last one: move it to the end of the lesson"),
        )
    if not FEWEST <= len(points.items) <= MOST:
        report.warning(
            lesson.path,
            mark,
            "key-points-count",
            _(
                "the « À retenir » holds {count} items: keep {fewest} to {most} actions, one "
                "list item each"
            ).format(count=len(points.items), fewest=FEWEST, most=MOST),
        )
