"""The command line: `trainer` and its commands, parsed here and run from `trainer.commands`.

Start-up stays light: only the module of the command that runs is imported, the terminal app (and
so Textual) only when it is about to run, and `validate` and `quiz` never import it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import NamedTuple

from trainer import __version__

# The exit codes and the error live with the commands that raise it; main catches it.
from trainer.commands.common import (
    CommandError,
    UsageError,
    course_languages,
    forget_remembered,
)
from trainer.exits import EXIT_INTERRUPTED, EXIT_OK
from trainer.i18n import (
    N_,
    UI_LANGUAGES,
    _,
    choose_language,
    program_line,
    set_language,
    writer_language,
)
from trainer.inert import inert_line, inert_terminal

Subparsers = argparse._SubParsersAction  # argparse's type for `add_subparsers()`, for annotations


class _Formatter(argparse.HelpFormatter):
    """argparse's help, with its "usage:" in the interface's language."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("usage: "))


class _Parser(argparse.ArgumentParser):
    """argparse, with one clear line for a usage error instead of the whole usage text."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{_argparse_message(message)} ({_('see')} '{self.prog} --help')")


SHARED_OPTIONS = ("lang", "course", "data_dir", "learner")
"""The options `SharedOptions` defines, as they are named in a parsed namespace."""


class _CommandLine(_Parser):
    """The top-level parser: every namespace it returns has the shared options, None when they
    were not given. (Not `set_defaults`: it would change the default of the options' actions,
    which the commands' parsers share, and a command would then reset a value given before it.)"""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        for name in SHARED_OPTIONS:
            if not hasattr(parsed, name):
                setattr(parsed, name, None)
        return parsed, rest


ARGPARSE_MESSAGES = (
    (r"unrecognized arguments: (?P<args>.*)", N_("unrecognized arguments: {args}")),
    (
        r"the following arguments are required: (?P<args>.*)",
        N_("the following arguments are required: {args}"),
    ),
    (
        r"argument (?P<arg>[^:]+): invalid choice: (?P<rest>.*)",
        N_("argument {arg}: invalid choice: {rest}"),
    ),
    (
        r"argument (?P<arg>[^:]+): expected one argument",
        N_("argument {arg}: expected one argument"),
    ),
    (
        r"argument (?P<arg>[^:]+): expected at least one argument",
        N_("argument {arg}: expected at least one argument"),
    ),
    (
        r"argument (?P<arg>[^:]+): not allowed with argument (?P<other>.*)",
        N_("argument {arg}: not allowed with argument {other}"),
    ),
    (
        r"argument (?P<arg>[^:]+): invalid (?P<kind>\w+) value: (?P<value>.*)",
        N_("argument {arg}: invalid value: {value}"),
    ),
    (
        r"argument (?P<arg>[^:]+): ignored explicit argument (?P<value>.*)",
        N_("argument {arg}: ignored explicit argument {value}"),
    ),
    (
        r"one of the arguments (?P<args>.*) is required",
        N_("one of the arguments {args} is required"),
    ),
    (
        r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
        N_("ambiguous option: {option} could match {matches}"),
    ),
)
"""argparse's own messages that users meet most, so that they read in the interface's language
(the patterns compiled by `re` when a usage error is first reported, not at every start)."""


def _argparse_message(message: str) -> str:
    for pattern, translated in ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return _(translated).format(**match.groupdict())
    return message


def _pre_scan(argv: Sequence[str], option: str) -> str | None:
    """The value of `option` in argv before parsing, to choose the help's language."""
    for index, arg in enumerate(argv):
        if arg == option and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


class SharedOptions(NamedTuple):
    """The options several commands take, as argparse parents: `language` (--lang), `common`
    (--lang, --course) and `data` (--data-dir, --learner).

    They are accepted before the command and after it (`trainer --lang fr quiz …` and `trainer
    quiz --lang fr …`). Their default is SUPPRESS so that a command's parser leaves a value given
    before it alone; the top-level parser (`_CommandLine`) then gives the missing ones their one
    default, None, so that every parsed namespace has them."""

    language: argparse.ArgumentParser
    common: argparse.ArgumentParser
    data: argparse.ArgumentParser


def shared_options() -> SharedOptions:
    """The shared options' parsers, with help in the interface's language."""
    language = _Parser(add_help=False)
    language.add_argument(
        "--lang",
        metavar="LANG",
        default=argparse.SUPPRESS,
        help=_("the language of the interface and the content (fr, en)"),
    )
    common = _Parser(add_help=False, parents=[language])
    common.add_argument(
        "--course",
        metavar=_("DIR"),
        default=argparse.SUPPRESS,
        help=_(
            "the course pack to use (default: the nearest course.yaml from this folder up, else "
            "the bundled course)"
        ),
    )
    data = _Parser(add_help=False)
    data.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        default=argparse.SUPPRESS,
        help=_("where progress is kept (default: $TRAINER_DATA_DIR, else the user data folder)"),
    )
    data.add_argument(
        "--learner", metavar=_("NAME"), default=argparse.SUPPRESS, help=_("the learner to use")
    )
    return SharedOptions(language, common, data)


