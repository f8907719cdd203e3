"""The learner's commands: the app (or plain mode), `quiz`, `progress` and `certificate`.

`quiz` and `progress` never import Textual: they are for scripts and screen readers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.commands.common import EXIT_CRASH, EXIT_INVALID, EXIT_OK, UsageError, load
from trainer.i18n import _
from trainer.inert import inert


def app_command(args: argparse.Namespace) -> int:
    """`trainer` alone: the terminal app, or plain mode with --plain, on the learner's progress."""
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store, StoreError

    pack, course = load(args)
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

            return run_plain(course, store, getattr(args, "learner", None), sys.stdin, sys.stdout, utc_now, new_seed, pack)
        from trainer.tui.app import TrainerApp

        folder = data_dir(getattr(args, "data_dir", None))
        app = TrainerApp(course, store, learner_name=getattr(args, "learner", None), pack=pack, crash_folder=folder)
        app.run()
    finally:
        store.close()
    if app.return_code:
        from trainer.crashlog import crash_sentence

        print(crash_sentence(app.crash_log, folder, app.crash_failure), file=sys.stderr)
        return EXIT_CRASH
    return EXIT_OK


def quiz_command(args: argparse.Namespace) -> int:
    """`trainer quiz QUIZ --answers FILE`: grade a file of answers, headless; nothing is recorded."""
    from trainer.course.model import TextAnswer
    from trainer.course.yamlmarks import YamlError, parse
    from trainer.quiz.grading import ResponseError
    from trainer.quiz.scoring import score_quiz

    pack, course = load(args)
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


def progress_command(args: argparse.Namespace) -> int:
    """`trainer progress`: the learner's progress as text or JSON, or their whole record as CSV."""
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store, StoreError
    from trainer.reports import progress_report, record_csv, render_text

    pack, course = load(args)
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


def _open_store(args: argparse.Namespace):
    """The learner's store when it exists (never created just to read it), else None."""
    from trainer.locations import data_dir
    from trainer.progress.store import STORE_FILE, Store

    path = data_dir(getattr(args, "data_dir", None)) / STORE_FILE
    return Store.open(path) if path.exists() else None


def certificate_command(args: argparse.Namespace) -> int:
    """`trainer certificate [verify CODE]`: write the learner's PDF certificate, or check a code."""
    from trainer import certificate_cli
    from trainer.progress.store import StoreError
    from trainer.session import utc_now

    pack, course = load(args)
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
