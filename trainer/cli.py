"""The command line: `trainer`, `trainer validate`, `trainer quiz`, `trainer progress`.

Start-up stays light: the terminal app (and so Textual) is imported only when it is about to run,
and `validate` and `quiz` never import it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from trainer import __version__
from trainer.i18n import N_, _, choose_language, ngettext, set_language
from trainer.inert import inert

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad flag, a missing folder, an unknown id: one line on stderr and exit 2."""


class PackInvalid(Exception):
    """The course pack has errors: they were printed; exit 1."""


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


ARGPARSE_MESSAGES = (
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), N_("unrecognized arguments: {args}")),
    (re.compile(r"the following arguments are required: (?P<args>.*)"), N_("the following arguments are required: {args}")),
    (re.compile(r"argument (?P<arg>[^:]+): invalid choice: (?P<rest>.*)"), N_("argument {arg}: invalid choice: {rest}")),
    (re.compile(r"argument (?P<arg>[^:]+): expected one argument"), N_("argument {arg}: expected one argument")),
)
"""argparse's own messages that users meet most, so that they read in the interface's language."""


def _argparse_message(message: str) -> str:
    for pattern, translated in ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
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


def _course_languages(course_dir: str | None) -> list[str]:
    """The languages of a pack's course.yaml, read cheaply; empty when it cannot be read."""
    from trainer.locations import bundled_course

    path = Path(course_dir) if course_dir else bundled_course()
    try:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load((path / "course.yaml").read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
        languages = data.get("languages") if isinstance(data, dict) else None
        return [str(lang) for lang in languages] if isinstance(languages, list) else []
    except Exception:  # any problem is reported properly once the pack is loaded
        return []


def build_parser() -> argparse.ArgumentParser:
    """The parser, with help in the interface's language."""
    language = _Parser(add_help=False)
    language.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS, help=_("the language of the interface and the content (fr, en)"))
    common = _Parser(add_help=False, parents=[language])
    common.add_argument("--course", metavar=_("DIR"), default=argparse.SUPPRESS, help=_("the course pack to use (default: the bundled course)"))
    data = _Parser(add_help=False)
    data.add_argument("--data-dir", metavar=_("DIR"), default=argparse.SUPPRESS, help=_("where progress is kept (default: $TRAINER_DATA_DIR, else the user data folder)"))
    data.add_argument("--learner", metavar=_("NAME"), default=argparse.SUPPRESS, help=_("the learner to use"))

    parser = _Parser(
        prog="trainer",
        description=_("A terminal course on social networks for the agents of local authorities."),
        parents=[common, data],
        add_help=False,
    )
    _help_and_titles(parser)
    parser.add_argument("--plain", action="store_true", help=_("plain mode for screen readers and scripts: one line after another, answers typed then enter"))
    parser.add_argument("--version", action="version", version=f"trainer {__version__}", help=_("print the version and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"), parser_class=_Parser)

    validate = commands.add_parser("validate", add_help=False, parents=[language], help=_("check a course pack"), description=_("Check a course pack: one diagnostic a line, path:line:col: severity: message. Exit 1 on errors."))
    _help_and_titles(validate)
    validate.add_argument("directory", nargs="?", metavar=_("DIR"), help=_("the pack (default: this folder if it holds a course.yaml, else the bundled course)"))
    validate.add_argument("--format", choices=("text", "json"), default="text", help=_("text (one diagnostic a line) or json (a list of objects)"))
    validate.add_argument("--strict", action="store_true", help=_("fail on warnings too"))

    quiz = commands.add_parser("quiz", add_help=False, parents=[common], help=_("grade a quiz from a file of answers, headless"), description=_("Grade a quiz from a YAML map of question id to response. Nothing is recorded."))
    _help_and_titles(quiz)
    quiz.add_argument("quiz", metavar=_("QUIZ"), help=_("the quiz id"))
    quiz.add_argument("--answers", metavar=_("FILE"), required=True, help=_("YAML map: question id → response"))
    quiz.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    new = commands.add_parser("new", add_help=False, parents=[language], help=_("start a pack, a lesson or a quiz"), description=_("Write files to start from, in every language of the pack; each validates clean."))
    _help_and_titles(new)
    kinds = new.add_subparsers(dest="kind", metavar=_("KIND"), title=_("what to make"), parser_class=_Parser, required=True)
    new_course = kinds.add_parser("course", add_help=False, parents=[language], help=_("a new pack with one module, one lesson and its quiz"))
    _help_and_titles(new_course)
    new_course.add_argument("directory", metavar=_("DIR"), help=_("a new or empty folder"))
    new_course.add_argument("--languages", default="fr,en", metavar="fr,en", help=_("the pack's languages, the first being the default (default: fr,en)"))
    new_course.add_argument("--title", help=_("the course's title"))
    new_lesson = kinds.add_parser("lesson", add_help=False, parents=[language], help=_("a lesson in every language, listed in a module"))
    _help_and_titles(new_lesson)
    new_lesson.add_argument("id", metavar="ID", help=_("the lesson id"))
    new_lesson.add_argument("--module", metavar="MODULE", help=_("the module to list it in (default: the last)"))
    new_lesson.add_argument("--course", metavar=_("DIR"), help=_("the pack (default: this folder)"))
    new_quiz = kinds.add_parser("quiz", add_help=False, parents=[language], help=_("a quiz in every language"))
    _help_and_titles(new_quiz)
    new_quiz.add_argument("id", metavar="ID", help=_("the quiz id (the lesson with this id uses it)"))
    new_quiz.add_argument("--lesson", metavar="LESSON", help=_("the lesson that uses it, when its id differs"))
    new_quiz.add_argument("--course", metavar=_("DIR"), help=_("the pack (default: this folder)"))

    preview = commands.add_parser("preview", add_help=False, parents=[language], help=_("see a pack being written, reloaded on every change"), description=_("Open the app on a pack being written: it reloads when a file changes and shows the pack's errors until they are fixed. Progress stays in memory."))
    _help_and_titles(preview)
    preview.add_argument("directory", nargs="?", metavar=_("DIR"), help=_("the pack (default: this folder if it holds a course.yaml, else the bundled course)"))

    gift = commands.add_parser("gift", add_help=False, parents=[language], help=_("move quizzes to and from Moodle (GIFT)"), description=_("Export quizzes to Moodle's GIFT format, or import a GIFT file as a quiz. What one side cannot hold is a warning that names the question."))
    _help_and_titles(gift)
    directions = gift.add_subparsers(dest="direction", metavar=_("DIRECTION"), title=_("directions"), parser_class=_Parser, required=True)
    gift_export = directions.add_parser("export", add_help=False, parents=[common], help=_("a quiz, or all of them, as GIFT"))
    _help_and_titles(gift_export)
    gift_export.add_argument("quiz", nargs="?", metavar=_("QUIZ"), help=_("the quiz id"))
    gift_export.add_argument("--all", action="store_true", dest="all_quizzes", help=_("every quiz of the course"))
    gift_export.add_argument("-o", "--output", metavar=_("FILE"), help=_("the file to write (default: the standard output)"))
    gift_import = directions.add_parser("import", add_help=False, parents=[language], help=_("a GIFT file as a quiz of a pack"))
    _help_and_titles(gift_import)
    gift_import.add_argument("file", metavar=_("FILE"), help=_("the GIFT file"))
    gift_import.add_argument("--into", required=True, metavar=_("DIR"), help=_("the pack to write the quiz into"))
    gift_import.add_argument("--id", metavar="QUIZ", help=_("the quiz id (default: from the file name)"))

    certificate = commands.add_parser("certificate", add_help=False, parents=[common, data], help=_("a PDF certificate of the completed course, or check one"), description=_("Write the learner's PDF certificate once the course is complete, or check a certificate's verification code."))
    _help_and_titles(certificate)
    certificate.add_argument("-o", "--output", metavar=_("FILE"), help=_("the PDF to write, or a folder (default: this folder)"))
    certificate_actions = certificate.add_subparsers(dest="certificate_action", metavar="verify", parser_class=_Parser)
    verify = certificate_actions.add_parser("verify", add_help=False, parents=[common, data], help=_("check a verification code against the progress file"))
    _help_and_titles(verify)
    verify.add_argument("code", metavar="CODE", help=_("the code printed on the certificate"))

    report = commands.add_parser("report", add_help=False, parents=[common], help=_("the trainer's report: completion, pass rates, question difficulty"), description=_("Report on many learners, from collected progress files or from an xAPI LRS: completion, pass rate per quiz, per question the share answered right and how well it separates strong from weak learners, the most missed questions."))
    _help_and_titles(report)
    sources = report.add_mutually_exclusive_group()
    sources.add_argument("--store", nargs="+", metavar=_("FILE"), help=_("collected progress.sqlite3 files (never changed)"))
    sources.add_argument("--lrs", metavar="URL", help=_("an xAPI LRS endpoint to read the statements from"))
    report.add_argument("--user", metavar=_("NAME"), help=_("the LRS user"))
    report.add_argument("--password-env", metavar="VARIABLE", help=_("the environment variable holding the LRS password"))
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--csv", action="store_true", help=_("CSV, one row per question"))
    report_format.add_argument("--app", action="store_true", help=_("show the report in the terminal app, with charts"))
    report.add_argument("-o", "--output", metavar=_("FILE"), help=_("the file to write (default: the standard output)"))

    sync = commands.add_parser("sync", add_help=False, parents=[common, data], help=_("send the learning record to an xAPI LRS"), description=_("Send the pending xAPI statements to the Learning Record Store named in xapi.toml (in the data folder) or in the flags. Statements are marked sent only once the LRS accepted them."))
    _help_and_titles(sync)
    sync.add_argument("--status", action="store_true", help=_("say what is pending, and the last sync"))
    sync.add_argument("--config", metavar=_("FILE"), help=_("the settings file (default: xapi.toml in the data folder)"))
    sync.add_argument("--endpoint", metavar="URL", help=_("the LRS endpoint, e.g. https://lrs.example.org/xAPI"))
    sync.add_argument("--user", metavar=_("NAME"), help=_("the LRS user"))
    sync.add_argument("--password-env", metavar="VARIABLE", help=_("the environment variable holding the LRS password"))
    sync.add_argument("--home-page", metavar="URL", help=_("the home page of the learners' accounts"))

    serve = commands.add_parser("serve", add_help=False, parents=[common, data], help=_("the app in a web browser"), description=_("Serve the app to web browsers through textual-serve: each browser tab runs its own session on this machine's progress file. Ctrl+C stops it."))
    _help_and_titles(serve)
    serve.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"), help=_("the address to listen on (default: 127.0.0.1, this machine only); any other address lets whoever can reach it open the app and read the learners' progress"))
    serve.add_argument("--port", type=int, default=8000, metavar=_("PORT"), help=_("the port to listen on (default: 8000)"))

    schema = commands.add_parser("schema", add_help=False, parents=[language], help=_("print the JSON Schema of a pack file"), description=_("Print the JSON Schema (draft 2020-12) of course.yaml, of a lesson's front matter or of a quiz, for an editor's YAML support."))
    _help_and_titles(schema)
    schema.add_argument("kind", choices=("course", "lesson", "quiz"), help=_("which file"))

    progress = commands.add_parser("progress", add_help=False, parents=[common, data], help=_("show the learner's progress"), description=_("Show a learner's progress in the course."))
    _help_and_titles(progress)
    progress_format = progress.add_mutually_exclusive_group()
    progress_format.add_argument("--json", action="store_true", help=_("print the progress as JSON"))
    progress_format.add_argument("--csv", action="store_true", help=_("print the learner's whole record as CSV, one event a line"))
    return parser