def build_parser(command: str | None = None, *, app: bool = False) -> argparse.ArgumentParser:
    """The parser, with help in the interface's language: the top-level options, then each group
    of commands; with `command` (see `named_command`), that command's parser alone, which parses
    its command line the same way at a fraction of the cost; with `app` (see `names_the_app`), no
    command's parser: the command line starts the app."""
    shared = shared_options()
    parser = _CommandLine(
        prog="trainer",
        description=_("A terminal course on social networks for the agents of local authorities."),
        parents=[shared.common, shared.data],
        add_help=False,
    )
    _help_and_titles(parser)
    parser.add_argument(
        "--plain",
        action="store_true",
        help=_(
            "plain mode for screen readers and scripts: one line after another, answers typed then "
            "enter"
        ),
    )
    parser.add_argument(
        "--group",
        metavar=_("NAME"),
        help=_(
            "put the learner in a group: their service, direction or cohort, as the organisation "
            'names it ("" for none); kept in their settings, sent with their statements'
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trainer {__version__}",
        help=_("print the version and exit"),
    )
    commands = parser.add_subparsers(
        dest="command", metavar=_("COMMAND"), title=_("commands"), parser_class=_Parser
    )
    if command in COMMAND_PARSERS:
        COMMAND_PARSERS[command](commands, shared)
    elif not app:
        add_learning_parsers(commands, shared)
        add_authoring_parsers(commands, shared)
        add_organisation_parsers(commands, shared)
    return parser


VALUE_OPTIONS = ("--lang", "--course", "--data-dir", "--learner", "--group")
"""The top-level options that take a value, which `named_command` steps over."""


def _first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is not a top-level option written in full (with its value); None
    when every argument is one."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in VALUE_OPTIONS:
            index += 2
        elif arg.split("=", 1)[0] in VALUE_OPTIONS or arg == "--plain":
            index += 1
        else:
            return arg
    return None


def named_command(argv: Sequence[str]) -> str | None:
    """The command `argv` names, when it names one plainly (only top-level options before it, and
    no help or version asked before it): then only its parser need be built. None otherwise: the
    whole parser is built, for its full help, its list of commands or its error message."""
    word = _first_word(argv)
    return word if word in COMMAND_PARSERS else None


def names_the_app(argv: Sequence[str]) -> bool:
    """True when `argv` starts the app: top-level options written in full, and nothing else (no
    command, no help or version asked, no abbreviated or unknown option). Then no command's parser
    need be built, which the app's every start would otherwise pay for."""
    return _first_word(argv) is None


def add_learning_parsers(commands: Subparsers, shared: SharedOptions) -> None:
    """The learner's commands: `quiz`, `progress` and `certificate` (the app is `trainer` alone)."""
    _add_quiz_parser(commands, shared)
    _add_progress_parser(commands, shared)
    _add_certificate_parser(commands, shared)


def _add_quiz_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer quiz QUIZ --answers FILE`."""
    quiz = commands.add_parser(
        "quiz",
        add_help=False,
        parents=[shared.common],
        help=_("grade a quiz from a file of answers, headless"),
        description=_(
            "Grade a quiz from a YAML map of question id to response. Nothing is recorded."
        ),
    )
    _help_and_titles(quiz)
    quiz.add_argument("quiz", metavar=_("QUIZ"), help=_("the quiz id"))
    quiz.add_argument(
        "--answers", metavar=_("FILE"), required=True, help=_("YAML map: question id → response")
    )
    quiz.add_argument(
        "--seed",
        metavar="N",
        type=int,
        help=_(
            "for a quiz that draws from a bank: the seed that draws its questions, as an attempt "
            "would (default: a new one, printed with the result)"
        ),
    )
    quiz.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def _add_progress_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer progress [--json|--csv] [--excel]`."""
    progress = commands.add_parser(
        "progress",
        add_help=False,
        parents=[shared.common, shared.data],
        help=_("show the learner's progress"),
        description=_("Show a learner's progress in the course."),
    )
    _help_and_titles(progress)
    progress_format = progress.add_mutually_exclusive_group()
    progress_format.add_argument(
        "--json", action="store_true", help=_("print the progress as JSON")
    )
    progress_format.add_argument(
        "--csv",
        action="store_true",
        help=_("print the learner's whole record as CSV, one event a line"),
    )
    progress.add_argument(
        "--excel",
        action="store_true",
        help=_(
            "the record as CSV for a spreadsheet (alone or with --csv): semicolons, UTF-8 with a "
            "byte order mark, columns in the interface's language"
        ),
    )


def _add_certificate_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer certificate [-o FILE]` and its actions `verify`, `issue` and `keygen`."""
    certificate = commands.add_parser(
        "certificate",
        add_help=False,
        parents=[shared.common, shared.data],
        help=_("a PDF certificate of the completed course, or check one"),
        description=_(
            "Write the learner's PDF certificate once the course is complete, or check a "
            "certificate. A certificate written here is a local attestation: the learner's own "
            "computer issued it from a record the learner holds and can change, so it is not "
            "proof. A certificate an organisation can vouch for is issued from progress files it "
            "collected (`certificate issue`) and signed with its key; anyone with the public key "
            "checks it (`certificate verify FILE --public-key KEY`)."
        ),
    )
    _help_and_titles(certificate)
    certificate.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the PDF to write, or a folder (default: this folder)"),
    )
    certificate_actions = certificate.add_subparsers(
        dest="certificate_action",
        metavar="{verify,issue,keygen}",
        title=_("actions"),
        parser_class=_Parser,
    )
    _add_certificate_verify_parser(certificate_actions, shared)
    _add_certificate_issue_parser(certificate_actions, shared)
    _add_certificate_keygen_parser(certificate_actions, shared)


