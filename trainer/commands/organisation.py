"""The commands of the trainer and the authority: `sync`, `report` and `serve`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    UsageError,
    load,
    nearest_pack,
    open_store,
)
from trainer.exits import EXIT_PARTIAL
from trainer.i18n import _
from trainer.inert import inert

if TYPE_CHECKING:
    from collections.abc import Callable

    from trainer.course.pack import Pack
    from trainer.progress.pack_cache import CleanCheck, Fingerprint


def sync_command(args: argparse.Namespace) -> int:
    """`trainer sync`: send the pending xAPI statements to the LRS, or say what is pending."""
    from trainer.commands.sync import sync_command as send_pending
    from trainer.locations import data_dir
    from trainer.xapi.config import ConfigError, resolve_config

    pack, _course = load(args)
    folder = data_dir(args.data_dir)
    try:
        config = resolve_config(
            folder,
            args.config,
            endpoint=args.endpoint,
            user=args.user,
            password_env=args.password_env,
            home_page=args.home_page,
        )
    except ConfigError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    except OSError as error:  # the data folder cannot be looked into (chmod 000)
        print(
            _("trainer: cannot read {path}: {error}").format(
                path=error.filename, error=error.strerror
            ),
            file=sys.stderr,
        )
        return EXIT_INVALID
    store = open_store(args)
    try:
        return send_pending(config, store, pack, status_only=args.status, resend=args.resend)
    finally:
        store.close()


def report_command(args: argparse.Namespace) -> int:
    """`trainer report`: the report on many learners, as a table, as CSV or in the app."""
    from trainer.commands import report as report_commands
    from trainer.report.sources import ReportError, gather

    _pack, course = load(args)
    group = _report_group(args)
    if args.excel and not args.roster:
        raise UsageError(_("--excel goes with --roster"))
    if args.roster:
        if args.lrs or not args.store:
            raise UsageError(_("--roster reads collected progress files: name them with --store"))
        return report_commands.roster_command(
            course, args.store, args.output, group=group, excel=args.excel
        )
    minimum, shown_for = _threshold(args)
    sources = {
        "stores": args.store or (),
        "lrs": args.lrs,
        "user": args.user,
        "password_env": args.password_env,
    }
    if not args.app:
        return report_commands.report_command(
            course,
            output_format="csv" if args.csv else "table",
            output=args.output,
            group=group,
            min_learners=minimum,
            shown_for=shown_for,
            **sources,
        )
    try:
        report = gather(course, group=group, **sources)
    except ReportError as error:
        report_commands.say_skipped(error.skipped[1:] if len(error.skipped) > 1 else (), sys.stderr)
        raise CommandError(str(error), EXIT_USAGE if error.usage else EXIT_INVALID) from None
    report_commands.say_skipped(report.skipped, sys.stderr)
    from trainer.report.groups import withhold
    from trainer.tui.report_app import ReportApp

    ReportApp(course, withhold(report, minimum, shown_for, course)).run()
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def _report_group(args: argparse.Namespace) -> str | None:
    """The group `trainer report --group` limits the report to, checked; None: every learner."""
    from trainer.progress.groups import GroupError, clean_group

    given = getattr(args, "group", None)
    if given is None:
        return None
    try:
        group = clean_group(given)
    except GroupError as error:
        raise UsageError(f"--group: {error}") from None
    if group is None:
        raise UsageError(_("--group needs a group name"))
    return group


def _threshold(args: argparse.Namespace) -> tuple[int, str | None]:
    """The report's anonymity threshold and the trainer it was lowered for, from --min-learners
    and --for-trainer; a warning when lowered."""
    from trainer.report.groups import MIN_SHOWN

    minimum = MIN_SHOWN if args.min_learners is None else args.min_learners
    trainer = " ".join((args.for_trainer or "").split()) or None
    if minimum < 1:
        raise UsageError(
            _("--min-learners takes a number of learners, 1 or more, not {value}").format(
                value=minimum
            )
        )
    if minimum >= MIN_SHOWN:
        if trainer is not None and args.min_learners is None:
            raise UsageError(
                _("--for-trainer goes with --min-learners under {n}").format(n=MIN_SHOWN)
            )
        return minimum, None
    if trainer is None:
        raise UsageError(
            _(
                "--min-learners under {n} shows figures that can tell how one agent did: name the "
                "trainer it is for with --for-trainer NAME"
            ).format(n=MIN_SHOWN)
        )
    print(
        _(
            "trainer: warning: figures over as few as {count} learners are shown, for {name} "
            "only: do not share this report"
        ).format(count=minimum, name=inert(trainer)),
        file=sys.stderr,
    )
    return minimum, trainer


def serve_command(args: argparse.Namespace) -> int:
    """`trainer serve`: the app in web browsers, until Ctrl+C."""
    from trainer.inert import inert
    from trainer.progress.pack_cache import Fingerprint
    from trainer.web import serve
    from trainer.web.identity import (
        DEFAULT_TRUSTED,
        IdentityError,
        is_header_name,
        private_root,
        trusted_networks,
    )

    # Taken before the check: a pack changed while it is checked is not recorded clean.
    before = Fingerprint.take(Path(args.course) if args.course else nearest_pack()[0])
    pack, course = load(args)  # a broken pack or unknown --lang: said once here, not per tab
    sign_on = None
    header = args.trusted_header
    cmi5 = _cmi5_settings(args, pack)
    if header is None:
        if args.trusted_group_header:
            raise UsageError(
                _(
                    "--trusted-group-header goes with --trusted-header: the group is trusted only "
                    "with the account, from the sign-on proxy"
                )
            )
        if args.trusted_proxy or (args.data_root and cmi5 is None):
            raise UsageError(
                _(
                    "--trusted-proxy and --data-root go with --trusted-header, the header the "
                    "sign-on proxy writes the account in"
                )
            )
    else:
        if not is_header_name(header):
            raise UsageError(_("--trusted-header needs a header name, such as X-Forwarded-User"))
        if getattr(args, "learner", None) or getattr(args, "data_dir", None):
            raise UsageError(
                _(
                    "with --trusted-header each account has its own data folder under "
                    "--data-root: --data-dir and --learner do not apply"
                )
            )
        group_header = args.trusted_group_header
        if group_header is not None and not is_header_name(group_header):
            raise UsageError(
                _("--trusted-group-header needs a header name, such as X-Forwarded-Groups")
            )
        if not args.data_root:
            raise UsageError(
                _(
                    "--trusted-header needs --data-root DIR, the folder that holds one folder per "
                    "account"
                )
            )
        try:
            sign_on = serve.SignOn(
                header,
                trusted_networks(args.trusted_proxy or DEFAULT_TRUSTED),
                private_root(Path(args.data_root)),
                group_header,
            )
        except IdentityError as error:
            raise UsageError(str(error)) from None
        except OSError as error:
            raise UsageError(
                _("cannot make the data root {root}: {error}").format(
                    root=args.data_root, error=error.strerror or error
                )
            ) from None
    if args.idle_timeout < 0:
        raise UsageError(
            _("--idle-timeout takes minutes, 0 for never, not {value}").format(
                value=args.idle_timeout
            )
        )
    check, before_serving = _check_for_sessions(
        args, sign_on is None and cmi5 is None, before, pack
    )
    return serve.serve_command(
        args.host,
        args.port,
        args.course,
        args.lang,
        args.data_dir,
        args.learner,
        args.max_sessions,
        title=inert(course.title),
        sign_on=sign_on,
        idle_minutes=args.idle_timeout or None,
        plain=getattr(args, "plain", False),
        sessions_per_account=args.sessions_per_account,
        cmi5=cmi5,
        clean_check=check,
        before_serving=before_serving,
    )


def _check_for_sessions(
    args: argparse.Namespace, one_folder: bool, before: Fingerprint | None, pack: Pack
) -> tuple[CleanCheck | None, Callable[[], None] | None]:
    """The pack's clean check where the sessions find it (`trainer.progress.pack_cache`), so that
    none checks the pack again, not even the first: with sign-on or cmi5, the check to give each
    account's folder as it is made; without (`one_folder`), the sessions' data folder has it
    already (`load` kept it there) unless it is new: then it is made, as the first session would
    make it, and given the check, once the server is sure to serve (the second of the pair)."""
    from trainer.locations import data_dir
    from trainer.progress.pack_cache import clean_check

    if not one_folder:
        return clean_check(before, pack), None
    folder = data_dir(args.data_dir)
    if folder.exists():
        return None, None
    check = clean_check(before, pack)
    if check is None:
        return None, None

    def keep() -> None:
        try:
            # The folder only, private as the store makes it; missing parents are left to the
            # store, which makes them with care (then the first session checks the pack).
            folder.mkdir(mode=0o700)
        except OSError:
            return
        check.keep_in(folder)

    return None, keep


def _cmi5_settings(args: argparse.Namespace, pack):
    """The cmi5 launches `serve --cmi5-lms URL_PREFIX --data-root DIR` takes, or None."""
    if not args.cmi5_lms:
        return None
    from trainer.cmi5.launch import LaunchError, check_prefix
    from trainer.web.cmi5 import Cmi5Settings
    from trainer.web.identity import IdentityError, private_root
    from trainer.xapi.sync import courses_of

    if not args.data_root:
        raise UsageError(
            _("--cmi5-lms needs --data-root DIR, the folder that holds one folder per learner")
        )
    if getattr(args, "learner", None) or getattr(args, "data_dir", None):
        raise UsageError(
            _(
                "with --cmi5-lms each learner has their own data folder under --data-root: "
                "--data-dir and --learner do not apply"
            )
        )
    try:
        prefixes = tuple(check_prefix(prefix) for prefix in args.cmi5_lms)
        root = private_root(Path(args.data_root))
    except (LaunchError, IdentityError) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(
            _("cannot make the data root {root}: {error}").format(
                root=args.data_root, error=error.strerror or error
            )
        ) from None
    return Cmi5Settings(prefixes, root, courses_of(pack))


def cmi5_command(args: argparse.Namespace) -> int:
    """`trainer cmi5 package --url BASE -o FILE`: the course package an LMS imports."""
    from trainer.atomic import write_whole
    from trainer.cmi5.structure import StructureError, course_package
    from trainer.xapi.sync import courses_of

    pack, _course = load(args)
    try:
        package = course_package(courses_of(pack), args.url)
    except StructureError:
        raise UsageError(
            _("--url needs the http or https address of `trainer serve`, not {url}").format(
                url=args.url
            )
        ) from None
    output = Path(args.output)
    try:
        write_whole(output, package)
    except OSError as error:
        raise CommandError(
            _("cannot write {path}: {error}").format(path=output, error=error.strerror),
            EXIT_INVALID,
        ) from None
    print(
        _("wrote {path}: {count} assignable units, launched at {url}/cmi5/…").format(
            path=output, count=len(pack.course().modules), url=args.url.rstrip("/")
        )
    )
    return EXIT_OK