def _help_and_titles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    parser._positionals.title = _("arguments")
    parser._optionals.title = _("options")


def main(argv: Sequence[str] | None = None) -> int:
    """Run trainer with `argv` (default: the process's arguments); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    flag = _pre_scan(argv, "--lang")
    set_language(choose_language(flag, _course_languages(_pre_scan(argv, "--course")) or ["en"]))
    try:
        args = build_parser().parse_args(argv)
        if args.command == "validate":
            return _validate(args)
        if args.command == "quiz":
            return _quiz(args)
        if args.command == "progress":
            return _progress(args)
        if args.command == "new":
            return _new(args)
        if args.command == "preview":
            return _preview(args)
        if args.command == "gift":
            return _gift(args)
        if args.command == "certificate":
            return _certificate(args)
        if args.command == "report":
            return _report(args)
        if args.command == "sync":
            return _sync(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "schema":
            from trainer.course.schema import SCHEMAS

            print(json.dumps(SCHEMAS[args.kind](), ensure_ascii=False, indent=2))
            return EXIT_OK
        return _app(args)
    except UsageError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PackInvalid:
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`trainer … | head`): stop quietly, as other commands do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


# helpers shared by the commands ------------------------------------------------------------------


def _pack_dir(args: argparse.Namespace) -> Path:
    from trainer.locations import bundled_course

    directory = Path(getattr(args, "course", None) or bundled_course())
    if not directory.is_dir():
        raise UsageError(_("no such folder: {path}").format(path=directory))
    return directory


def _load(args: argparse.Namespace):
    """The pack's course in the chosen language; pack errors go to stderr and raise PackInvalid."""
    from trainer.quiz.selftest import check_pack

    directory = _pack_dir(args)
    pack, diagnostics = check_pack(directory)
    errors = [d for d in diagnostics if d.is_error]
    if pack is None or errors:
        for diagnostic in errors:
            print(inert(str(diagnostic)), file=sys.stderr)
        print(_("trainer: the course pack in {path} has errors; run `trainer validate {path}`").format(path=directory), file=sys.stderr)
        raise PackInvalid(directory)
    flag = getattr(args, "lang", None)
    if flag and flag not in pack.languages:
        raise UsageError(
            _("this course is in {languages}, not {language}").format(languages=", ".join(pack.languages), language=flag)
        )
    language = choose_language(flag, pack.languages)
    set_language(language)
    return pack, pack.course(language)