def _add_certificate_verify_parser(actions: Subparsers, shared: SharedOptions) -> None:
    """`trainer certificate verify CODE_OR_FILE [--public-key KEY]`."""
    verify = actions.add_parser(
        "verify",
        add_help=False,
        parents=[shared.common, shared.data],
        help=_(
            "check a certificate: a local code against the progress file, or a signed certificate "
            "with the public key"
        ),
    )
    _help_and_titles(verify)
    verify.add_argument(
        "code",
        metavar=_("CODE_OR_FILE"),
        help=_(
            "the code printed on a local certificate; with --public-key, a signed certificate: its "
            "PDF, its .txt file or its verification string"
        ),
    )
    verify.add_argument(
        "--public-key",
        metavar="PUBLIC.pem",
        help=_(
            "the organisation's public key: check a signed certificate with it (no progress file "
            "needed)"
        ),
    )
    collected = verify.add_mutually_exclusive_group()
    collected.add_argument(
        "--store",
        nargs="+",
        metavar=_("FILE"),
        help=_("look for a local code in collected progress files (never changed)"),
    )
    collected.add_argument(
        "--lrs",
        metavar="URL",
        help=_("look for a local code in the statements of an xAPI LRS"),
    )
    verify.add_argument("--user", metavar=_("NAME"), help=_("the LRS user"))
    verify.add_argument(
        "--password-env",
        metavar="VARIABLE",
        help=_("the environment variable holding the LRS password"),
    )


