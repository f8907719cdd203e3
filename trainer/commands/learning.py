"""The learner's commands: the app (or plain mode), `quiz`, `progress` and `certificate`.

`quiz` and `progress` never import Textual: they are for scripts and screen readers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from trainer.commands.common import (
    EXIT_CRASH,
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    existing_store,
    load,
    open_store,
)
from trainer.i18n import _, program_line
from trainer.inert import inert, inert_line, json_text


def named_learner(store, name: str):
    """The learner `--learner NAME` names, or None for a name new to this store; a `UsageError`
    that says whom they meant when the name is near an existing one (accents, case, a slip)."""
    from trainer.progress.names import near_names

    name = " ".join(name.split())
    learner = store.learner(name)
    if learner is not None:
        return learner
    near = near_names(name, [other.name for other in store.learners()])
    if near:
        raise UsageError(
            _(
                'no learner is named “{name}”: did you mean “{meant}”? Use --learner "{meant}"'
            ).format(name=inert(name), meant=inert(near[0]))
        )
    return None


def learner_list(store) -> str:
    """The learners' names, for a message: « Marie Dupré, Paul »."""
    return ", ".join(inert_line(learner.name) for learner in store.learners())


def app_command(args: argparse.Namespace) -> int:
    """`trainer` alone: the terminal app, or plain mode with --plain, on the learner's progress."""
    from trainer.locations import data_dir

    pack, course = load(args)
    group = _group_flag(args)
    # --lang on the command line wins over the learner's saved language, for this run only.
    language_given = bool(args.lang)
    folder = data_dir(args.data_dir)
    # A damaged progress file is moved aside (never deleted) and a new one started: the learner
    # can go on, and the notice says where the old file went.
    store = open_store(args, set_aside_damaged=True)
    for line in (store.notice, store.warning):  # the app shows them on screen too
        if line:
            print(program_line(inert(line)), file=sys.stderr)
    from trainer.web.identity import ACCOUNT_VARIABLE, LESSON_VARIABLE

    # Set by `trainer serve --trusted-header` for the session it starts: the account the
    # organisation's sign-on vouched for, whose own folder --data-dir is.
    account = os.environ.get(ACCOUNT_VARIABLE) or None
    try:
        name = " ".join((args.learner or "").split()) or None
        if account is not None:
            mine = store.last_learner() or next(iter(store.learners()), None)
            name = mine.name if mine is not None else None
        elif name is not None:
            found = named_learner(store, name)
            name = found.name if found else name
        elif args.plain and not _interactive(sys.stdin) and len(store.learners()) != 1:
            # Piped answers must not be taken for a learner's name (or a choice among learners).
            if store.learners():
                raise UsageError(
                    _(
                        "plain mode is reading its answers from a pipe: say which learner with "
                        "--learner NAME (learners: {names})"
                    ).format(names=learner_list(store))
                )
            raise UsageError(
                _(
                    "plain mode is reading its answers from a pipe and there is no learner yet: "
                    "name one with --learner NAME, for example "
                    'trainer --plain --learner "Marie Dupré"'
                )
            )
        if args.plain:
            from trainer.plain.menu import run_plain
            from trainer.quiz.attempts import new_seed
            from trainer.session import utc_now

            return run_plain(
                course,
                store,
                name,
                sys.stdin,
                sys.stdout,
                utc_now,
                new_seed,
                pack,
                follow_saved_language=not language_given,
                served=account is not None,
                group=group,
            )
        from trainer.course.media import has_pictures
        from trainer.tui.app import TrainerApp

        app = TrainerApp(
            course,
            store,
            learner_name=name,
            pack=pack,
            follow_saved_language=not language_given,
            crash_folder=folder,
            account=account,
            group=group,
            # Set by `trainer serve` for a cmi5 launch: the launched module's next lesson.
            start_lesson=os.environ.get(LESSON_VARIABLE) or None,
        )
        if pack is None or has_pictures(pack):
            from trainer.tui.widgets.picture import choose_renderer

            # Asks the terminal what it draws, before Textual takes it (a pack without pictures
            # spares the learner the questions and their wait).
            choose_renderer()
        app.run()
    finally:
        store.close()
    if app.return_code:
        from trainer.tui.crashlog import crash_sentence

        print(crash_sentence(app.crash_log, folder, app.crash_failure), file=sys.stderr)
        return EXIT_CRASH
    return EXIT_OK