# commands ------------------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from trainer.quiz.selftest import check_pack

    directory = _pack_folder(args.directory)
    pack, diagnostics = check_pack(directory)
    if args.format == "json":
        print(json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2))
    else:
        for diagnostic in diagnostics:
            print(inert(str(diagnostic)))
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if pack is not None:
        lessons = len(pack.lessons[pack.default_language])
        questions = sum(len(q.questions) for q in pack.quizzes[pack.default_language].values())
        counts = ", ".join(
            (
                ngettext("{n} lesson", "{n} lessons", lessons).format(n=lessons),
                ngettext("{n} question", "{n} questions", questions).format(n=questions),
                "/".join(pack.languages),
            )
        )
        print(
            _("{path}: {counts}; {errors}, {warnings}").format(
                path=directory,
                counts=counts,
                errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
                warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            ),
            file=sys.stderr,
        )
    return EXIT_INVALID if errors or (args.strict and warnings) else EXIT_OK


def _quiz(args: argparse.Namespace) -> int:
    from trainer.course.model import TextAnswer
    from trainer.course.yamlmarks import YamlError, parse
    from trainer.quiz.grading import ResponseError
    from trainer.quiz.scoring import score_quiz

    pack, course = _load(args)
    quiz = course.quizzes.get(args.quiz)
    if quiz is None:
        known = ", ".join(sorted(course.quizzes)) or "-"
        raise UsageError(_("no quiz `{quiz}` in this course (quizzes: {known})").format(quiz=args.quiz, known=known))
    try:
        text = Path(args.answers).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(_("cannot read the answers file {path}: {error}").format(path=args.answers, error=getattr(error, "strerror", None) or error)) from None
    try:
        responses = parse(text).value
    except YamlError as error:
        where = f"{args.answers}:{error.mark.line}:{error.mark.column}"
        raise UsageError(_("{where}: the answers file is not valid YAML").format(where=where)) from None
    if responses is None:
        responses = {}
    if not isinstance(responses, dict):
        raise UsageError(_("{path}: the answers file must be a map of question id to response").format(path=args.answers))
    texts = {q.id for q in quiz.questions if isinstance(q, TextAnswer)}
    responses = {
        str(key): responses.raw.get(key, value) if key in texts and not isinstance(value, (str, bool)) else value
        for key, value in responses.items()
    }
    try:
        result = score_quiz(quiz, responses, course.pass_mark_of(quiz))
    except ResponseError as error:
        raise UsageError(f"{args.answers}: {error}") from None
    if args.json:
        print(json.dumps({
            "quiz": quiz.id,
            "language": course.language,
            "score": result.score,
            "passed": result.passed,
            "questions": [{"id": g.question_id, "score": g.score} for g in result.grades],
        }, ensure_ascii=False))
    else:
        verdict = _("passed") if result.passed else _("not passed")
        print(f"{inert(quiz.title)}: {result.percent} % — {verdict} ({_('pass mark')} {round(result.pass_mark * 100)} %)")
        for question_grade in result.grades:
            shown = "–" if not question_grade.answered else f"{question_grade.score:.2f}".rstrip("0").rstrip(".")
            print(f"  {question_grade.question_id}: {shown}")
    return EXIT_OK