def _add_certificate_issue_parser(actions: Subparsers, shared: SharedOptions) -> None:
    """`trainer certificate issue --store FILE… --key KEY`."""
    issue = actions.add_parser(
        "issue",
        add_help=False,
        parents=[shared.common],
        help=_("sign the certificates of the learners of collected progress files"),
        description=_(
            "For each learner who completed the course in the collected progress files (never "
            "changed), write a PDF certificate signed with the organisation's private key, and its "
            "verification string (.txt)."
        ),
    )
    _help_and_titles(issue)
    issue.add_argument(
        "--store",
        nargs="+",
        required=True,
        metavar=_("FILE"),
        help=_("collected progress.sqlite3 files (never changed)"),
    )
    issue.add_argument(
        "--key",
        required=True,
        metavar="PRIVATE.pem",
        help=_("the organisation's private key (from `certificate keygen`)"),
    )
    issue.add_argument(
        "--out",
        metavar=_("DIR"),
        help=_("the folder to write the certificates in (default: this folder)"),
    )
    issue.add_argument("--learner", metavar=_("NAME"), help=_("only this learner"))


def _add_certificate_keygen_parser(actions: Subparsers, shared: SharedOptions) -> None:
    """`trainer certificate keygen --out DIR`."""
    keygen = actions.add_parser(
        "keygen",
        add_help=False,
        parents=[shared.language],
        help=_("make the organisation's signing key pair"),
        description=_(
            "Make an Ed25519 key pair for signing certificates: the private key (readable by you "
            "only: keep it where certificates are issued) and the public key (for whoever checks "
            "them)."
        ),
    )
    _help_and_titles(keygen)
    keygen.add_argument(
        "--out",
        required=True,
        metavar=_("DIR"),
        help=_("the folder to write the two keys in (made if missing)"),
    )


def add_authoring_parsers(commands: Subparsers, shared: SharedOptions) -> None:
    """The commands of whoever writes a pack: `validate`, `new`, `preview`, `schema` and `gift`."""
    _add_validate_parser(commands, shared)
    _add_new_parser(commands, shared)
    _add_preview_parser(commands, shared)
    _add_schema_parser(commands, shared)
    _add_gift_parser(commands, shared)
    _add_fiches_parser(commands, shared)


def _add_validate_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer validate [DIR]`."""
    validate = commands.add_parser(
        "validate",
        add_help=False,
        parents=[shared.language],
        help=_("check a course pack"),
        description=_(
            "Check a course pack: one diagnostic a line, path:line:col: severity: message. Exit 1 "
            "on errors."
        ),
    )
    _help_and_titles(validate)
    validate.add_argument(
        "directory",
        nargs="?",
        metavar=_("DIR"),
        help=_(
            "the pack, or one lesson or quiz file of it (default: the nearest course.yaml from "
            "this folder up, else the bundled course)"
        ),
    )
    validate.add_argument("--course", metavar=_("DIR"), help=_("the pack, as DIR"))
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=_("text (one diagnostic a line) or json (a list of objects)"),
    )
    validate.add_argument("--strict", action="store_true", help=_("fail on warnings too"))


def _add_new_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer new course|lesson|quiz`."""
    new = commands.add_parser(
        "new",
        add_help=False,
        parents=[shared.language],
        help=_("start a pack, a lesson or a quiz"),
        description=_(
            "Write files to start from, in every language of the pack; each validates clean."
        ),
    )
    _help_and_titles(new)
    kinds = new.add_subparsers(
        dest="kind", metavar=_("KIND"), title=_("what to make"), parser_class=_Parser, required=True
    )
    new_course = kinds.add_parser(
        "course",
        add_help=False,
        parents=[shared.language],
        help=_("a new pack with one module, one lesson and its quiz"),
    )
    _help_and_titles(new_course)
    new_course.add_argument("directory", metavar=_("DIR"), help=_("a new or empty folder"))
    new_course.add_argument(
        "--languages",
        metavar="fr,en",
        help=_(
            "the pack's languages, the first being the default (default: the interface's "
            "language alone; fr,en makes the pack bilingual)"
        ),
    )
    new_course.add_argument("--title", help=_("the course's title"))
    new_lesson = kinds.add_parser(
        "lesson",
        add_help=False,
        parents=[shared.language],
        help=_("a lesson in every language, listed in a module"),
    )
    _help_and_titles(new_lesson)
    new_lesson.add_argument("id", metavar="ID", help=_("the lesson id"))
    new_lesson.add_argument(
        "--module", metavar="MODULE", help=_("the module to list it in (default: the last)")
    )
    new_lesson.add_argument("--course", metavar=_("DIR"), help=_("the pack (default: this folder)"))
    new_quiz = kinds.add_parser(
        "quiz", add_help=False, parents=[shared.language], help=_("a quiz in every language")
    )
    _help_and_titles(new_quiz)
    new_quiz.add_argument(
        "id", metavar="ID", help=_("the quiz id (the lesson with this id uses it)")
    )
    new_quiz.add_argument(
        "--lesson", metavar="LESSON", help=_("the lesson that uses it, when its id differs")
    )
    new_quiz.add_argument("--course", metavar=_("DIR"), help=_("the pack (default: this folder)"))


def _add_preview_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer preview [DIR]`."""
    preview = commands.add_parser(
        "preview",
        add_help=False,
        parents=[shared.language],
        help=_("see a pack being written, reloaded on every change"),
        description=_(
            "Open the app on a pack being written: it reloads when a file changes and shows the "
            "pack's errors until they are fixed. Progress stays in memory."
        ),
    )
    _help_and_titles(preview)
    preview.add_argument(
        "directory",
        nargs="?",
        metavar=_("DIR"),
        help=_(
            "the pack (default: the nearest course.yaml from this folder up, else the bundled "
            "course)"
        ),
    )
    preview.add_argument("--course", metavar=_("DIR"), help=_("the pack, as DIR"))