def _group_flag(args: argparse.Namespace) -> str | None:
    """The group --group names, checked; None when not given. `""` (no group) is kept as such."""
    from trainer.progress.groups import GroupError, clean_group

    given = getattr(args, "group", None)
    if given is None:
        return None
    try:
        return clean_group(given) or ""
    except GroupError as error:
        raise UsageError(f"--group: {error}") from None


def _interactive(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def quiz_command(args: argparse.Namespace) -> int:
    """`trainer quiz QUIZ --answers FILE [--seed N]`: grade a file of answers, headless; nothing
    is recorded.

    A quiz that draws from a bank is graded over the questions `--seed` draws, as an attempt with
    that seed would draw them (a new seed when none is given, printed with the result): an answer
    to a question not drawn is refused, naming it.
    """
    from trainer.course.model import TextAnswer
    from trainer.course.yamlmarks import MarkedMap, YamlError, parse
    from trainer.quiz.attempts import draw, new_seed
    from trainer.quiz.feedback import remarks
    from trainer.quiz.grading import ResponseError
    from trainer.quiz.scoring import score_quiz

    _pack, course = load(args)
    quiz = course.quizzes.get(args.quiz)
    if quiz is None:
        known = ", ".join(sorted(course.quizzes)) or "-"
        raise UsageError(
            _("no quiz `{quiz}` in this course (quizzes: {known})").format(
                quiz=args.quiz, known=known
            )
        )
    try:
        text = Path(args.answers).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            _("cannot read the answers file {path}: {error}").format(
                path=args.answers, error=getattr(error, "strerror", None) or error
            )
        ) from None
    try:
        responses = parse(text).value
    except YamlError as error:
        where = f"{args.answers}:{error.mark.line}:{error.mark.column}"
        raise UsageError(
            _("{where}: the answers file is not valid YAML").format(where=where)
        ) from None
    if responses is None:
        responses = {}
    if not isinstance(responses, dict):
        raise UsageError(
            _("{path}: the answers file must be a map of question id to response").format(
                path=args.answers
            )
        )
    texts = {q.id for q in quiz.questions if isinstance(q, TextAnswer)}
    # A text answer is graded as written (`010` stays `010`), not as YAML reads it.
    written = responses.raw if isinstance(responses, MarkedMap) else {}
    responses = {
        str(key): written.get(key, value)
        if key in texts and not isinstance(value, (str, bool))
        else value
        for key, value in responses.items()
    }
    seed: int | None = None
    graded = quiz
    if quiz.draw is not None:
        seed = new_seed() if args.seed is None else args.seed
        drawn = draw(quiz, seed)
        graded = quiz.drawn(drawn)
        bank = {q.id for q in quiz.questions}
        for question_id in responses:
            if question_id in bank and question_id not in drawn:
                raise UsageError(
                    _(
                        "{path}: question `{id}` was not drawn with --seed {seed} (drawn: "
                        "{drawn}); answer only the drawn questions"
                    ).format(
                        path=args.answers,
                        id=inert(question_id),
                        seed=seed,
                        drawn=", ".join(drawn),
                    )
                )
    try:
        result = score_quiz(graded, responses, course.pass_mark_of(quiz))
    except ResponseError as error:
        raise UsageError(f"{args.answers}: {error}") from None
    if args.json:
        output: dict[str, object] = {
            "quiz": quiz.id,
            "language": course.language,
            "score": result.score,
            "passed": result.passed,
            "questions": [
                {
                    "id": g.question_id,
                    "score": g.score,
                    "feedback": [
                        {"text": remark.text, "about": remark.about}
                        for remark in remarks(quiz.question(g.question_id), g)
                    ],
                }
                for g in result.grades
            ],
        }
        if seed is not None:  # what draws the same questions again
            output["seed"] = seed
            output["drawn"] = [q.id for q in graded.questions]
        print(json_text(output))
    else:
        verdict = _("passed") if result.passed else _("not passed")
        # Through the catalog, so that French gets its no-break space before the colon.
        print(
            _("{title}: {percent} % — {verdict} (pass mark {mark} %)").format(
                title=inert(quiz.title),
                percent=result.percent,
                verdict=verdict,
                mark=round(result.pass_mark * 100),
            )
        )
        if seed is not None:
            print(
                _("{n} of {total} questions drawn with --seed {seed}").format(
                    n=len(graded.questions), total=len(quiz.questions), seed=seed
                )
            )
        for question_grade in result.grades:
            shown = (
                "–"
                if not question_grade.answered
                else f"{question_grade.score:.2f}".rstrip("0").rstrip(".")
            )
            print("  " + _("{left}: {right}").format(left=question_grade.question_id, right=shown))
    return EXIT_OK


