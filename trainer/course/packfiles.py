"""Reading a pack's files: where they are, how they are named, and their text, safely.

A pack can come from anyone, so reading it is bounded: a file larger than `MAX_FILE_BYTES` is
refused unread, only regular files are read (never a FIFO or a device, which could block), a
symbolic link is followed only when it leads to a file inside the pack (one leading out of it is
refused: a pack must not read the learner's other files), and no path is ever built from an id
written inside a file: files are found by listing the pack's folders. What the files say is the
loader's business (`loader`), from the text this module gives it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from trainer.course.diagnostics import Mark, Report, Text, phrase
from trainer.course.fields import suggestion
from trainer.course.model import is_valid_id
from trainer.i18n import N_
from trainer.inert import inert

COURSE_FILE = "course.yaml"
LESSONS_DIR = "lessons"
QUIZZES_DIR = "quizzes"
MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest pack file read (5 MiB): a lesson is a few kB, a 10,000-question quiz about 2 MB."""


def read_pack_file(
    root: Path, path: Path, report: Report, relative: str | None = None
) -> str | None:
    """The text of the pack file at `path` under `root`, or None after a diagnostic.

    The one way the trainer reads a file of a pack, whoever asks (the loader, the language of the
    interface chosen before loading, authoring commands): a symbolic link leading out of `root` is
    refused, then `read_text`'s limits apply. `relative` is the name shown in diagnostics
    (default: the path under `root`, shown inert).
    """
    if relative is None:
        try:
            relative = inert(str(path.relative_to(root)))
        except ValueError:
            relative = inert(str(path))
    if _through_link(root, path) and outside(root, path):
        refuse_outside(report, relative)
        return None
    return read_text(path, relative, report)


def read_listed_file(path: Path, relative: str, report: Report) -> str | None:
    """The text of a file `pack_files` listed, or None after a diagnostic.

    `pack_files` has refused already a listed file, or its folder, that is a symbolic link leading
    out of the pack: `read_text`'s limits are what is left of `read_pack_file`'s checks."""
    return read_text(path, relative, report)


def _through_link(root: Path, path: Path) -> bool:
    """True when `path`, or a folder between `root` and it, is a symbolic link, or when `path` is
    not written under `root` at all: only then can it lead out of the pack (resolving every path
    would cost a system call for each folder up to `/`)."""
    # Strings, not `Path.relative_to` and `Path.parent`: this runs for every file of a pack.
    top = os.path.join(str(root), "")
    written = str(path)
    if not written.startswith(top):
        return True
    parts = written[len(top) :].split("/")
    if ".." in parts:
        return True
    current = written
    for _ in parts:
        if os.path.islink(current):
            return True
        current = os.path.dirname(current)
    return False


