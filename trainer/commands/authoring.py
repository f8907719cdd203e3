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
    pack_above,
    pack_folder,
)
from trainer.course.diagnostics import SEVERITY_WORDS, Diagnostic
from trainer.i18n import (
    _,
    choose_language,
    current_language,
    ngettext,
    set_language,
    writer_language,
)
from trainer.inert import inert, json_text


def _pack_folder(directory: str | None) -> Path:
    """The folder named, else the nearest pack from this folder up, else the bundled course."""
    return pack_folder(directory)


def _diagnostics_language(flag: str | None, directory: Path) -> str:
    """`--lang`, else the locale's language, else the pack's first language the interface speaks,
    else English: the diagnostics are for the writer, whatever languages the pack is in."""
    return writer_language(flag, course_languages(str(directory)))


def _diagnostic_line(diagnostic: Diagnostic) -> str:
    """`path:line:col: severity: message`, the severity word in the interface's language too, as
    the preview shows it (`erreur`, `avertissement`); `--format json` and `--lang en` keep
    `error` and `warning` for tools."""
    severity = _(SEVERITY_WORDS[diagnostic.severity.value])
    return f"{diagnostic.place}: {severity}: {diagnostic.shown(_)}"


def validate_command(args: argparse.Namespace) -> int:
    """`trainer validate`: one diagnostic a line (or JSON), a summary on stderr; exit 1 on
    errors."""
    from trainer.quiz.pack_check import check_pack

    named = args.directory or args.course
    only = None
    if named and Path(named).is_file():
        # `trainer validate lessons/accueil.md`: that file's diagnostics, checked in its pack.
        directory = pack_above(Path(named).parent)
        if directory is None:
            raise UsageError(
                _(
                    "{path} is not inside a course pack: no course.yaml in its folder or above"
                ).format(path=named)
            )
        only = Path(named).resolve().relative_to(directory).as_posix()
    else:
        directory = _pack_folder(named)
    set_language(_diagnostics_language(args.lang, directory))
    pack, diagnostics = check_pack(directory)
    if only is not None:
        diagnostics = [d for d in diagnostics if d.path == only]
    if args.format == "json":
        print(json_text([d.as_dict(_) for d in diagnostics], indent=2))
    else:
        for diagnostic in diagnostics:
            print(inert(_diagnostic_line(diagnostic)))
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


def _new_languages(written: str | None) -> list[str]:
    """`--languages fr,en` as a list; the interface's language alone when it is not given."""
    if written is None:
        return [current_language()]
    languages = [language.strip() for language in written.split(",")]
    if not any(languages):
        raise UsageError(_("--languages needs at least one language, such as fr or fr,en"))
    for index, language in enumerate(languages):
        if not language:
            raise UsageError(_("--languages has an empty language: write them as fr,en"))
        if language in languages[:index]:
            raise UsageError(
                _("--languages lists {language} twice: write each language once").format(
                    language=language
                )
            )
    return languages


def new_command(args: argparse.Namespace) -> int:
    """`trainer new course|lesson|quiz`: write the files to start from and print their paths."""
    from trainer.authoring import scaffold

    try:
        if args.kind == "course":
            directory = Path(args.directory)
            if directory.exists() and not directory.is_dir():
                raise UsageError(
                    _("{path} is a file, not a folder: choose a new folder").format(path=directory)
                )
            written = scaffold.new_course(directory, _new_languages(args.languages), args.title)
        else:
            root = Path(args.course) if args.course else (pack_above(Path.cwd()) or Path.cwd())
            if not root.is_dir():
                raise UsageError(_("no such folder: {path}").format(path=root))
            folder = root / ("lessons" if args.kind == "lesson" else "quizzes")
            if folder.exists() and not folder.is_dir():
                raise UsageError(
                    _("{path} is a file: a pack keeps them in a folder of that name").format(
                        path=folder
                    )
                )
            if args.kind == "lesson":
                written = scaffold.new_lesson(root, args.id, args.module)
            else:
                written = scaffold.new_quiz(root, args.id, args.lesson)
    except scaffold.ScaffoldError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        # A folder under a file, a folder that cannot be written: one line, never a traceback.
        raise UsageError(
            _("cannot write {path}: {error}").format(
                path=error.filename or args.directory, error=error.strerror
            )
        ) from None
    for path in written:
        print(path)
    return EXIT_OK


def preview_command(args: argparse.Namespace) -> int:
    """`trainer preview`: the app on a pack being written, reloaded on every change."""
    root = _pack_folder(args.directory or args.course)
    set_language(choose_language(args.lang, course_languages(str(root)) or ["en"]))
    from trainer.tui.preview import PreviewApp
    from trainer.tui.widgets.picture import choose_renderer

    # Asked even for a pack without pictures yet: the author may add one while previewing.
    choose_renderer()  # asks the terminal what it draws, before Textual takes it
    PreviewApp(root, args.lang).run()
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    """`trainer schema course|lesson|quiz`: print the JSON Schema (draft-07) of that pack file."""
    from trainer.course.schema import schema_text

    # Descriptions in the interface's language: `--lang`, else the locale's.
    sys.stdout.write(schema_text(args.kind, _))
    return EXIT_OK


def gift_command(args: argparse.Namespace) -> int:
    """`trainer gift export|import`: quizzes to and from Moodle's GIFT format."""
    from trainer.commands import gift

    if args.direction == "import":
        return gift.import_command(args.file, args.into, args.id, args.lang, args.category)
    if not args.quiz and not args.all_quizzes:
        raise UsageError(_("name a quiz, or use --all"))
    if not args.course:
        args.course = str(_pack_folder(None))  # a trainer exports the pack they stand in
    pack, course = load(args)
    return gift.export_command(pack, course, args.quiz, args.all_quizzes, args.output)