def _pack_folder(directory: str | None) -> Path:
    """The folder named, else this folder if it holds a course.yaml, else the bundled course."""
    from trainer.locations import bundled_course

    if directory:
        path = Path(directory)
        if not path.is_dir():
            raise UsageError(_("no such folder: {path}").format(path=path))
        return path
    return Path.cwd() if (Path.cwd() / "course.yaml").is_file() else bundled_course()


def _preview(args: argparse.Namespace) -> int:
    root = _pack_folder(args.directory)
    set_language(choose_language(getattr(args, "lang", None), _course_languages(str(root)) or ["en"]))
    from trainer.tui.preview import PreviewApp

    PreviewApp(root, getattr(args, "lang", None)).run()
    return EXIT_OK


def _open_store(args: argparse.Namespace):
    """The learner's store when it exists (never created just to read it), else None."""
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store

    path = data_dir(getattr(args, "data_dir", None)) / STORE_FILE
    return Store.open(path) if path.exists() else None


def _certificate(args: argparse.Namespace) -> int:
    from trainer import certificate_cli
    from trainer.progress.store import StoreError
    from trainer.session import utc_now

    pack, course = _load(args)
    try:
        store = _open_store(args)
    except StoreError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_INVALID
    if store is None:
        print(_("trainer: no progress recorded yet: take the course with `trainer` first"), file=sys.stderr)
        return EXIT_INVALID
    try:
        if args.certificate_action == "verify":
            return certificate_cli.verify_command(course, store, args.code)
        return certificate_cli.certificate_command(course, store, getattr(args, "learner", None), args.output, utc_now())
    finally:
        store.close()


