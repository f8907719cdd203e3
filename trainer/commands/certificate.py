"""`trainer certificate`: the learner's own certificate (`[-o FILE]`, `verify CODE`), and those an
organisation signs (`keygen`, `issue`, `verify --public-key`).

The learner's certificate is a local attestation written from their own progress file; `verify
CODE` says whom and when a code was issued for, from that file.

`keygen` makes the organisation's Ed25519 key pair. `issue` reads progress files the organisation
collected (read from copies, never changed, as `report --store` does), and for every learner who
completed the course writes a signed PDF and its verification string (`.txt`). `verify` with
`--public-key` checks a PDF, a `.txt` or the string itself and prints what it vouches for.

Each command prints clear lines and returns its exit code: 0 done; 1 when nothing is vouched for
(bad signature, another key), a file cannot be read or written, or no learner completed the course.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.atomic import write_whole
from trainer.certificate.award import Award, awards, normalise_code, verify
from trainer.certificate.files import (
    CertificateError,
    default_file_name,
    file_slug,
    find_learner,
    write_certificate,
)
from trainer.course.model import Course
from trainer.exits import EXIT_INVALID, EXIT_OK
from trainer.i18n import _, ngettext, program_line
from trainer.inert import inert, inert_line
from trainer.progress.store import Learner, Store

if TYPE_CHECKING:  # cryptography is imported only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from trainer.certificate.signing import Statement

PRIVATE_KEY_FILE = "trainer-signing-key.pem"
PUBLIC_KEY_FILE = "trainer-signing-key.pub.pem"
MAX_KEY_FILE = 64 * 1024
MAX_CERTIFICATE_FILE = 16 * 1024 * 1024


class _Failed(Exception):
    """One line for the user, already in their language."""


def _say_error(message: str) -> int:
    print(program_line(message), file=sys.stderr)
    return EXIT_INVALID


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise _Failed(_("no such file: {path}").format(path=inert(str(path)))) from None
    except IsADirectoryError:
        raise _Failed(_("{path} is a folder, not a file").format(path=inert(str(path)))) from None
    except OSError as error:
        raise _Failed(
            _("cannot read {path}: {error}").format(
                path=inert(str(path)), error=error.strerror or error
            )
        ) from None
    if len(data) > limit:
        raise _Failed(
            _("{path} is too large for what it should hold").format(path=inert(str(path)))
        )
    return data


def _key_message(reason: str, path: Path) -> str:
    from trainer.certificate.signing import KeyProblem

    name = inert(str(path))
    return {
        KeyProblem.ENCRYPTED: _(
            "{path} is protected by a passphrase, which trainer does not read: keep the key "
            "unencrypted in a file only you can read"
        ),
        KeyProblem.NOT_ED25519: _(
            "{path} is not an Ed25519 key: make one with `trainer certificate keygen`"
        ),
        KeyProblem.PUBLIC_NOT_PRIVATE: _("{path} is a public key: signing needs the private key"),
        KeyProblem.PRIVATE_NOT_PUBLIC: _(
            "{path} is a private key: checking needs only the public key; keep the private key "
            "where certificates are issued"
        ),
    }.get(reason, _("{path} is not a key in PEM form")).format(path=name)


# keygen -----------------------------------------------------------------------------------------


def keygen_command(folder: str) -> int:
    """Write a new key pair in `folder` (made if missing): the private key 0600, the public key."""
    from trainer.certificate.signing import key_id, new_key, private_pem, public_pem

    target = Path(folder).expanduser()
    private, public = target / PRIVATE_KEY_FILE, target / PUBLIC_KEY_FILE
    for path in (private, public):
        if path.exists():
            return _say_error(
                _(
                    "{path} already exists: trainer never replaces a key; choose another folder"
                ).format(path=inert(str(path)))
            )
    key = new_key()
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never replaces a key made meanwhile; 0600 whatever the umask.
        descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(private_pem(key))
        public.write_bytes(public_pem(key.public_key()))
    except OSError as error:
        return _say_error(
            _("cannot write the key in {path}: {error}").format(
                path=inert(str(target)), error=error.strerror or error
            )
        )
    print(
        _("Private key: {path} (keep it secret: whoever holds it can sign certificates)").format(
            path=inert(str(private))
        )
    )
    print(
        _("Public key: {path} (give it to whoever checks certificates)").format(
            path=inert(str(public))
        )
    )
    print(_("Key id: {key}").format(key=key_id(key)))
    return EXIT_OK


# issue ------------------------------------------------------------------------------------------


def issue_command(
    course: Course,
    stores: list[str],
    key_file: str,
    folder: str | None,
    learner: str | None,
    now: datetime,
) -> int:
    """Sign the certificate of every learner of `stores` who completed `course` (only `learner`,
    when given), into `folder` (default: this folder)."""
    from trainer.certificate.signing import KeyProblem, load_private_key

    key_path = Path(key_file).expanduser()
    target = Path(folder).expanduser() if folder else Path.cwd()
    try:
        key = load_private_key(_read(key_path, MAX_KEY_FILE))
    except _Failed as error:
        return _say_error(str(error))
    except KeyProblem as problem:
        return _say_error(_key_message(problem.reason, key_path))
    if not target.is_dir():
        return _say_error(_("no such folder: {path}").format(path=inert(str(target))))
    if os.name == "posix" and key_path.stat().st_mode & 0o077:
        print(
            _(
                "trainer: warning: other users of this machine can read the private key {path}: "
                "`chmod 600` it"
            ).format(path=inert(str(key_path))),
            file=sys.stderr,
        )

    written, unfinished, failed, seen = 0, 0, 0, 0
    used: set[str] = set()
    for store_path in dict.fromkeys(stores):  # a file named twice is read once
        try:
            found = _completed(course, store_path, learner)
        except _Failed as error:
            _say_error(str(error))
            failed += 1
            continue
        for name, award in found:
            seen += 1
            if award is None:
                unfinished += 1
                continue
            try:
                pdf, text = _write_signed(course, award, key, target, now, used)
            except _Failed as error:
                _say_error(str(error))
                failed += 1
                continue
            written += 1
            print(
                _("{name}: {pdf} (verification string: {text})").format(
                    name=inert(name), pdf=inert(str(pdf)), text=inert(str(text))
                )
            )
    if learner and not seen and not failed:
        return _say_error(
            _("no learner named {name} in these progress files").format(name=inert(learner))
        )
    if not seen:
        return EXIT_INVALID  # every file failed, and each said why
    print(
        _("{written}; {unfinished}").format(
            written=ngettext(
                "{count} signed certificate written", "{count} signed certificates written", written
            ).format(count=written),
            unfinished=ngettext(
                "{count} learner has not completed the course",
                "{count} learners have not completed the course",
                unfinished,
            ).format(count=unfinished),
        )
    )
    return EXIT_OK if written and not failed else EXIT_INVALID


def _completed(
    course: Course, store_path: str, learner: str | None
) -> list[tuple[str, Award | None]]:
    """(name, current award or None) for each learner of one collected file."""
    import json
    import sqlite3

    from trainer.report.sources import SourceError, collected_store

    found: list[tuple[str, Award | None]] = []
    try:
        with collected_store(store_path) as store:
            for who in store.learners():
                if learner and who.name != learner:
                    continue
                given = awards(course, who.name, store.events(who))
                found.append((who.name, given[-1] if given else None))
    except SourceError as error:
        raise _Failed(inert(str(error))) from None
    except (sqlite3.DatabaseError, json.JSONDecodeError, ValueError, KeyError, TypeError):
        raise _Failed(
            _("{path}: a record in it cannot be read; no certificate from this file").format(
                path=inert(store_path)
            )
        ) from None
    return found


def _write_signed(
    course: Course,
    award: Award,
    key: Ed25519PrivateKey,
    folder: Path,
    now: datetime,
    used: set[str],
) -> tuple[Path, Path]:
    """Sign one award; write its PDF and its `.txt`, each whole or not at all, 0600."""
    from trainer.certificate.pdf import Signature, render
    from trainer.certificate.signing import key_id, sign, statement_of

    signer = key_id(key)
    text = sign(statement_of(award, now, signer), key)
    stem = f"certificat-signe-{course.id}-{file_slug(award.learner)}"
    base, number = stem, 2
    while base in used:  # two learners of the same name, in different files
        base, number = f"{stem}-{number}", number + 1
    used.add(base)
    pdf, txt = folder / f"{base}.pdf", folder / f"{base}.txt"
    _write_whole(pdf, render(award, now, course.language, signature=Signature(signer, text)))
    _write_whole(txt, (text + "\n").encode("ascii"))
    return pdf, txt


def _write_whole(path: Path, data: bytes) -> None:
    try:
        write_whole(path, data)
    except OSError as error:
        raise _Failed(
            _("cannot write {path}: {reason}").format(
                path=inert(str(path)), reason=error.strerror or error
            )
        ) from None


# verify -----------------------------------------------------------------------------------------


def verify_signed_command(code_or_file: str, public_key_file: str) -> int:
    """Check a signed certificate (its PDF, its `.txt`, or the string) with the organisation's
    public key, and print what it vouches for."""
    from trainer.certificate.signing import (
        PREFIX,
        KeyProblem,
        NotSigned,
        SignedByAnotherKey,
        Tampered,
        check,
        find_string,
        key_id,
        load_public_key,
    )

    key_path = Path(public_key_file).expanduser()
    try:
        key = load_public_key(_read(key_path, MAX_KEY_FILE))
        if code_or_file.strip().startswith(f"{PREFIX}."):
            source = code_or_file.encode("utf-8", "replace")  # the string itself
        elif normalise_code(code_or_file) and not Path(code_or_file).exists():
            raise _Failed(
                _(
                    "{code} is the code of a local attestation: check it without --public-key, "
                    "against the progress file"
                ).format(code=normalise_code(code_or_file))
            )
        else:
            source = _read(Path(code_or_file).expanduser(), MAX_CERTIFICATE_FILE)  # its PDF or .txt
        statement = check(find_string(source), key)
    except _Failed as error:
        return _say_error(str(error))
    except KeyProblem as problem:
        return _say_error(_key_message(problem.reason, key_path))
    except NotSigned:
        return _say_error(
            _(
                "{what} holds no signed certificate trainer can read: give the signed PDF, its "
                ".txt file or the verification string"
            ).format(what=inert(code_or_file[:80]))
        )
    except SignedByAnotherKey as other:
        return _say_error(
            _(
                "NOT VALID: this certificate was not signed by the key in {path} (key {expected}); "
                "it names the key {signer}"
            ).format(
                path=inert(str(key_path)), expected=key_id(key), signer=inert(other.signer[:40])
            )
        )
    except Tampered:
        return _say_error(
            _(
                "NOT VALID: the signature does not match: the certificate was changed after it was "
                "signed"
            )
        )
    print(render_statement(statement))
    return EXIT_OK


def render_statement(statement: Statement) -> str:
    """What a good signature vouches for, one fact a line."""
    from trainer.certificate.pdf import long_date, percent

    width = max([len(_("Overall"))] + [len(m.title) for m in statement.modules]) + 2
    lines = [
        _("Valid signature by the key {key}. It vouches that:").format(key=statement.key_id),
        "  " + _("Learner: {name}").format(name=inert(statement.learner)),
        "  "
        + _("Course: “{title}” ({id}, version {version})").format(
            title=inert(statement.course_title),
            id=inert(statement.course_id),
            version=inert(statement.version or "-"),
        ),
        "  " + _("Completed on: {date}").format(date=long_date(statement.completed_on)),
        "  " + _("Scores:"),
    ]
    for module in statement.modules:
        score = _("no quiz") if module.score is None else percent(module.score)
        lines.append(f"    {inert(module.title).ljust(width)}{score}")
    if statement.overall is not None:
        lines.append(f"    {_('Overall').ljust(width)}{percent(statement.overall)}")
    lines.append("  " + _("Issued on: {date}").format(date=long_date(statement.issued_on)))
    return "\n".join(lines)


# the learner's own certificate -------------------------------------------------------------------


def certificate_command(
    course: Course, store: Store, learner: Learner | str | None, output: str | None, now: datetime
) -> int:
    """`trainer certificate [-o FILE]`: write the PDF and print its path.

    `learner` is the learner, their name, or None for the one who studied last; `output` a file or
    a folder (default: the current folder, `certificat-<course>-<learner>.pdf`).
    """
    from trainer.certificate.pdf import find_typeface

    try:
        who = find_learner(store, learner)
        path = Path(output).expanduser() if output else Path.cwd()
        if path.is_dir():
            path = path / default_file_name(course, who)
        if not path.parent.is_dir():
            raise CertificateError(_("no such folder: {path}").format(path=path.parent))
        award = write_certificate(course, store, who, path, now)
    except CertificateError as error:
        print(
            program_line(inert_line(str(error))), file=sys.stderr
        )  # one line, whatever the name holds
        return EXIT_INVALID
    if not find_typeface().unicode:
        print(
            _(
                "trainer: no Unicode font found (fonts-dejavu-core); letters outside Latin-1 were "
                "spelt without their marks"
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
    above)."""
    from trainer.certificate.pdf import long_date

    wanted = normalise_code(code)
    if wanted is None:
        print(
            _(
                "trainer: {code} is not a verification code: one has 12 letters and digits, like "
                "ABCD-EFGH-JK23"
            ).format(code=code),
            file=sys.stderr,
        )
        return EXIT_INVALID
    found = verify(course, store, wanted)
    if found is None:
        print(
            _(
                "{code}: unknown; no certificate of this course in this progress file has this code"
            ).format(code=wanted)
        )
        return EXIT_INVALID
    award = found.award
    print(
        _(
            "{code}: valid local attestation. Issued to {name} for “{course}” (version {version}), "
            "completed on {date}."
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
            "A local attestation says what this progress file records, and whoever holds the file "
            "can change it: it is not proof. A certificate signed by an organisation is checked "
            "with `trainer certificate verify FILE --public-key KEY`."
        )
    )
    return EXIT_OK
