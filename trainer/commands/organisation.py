"""The commands of the trainer and the authority: `sync`, `report` and `serve`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    UsageError,
    load,
    open_store,
)
from trainer.i18n import _


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
    sources = {
        "stores": args.store or (),
        "lrs": args.lrs,
        "user": args.user,
        "password_env": args.password_env,
    }
    if not args.app:
        return report_commands.report_command(
            course, output_format="csv" if args.csv else "table", output=args.output, **sources
        )
    try:
        report = gather(course, **sources)
    except ReportError as error:
        raise CommandError(str(error), EXIT_USAGE if error.usage else EXIT_INVALID) from None
    from trainer.tui.report_app import ReportApp

    ReportApp(course, report).run()
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    """`trainer serve`: the app in web browsers, until Ctrl+C."""
    load(args)  # a broken pack or an unknown --lang is reported once here, not in every browser tab
    from trainer.inert import inert
    from trainer.web import serve
    from trainer.web.identity import (
        DEFAULT_TRUSTED,
        IdentityError,
        is_header_name,
        private_root,
        trusted_networks,
    )

    _pack, course = load(args)  # a broken pack or unknown --lang: said once here, not per tab
    sign_on = None
    header = args.trusted_header
    if header is None:
        if args.trusted_proxy or args.data_root:
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
    )