def _add_schema_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer schema course|lesson|quiz`."""
    schema = commands.add_parser(
        "schema",
        add_help=False,
        parents=[shared.language],
        help=_("print the JSON Schema of a pack file"),
        description=_(
            "Print the JSON Schema (draft-07) of course.yaml, of a lesson's front matter or of a "
            "quiz, for an editor's YAML support, its descriptions in the interface's language "
            "(--lang)."
        ),
    )
    _help_and_titles(schema)
    schema.add_argument("kind", choices=("course", "lesson", "quiz"), help=_("which file"))


def _add_gift_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer gift export|import`."""
    gift = commands.add_parser(
        "gift",
        add_help=False,
        parents=[shared.language],
        help=_("move quizzes to and from Moodle (GIFT)"),
        description=_(
            "Export quizzes to Moodle's GIFT format, or import a GIFT file as a quiz. What one "
            "side cannot hold is a warning that names the question."
        ),
    )
    _help_and_titles(gift)
    directions = gift.add_subparsers(
        dest="direction",
        metavar=_("DIRECTION"),
        title=_("directions"),
        parser_class=_Parser,
        required=True,
    )
    gift_export = directions.add_parser(
        "export", add_help=False, parents=[shared.common], help=_("a quiz, or all of them, as GIFT")
    )
    _help_and_titles(gift_export)
    gift_export.add_argument("quiz", nargs="?", metavar=_("QUIZ"), help=_("the quiz id"))
    gift_export.add_argument(
        "--all", action="store_true", dest="all_quizzes", help=_("every quiz of the course")
    )
    gift_export.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the file to write (default: the standard output)"),
    )
    gift_import = directions.add_parser(
        "import",
        add_help=False,
        parents=[shared.language],
        help=_("a GIFT file as a quiz of a pack"),
    )
    _help_and_titles(gift_import)
    gift_import.add_argument("file", metavar=_("FILE"), help=_("the GIFT file"))
    gift_import.add_argument(
        "--into", required=True, metavar=_("DIR"), help=_("the pack to write the quiz into")
    )
    gift_import.add_argument(
        "--id", metavar="QUIZ", help=_("the quiz id (default: from the file name)")
    )
    gift_import.add_argument(
        "--category",
        metavar=_("NAME"),
        help=_(
            "import only this $CATEGORY (its last name or whole path); by default each category "
            "becomes a quiz"
        ),
    )


def _add_fiches_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer fiches [--module ID] [-o FILE]`."""
    fiches = commands.add_parser(
        "fiches",
        add_help=False,
        parents=[shared.common],
        help=_("print the reflex sheets: one A4 page per module, as a PDF"),
        description=_(
            "Write a PDF with one A4 page per module (« fiche réflexe »): the module's key points, "
            "the emergency numbers and services its lessons name, and its sources, for a trainer "
            "to hand out or pin up."
        ),
    )
    _help_and_titles(fiches)
    fiches.add_argument(
        "--module", metavar="ID", help=_("only this module (default: every module)")
    )
    fiches.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the PDF to write (default: {name} in this folder)").format(
            name="fiches-reflexes.pdf"
        ),
    )