def progress_command(args: argparse.Namespace) -> int:
    """`trainer progress`: the learner's progress as text or JSON, or their whole record as CSV."""
    from trainer.progress.summary import progress_report, record_csv, render_text

    if args.json and args.excel:
        raise UsageError(
            _("argument {arg}: not allowed with argument {other}").format(
                arg="--excel", other="--json"
            )
        )
    _pack, course = load(args)
    learner = None
    store = existing_store(args)
    try:
        if store is not None:
            learner = _progress_learner(store, args.learner)
        if args.excel:
            # Past the inert stream, which would show the CRLF line ends: the cells are made inert
            # by `record_csv` itself. The byte order mark tells a spreadsheet the file is UTF-8
            # (else « é » reads « Ã© »).
            raw = getattr(sys.stdout, "stream", sys.stdout)
            raw.flush()
            raw.buffer.write(record_csv(store, learner, course, excel=True).encode("utf-8-sig"))
            raw.buffer.flush()
        elif args.csv:
            sys.stdout.write(record_csv(store, learner, course))
        else:
            report = progress_report(course, store, learner)
            print(json_text(report, indent=2) if args.json else render_text(report))
    finally:
        if store is not None:
            store.close()
    return EXIT_OK


def _progress_learner(store, name: str | None):
    """The learner `trainer progress` reports on: the one named, else the one who studied last,
    said on stderr with the others when there are several."""
    learner = named_learner(store, name) if name else store.last_learner()
    if name and learner is None:
        raise UsageError(
            _("no learner named {name} (learners: {names})").format(
                name=inert_line(name), names=learner_list(store) or "-"
            )
        )
    others = [
        other.name for other in store.learners() if learner is not None and other.id != learner.id
    ]
    if not name and others:
        # Several learners and none named: say whose progress this is, and who else there is.
        print(
            _(
                "trainer: the progress of {name}, who studied last; other learners: {others} "
                "(choose with --learner NAME)"
            ).format(
                name=inert_line(learner.name),
                others=", ".join(inert_line(other) for other in others),
            ),
            file=sys.stderr,
        )
    return learner


def certificate_command(args: argparse.Namespace) -> int:
    """`trainer certificate [verify CODE]`: write the learner's PDF certificate, or check a code."""
    from trainer.commands import certificate
    from trainer.session import utc_now

    action = args.certificate_action
    if action == "verify" and args.public_key and (args.store or args.lrs):
        raise UsageError(
            _(
                "--store and --lrs look for a local code; a signed certificate is checked with "
                "--public-key alone"
            )
        )
    if action in ("keygen", "issue") or (action == "verify" and args.public_key):
        return signed_certificate_command(args)
    _pack, course = load(args)
    if action == "verify" and (args.store or args.lrs):
        from trainer.commands import collected_certificates

        return collected_certificates.verify_collected_command(
            course, args.code, args.store or (), args.lrs, args.user, args.password_env
        )
    store = existing_store(args)
    if store is None:
        print(
            _("trainer: no progress recorded yet: take the course with `trainer` first"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        if action == "verify":
            return certificate.verify_command(course, store, args.code)
        name = args.learner
        # A near name (accents, case, a slip) says whom it meant rather than "no learner".
        learner = (named_learner(store, name) or name) if name else None
        return certificate.certificate_command(course, store, learner, args.output, utc_now())
    finally:
        store.close()


def signed_certificate_command(args: argparse.Namespace) -> int:
    """`trainer certificate keygen | issue | verify --public-key`: the organisation's
    certificates."""
    from trainer.commands import certificate
    from trainer.session import utc_now

    if args.certificate_action == "keygen":
        return certificate.keygen_command(args.out)
    if args.certificate_action == "verify":
        return certificate.verify_signed_command(args.code, args.public_key)
    _pack, course = load(args)
    return certificate.issue_command(
        course, args.store, args.key, args.out, args.learner, utc_now()
    )