def _serve(args: argparse.Namespace) -> int:
    _load(args)  # a broken pack or an unknown --lang is reported once here, not in every browser tab
    from trainer import serve

    return serve.serve_command(
        args.host, args.port, getattr(args, "course", None), getattr(args, "lang", None),
        getattr(args, "data_dir", None), getattr(args, "learner", None),
    )


def _sync(args: argparse.Namespace) -> int:
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store, StoreError
    from trainer.xapi.config import ConfigError, resolve_config
    from trainer.xapi.sync import sync_command

    pack, course = _load(args)
    folder = data_dir(getattr(args, "data_dir", None))
    try:
        config = resolve_config(
            folder, args.config, endpoint=args.endpoint, user=args.user, password_env=args.password_env, home_page=args.home_page
        )
    except ConfigError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        store = Store.open(folder / STORE_FILE)
    except StoreError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_INVALID
    try:
        return sync_command(config, store, pack, status_only=args.status)
    finally:
        store.close()


def _report(args: argparse.Namespace) -> int:
    from trainer import report_cli

    pack, course = _load(args)
    sources = {"stores": args.store or (), "lrs": args.lrs, "user": args.user, "password_env": args.password_env}
    if not args.app:
        return report_cli.report_command(course, output_format="csv" if args.csv else "table", output=args.output, **sources)
    try:
        report = report_cli.gather(course, **sources)
    except report_cli.ReportError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return error.code
    from trainer.tui.report_app import ReportApp

    ReportApp(course, report).run()
    return EXIT_OK


