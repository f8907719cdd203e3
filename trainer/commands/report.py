"""`trainer report`: the trainer's report, printed or written whole to a file; `--roster`, the
register of who did what.

Exit codes: 0 done; 1 no source can be read or the output cannot be written; 2 usage; 3 done, but
some progress files could not be read and were left out (a warning names each).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from trainer.atomic import write_whole
from trainer.commands.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.course.model import Course
from trainer.exits import EXIT_PARTIAL
from trainer.i18n import _, program_line
from trainer.inert import inert
from trainer.report.groups import MIN_SHOWN, withhold
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
    group: str | None = None,
    min_learners: int = MIN_SHOWN,
    shown_for: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`trainer report`: read the sources, print or write the report; the exit code. Figures
    over fewer than `min_learners` learners are withheld (`shown_for`: whom it was lowered for)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        report = gather(course, stores, lrs, user, password_env, group)
    except ReportError as error:
        say_skipped(error.skipped[1:] if len(error.skipped) > 1 else (), err)
        print(program_line(error), file=err)
        return EXIT_USAGE if error.usage else EXIT_INVALID
    say_skipped(report.skipped, err)
    report = withhold(report, min_learners, shown_for, course)
    text = render_csv(report) if output_format == "csv" else render_table(course, report)
    code = write_output(text, output, out, err)
    return EXIT_PARTIAL if code == EXIT_OK and report.skipped else code


def roster_command(
    course: Course,
    stores: Sequence[str],
    output: str | None = None,
    *,
    group: str | None = None,
    excel: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`trainer report --roster`: the roster as CSV (`excel`: for a spreadsheet); the exit code."""
    from trainer.report.roster import read_roster, render_roster_csv

    out = out or sys.stdout
    err = err or sys.stderr
    roster = read_roster(stores, course, group)
    distinct = {Path(store).resolve() for store in stores}
    if roster.skipped and len(roster.skipped) == len(distinct):
        say_skipped(roster.skipped[:-1], err)
        print(program_line(roster.skipped[-1]), file=err)
        return EXIT_INVALID
    say_skipped(roster.skipped, err)
    # Excel reads a CSV as UTF-8 only with the byte order mark.
    code = write_output(render_roster_csv(roster, excel=excel), output, out, err, bom=excel)
    return EXIT_PARTIAL if code == EXIT_OK and roster.skipped else code


def say_skipped(skipped: Sequence[str], err: TextIO) -> None:
    """A warning for each progress file left out, naming it and why."""
    for reason in skipped:
        print(_("trainer: warning: left out, {reason}").format(reason=inert(reason)), file=err)


def write_output(
    text: str, output: str | None, out: TextIO, err: TextIO, *, bom: bool = False
) -> int:
    """Print `text`, or write it whole to `output`, as UTF-8 (`bom`: with the byte order mark
    Excel needs to read it as such); the exit code."""
    if output is None:
        buffer = getattr(out, "buffer", None)
        if bom and buffer is not None:
            # Past the terminal's inert stream, which would drop the mark: cells are inert already.
            out.flush()
            buffer.write(text.encode("utf-8-sig"))
            buffer.flush()
        else:
            out.write(text)
        return EXIT_OK
    try:
        write_whole(Path(output), text.encode("utf-8-sig" if bom else "utf-8"))
    except OSError as error:
        print(
            _("trainer: cannot write {path}: {error}").format(
                path=output, error=error.strerror or error
            ),
            file=err,
        )
        return EXIT_INVALID
    return EXIT_OK
