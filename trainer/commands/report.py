"""`trainer report`: the trainer's report, printed or written whole to a file.

Exit codes: 0 done, 1 a source cannot be read or the output cannot be written, 2 usage.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from trainer.atomic import write_whole
from trainer.commands.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.course.model import Course
from trainer.i18n import _
from trainer.report.rendering import render_csv, render_table
from trainer.report.sources import ReportError, gather


def report_command(
    course: Course,
    stores: Sequence[str] = (),
    lrs: str | None = None,
    user: str | None = None,
    password_env: str | None = None,
    output_format: str = "table",
    output: str | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`trainer report`: read the sources, print or write the report; the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        report = gather(course, stores, lrs, user, password_env)
    except ReportError as error:
        print(f"trainer: {error}", file=err)
        return EXIT_USAGE if error.usage else EXIT_INVALID
    text = render_csv(report) if output_format == "csv" else render_table(course, report)
    if output is None:
        out.write(text)
        return EXIT_OK
    try:
        write_whole(Path(output), text)
    except OSError as error:
        print(
            _("trainer: cannot write {path}: {error}").format(
                path=output, error=error.strerror or error
            ),
            file=err,
        )
        return EXIT_INVALID
    return EXIT_OK