def _gift(args: argparse.Namespace) -> int:
    from trainer import gift_cli

    if args.direction == "import":
        return gift_cli.import_command(args.file, args.into, args.id, getattr(args, "lang", None))
    if not args.quiz and not args.all_quizzes:
        raise UsageError(_("name a quiz, or use --all"))
    if not getattr(args, "course", None):
        args.course = str(_pack_folder(None))  # a trainer exports the pack they stand in
    pack, course = _load(args)
    return gift_cli.export_command(pack, course, args.quiz, args.all_quizzes, args.output)


def _new(args: argparse.Namespace) -> int:
    from trainer import scaffold

    try:
        if args.kind == "course":
            languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
            written = scaffold.new_course(Path(args.directory), languages, args.title)
        else:
            root = Path(args.course) if args.course else Path.cwd()
            if not root.is_dir():
                raise UsageError(_("no such folder: {path}").format(path=root))
            if args.kind == "lesson":
                written = scaffold.new_lesson(root, args.id, args.module)
            else:
                written = scaffold.new_quiz(root, args.id, args.lesson)
    except scaffold.ScaffoldError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(path)
    return EXIT_OK


def _progress(args: argparse.Namespace) -> int:
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store, StoreError
    from trainer.reports import progress_report, record_csv, render_text

    pack, course = _load(args)
    path = data_dir(getattr(args, "data_dir", None)) / STORE_FILE
    learner = None
    store = None
    if path.exists():
        try:
            store = Store.open(path)
        except StoreError as error:
            print(f"trainer: {error}", file=sys.stderr)
            return EXIT_INVALID
        name = getattr(args, "learner", None)
        learner = store.learner(name) if name else store.last_learner()
        if name and learner is None:
            raise UsageError(_("no learner named {name}").format(name=name))
    if args.csv:
        sys.stdout.write(record_csv(store, learner, course))
    else:
        report = progress_report(course, store, learner)
        print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render_text(report))
    if store is not None:
        store.close()
    return EXIT_OK


def _app(args: argparse.Namespace) -> int:
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store, StoreError

    pack, course = _load(args)
    try:
        # A damaged progress file is moved aside (never deleted) and a new one started: the
        # learner can go on, and the notice says where the old file went.
        store = Store.open(data_dir(getattr(args, "data_dir", None)) / STORE_FILE, set_aside_damaged=True)
    except StoreError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_INVALID
    if store.notice:
        print(f"trainer: {store.notice}", file=sys.stderr)
    try:
        if args.plain:
            from trainer.plain import run_plain
            from trainer.quiz.attempts import new_seed
            from trainer.session import utc_now

            return run_plain(course, store, getattr(args, "learner", None), sys.stdin, sys.stdout, utc_now, new_seed)
        from trainer.tui.app import TrainerApp

        TrainerApp(course, store, learner_name=getattr(args, "learner", None), pack=pack).run()
    finally:
        store.close()
    return EXIT_OK
