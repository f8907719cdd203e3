"""`trainer certificate [-o FILE]`, `trainer certificate verify CODE`, and the export the app calls.

Each command prints one clear line and returns its exit code: 0 done, 1 when the course is not
complete, the file cannot be written or the code is unknown. Nothing here writes to the store.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from trainer.certificate import Award, current_award, normalise_code, verify
from trainer.course.model import Course
from trainer.i18n import _, ngettext
from trainer.inert import inert_line
from trainer.progress.store import Learner, Store
from trainer.quiz.completion import standing

EXIT_OK, EXIT_FAILED = 0, 1


class CertificateError(Exception):
    """No certificate can be written: the message says why, in one line for the learner."""


def file_slug(text: str) -> str:
    """`text` as a plain lower-case part of a file name: `Agnès Lœvenbruck` → `agnes-loevenbruck`."""
    from trainer.certificate_pdf import to_latin_1

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
    from trainer.certificate_pdf import render

    data = render(award, now, language)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=".certificate-", suffix=".pdf", dir=path.parent
        )
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
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


def _learner(store: Store, learner: Learner | str | None) -> Learner:
    if isinstance(learner, Learner):
        return learner
    found = store.learner(learner) if learner else store.last_learner()
    if found is None:
        if learner:
            raise CertificateError(_("no learner named {name}").format(name=learner))
        raise CertificateError(_("no learner yet: take the course with `trainer` first"))
    return found


def certificate_command(
    course: Course, store: Store, learner: Learner | str | None, output: str | None, now: datetime
) -> int:
    """`trainer certificate [-o FILE]`: write the PDF and print its path.

    `learner` is the learner, their name, or None for the one who studied last; `output` a file or
    a folder (default: the current folder, `certificat-<course>-<learner>.pdf`).
    """
    from trainer.certificate_pdf import find_typeface

    try:
        who = _learner(store, learner)
        path = Path(output).expanduser() if output else Path.cwd()
        if path.is_dir():
            path = path / default_file_name(course, who)
        if not path.parent.is_dir():
            raise CertificateError(_("no such folder: {path}").format(path=path.parent))
        award = write_certificate(course, store, who, path, now)
    except CertificateError as error:
        print(
            f"trainer: {inert_line(str(error))}", file=sys.stderr
        )  # one line, whatever the name holds
        return EXIT_FAILED
    if not find_typeface().unicode:
        print(
            _(
                "trainer: no Unicode font found (fonts-dejavu-core); letters outside Latin-1 were spelt without their marks"
            ),
            file=sys.stderr,
        )
    print(
        _("Certificate written to {path} (verification code {code})").format(
            path=path, code=award.code
        )
    )
    return EXIT_OK


def verify_command(course: Course, store: Store, code: str) -> int:
    """`trainer certificate verify CODE`: say whom and when a code was issued for; exit 1 when no
    learner of the store has a certificate of this course with this code. A local check: it says
    what the store records, and the store is the learner's (signed certificates:
    `signed_certificate_cli`)."""
    from trainer.certificate_pdf import long_date

    wanted = normalise_code(code)
    if wanted is None:
        print(
            _(
                "trainer: {code} is not a verification code: one has 12 letters and digits, like ABCD-EFGH-JK23"
            ).format(code=code),
            file=sys.stderr,
        )
        return EXIT_FAILED
    found = verify(course, store, wanted)
    if found is None:
        print(
            _(
                "{code}: unknown; no certificate of this course in this progress file has this code"
            ).format(code=wanted)
        )
        return EXIT_FAILED
    award = found.award
    print(
        _(
            "{code}: valid local attestation. Issued to {name} for “{course}” (version {version}), completed on {date}."
        ).format(
            code=wanted,
            name=award.learner,
            course=award.course_title,
            version=award.version or "-",
            date=long_date(award.completed_on),
        )
    )
    if not found.current:
        print(_("The learner has improved a score since: a newer certificate has another code."))
    print(
        _(
            "A local attestation says what this progress file records, and whoever holds the file can change it: it is not proof. A certificate signed by an organisation is checked with `trainer certificate verify FILE --public-key KEY`."
        )
    )
    return EXIT_OK
