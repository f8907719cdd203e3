"""What the commands share: their exit codes, their error, opening the store and loading the pack.

The convention: only `trainer.commands` reads arguments, prints and returns exit codes. A command
that cannot go on raises `CommandError` (or `UsageError`) with one line for the user, already in
their language; `trainer.cli.main` prints it inert and returns its code. Domain code returns values
or raises its own errors, which the commands turn into a `CommandError`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import records
from trainer.course.diagnostics import Severity
from trainer.exits import EXIT_CRASH, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from trainer.i18n import _, choose_language, set_language
from trainer.inert import inert

if TYPE_CHECKING:
    from trainer.course.pack import Pack
    from trainer.progress.store import Store

__all__ = [
    "EXIT_CRASH",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "PackInvalid",
    "UsageError",
    "existing_store",
    "load",
    "open_store",
]


class CommandError(Exception):
    """A command cannot go on: `message` is one line for the user (None when what went wrong was
    printed already), `code` the exit code."""

    def __init__(self, message: str | None, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UsageError(CommandError):
    """A bad flag, a missing folder, an unknown id: one line on stderr and exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


class PackInvalid(CommandError):
    """The course pack has errors: they were printed; exit 1."""

    def __init__(self, directory: Path) -> None:
        super().__init__(None, EXIT_INVALID)
        self.directory = directory


def open_store(args: argparse.Namespace, *, set_aside_damaged: bool = False) -> Store:
    """The progress file of the data folder `--data-dir` names (or the default one), made if
    missing. A store that cannot be opened is a `CommandError`; with `set_aside_damaged`, a damaged
    one is moved aside and a new one started (see `Store.open`)."""
    from trainer.progress.store import Store, StoreError

    try:
        return Store.open(_store_path(args), set_aside_damaged=set_aside_damaged)
    except StoreError as error:
        raise CommandError(str(error)) from None


def existing_store(args: argparse.Namespace) -> Store | None:
    """The progress file as `open_store` opens it, or None when there is none yet: a command that
    only reads never creates one."""
    from trainer.progress.store import Store, StoreError

    try:
        exists = Store.exists(_store_path(args))  # a folder that cannot be looked into raises
    except StoreError as error:
        raise CommandError(str(error)) from None
    return open_store(args) if exists else None


def _store_path(args: argparse.Namespace) -> Path:
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE

    return data_dir(args.data_dir) / STORE_FILE


def course_languages(course_dir: str | None, data_flag: str | None = None) -> list[str]:
    """The languages of a pack's course.yaml, read under the loader's limits; empty when it cannot
    be read (the problem is reported properly once the pack is loaded). A pack remembered clean
    in the data folder (`data_flag`, see `remembered`) gives them without YAML."""
    directory = Path(course_dir) if course_dir else nearest_pack()[0]
    if data_flag is not None:
        pack = remembered(data_flag, directory)[1]
        if pack is not None:
            return list(pack.languages)
    from trainer.course.loader import declared_languages

    return declared_languages(directory)


_REMEMBERED: dict[tuple[str, str], tuple[bool, Pack | None]] = {}
"""The packs this process found remembered clean, by data folder and pack folder: the app's
language is chosen from the pack before the pack is loaded, and the check is made once."""


def forget_remembered() -> None:
    """Look again at the next `remembered`: at each run of a command (tests run many in one
    process)."""
    _REMEMBERED.clear()


def remembered(data_flag: str | None, directory: Path) -> tuple[bool, Pack | None]:
    """Whether the pack at `directory` is as at its last clean check kept in the data folder
    (`--data-dir`, else the default), and the pack restored from it (see
    `trainer.progress.pack_cache.remembered_pack`); looked up once a process."""
    from trainer.locations import data_dir
    from trainer.progress.pack_cache import remembered_pack

    data = data_dir(data_flag)
    key = (str(data), str(directory))
    if key not in _REMEMBERED:
        # No data folder, no record in it: the pack's files need not be looked at and hashed
        # (a script grading with `trainer quiz` on a machine where the app never ran).
        _REMEMBERED[key] = remembered_pack(data, directory) if data.is_dir() else (False, None)
    return _REMEMBERED[key]


