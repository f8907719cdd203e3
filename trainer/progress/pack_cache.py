"""The last clean check of each pack, kept in the data folder so that an unchanged pack is not
checked again at every start.

Validating a pack (the validator's rules and every answer key's self-test) is most of what the
app and `trainer quiz` do before their first screen, and it gives the same answer as long as
neither the pack's files nor the trainer's rules change. After a check with no error, the
pack's *fingerprint* is written here: the list of its files with their sizes and modification
times, a hash of their content, and the same for the trainer's own checking code. At the next
start, a pack whose fingerprint matches is only loaded (the loader's own errors still show);
any changed, added or removed file, or a new trainer, checks it again. A pack with errors is
never remembered. `trainer validate` never asks: it is the command that checks.

The record also keeps the loaded pack itself (`trainer.course.snapshot`): reading the files is
most of the rest of the start, so a pack that matches is restored from it rather than loaded. The
record is as trusted as the data folder that holds it (the learner's progress is there too), and
only the model's own classes are made from it.

The record is a hint, never a source of errors: a missing, unreadable or damaged file means
"check again", and a data folder that cannot be written to means it is not kept.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.atomic import write_whole

try:  # the hash alone: hashlib would load OpenSSL first, a few ms of every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from trainer.course.pack import Pack

CACHE_DIR = "pack-checks"
"""The folder of the data folder holding one record per pack checked clean."""

PACK_PARTS = ("course.yaml", "lessons", "quizzes", "images")
"""What of a pack's folder the loader and the image checks read (the bundled course's folder
holds much else)."""

FORMAT = 3


def _entries(root: Path) -> list[list]:
    """Each file of the pack's parts as [relative path, size, mtime in ns, link target or ""],
    sorted; raises OSError when one cannot be looked at."""
    entries: list[list] = []
    start = len(str(root)) + 1  # a path under `root` less `root/`: the relative path

    def add(path: str) -> None:
        info = os.stat(path)  # a link's target: the loader reads through it
        target = os.readlink(path) if os.path.islink(path) else ""
        relative = path[start:].replace(os.sep, "/")
        entries.append([relative, info.st_size, info.st_mtime_ns, target])

    for part in PACK_PARTS:
        top = os.path.join(root, part)
        if os.path.isfile(top):
            add(top)
        elif os.path.isdir(top):
            for folder, folders, files in os.walk(top, followlinks=False):
                folders.sort()
                # A link to a folder is listed as a name too: where it leads is part of the pack.
                for name in sorted(files) + [
                    d for d in folders if os.path.islink(os.path.join(folder, d))
                ]:
                    add(os.path.join(folder, name))
    entries.sort()
    return entries


def _content_hash(root: Path, entries: list[list]) -> str:
    digest = blake2b(digest_size=20)
    for relative, *_rest in entries:
        path = os.path.join(root, relative)
        if os.path.isdir(path):
            continue
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as file:
            digest.update(file.read())
        digest.update(b"\0")
    return digest.hexdigest()


def _rules() -> list[list]:
    """The trainer's checking code (course/ and quiz/), by size and mtime, and its version: new
    rules check every pack again."""
    import trainer
    from trainer import course, quiz

    files = []
    for package in (course, quiz):
        folder = Path(package.__path__[0])
        for path in sorted(folder.glob("*.py")):
            info = path.stat()
            files.append([path.name, info.st_size, info.st_mtime_ns])
    return [[trainer.__version__], *files]


def _record_path(data: Path, root: Path) -> Path:
    key = blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=12)
    return data / CACHE_DIR / f"{key.hexdigest()}.txt"


class Fingerprint:
    """A pack's files as they are now; `None` from `take` when they cannot all be looked at."""

    def __init__(self, root: Path, entries: list[list], rules: list[list]) -> None:
        self.root = root
        self.entries = entries
        self.rules = rules

    @classmethod
    def take(cls, root: Path | str) -> Fingerprint | None:
        root = Path(os.path.abspath(root))
        try:
            return cls(root, _entries(root), _rules())
        except (OSError, ValueError):
            return None

    def same_files(self, other: Fingerprint) -> bool:
        return self.entries == other.entries and self.rules == other.rules


