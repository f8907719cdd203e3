"""`trainer fiches`: the « fiches réflexes », one A4 page per module, for a trainer to hand out.

cli.py adds its parser and dispatches here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from trainer.commands.common import EXIT_INVALID, EXIT_OK, UsageError, load
from trainer.i18n import _, ngettext, program_line

DEFAULT_FILE = "fiches-reflexes.pdf"


def fiches_command(args: argparse.Namespace) -> int:
    """`trainer fiches [--module ID] [-o FILE]`: write the PDF and print its path."""
    from trainer.handouts.content import handouts
    from trainer.handouts.pdf import find_typeface, render
    from trainer.session import utc_now

    _pack, course = load(args)
    try:
        sheets = handouts(course, args.module)
    except KeyError:
        raise UsageError(
            _("no module `{module}` in this course; its modules are: {modules}").format(
                module=args.module, modules=", ".join(m.id for m in course.modules)
            )
        ) from None
    path = Path(args.output).expanduser() if args.output else Path.cwd() / DEFAULT_FILE
    if path.is_dir():
        path = path / DEFAULT_FILE
    typeface = find_typeface()
    data, fits = render(sheets, course.language, utc_now(), typeface)
    try:
        _write_whole(path, data)
    except OSError as error:
        print(
            program_line(
                _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
            ),
            file=sys.stderr,
        )
        return EXIT_INVALID
    if not typeface.unicode:
        print(
            _(
                "trainer: no Unicode font found (fonts-dejavu-core); letters outside Latin-1 "
                "were spelt without their marks"
            ),
            file=sys.stderr,
        )
    for sheet, fit in zip(sheets, fits, strict=True):
        if fit.sources_left_out:
            print(
                ngettext(
                    "trainer: module {module}: {n} source left out to fit one page",
                    "trainer: module {module}: {n} sources left out to fit one page",
                    fit.sources_left_out,
                ).format(module=sheet.module_id, n=fit.sources_left_out),
                file=sys.stderr,
            )
    print(path)
    return EXIT_OK


def _write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a failure never leaves half a PDF."""
    descriptor, temporary = tempfile.mkstemp(prefix=".fiches-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