def pack_above(start: Path) -> Path | None:
    """The nearest folder holding a course.yaml, from `start` up to the root; None if none does."""
    try:
        start = start.resolve()
    except OSError:
        return None
    for folder in (start, *start.parents):
        if (folder / "course.yaml").is_file():
            return folder
    return None


def nearest_pack() -> tuple[Path, bool]:
    """The pack the current folder is in (this folder or one above it holds a course.yaml), else
    the bundled course; and whether it is a pack of the writer's rather than the bundled one."""
    from trainer.locations import bundled_course

    bundled = bundled_course()
    try:
        found = pack_above(Path.cwd())
    except OSError:  # the current folder was removed
        found = None
    if found is None or found == bundled.resolve():
        return bundled, False
    return found, True


def pack_folder(named: str | None) -> Path:
    """One way to find the pack, for every command that takes one: the folder named (`--course
    DIR`), else the nearest course.yaml from the current folder up, else the bundled course. A pack
    found by looking up is named on stderr, so that nobody checks one pack believing it another."""
    if named:
        directory = Path(named)
        if not directory.is_dir():
            raise UsageError(_("no such folder: {path}").format(path=directory))
        return directory
    directory, found = nearest_pack()
    if found:
        print(_("trainer: the course pack in {path}").format(path=directory), file=sys.stderr)
    return directory


def _pack_dir(args: argparse.Namespace) -> Path:
    return pack_folder(args.course)


def _checked_pack(args: argparse.Namespace, directory: Path):
    """The pack and its diagnostics: restored from its last clean check, kept in the data folder,
    when that still holds (see `trainer.progress.pack_cache`; a clean pack has nothing to say),
    else fully checked."""
    from trainer.locations import data_dir
    from trainer.progress.pack_cache import Fingerprint, remember_clean

    clean, pack = remembered(getattr(args, "data_dir", None), directory)
    if pack is not None:
        return pack, []
    # Imported here: a remembered pack needs neither the loader's YAML nor the validator.
    from trainer.course.loader import load_pack
    from trainer.quiz.pack_check import check_pack

    data = data_dir(getattr(args, "data_dir", None))
    # A check is remembered in a data folder that exists (a command that only reads creates
    # none): without one, the files are not fingerprinted before the check nor after it.
    before = Fingerprint.take(directory) if data.is_dir() else None
    if clean:
        pack, report = load_pack(directory)
        # A record from before snapshots were kept: keep this pack's for the next start.
        if pack is not None and not report.has_errors:
            remember_clean(data, before, pack)
        return pack, report.sorted()
    # Checked for use, not for its author: the advice on teaching is `validate`'s and the
    # preview's to give (no command here shows a warning), and its errors are the same.
    pack, diagnostics = check_pack(directory, advice=False)
    if pack is not None and not any(d.is_error for d in diagnostics):
        remember_clean(data, before, pack)
    return pack, diagnostics


def load(args: argparse.Namespace):
    """The pack's course in the chosen language; pack errors go to stderr and raise PackInvalid."""
    directory = _pack_dir(args)
    pack, diagnostics = _checked_pack(args, directory)
    errors = [d for d in diagnostics if d.blocks_use]
    for diagnostic in diagnostics:
        if diagnostic.is_error and not diagnostic.blocks_use:
            # A translation still to write: the pack works in the languages that exist.
            print(
                inert(records.replace(diagnostic, severity=Severity.WARNING).line_text(_)),
                file=sys.stderr,
            )
    if pack is None or errors:
        for diagnostic in errors:
            print(inert(diagnostic.line_text(_)), file=sys.stderr)
        print(
            _(
                "trainer: the course pack in {path} has errors; run `trainer validate {path}`"
            ).format(path=directory),
            file=sys.stderr,
        )
        raise PackInvalid(directory)
    flag = args.lang
    if flag and flag not in pack.languages:
        raise UsageError(
            _("this course is in {languages}, not {language}").format(
                languages=", ".join(pack.languages), language=flag
            )
        )
    language = choose_language(flag, pack.languages)
    set_language(language)
    return pack, pack.course(language)
