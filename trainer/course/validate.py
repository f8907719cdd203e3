"""The rules of a pack that span several files: modules and lessons, quizzes, translations.

File-level rules (keys, types, each question type's own rules) are the loader's; this module adds
the rules that need the whole pack. Every translation must carry the same lessons, quizzes, question
ids and answer key as the pack's first language; a drift is reported in the translation's file, at
the question.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Protocol

from trainer.course import media
from trainer.course.diagnostics import Mark, Report, Text, phrase
from trainer.course.fields import nearest, suggestion, yaml_spelling
from trainer.course.loader import COURSE_FILE, Pack
from trainer.course.model import (
    ChoiceQuestion,
    Draw,
    Matching,
    Ordering,
    Question,
    Quiz,
    TrueFalse,
)
from trainer.course.questions import OWN_KEYS
from trainer.course.yamlmarks import MarkedMap
from trainer.i18n import N_

FILE_TOP = Mark(1, 1)


def __getattr__(name: str) -> frozenset[str]:
    """`ADVICE_CODES`: the warnings that are advice on teaching (how quizzes and lessons are
    written), not on the pack's structure; `--strict` makes them errors like any warning. Made
    when asked, from the modules that give the advice, which a pack only loaded for use (not
    validated) never imports."""
    if name == "ADVICE_CODES":
        from trainer.course import itemwriting, keypoints, placeholders

        return itemwriting.CODES | keypoints.CODES | placeholders.CODES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def validate_pack(pack: Pack, report: Report, advice: bool = True) -> None:
    """Add the pack-level diagnostics of `pack` to `report`; with `advice` False, only those of
    its structure, not the warnings on how it teaches (`ADVICE_CODES`), which only whoever writes
    the pack is shown: `trainer validate`, the preview."""
    misnamed = _modules(pack, report)
    _lesson_quizzes(pack, report)
    _translations(pack, report, misnamed)
    media.check_media(pack, report)
    if not advice:
        return
    from trainer.course import placeholders

    _item_writing(pack, report)
    # A file with errors is fixed first: its model texts are named once it loads clean.
    broken = {d.path for d in report.diagnostics if d.is_error}
    for language in pack.languages:
        placeholders.check_placeholders(
            (x for x in pack.lessons.get(language, {}).values() if x.path not in broken),
            (x for x in pack.quizzes.get(language, {}).values() if x.path not in broken),
            report,
        )


def _item_writing(pack: Pack, report: Report) -> None:
    """The warnings an author can act on to make lessons and quizzes teach: item-writing flaws in
    quizzes, a missing « À retenir » in lessons."""
    from trainer.course import itemwriting, keypoints

    for quizzes in pack.quizzes.values():
        itemwriting.check_quizzes(quizzes.values(), report)
    for lessons in pack.lessons.values():
        for lesson in lessons.values():
            keypoints.check_key_points(lesson, report)


def _modules(pack: Pack, report: Report) -> set[str]:
    """Check the modules' lesson lists; return the ids of a misnamed lesson file and of the lesson
    it was meant to be (`introdution.fr.md` for a listed `introduction`): that one typo is reported
    once, on the list, not again as an unlisted lesson and two missing translations."""
    misnamed: set[str] = set()
    every_listed = {lesson_id for module in pack.modules for lesson_id in module.lessons}
    default = pack.default_language
    lessons = pack.lessons.get(default, {})
    present = pack.files.get("lessons", {})
    listed: dict[str, str] = {}
    for module in pack.modules:
        for lesson_id, mark in zip(module.lessons, module.lesson_marks, strict=True):
            if lesson_id in listed:
                report.error(
                    COURSE_FILE,
                    mark,
                    "duplicate-id",
                    phrase(
                        N_(
                            "lesson `{lesson}` is already listed in module `{module}`: list it once"
                        ),
                        lesson=lesson_id,
                        module=listed[lesson_id],
                    ),
                )
                continue
            listed[lesson_id] = module.id
            if lesson_id not in lessons and (default, lesson_id) not in present:
                expected = f"`lessons/{lesson_id}.md`"
                if len(pack.languages) > 1:
                    expected = f"`lessons/{lesson_id}.{default}.md`"
                unlisted = [i for (lang, i) in present if lang == default and i not in listed]
                meant = nearest(lesson_id, unlisted)
                if meant is not None and meant not in every_listed:
                    misnamed |= {lesson_id, meant}
                report.error(
                    COURSE_FILE,
                    mark,
                    "missing-lesson",
                    phrase(
                        N_(
                            "module `{module}` lists lesson `{lesson}`, but there is no "
                            "{expected}{suggestion}"
                        ),
                        module=module.id,
                        lesson=lesson_id,
                        expected=expected,
                        suggestion=suggestion(lesson_id, unlisted),
                    ),
                )
    for language, by_id in pack.lessons.items():
        for lesson_id, lesson in by_id.items():
            if lesson_id in misnamed:
                continue
            if lesson_id not in listed and (language == default or lesson_id not in lessons):
                report.warning(
                    lesson.path,
                    FILE_TOP,
                    "unlisted-lesson",
                    phrase(
                        N_(
                            "no module lists lesson `{lesson}`: learners will not see it; add it "
                            "to a module's `lessons` in course.yaml"
                        ),
                        lesson=lesson_id,
                    ),
                )
    return misnamed


def _lesson_quizzes(pack: Pack, report: Report) -> None:
    # A lesson file that failed to load still claims the quiz with its id: one error, not two.
    used: set[str] = {
        lesson_id
        for language, lesson_id in pack.files.get("lessons", {})
        if lesson_id not in pack.lessons.get(language, {})
    }
    for language, by_id in pack.lessons.items():
        quizzes = {**pack.quizzes.get(pack.default_language, {}), **pack.quizzes.get(language, {})}
        # Once a language, not once a lesson: a pack of a thousand lessons has a thousand files.
        written = {
            i
            for (lang, i) in pack.files.get("quizzes", {})
            if lang in (language, pack.default_language)
        }
        for lesson in by_id.values():
            if lesson.quiz is None:
                used.add(lesson.id)
                continue
            used.add(lesson.quiz)
            if lesson.quiz not in quizzes and lesson.quiz not in written:
                # A quiz file that exists but failed to load has its own errors: one, not two.
                front = pack.documents.get(lesson.path)
                mark = front.value_mark("quiz") if isinstance(front, MarkedMap) else FILE_TOP
                known = written | set(quizzes)
                meant = nearest(lesson.quiz, known)
                if meant is not None:
                    used.add(meant)  # a typo of its id: not reported again as an unused quiz
                report.error(
                    lesson.path,
                    mark,
                    "missing-quiz",
                    phrase(
                        N_(
                            "`quiz: {quiz}` names a quiz that does not exist (expected "
                            "{expected}){suggestion}"
                        ),
                        quiz=lesson.quiz,
                        expected=f"quizzes/{lesson.quiz}.{language}.yaml",
                        suggestion=suggestion(lesson.quiz, sorted(known)),
                    ),
                )
    if any(
        lesson_id not in pack.lessons.get(language, {})
        for language, lesson_id in pack.files.get("lessons", {})
    ):
        return  # a lesson that failed to load may name any quiz: its errors come first
    for language, quizzes_by_id in pack.quizzes.items():
        # A lesson without `quiz:` takes the quiz of its own id: a quiz file whose name is a typo
        # of such a lesson's id leaves that lesson without its quiz, so the near id is named.
        quizless = [
            lesson.id
            for lesson in pack.lessons.get(language, {}).values()
            if lesson.quiz is None and lesson.id not in quizzes_by_id
        ]
        for quiz in quizzes_by_id.values():
            if quiz.id in used:
                continue
            meant = nearest(quiz.id, quizless)
            if meant is not None:
                message = phrase(
                    N_(
                        "no lesson uses quiz `{quiz}`, so lesson `{lesson}` has no quiz: if this "
                        "is its quiz, name the file {expected}"
                    ),
                    quiz=quiz.id,
                    lesson=meant,
                    expected=quiz.path.replace(f"/{quiz.id}.", f"/{meant}.", 1),
                )
            else:
                message = phrase(
                    N_(
                        "no lesson uses quiz `{quiz}`: name it in a lesson's `quiz:`, or give "
                        "it a lesson's id"
                    ),
                    quiz=quiz.id,
                )
            report.warning(quiz.path, FILE_TOP, "unused-quiz", message)


def _translations(pack: Pack, report: Report, misnamed: set[str]) -> None:
    default = pack.default_language
    broken = {d.path for d in report.diagnostics if d.is_error}
    for language in pack.languages[1:]:
        _same_files(pack, report, "lesson", language, skip=misnamed)
        _same_files(pack, report, "quiz", language)
        for lesson_id, lesson in pack.lessons[language].items():
            original = pack.lessons[default].get(lesson_id)
            # A `quiz:` already reported as naming no quiz is a typo there, not a drift here.
            if (
                original is not None
                and lesson.quiz != original.quiz
                and not broken & {original.path, lesson.path}
            ):
                front = pack.documents.get(lesson.path)
                mark = front.key_mark("quiz") if isinstance(front, MarkedMap) else FILE_TOP
                report.error(
                    lesson.path,
                    mark,
                    "translation-drift",
                    phrase(
                        N_("`quiz:` is {mine} here but {theirs} in {where}: write the same"),
                        mine=lesson.quiz or "unset",
                        theirs=original.quiz or "unset",
                        where=original.path,
                    ),
                )
        for quiz_id, quiz in pack.quizzes[language].items():
            original_quiz = pack.quizzes[default].get(quiz_id)
            # A file with errors of its own is compared once they are fixed: a typo that drops a
            # question must not also read as a translation drift.
            if original_quiz is not None and not broken & {original_quiz.path, quiz.path}:
                _same_quiz(pack, report, original_quiz, quiz)


def _same_files(
    pack: Pack, report: Report, kind: str, language: str, skip: AbstractSet[str] = frozenset()
) -> None:
    """Every file of the first language has its translation, and no translation is an orphan
    (but for the ids in `skip`, reported already)."""
    folder = "lessons" if kind == "lesson" else "quizzes"
    suffix = "md" if kind == "lesson" else "yaml"
    files = pack.files.get(folder, {})
    default = pack.default_language
    originals = {item_id: path for (lang, item_id), path in files.items() if lang == default}
    translations = {item_id: path for (lang, item_id), path in files.items() if lang == language}
    for item_id, path in originals.items():
        if item_id not in translations and item_id not in skip:
            report.error(
                path,
                FILE_TOP,
                "missing-translation",
                phrase(
                    N_("{kind} `{id}` has no `{language}` translation (expected {expected})"),
                    kind=phrase(N_("lesson")) if kind == "lesson" else phrase(N_("quiz")),
                    id=item_id,
                    language=language,
                    expected=f"{folder}/{item_id}.{language}.{suffix}",
                ),
            )
    for item_id, path in translations.items():
        if item_id not in originals and item_id not in skip:
            report.error(
                path,
                FILE_TOP,
                "missing-translation",
                phrase(
                    N_(
                        "{kind} `{id}` exists in `{language}` but not in the first language, "
                        "`{default}`: write it there too, or remove this file"
                    ),
                    kind=phrase(N_("lesson")) if kind == "lesson" else phrase(N_("quiz")),
                    id=item_id,
                    language=language,
                    default=default,
                ),
            )


def _question_marks(pack: Pack, quiz: Quiz) -> dict[str, MarkedMap]:
    """Question id → its mapping in the quiz's file (the first one written with that id)."""
    marks: dict[str, MarkedMap] = {}
    document = pack.documents.get(quiz.path)
    if isinstance(document, MarkedMap):
        for item in document.get("questions") or ():
            if isinstance(item, MarkedMap) and isinstance(item.get("id"), str):
                marks.setdefault(item["id"], item)
    return marks