def add_organisation_parsers(commands: Subparsers, shared: SharedOptions) -> None:
    """The commands of the trainer and the authority: `report`, `sync` and `serve`."""
    _add_report_parser(commands, shared)
    _add_sync_parser(commands, shared)
    _add_serve_parser(commands, shared)
    _add_cmi5_parser(commands, shared)


def _add_cmi5_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer cmi5 package --url BASE -o FILE`."""
    cmi5 = commands.add_parser(
        "cmi5",
        add_help=False,
        parents=[shared.language],
        help=_("launch the course from an LMS (cmi5)"),
        description=_(
            "Make the cmi5 package an LMS (Moodle with its cmi5 plugin) imports: one assignable "
            "unit per module, launched on `trainer serve` at the address given. See docs/cmi5.md."
        ),
    )
    _help_and_titles(cmi5)
    actions = cmi5.add_subparsers(
        dest="action", metavar=_("ACTION"), title=_("actions"), parser_class=_Parser, required=True
    )
    package = actions.add_parser(
        "package",
        add_help=False,
        parents=[shared.common],
        help=_("the course package (a zip with cmi5.xml) for the LMS"),
    )
    _help_and_titles(package)
    package.add_argument(
        "--url",
        required=True,
        metavar="URL",
        help=_("the address learners reach `trainer serve` at, e.g. https://formation.example.org"),
    )
    package.add_argument(
        "-o", "--output", required=True, metavar=_("FILE"), help=_("the zip file to write")
    )


def _add_report_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer report --store FILE…|--lrs URL`."""
    report = commands.add_parser(
        "report",
        add_help=False,
        parents=[shared.common],
        help=_("the trainer's report: completion, pass rates, question difficulty"),
        description=_(
            "Report on many learners, from collected progress files or from an xAPI LRS: "
            "completion, pass rate per quiz, per question the share answered right and how well it "
            "separates strong from weak learners, the most missed questions."
        ),
    )
    _help_and_titles(report)
    sources = report.add_mutually_exclusive_group()
    sources.add_argument(
        "--store",
        nargs="+",
        metavar=_("FILE"),
        help=_("collected progress.sqlite3 files (never changed)"),
    )
    sources.add_argument(
        "--lrs", metavar="URL", help=_("an xAPI LRS endpoint to read the statements from")
    )
    report.add_argument("--user", metavar=_("NAME"), help=_("the LRS user"))
    report.add_argument(
        "--password-env",
        metavar="VARIABLE",
        help=_("the environment variable holding the LRS password"),
    )
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--csv", action="store_true", help=_("CSV, one row per question"))
    report_format.add_argument(
        "--app", action="store_true", help=_("show the report in the terminal app, with charts")
    )
    report_format.add_argument(
        "--roster",
        action="store_true",
        help=_(
            "the roster as CSV instead: one row per learner and lesson or quiz, with when it was "
            "completed, the best score, the attempts and the time spent (names: not to share)"
        ),
    )
    report.add_argument(
        "--excel",
        action="store_true",
        help=_(
            "with --roster: CSV for a spreadsheet: semicolons, UTF-8 with a byte order mark, "
            "columns in the interface's language"
        ),
    )
    report.add_argument(
        "--group",
        metavar=_("NAME"),
        default=argparse.SUPPRESS,
        help=_("only the learners of this group (service, direction, cohort)"),
    )
    report.add_argument(
        "--min-learners",
        type=int,
        metavar=_("COUNT"),
        help=_(
            "withhold figures over fewer learners than this (default: 5, for anonymity); under "
            "5 it needs --for-trainer"
        ),
    )
    report.add_argument(
        "--for-trainer",
        metavar=_("NAME"),
        help=_("the trainer a lowered --min-learners is for, named on the report"),
    )
    report.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_("the file to write (default: the standard output)"),
    )


def _add_sync_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer sync [--status]`."""
    sync = commands.add_parser(
        "sync",
        add_help=False,
        parents=[shared.common, shared.data],
        help=_("send the learning record to an xAPI LRS"),
        description=_(
            "Send the pending xAPI statements to the Learning Record Store named in xapi.toml (in "
            "the data folder) or in the flags. Statements are marked sent only once the LRS "
            "accepted them, for each LRS apart: a new endpoint gets the whole history."
        ),
    )
    _help_and_titles(sync)
    sync.add_argument(
        "--status", action="store_true", help=_("say what is pending, and the last sync")
    )
    sync.add_argument(
        "--resend",
        action="store_true",
        help=_(
            "send the whole history again to this LRS (statements keep their ids: what it holds "
            "already is not doubled)"
        ),
    )
    sync.add_argument(
        "--config",
        metavar=_("FILE"),
        help=_("the settings file (default: xapi.toml in the data folder)"),
    )
    sync.add_argument(
        "--endpoint", metavar="URL", help=_("the LRS endpoint, e.g. https://lrs.example.org/xAPI")
    )
    sync.add_argument("--user", metavar=_("NAME"), help=_("the LRS user"))
    sync.add_argument(
        "--password-env",
        metavar="VARIABLE",
        help=_("the environment variable holding the LRS password"),
    )
    sync.add_argument(
        "--home-page", metavar="URL", help=_("the home page of the learners' accounts")
    )