def read_text(path: Path, relative: str, report: Report) -> str | None:
    """The file's text as UTF-8 (a BOM is dropped, CRLF becomes LF), or None after a diagnostic.

    Only a regular file of at most `MAX_FILE_BYTES` is read, and never more than that. Call
    `read_pack_file` instead, which also refuses a symbolic link leading out of the pack.
    """
    try:
        # O_NONBLOCK: a FIFO put in place of a lesson must not block the loader on open.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                report.error(
                    relative,
                    Mark(0, 0),
                    "not-a-file",
                    phrase(N_("not a regular file: a pack holds only files and folders")),
                )
                return None
            # Asked for the size the file has (and one byte more, to see it grow), not for the
            # limit: a read of the limit makes a 5 MiB buffer for every 3 kB lesson.
            data = _read_at_most(descriptor, status.st_size)
        finally:
            os.close(descriptor)
    except OSError as error:
        report.error(
            relative,
            Mark(0, 0),
            "unreadable",
            phrase(N_("cannot read the file: {reason}"), reason=str(error.strerror)),
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        report.error(
            relative,
            Mark(0, 0),
            "too-large",
            phrase(
                N_("the file is larger than {size} MB, the most a pack file may be; split it"),
                size=MAX_FILE_BYTES // (1024 * 1024),
            ),
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        report.error(
            relative,
            Mark(line, column),
            "not-utf8",
            phrase(
                N_("the file is not UTF-8 text (byte 0x{byte}); save it as UTF-8"),
                byte=f"{data[error.start]:02x}",
            ),
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_at_most(descriptor: int, size: int) -> bytes:
    """The file's bytes, up to MAX_FILE_BYTES + 1 (one more than a pack file may have): `size`
    (what `fstat` said) and one byte in the first read, in 64 kB reads past it (a file that grew
    since)."""
    limit = MAX_FILE_BYTES + 1
    chunks: list[bytes] = []
    wanted = min(size + 1, limit)
    read = 0
    while read < limit:
        chunk = os.read(descriptor, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        read += len(chunk)
        wanted = min(limit - read, 65536)
    return b"".join(chunks)


def outside(root: Path, path: Path) -> bool:
    """True when `path` is, or leads through a symbolic link to, something outside `root`."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        return True


def refuse_outside(report: Report, relative: str) -> None:
    """Report that `relative` is a symbolic link leading out of the pack, not followed."""
    report.error(
        relative,
        Mark(0, 0),
        "outside-pack",
        phrase(
            N_(
                "a symbolic link leading out of the pack is not followed: a pack holds its own "
                "files"
            )
        ),
    )


# file names ---------------------------------------------------------------------------------------


def split_name(name: str, suffix: str, languages: tuple[str, ...]) -> tuple[str, str] | Text:
    """(id, language) for `web2.fr.md` or `web2.md`; a message when the name does not fit."""
    stem = name[: -len(suffix)]
    parts = stem.split(".")
    if len(parts) == 1:
        file_id, language = parts[0], languages[0]
    elif len(parts) == 2:
        file_id, language = parts
        if language not in languages:
            return phrase(
                N_(
                    "`{language}` in the file name is not one of the course's languages "
                    "({languages}){suggestion}: rename the file, or add the language to "
                    "course.yaml"
                ),
                language=inert(language),
                languages=", ".join(languages),
                suggestion=suggestion(language, languages),
            )
    else:
        return phrase(
            N_("a file name is `<id>.<language>{suffix}` or `<id>{suffix}`, not `{name}`"),
            suffix=suffix,
            name=inert(name),
        )
    if not is_valid_id(file_id):
        return phrase(
            N_(
                "`{id}` is not a valid id: use lower-case letters, digits and hyphens (no "
                "accents or spaces)"
            ),
            id=inert(file_id),
        )
    return file_id, language


def front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter YAML, body, line where the body starts) or None when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def _ignored(path: Path, folder: str, suffixes: tuple[str, ...], suffix: str | None) -> Text:
    """Why a name in a pack's folder is not read, in the words of what it is."""
    if suffix is not None and path.is_dir():
        return phrase(N_("ignored: this is a folder, not a file; a lesson or quiz is a file"))
    if suffix is not None and not path.exists():
        return phrase(N_("ignored: a link to a file that does not exist"))
    if suffix is not None:
        return phrase(N_("ignored: not a regular file"))
    return phrase(
        N_("ignored: {folder}/ holds only {suffixes} files"),
        folder=folder,
        suffixes=" and ".join(suffixes),
    )


def pack_files(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    languages: tuple[str, ...],
    found: dict[str, dict[tuple[str, str], str]],
    report: Report,
) -> Iterator[tuple[Path, str, str, str]]:
    """(path, relative path, id, language) for each file of `folder` that fits the naming.

    Each file yielded is also entered in `found[folder][(language, id)]` (a Pack's `files`).
    """
    directory = root / folder
    if directory.is_symlink() and outside(root, directory):
        refuse_outside(report, folder)
        return
    if not directory.is_dir():
        return
    seen: dict[tuple[str, str], str] = {}
    # A listing's entries know whether they are links and files without a system call each.
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = directory / entry.name
        relative = inert(f"{folder}/{entry.name}")  # a file name may hold escape sequences too
        linked = entry.is_symlink()
        if linked and outside(root, path):
            refuse_outside(report, relative)
            continue
        suffix = next((s for s in suffixes if entry.name.endswith(s)), None)
        if suffix is None or not (path.is_file() if linked else entry.is_file()):
            if not path.name.startswith("."):
                report.warning(
                    relative, Mark(0, 0), "ignored-file", _ignored(path, folder, suffixes, suffix)
                )
            continue
        named = split_name(path.name, suffix, languages)
        if isinstance(named, Text):
            report.error(relative, Mark(0, 0), "bad-file-name", named)
            continue
        if named in seen:
            kind = "lesson" if folder == LESSONS_DIR else "quiz"
            report.error(
                relative,
                Mark(0, 0),
                "duplicate-id",
                phrase(
                    N_("the same {kind} and language as {other}: keep one of the two files"),
                    kind=kind,
                    other=seen[named],
                ),
            )
            continue
        seen[named] = relative
        found.setdefault(folder, {})[(named[1], named[0])] = relative
        yield path, relative, named[0], named[1]
