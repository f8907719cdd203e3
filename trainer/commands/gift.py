"""`trainer gift export` and `trainer gift import`: GIFT quizzes printed, written and read.

Each command prints warnings on stderr and returns its exit code: 0 done, 1 the GIFT file has
errors, 2 a usage problem (an unknown quiz, a file that exists already). The file side is
`trainer.authoring.gift`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.authoring.gift import GiftFileError, exported_quizzes, import_file
from trainer.commands.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.course.diagnostics import Diagnostic
from trainer.course.loader import Pack
from trainer.course.model import Course
from trainer.i18n import _, program_line


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _line(diagnostic: Diagnostic) -> str:
    """`path:line: severity: message` as GIFT tools write it (`path: …` when there is no line)."""
    place = f"{diagnostic.path}:{diagnostic.line}" if diagnostic.line else diagnostic.path
    return f"{place}: {diagnostic.severity.value}: {diagnostic.shown(_)}"


def export_command(
    pack: Pack, course: Course, quiz_id: str | None, all_quizzes: bool, output: str | None
) -> int:
    """Write one quiz (or every quiz, one after the other) as GIFT to `output`, or stdout."""
    try:
        exported = exported_quizzes(pack, course, quiz_id, all_quizzes)
    except GiftFileError as error:
        _say(program_line(error))
        return EXIT_USAGE
    for quiz in exported:
        for warning in quiz.warnings:
            _say(f"{warning.path}: warning: {warning.shown(_)}")
    text = "\n".join(quiz.text for quiz in exported)
    if output and output != "-":
        try:
            Path(output).write_text(text, encoding="utf-8", newline="\n")
        except OSError as error:
            _say(
                _("trainer: cannot write {path}: {error}").format(path=output, error=error.strerror)
            )
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK


def import_command(
    file: str, into: str, quiz_id: str | None, language: str | None, category: str | None = None
) -> int:
    """Read a GIFT file into `<into>/quizzes/<id>.<lang>.yaml`, one quiz a category (or the one
    `category` names); print each path written."""
    try:
        imported = import_file(file, into, quiz_id, language, category)
    except GiftFileError as error:
        _say(program_line(error))
        return EXIT_USAGE
    for diagnostic in imported.diagnostics:
        _say(_line(diagnostic))
    if not imported.written:
        return EXIT_INVALID
    for target in imported.written:
        print(target)
    return EXIT_OK