def _add_serve_parser(commands: Subparsers, shared: SharedOptions) -> None:
    """`trainer serve`."""
    serve = commands.add_parser(
        "serve",
        add_help=False,
        parents=[shared.common, shared.data],
        help=_("the app in a web browser"),
        description=_(
            "Serve the app to web browsers through textual-serve: each browser tab runs its own "
            "session. Without sign-on, for one person on this machine, on its progress file; "
            "behind the organisation's sign-on (--trusted-header), each account on its own "
            "folder. Ctrl+C stops it."
        ),
    )
    _help_and_titles(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar=_("ADDRESS"),
        help=_(
            "the address to listen on (default: 127.0.0.1, this machine only); another address "
            "needs sign-on (--trusted-header)"
        ),
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        metavar=_("PORT"),
        help=_(
            "the port to listen on (default: 8000; 0: any free port, printed when the server "
            "starts)"
        ),
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=4,
        metavar=_("COUNT"),
        help=_(
            "browser sessions at once, each a process of about 45 MB (default: 4); past that the "
            "page says the server is full"
        ),
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        metavar=_("MINUTES"),
        help=_(
            "close a session after this many minutes without a key pressed (default: 30; 0: "
            "never); its answers are already saved"
        ),
    )
    serve.add_argument(
        "--plain",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("serve plain mode, line by line, for screen readers"),
    )
    sign_on = serve.add_argument_group(
        _("sign-on"),
        _(
            "Behind the organisation's single sign-on proxy, which signs the agents in and "
            "forwards the account in a header: each account gets its own data folder and sees "
            "only its own record. See docs/deployment.md."
        ),
    )
    sign_on.add_argument(
        "--trusted-header",
        metavar=_("HEADER"),
        help=_("the header the proxy writes the account in, e.g. X-Forwarded-User"),
    )
    sign_on.add_argument(
        "--trusted-group-header",
        metavar=_("HEADER"),
        help=_(
            "the header the proxy writes the account's group in (service, direction), e.g. "
            "X-Forwarded-Groups; the first group listed is the learner's"
        ),
    )
    sign_on.add_argument(
        "--trusted-proxy",
        action="append",
        metavar=_("ADDRESS"),
        help=_(
            "an address or range (CIDR) the proxy connects from; repeat or separate with commas "
            "(default: 127.0.0.1 and ::1)"
        ),
    )
    sign_on.add_argument(
        "--data-root",
        metavar=_("DIR"),
        help=_("the folder that holds one data folder per account"),
    )
    sign_on.add_argument(
        "--cmi5-lms",
        action="append",
        metavar="URL",
        help=_(
            "take cmi5 launches from the LMS at this address (its fetch URL and LRS endpoint must "
            "start with it); repeat for several. Needs --data-root. See docs/cmi5.md"
        ),
    )
    sign_on.add_argument(
        "--sessions-per-account",
        type=int,
        default=2,
        metavar=_("COUNT"),
        help=_("browser sessions at once for one account (default: 2)"),
    )


