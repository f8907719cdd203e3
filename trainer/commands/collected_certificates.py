"""`trainer certificate verify CODE --store FILE…` and `--lrs URL`: a local certificate's code
checked by the organisation, from the progress files it collected or from its LRS, not only from
the learner's own file.

From files: each file is read from a copy (never changed), and the code is looked for among the
certificates every learner's record has supported (`trainer.certificate.award.verify`); a file that
cannot be read is left out with a warning naming it. From an LRS: the code is looked for in the
`certificate-code` result extension that statements carry when they bring a certificate (see
`trainer.xapi.statements`).

Exit codes: 0 the code was found; 1 not found, or no source could be read; 2 usage (not a code,
a password variable not set).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from trainer.certificate.award import normalise_code, verify
from trainer.commands.common import EXIT_INVALID, EXIT_OK, UsageError
from trainer.course.model import Course
from trainer.i18n import _, program_line
from trainer.inert import inert


def verify_collected_command(
    course: Course,
    code: str,
    stores: Sequence[str] = (),
    lrs: str | None = None,
    user: str | None = None,
    password_env: str | None = None,
) -> int:
    """Look for a local certificate's code in collected files or an LRS; print what it says."""
    wanted = normalise_code(code)
    if wanted is None:
        raise UsageError(
            _(
                "{code} is not a verification code: one has 12 letters and digits, like "
                "ABCD-EFGH-JK23"
            ).format(code=inert(code))
        )
    if stores:
        return _from_stores(course, wanted, stores)
    return _from_lrs(course, wanted, str(lrs), user, password_env)


def _from_stores(course: Course, wanted: str, stores: Sequence[str]) -> int:
    from trainer.certificate.pdf import long_date
    from trainer.commands.report import say_skipped
    from trainer.report.sources import SourceError, collected_store

    skipped: list[str] = []
    read = 0
    for path in dict.fromkeys(stores):  # a file named twice is read once
        try:
            with collected_store(path) as store:
                found = verify(course, store, wanted)
        except SourceError as error:
            skipped.append(str(error))
            continue
        read += 1
        if found is not None:
            say_skipped(skipped, sys.stderr)
            award = found.award
            print(
                _(
                    "{code}: valid. Issued to {name} for “{course}” (version {version}), "
                    "completed on {date}; found in {path}."
                ).format(
                    code=wanted,
                    name=inert(award.learner),
                    course=inert(award.course_title),
                    version=inert(award.version or "-"),
                    date=long_date(award.completed_on),
                    path=inert(path),
                )
            )
            if not found.current:
                print(
                    _(
                        "The learner has improved a score since: a newer certificate has another "
                        "code."
                    )
                )
            return EXIT_OK
    say_skipped(skipped, sys.stderr)
    if not read:
        print(_("trainer: none of these progress files can be read"), file=sys.stderr)
        return EXIT_INVALID
    print(
        _(
            "{code}: unknown; no certificate of this course in these {count} progress files has "
            "this code"
        ).format(code=wanted, count=read)
    )
    return EXIT_INVALID


def _from_lrs(
    course: Course, wanted: str, lrs: str, user: str | None, password_env: str | None
) -> int:
    from trainer.report.sources import statements
    from trainer.xapi.config import ConfigError, password_from
    from trainer.xapi.lrs import LrsClient, LrsError

    try:
        password = password_from(password_env)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    try:
        for statement in statements(LrsClient(lrs, user, password), {}):
            if certificate_code(statement, course) == wanted:
                _say_found_in_lrs(wanted, statement, lrs)
                return EXIT_OK
    except LrsError as error:
        print(program_line(inert(str(error))), file=sys.stderr)
        return EXIT_INVALID
    print(
        _("{code}: unknown; no statement of this course in the LRS carries this code").format(
            code=wanted
        )
    )
    return EXIT_INVALID


def certificate_code(statement: dict[str, Any], course: Course) -> str | None:
    """The certificate code a statement of `course` carries, or None."""
    target = statement.get("object")
    activity = target.get("id") if isinstance(target, dict) else None
    if not isinstance(activity, str) or f"/courses/{course.id}" not in activity:
        return None
    result = statement.get("result")
    extensions = result.get("extensions") if isinstance(result, dict) else None
    if not isinstance(extensions, dict):
        return None
    for key, value in extensions.items():
        if str(key).endswith("/xapi/extensions/certificate-code") and isinstance(value, str):
            return normalise_code(value)
    return None


def _say_found_in_lrs(wanted: str, statement: dict[str, Any], lrs: str) -> None:
    actor = statement.get("actor")
    actor = actor if isinstance(actor, dict) else {}
    account = actor.get("account")
    who = actor.get("name") or (account.get("name") if isinstance(account, dict) else None) or "?"
    when = str(statement.get("timestamp") or "?")
    print(
        _(
            "{code}: valid. Sent to {lrs} for {who} on {when} (the learner's name is in the "
            "statements only where the organisation turned actor_name on)."
        ).format(code=wanted, lrs=inert(lrs), who=inert(str(who)), when=inert(when[:19]))
    )
