"""The certificate as a file: its name, writing it whole, and the learner it is for.

Used by `trainer certificate` (`trainer.commands.certificate`), the app and plain mode; nothing
here prints or writes to the store: a certificate that cannot be written is a `CertificateError`
whose message says why, in one line for the learner.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from trainer.atomic import write_whole
from trainer.certificate.award import Award, current_award
from trainer.course.model import Course
from trainer.i18n import _, ngettext
from trainer.progress.store import Learner, Store
from trainer.quiz.completion import standing


class CertificateError(Exception):
    """No certificate can be written: the message says why, in one line for the learner."""


def file_slug(text: str) -> str:
    """`text` as a plain lower-case part of a file name:
    `Agnès Lœvenbruck` → `agnes-loevenbruck`."""
    from trainer.certificate.pdf import to_latin_1

    plain = unicodedata.normalize("NFKD", to_latin_1(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "learner"


def default_file_name(course: Course, learner: Learner) -> str:
    """The certificate's file name when none is given: `certificat-<course>-<learner>.pdf`."""
    return f"certificat-{course.id}-{file_slug(learner.name)}.pdf"


def what_is_left(course: Course, store: Store, learner: Learner) -> str:
    """One line saying what the learner still has to do before a certificate."""
    record = store.course_record(learner, course.id)
    current = standing(course, record.opened, record.passed)
    left = current.total - current.done
    following = course.lesson(current.next_lesson).title if current.next_lesson else "-"
    return ngettext(
        "{name} has not completed the course yet: {left} of {total} lesson left; next: {lesson}",
        "{name} has not completed the course yet: {left} of {total} lessons left; next: {lesson}",
        current.total,
    ).format(name=learner.name, left=left, total=current.total, lesson=following)


def write_certificate(
    course: Course, store: Store, learner: Learner, path: Path, now: datetime
) -> Award:
    """Write the learner's certificate to `path` (replacing it whole, never half-written)."""
    award = current_award(course, store, learner)
    if award is None:
        raise CertificateError(what_is_left(course, store, learner))
    save_award(award, path, now, course.language)
    return award


def save_award(award: Award, path: Path, now: datetime, language: str) -> None:
    """Draw `award` as a PDF and write it to `path` whole. It reads no store, so the app can run
    it in a worker thread while the screen shows progress."""
    from trainer.certificate.pdf import render

    data = render(award, now, language)
    try:
        write_whole(path, data, suffix=".pdf")
    except OSError as error:
        raise CertificateError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None


def export_certificate(
    course: Course, store: Store, learner: Learner, now: datetime, folder: Path | None = None
) -> Path:
    """For the app: write the certificate under its default name in `folder` (default: the
    current folder) and return its path; `CertificateError` says why when it cannot."""
    path = (folder or Path.cwd()) / default_file_name(course, learner)
    write_certificate(course, store, learner, path, now)
    return path


def find_learner(store: Store, learner: Learner | str | None) -> Learner:
    """The learner, by name, or the one who studied last; `CertificateError` when there is none."""
    if isinstance(learner, Learner):
        return learner
    found = store.learner(learner) if learner else store.last_learner()
    if found is None:
        if learner:
            raise CertificateError(_("no learner named {name}").format(name=learner))
        raise CertificateError(_("no learner yet: take the course with `trainer` first"))
    return found