def _header(fingerprint: Fingerprint) -> str:
    """The record's first line: everything but the content hash, written so that comparing texts
    is enough (no parsing: a damaged record simply differs)."""
    return repr((FORMAT, str(fingerprint.root), fingerprint.entries, fingerprint.rules))


def last_clean_check(data: Path, root: Path | str) -> str | None:
    """When the pack at `root` is exactly as it was at its last clean check recorded in the data
    folder `data` (same files, sizes, mtimes, content and checking code): the snapshot of the
    loaded pack kept with it ("" when there is none). None otherwise."""
    now = Fingerprint.take(root)
    if now is None:
        return None
    try:
        record = _record_path(data, now.root).read_bytes()
        # Cut where the lines end, then decode each part: the snapshot, most of the record,
        # is copied once (a served session's memory keeps what a larger peak took).
        header_end = record.find(b"\n")
        content_end = record.find(b"\n", header_end + 1)
        if header_end < 0 or content_end < 0:
            return None
        if record[:header_end].decode("utf-8", "surrogateescape") != _header(now):
            return None
        content = record[header_end + 1 : content_end].decode("utf-8", "surrogateescape")
        if content != _content_hash(now.root, now.entries):
            return None
        return record[content_end + 1 :].decode("utf-8", "surrogateescape")
    except (OSError, ValueError):
        return None  # no record, or one that cannot be read: check again


def checked_clean(data: Path, root: Path | str) -> bool:
    """True when the pack at `root` is exactly as it was at its last clean check recorded in the
    data folder `data`."""
    return last_clean_check(data, root) is not None


def remembered_pack(data: Path, root: Path | str) -> tuple[bool, Pack | None]:
    """Whether the pack at `root` is as at its last clean check; and, when so, the pack restored
    from the record's snapshot (None when there is none or it does not restore: load it)."""
    snapshot = last_clean_check(data, root)
    if snapshot is None:
        return False, None
    if not snapshot:
        return True, None
    from trainer.course.snapshot import SnapshotError, restore

    try:
        return True, restore(snapshot, Path(root))
    except SnapshotError:
        return True, None


class CleanCheck:
    """A pack's clean check as its record holds it, ready to be kept in data folders:
    `trainer serve` checks its pack once and gives the record to each new account's folder, so
    that no session checks the pack again."""

    def __init__(self, root: Path, record: bytes) -> None:
        self.root = root
        self.record = record

    def keep_in(self, data: Path, *, replace: bool = True) -> None:
        """Keep the record in the data folder `data` (but not over one it has, unless `replace`).
        Never raises: the record is only a hint."""
        try:
            path = _record_path(data, self.root)
            if not replace and path.exists():
                # The folder's own, written by its last check: a record out of date (the
                # pack changed since) is checked again once, by the next session, as before.
                return
            # Never the data folder itself: a command that only reads creates nothing (the
            # app's first start makes it, with the store, and the next start finds the record).
            path.parent.mkdir(exist_ok=True)
            write_whole(path, self.record, suffix=".tmp")
        except (OSError, ValueError):
            pass  # a read-only data folder: the pack is checked again next time


def clean_check(before: Fingerprint | None, pack: Pack | None = None) -> CleanCheck | None:
    """The record of the pack fingerprinted as `before` (taken before its check), checked with
    no error, with a snapshot of `pack`, the pack loaded; None when the pack changed during the
    check or cannot be read."""
    if before is None:
        return None
    snapshot = ""
    if pack is not None:
        from trainer.course.snapshot import SnapshotError, take

        # A value the snapshot cannot hold: no snapshot, the pack is loaded from its files.
        with contextlib.suppress(SnapshotError):
            snapshot = take(pack)
    after = Fingerprint.take(before.root)
    if after is None or not after.same_files(before):
        return None
    try:
        record = f"{_header(before)}\n{_content_hash(before.root, before.entries)}\n{snapshot}"
        return CleanCheck(before.root, record.encode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return None


def remember_clean(data: Path, before: Fingerprint | None, pack: Pack | None = None) -> None:
    """Record in the data folder `data` that the pack fingerprinted as `before` (taken before
    its check) was checked with no error, unless it changed during the check, with a snapshot of
    `pack`, the pack loaded. Never raises: the record is only a hint."""
    check = clean_check(before, pack)
    if check is not None:
        check.keep_in(data)
