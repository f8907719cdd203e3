"""GIFT text: the escaping, weights, slugs and diagnostics that export and import share."""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal

from trainer.course.diagnostics import Diagnostic, Severity, Text

RESERVED = "\\~=#{}:"
"""Characters escaped with a backslash in GIFT texts (the backslash itself first)."""
FORMATS = ("moodle", "html", "plain", "markdown")


def diagnostic(
    path: str, line: int, severity: Severity, code: str, message: str | Text
) -> Diagnostic:
    """A diagnostic of the GIFT side, at a line (GIFT has no columns); a `Text` message is
    translated where it is shown."""
    if isinstance(message, Text):
        return Diagnostic(path, line, 0, severity, code, message.render(), message)
    return Diagnostic(path, line, 0, severity, code, message)


def slugify(text: str, fallback: str = "quiz") -> str:
    """`text` as an id matching [a-z0-9][a-z0-9-]*: accents dropped, other signs made hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or fallback


def escape(text: str) -> str:
    """`text` for GIFT: reserved characters escaped, line breaks kept where a reader keeps them.

    A line break stays a real one when the reader (which trims lines, ends a question at a blank
    line and skips `//` lines) gives it back unchanged; elsewhere it is written `\\n`.
    """
    lines = re.sub(r"([\\~=#{}:])", r"\\\1", text).split("\n")
    escaped = lines[0]
    for before, line in itertools.pairwise(lines):
        kept = (
            line
            and not line[0].isspace()
            and not line.startswith("//")
            and not before[-1:].isspace()
        )
        escaped += ("\n" if kept else "\\n") + line
    return escaped


def format_weight(percent: float) -> str:
    """A GIFT answer weight: up to 5 decimals, as Moodle accepts (33.33333, 50, -12.5)."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def weight_percent(weight: float) -> str:
    """A choice's weight (-1 to 1) as a GIFT percentage, exactly: 0.3333333 → 33.33333, so that
    `percent_weight` gives the same number back."""
    percent = Decimal(repr(weight)).scaleb(2).normalize()
    return f"{percent:f}"


def percent_weight(percent: str) -> float:
    """A GIFT percentage (`33.33333`) as a choice's weight (0.3333333), exactly."""
    return float(Decimal(percent).scaleb(-2))


def as_text(message: str | Text) -> Text:
    """`message` as a `Text`: a `Text` as it is, a plain string shown as written."""
    return message if isinstance(message, Text) else Text("{text}", (("text", message),))