def _help_and_titles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    parser._positionals.title = _("arguments")
    parser._optionals.title = _("options")


COMMAND_PARSERS = {
    "quiz": _add_quiz_parser,
    "progress": _add_progress_parser,
    "certificate": _add_certificate_parser,
    "validate": _add_validate_parser,
    "new": _add_new_parser,
    "preview": _add_preview_parser,
    "schema": _add_schema_parser,
    "gift": _add_gift_parser,
    "report": _add_report_parser,
    "sync": _add_sync_parser,
    "serve": _add_serve_parser,
    "cmi5": _add_cmi5_parser,
}
"""Each command's parser, for a command line that names it (`named_command`)."""

COMMANDS = {
    None: ("learning", "app_command"),
    "quiz": ("learning", "quiz_command"),
    "progress": ("learning", "progress_command"),
    "certificate": ("learning", "certificate_command"),
    "validate": ("authoring", "validate_command"),
    "new": ("authoring", "new_command"),
    "preview": ("authoring", "preview_command"),
    "schema": ("authoring", "schema_command"),
    "gift": ("authoring", "gift_command"),
    "sync": ("organisation", "sync_command"),
    "report": ("organisation", "report_command"),
    "serve": ("organisation", "serve_command"),
    "cmi5": ("organisation", "cmi5_command"),
    "fiches": ("handouts", "fiches_command"),
}
"""Each command (None: `trainer` alone, the app) and the module of `trainer.commands` and the
function that run it: only that module is imported, so start-up stays light."""


REMEMBERING = frozenset(
    {None, "quiz", "progress", "certificate", "sync", "report", "serve", "fiches"}
)
"""The commands that load their pack with `commands.common.load`, which restores a pack remembered
clean in the data folder (see `trainer.progress.pack_cache`)."""


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command, importing only the module of `trainer.commands` it lives in."""
    module, function = COMMANDS[args.command]
    command = getattr(importlib.import_module(f"trainer.commands.{module}"), function)
    return int(command(args))


TEXT_ARGUMENTS = {"learner": "--learner", "code": "CODE", "group": "--group"}
"""Arguments that are stored or printed as text, not used as paths."""


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Refuse a text argument whose bytes are not UTF-8: Python keeps such bytes as lone
    surrogates, which can be neither stored nor printed (paths keep them, and work)."""
    for name, shown in TEXT_ARGUMENTS.items():
        value = getattr(args, name, None)
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                _("{argument} is not valid text: write it in UTF-8").format(argument=shown)
            ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run trainer with `argv` (default: the process's arguments); return the exit code.

    Whatever a command prints, from a pack, a progress file or a name, reaches the terminal inert.
    """
    with inert_terminal():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(argv: list[str]) -> int:
    flag = _pre_scan(argv, "--lang")
    # A language the interface has no catalog for (--lang de) is refused later, in the language
    # the user would have had without it, not in English.
    flag = flag if flag in UI_LANGUAGES else None
    command = named_command(argv)
    forget_remembered()
    # A command that loads its pack finds it remembered clean, usually: its languages come from
    # the same record (no YAML read twice); `validate` always reads the files.
    data_flag = (_pre_scan(argv, "--data-dir") or "") if command in REMEMBERING else None
    available = course_languages(_pre_scan(argv, "--course"), data_flag) or ["en"]
    if COMMANDS.get(command, ("",))[0] == "authoring":
        # Messages for the writer: the locale's language even when the pack is not in it.
        set_language(writer_language(flag, available))
    else:
        set_language(choose_language(flag, available))
    try:
        args = build_parser(command, app=names_the_app(argv)).parse_args(argv)
        _refuse_undecodable(args)
        return run_command(args)
    except CommandError as error:
        if error.message is not None:
            # One line, whatever the argument it quotes holds.
            print(program_line(inert_line(error.message)), file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`trainer … | head`): stop quietly, as other commands do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
