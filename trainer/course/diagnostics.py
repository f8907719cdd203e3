"""Diagnostics: what the loader and the validator say about a pack, with a place in a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `trainer validate`, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, reported as `path:line:col: severity: message`.

    `path` is relative to the pack's folder, `line` and `column` are 1-based (0 when the finding is
    about a whole file or a file that is missing). `code` is stable per rule, for editors and CI.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True when this diagnostic makes the pack invalid."""
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        """The diagnostic as a plain mapping, for JSON output."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Mark:
    """A place in a file: 1-based line and column."""

    line: int = 0
    column: int = 0


class Report:
    """Collects diagnostics for one file at a time."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: str, mark: Mark, code: str, message: str) -> None:
        """Record an error at `mark` in `path`."""
        self.diagnostics.append(
            Diagnostic(path, mark.line, mark.column, Severity.ERROR, code, message)
        )

    def warning(self, path: str, mark: Mark, code: str, message: str) -> None:
        """Record a warning at `mark` in `path`."""
        self.diagnostics.append(
            Diagnostic(path, mark.line, mark.column, Severity.WARNING, code, message)
        )

    @property
    def has_errors(self) -> bool:
        """True when at least one error was recorded."""
        return any(d.is_error for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics in file, line and column order, without repeats."""
        return sorted(set(self.diagnostics))