def _question_mark(
    pack: Pack, quiz: Quiz, question_id: str, key: str = "id", marks: dict | None = None
) -> Mark:
    document = pack.documents.get(quiz.path)
    if isinstance(document, MarkedMap):
        item = (marks if marks is not None else _question_marks(pack, quiz)).get(question_id)
        if item is not None:
            return item.value_mark(key) if key in item else item.mark
        return document.key_mark("questions")
    return FILE_TOP


class Drift(Protocol):
    """Reports a translation drift at a question (at the whole quiz for "") and one of its keys."""

    def __call__(self, question_id: str, message: Text, key: str = ..., /) -> None: ...


def _same_quiz(pack: Pack, report: Report, original: Quiz, translation: Quiz) -> None:
    # Linear in the number of questions: a pack of 19,000 questions in two languages is checked at
    # every launch, so every lookup here goes through a dict made once.
    marks: dict[str, MarkedMap] | None = None

    def drift(question_id: str, message: Text, key: str = "id") -> None:
        nonlocal marks
        if marks is None:  # made only when there is something to report
            marks = _question_marks(pack, translation)
        report.error(
            translation.path,
            _question_mark(pack, translation, question_id, key, marks),
            "translation-drift",
            message,
        )

    where = original.path
    original_ids = {q.id for q in original.questions}
    translated: dict[str, tuple[int, Question]] = {}
    for number, question in enumerate(translation.questions, 1):
        translated.setdefault(question.id, (number, question))
    for question in translation.questions:
        if question.id not in original_ids:
            drift(
                question.id,
                phrase(N_("question `{id}` is not in {where}"), id=question.id, where=where),
            )
    for position, question in enumerate(original.questions, 1):
        found = translated.get(question.id)
        if found is None:
            drift(
                "",
                phrase(
                    N_("question `{id}` of {where} is missing here: translate it"),
                    id=question.id,
                    where=where,
                ),
            )
            continue
        other_position, other = found
        if other_position != position:
            drift(
                question.id,
                phrase(
                    N_("question `{id}` is number {here} here but {there} in {where}"),
                    id=question.id,
                    here=other_position,
                    there=position,
                    where=where,
                ),
            )
        _same_key(question, other, where, drift)
    for name in ("pass_mark", "shuffle", "max_attempts", "draw"):
        mine, theirs = _setting(pack, translation, name), _setting(pack, original, name)
        if mine != theirs:
            document = pack.documents.get(translation.path)
            mark = document.key_mark(name) if isinstance(document, MarkedMap) else FILE_TOP
            report.error(
                translation.path,
                mark,
                "translation-drift",
                phrase(
                    N_("`{name}` is {mine} here but {theirs} in {where}: write the same"),
                    name=name,
                    mine=yaml_spelling(mine),
                    theirs=yaml_spelling(theirs),
                    where=where,
                ),
            )


