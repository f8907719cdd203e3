"""The commands of whoever writes a pack: `validate`, `new`, `preview`, `schema` and `gift`.

`validate` never imports Textual: it runs in editors and CI, where start-up time counts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    course_languages,
    load,
)
from trainer.i18n import (
    UI_LANGUAGES,
    _,
    choose_language,
    locale_language,
    ngettext,
    set_language,
)
from trainer.inert import inert, json_text


def _pack_folder(directory: str | None) -> Path:
    """The folder named, else this folder if it holds a course.yaml, else the bundled course."""
    from trainer.locations import bundled_course

    if directory:
        path = Path(directory)
        if not path.is_dir():
            raise UsageError(_("no such folder: {path}").format(path=path))
        return path
    return Path.cwd() if (Path.cwd() / "course.yaml").is_file() else bundled_course()


def _diagnostics_language(flag: str | None, directory: Path) -> str:
    """`--lang`, else the locale's language, else the pack's first language the interface speaks,
    else English: the diagnostics are for the writer, whatever languages the pack is in."""
    from_locale = locale_language()
    if flag:
        return flag
    if from_locale in UI_LANGUAGES:
        return from_locale
    spoken = [language for language in course_languages(str(directory)) if language in UI_LANGUAGES]
    return spoken[0] if spoken else "en"


def validate_command(args: argparse.Namespace) -> int:
    """`trainer validate`: one diagnostic a line (or JSON), a summary on stderr; exit 1 on
    errors."""
    from trainer.quiz.pack_check import check_pack

    directory = _pack_folder(args.directory)
    set_language(_diagnostics_language(args.lang, directory))
    pack, diagnostics = check_pack(directory)
    if args.format == "json":
        print(json_text([d.as_dict(_) for d in diagnostics], indent=2))
    else:
        for diagnostic in diagnostics:
            print(inert(diagnostic.line_text(_)))  # `error:`/`warning:` stay for editors
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


def new_command(args: argparse.Namespace) -> int:
    """`trainer new course|lesson|quiz`: write the files to start from and print their paths."""
    from trainer.authoring import scaffold

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


def preview_command(args: argparse.Namespace) -> int:
    """`trainer preview`: the app on a pack being written, reloaded on every change."""
    root = _pack_folder(args.directory)
    set_language(choose_language(args.lang, course_languages(str(root)) or ["en"]))
    from trainer.tui.preview import PreviewApp

    PreviewApp(root, args.lang).run()
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    """`trainer schema course|lesson|quiz`: print the JSON Schema of that pack file."""
    from trainer.course.schema import SCHEMAS

    print(json_text(SCHEMAS[args.kind](), indent=2))
    return EXIT_OK


def gift_command(args: argparse.Namespace) -> int:
    """`trainer gift export|import`: quizzes to and from Moodle's GIFT format."""
    from trainer.commands import gift

    if args.direction == "import":
        return gift.import_command(args.file, args.into, args.id, args.lang)
    if not args.quiz and not args.all_quizzes:
        raise UsageError(_("name a quiz, or use --all"))
    if not args.course:
        args.course = str(_pack_folder(None))  # a trainer exports the pack they stand in
    pack, course = load(args)
    return gift.export_command(pack, course, args.quiz, args.all_quizzes, args.output)
