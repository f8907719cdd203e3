"""Diagnostics: what the loader and the validator say about a pack, with a place in a file."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from trainer.i18n import N_
from trainer.records import Record, init

Translate = Callable[[str], str]


def _untranslated(template: str) -> str:
    return template


class Text(Record):
    """A message kept as an English template and its parameters, translated when it is shown.

    The core stays free of the interface's language: it says *what* is wrong, in a template marked
    with `N_()`; whoever prints it passes the interface's `_` to `render`. A parameter may itself be
    a `Text` (the kind of a value, a did-you-mean), translated with it.
    """

    __slots__ = ("params", "template")
    template: str
    params: tuple[tuple[str, object], ...]

    def __init__(self, template: str, params: tuple[tuple[str, object], ...] = ()) -> None:
        init(self, template, params)

    def render(self, translate: Translate = _untranslated) -> str:
        """The message in the language of `translate` (English by default)."""
        values = {
            name: value.render(translate) if isinstance(value, Text) else value
            for name, value in self.params
        }
        return translate(self.template).format(**values)

    def __str__(self) -> str:
        return self.render()


def phrase(template: str, **params: object) -> Text:
    """A `Text` of `template` (marked with `N_()` by the caller) and its parameters."""
    return Text(template, tuple(params.items()))


DRAFT_CODES = frozenset({"missing-translation"})
"""The errors of a pack still being translated: `validate` fails on them, other commands warn."""

SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `trainer validate`, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class Diagnostic(Record):
    """One finding, reported as `path:line:col: severity: message`.

    `path` is relative to the pack's folder, `line` and `column` are 1-based (0 when the finding is
    about a whole file or a file that is missing). `code` is stable per rule, for editors and CI.
    `text` is the message as a template and parameters, when it was written so (`message` is then
    its English rendering): `shown` translates it. Diagnostics compare, and sort, by the other
    fields, in their order.
    """

    __slots__ = ("code", "column", "line", "message", "path", "severity", "text")
    _compared = ("path", "line", "column", "severity", "code", "message")
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    text: Text | None

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        severity: Severity,
        code: str,
        message: str,
        text: Text | None = None,
    ) -> None:
        init(self, path, line, column, severity, code, message, text)

    def __lt__(self, other: Diagnostic) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Diagnostic) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Diagnostic) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Diagnostic) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        return f"{self.place}: {self.severity.value}: {self.message}"

    @property
    def place(self) -> str:
        """`path:line:column`, or the path alone for a diagnostic about a whole file or folder
        (line 0), as compilers write it."""
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path

    def shown(self, translate: Translate = _untranslated) -> str:
        """The message in the language of `translate`."""
        return self.text.render(translate) if self.text is not None else self.message

    def line_text(self, translate: Translate = _untranslated) -> str:
        """`path:line:col: severity: message`, the message in the language of `translate`; the
        severity stays `error` or `warning`, which editors and CI read (like `code`)."""
        return f"{self.place}: {self.severity.value}: {self.shown(translate)}"

    @property
    def is_error(self) -> bool:
        """True when this diagnostic makes the pack invalid."""
        return self.severity is Severity.ERROR

    @property
    def blocks_use(self) -> bool:
        """True when the pack cannot be used with it: every error but a missing translation,
        which keeps a pack from being published (`validate`) but not from being previewed,
        taken or exported in the languages that exist (French first, translated later)."""
        return self.is_error and self.code not in DRAFT_CODES

    def as_dict(self, translate: Translate = _untranslated) -> dict[str, object]:
        """The diagnostic as a plain mapping, for JSON output: `code` and `severity` stay English,
        the message is in the language of `translate`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.shown(translate),
        }


def make(path: str, mark: Mark, severity: Severity, code: str, message: str | Text) -> Diagnostic:
    """A diagnostic whose message is plain English or a `Text` translated when shown."""
    if isinstance(message, Text):
        return Diagnostic(path, mark.line, mark.column, severity, code, message.render(), message)
    return Diagnostic(path, mark.line, mark.column, severity, code, message)


class Mark(Record):
    """A place in a file: 1-based line and column."""

    __slots__ = ("column", "line")
    line: int
    column: int

    def __init__(self, line: int = 0, column: int = 0) -> None:
        init(self, line, column)


class Report:
    """Collects diagnostics for one file at a time."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: str, mark: Mark, code: str, message: str | Text) -> None:
        """Record an error at `mark` in `path`."""
        self.diagnostics.append(make(path, mark, Severity.ERROR, code, message))

    def warning(self, path: str, mark: Mark, code: str, message: str | Text) -> None:
        """Record a warning at `mark` in `path`."""
        self.diagnostics.append(make(path, mark, Severity.WARNING, code, message))

    @property
    def has_errors(self) -> bool:
        """True when at least one error was recorded."""
        return any(d.is_error for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics in file, line and column order, without repeats."""
        return sorted(set(self.diagnostics))