def _setting(pack: Pack, quiz: Quiz, name: str) -> object:
    """A quiz setting as it applies: an unset pass mark is the course's."""
    value = getattr(quiz, name)
    if name == "pass_mark" and value is None:
        return pack.pass_mark
    if name == "max_attempts" and value is None:
        return "unlimited"
    if name == "draw":
        return _draw_spelling(value)
    return value


def _draw_spelling(draw: Draw | None) -> str:
    """A quiz's draw as it is written: `5`, `{cas: 3, loi: 2}` (tags in alphabetical order: the
    order they are written in does not change what is drawn), or unset."""
    if draw is None:
        return "unset"
    if draw.count:
        return str(draw.count)
    return "{" + ", ".join(f"{tag}: {count}" for tag, count in sorted(draw.per_tag)) + "}"


def _same_key(question: Question, other: Question, where: str, drift: Drift) -> None:
    """Report where `other` (a translation) has not the same answer key as `question`."""
    qid = question.id
    if type(other) is not type(question):
        drift(
            qid,
            phrase(
                N_("question `{id}` is {mine} here but {theirs} in {where}"),
                id=qid,
                mine=other.type.value,
                theirs=question.type.value,
                where=where,
            ),
            "type",
        )
        return
    if other.points != question.points:
        drift(
            qid,
            phrase(
                N_("question `{id}` is worth {mine} points here but {theirs} in {where}"),
                id=qid,
                mine=f"{other.points:g}",
                theirs=f"{question.points:g}",
                where=where,
            ),
            "points",
        )
    if set(other.tags) != set(question.tags):
        drift(
            qid,
            phrase(
                N_("question `{id}` has the tags {mine} here but {theirs} in {where}"),
                id=qid,
                mine=f"[{', '.join(other.tags)}]",
                theirs=f"[{', '.join(question.tags)}]",
                where=where,
            ),
            "tags",
        )
    # Both of the same type from here on (the isinstance of `other` only says so to the checker).
    if isinstance(question, ChoiceQuestion) and isinstance(other, ChoiceQuestion):
        if len(other.choices) != len(question.choices):
            drift(
                qid,
                phrase(
                    N_("question `{id}` has {mine} choices here but {theirs} in {where}"),
                    id=qid,
                    mine=len(other.choices),
                    theirs=len(question.choices),
                    where=where,
                ),
                "choices",
            )
        elif other.correct_positions != question.correct_positions:
            mine = ", ".join(map(str, sorted(other.correct_positions))) or "none"
            theirs = ", ".join(map(str, sorted(question.correct_positions)))
            drift(
                qid,
                phrase(
                    N_(
                        "question `{id}`: the correct choices are {mine} here but {theirs} in "
                        "{where}"
                    ),
                    id=qid,
                    mine=mine,
                    theirs=theirs,
                    where=where,
                ),
                "choices",
            )
        elif _weights(other) != _weights(question):
            drift(
                qid,
                phrase(
                    N_("question `{id}`: the choices weigh {mine} here but {theirs} in {where}"),
                    id=qid,
                    mine=_weights(other),
                    theirs=_weights(question),
                    where=where,
                ),
                "choices",
            )
        else:
            _same_feedbacks(
                qid,
                N_("choice"),
                [c.feedback for c in question.choices],
                [c.feedback for c in other.choices],
                where,
                drift,
                "choices",
            )
        if other.shuffle != question.shuffle:
            drift(
                qid,
                phrase(
                    N_(
                        "question `{id}` has `shuffle: {mine}` here but `shuffle: {theirs}` in "
                        "{where}"
                    ),
                    id=qid,
                    mine=yaml_spelling(other.shuffle),
                    theirs=yaml_spelling(question.shuffle),
                    where=where,
                ),
                "shuffle" if not other.shuffle else "id",
            )
    elif isinstance(question, TrueFalse) and isinstance(other, TrueFalse):
        if other.answer != question.answer:
            drift(
                qid,
                phrase(
                    N_("question `{id}`: the answer is {mine} here but {theirs} in {where}"),
                    id=qid,
                    mine=yaml_spelling(other.answer),
                    theirs=yaml_spelling(question.answer),
                    where=where,
                ),
                "answer",
            )
    elif isinstance(question, Ordering) and isinstance(other, Ordering):
        if len(other.items) != len(question.items):
            drift(
                qid,
                phrase(
                    N_("question `{id}` has {mine} items here but {theirs} in {where}"),
                    id=qid,
                    mine=len(other.items),
                    theirs=len(question.items),
                    where=where,
                ),
                "items",
            )
        else:
            _same_feedbacks(
                qid,
                N_("item"),
                [question.feedback_of(i) for i in range(len(question.items))],
                [other.feedback_of(i) for i in range(len(other.items))],
                where,
                drift,
                "items",
            )
    elif (
        isinstance(question, Matching)
        and isinstance(other, Matching)
        and len(other.pairs) != len(question.pairs)
    ):
        drift(
            qid,
            phrase(
                N_("question `{id}` has {mine} pairs here but {theirs} in {where}"),
                id=qid,
                mine=len(other.pairs),
                theirs=len(question.pairs),
                where=where,
            ),
            "pairs",
        )
    for key in OWN_KEYS.get(question.type, ()):
        # A feedback of the type's own (true_false's two, text's for a wrong answer) is written
        # in every language or in none.
        written = getattr(other, key) is not None
        if written != (getattr(question, key) is not None):
            drift(
                qid,
                phrase(
                    N_(
                        "question `{id}` has `{key}:` here but not in {where}: write it in both, "
                        "or in neither"
                    )
                    if written
                    else N_("question `{id}` has no `{key}:` here but has one in {where}"),
                    id=qid,
                    key=key,
                    where=where,
                ),
                key if written else "id",
            )


def _weights(question: ChoiceQuestion) -> str:
    """The weights of a question's choices, for a message: `0.5, 0.5, -1`, or `none`."""
    if not question.weighted:
        return "none"
    return ", ".join(f"{choice.weight:g}" for choice in question.choices)


def _same_feedbacks(
    qid: str,
    what: str,
    original: list[str | None],
    translated: list[str | None],
    where: str,
    drift: Drift,
    key: str,
) -> None:
    """Report the first choice or item that has a feedback in one language and not the other."""
    for number, (theirs, mine) in enumerate(zip(original, translated, strict=True), 1):
        if (mine is None) != (theirs is None):
            drift(
                qid,
                phrase(
                    N_("question `{id}`: {what} {number} has a `feedback:` here but not in {where}")
                    if mine is not None
                    else N_(
                        "question `{id}`: {what} {number} has no `feedback:` here but has one in "
                        "{where}"
                    ),
                    id=qid,
                    what=phrase(what),
                    number=number,
                    where=where,
                ),
                key,
            )
            return
