"""What the commands share: their exit codes, their two errors, and loading the chosen pack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.i18n import _, choose_language, set_language
from trainer.inert import inert

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_CRASH = 70
"""The app stopped on an unexpected error (EX_SOFTWARE); its traceback is in the data folder's logs/."""


class UsageError(Exception):
    """A bad flag, a missing folder, an unknown id: one line on stderr and exit 2."""


class PackInvalid(Exception):
    """The course pack has errors: they were printed; exit 1."""


def course_languages(course_dir: str | None) -> list[str]:
    """The languages of a pack's course.yaml, read under the loader's limits; empty when it cannot
    be read (the problem is reported properly once the pack is loaded)."""
    from trainer.course.loader import declared_languages
    from trainer.locations import bundled_course

    return declared_languages(Path(course_dir) if course_dir else bundled_course())


def _pack_dir(args: argparse.Namespace) -> Path:
    from trainer.locations import bundled_course

    directory = Path(getattr(args, "course", None) or bundled_course())
    if not directory.is_dir():
        raise UsageError(_("no such folder: {path}").format(path=directory))
    return directory


def load(args: argparse.Namespace):
    """The pack's course in the chosen language; pack errors go to stderr and raise PackInvalid."""
    from trainer.quiz.pack_check import check_pack

    directory = _pack_dir(args)
    pack, diagnostics = check_pack(directory)
    errors = [d for d in diagnostics if d.is_error]
    if pack is None or errors:
        for diagnostic in errors:
            print(inert(str(diagnostic)), file=sys.stderr)
        print(
            _(
                "trainer: the course pack in {path} has errors; run `trainer validate {path}`"
            ).format(path=directory),
            file=sys.stderr,
        )
        raise PackInvalid(directory)
    flag = getattr(args, "lang", None)
    if flag and flag not in pack.languages:
        raise UsageError(
            _("this course is in {languages}, not {language}").format(
                languages=", ".join(pack.languages), language=flag
            )
        )
    language = choose_language(flag, pack.languages)
    set_language(language)
    return pack, pack.course(language)
