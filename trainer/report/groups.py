"""Groups in the trainer's report: learners by service, direction or cohort, and anonymity.

A learner's group is their `group` setting in a collected progress file, or the team of their
statements in an LRS (`context.team`, see `trainer.xapi.statements.team_of`). `trainer report
--group NAME` keeps the learners of one group (names compared without case or extra spaces).

Anonymity: a figure computed over fewer than `MIN_SHOWN` learners is withheld from the report's
outputs, which are shared (with a service head, in a meeting): a pass rate over three agents of a
small service says how each of them did. Withheld figures show `WITHHELD_MARK` and a note says
why. A trainer named with `--for-trainer` may lower the threshold with `--min-learners`, for
their own eyes: the report then says it was lowered and for whom.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from trainer.course.model import Course, TextAnswer
from trainer.progress.groups import GROUP_SETTING, group_key, saved_group
from trainer.progress.store import Store
from trainer.report.figures import QuestionFigures, Records, Report, WrongAnswer

MIN_SHOWN = 5
"""Below this many learners a figure is withheld from the report (its anonymity threshold)."""
WITHHELD_MARK = "<5"
"""What a withheld figure shows, in the table and in CSV cells (`withheld_mark` for another
threshold)."""


def withheld_mark(minimum: int) -> str:
    """The mark of a figure withheld below `minimum` learners: `<5`."""
    return f"<{minimum}"


def is_withheld(learners: int, minimum: int) -> bool:
    """True when a figure over `learners` learners is withheld under a threshold of `minimum`.
    None of nobody is withheld: an empty figure says nothing of anyone."""
    return 0 < learners < minimum


def store_groups(store: Store) -> Iterator[tuple[int, str]]:
    """(learner id, group) for each learner of a collected file who has a group. A file from
    before settings were kept (schema 1) has none."""
    connection = store.connection
    if connection.execute("PRAGMA user_version").fetchone()[0] < 2:
        return
    try:
        rows = connection.execute(
            "SELECT learner_id, value FROM settings WHERE key = ?", (GROUP_SETTING,)
        ).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return  # a file with its settings dropped by hand: no groups, its events still count
        raise
    for learner_id, value in rows:
        group = saved_group({GROUP_SETTING: value if isinstance(value, str) else ""})
        if group is not None:
            yield learner_id, group


def statement_team(statement: Mapping[str, Any]) -> str | None:
    """The group a statement's context names as its team (its name, else its account's name)."""
    context = statement.get("context")
    team = context.get("team") if isinstance(context, dict) else None
    if not isinstance(team, dict):
        return None
    account = team.get("account")
    name = team.get("name") or (account.get("name") if isinstance(account, dict) else None)
    return saved_group({GROUP_SETTING: name}) if isinstance(name, str) else None


def in_group(records: Records, group: str | None) -> Records:
    """The records of the learners of `group` only (every learner when `group` is None)."""
    if group is None:
        return records
    wanted = group_key(group)
    members = {learner for learner, name in records.groups.items() if group_key(name) == wanted}
    return Records(
        tuple(row for row in records.answers if row.learner in members),
        tuple(row for row in records.attempts if row.learner in members),
        tuple(row for row in records.lessons if row.learner in members),
        {learner: records.groups[learner] for learner in members},
        records.skipped,
    )


def group_names(records: Records) -> list[str]:
    """The groups the records' learners are in, each once (as first written), sorted."""
    names: dict[str, str] = {}
    for name in records.groups.values():
        names.setdefault(group_key(name), name)
    return sorted(names.values(), key=group_key)


def withhold(
    report: Report,
    minimum: int = MIN_SHOWN,
    shown_for: str | None = None,
    course: Course | None = None,
) -> Report:
    """The report with every figure over fewer than `minimum` learners withheld: emptied, not
    only hidden, so that no output can show it. Counts of learners stay (how many tried a quiz,
    answered a question), so that a reader sees why a figure is missing. `shown_for` names the
    trainer a threshold under `MIN_SHOWN` was lowered for.

    With the `course`, a typed answer (a text question's) given by fewer than `minimum` learners
    is not shown as the most chosen wrong answer either: typed words can say who wrote them."""
    quizzes = tuple(
        replace(quiz, passed=0, withheld=True) if is_withheld(quiz.attempted, minimum) else quiz
        for quiz in report.quizzes
    )
    questions = tuple(
        replace(question, right=0, discrimination=None, wrong=None, withheld=True)
        if is_withheld(question.answered, minimum)
        else _typed_withheld(question, minimum, course)
        for question in report.questions
    )
    completed = 0 if is_withheld(report.learners, minimum) else report.completed
    return replace(
        report,
        completed=completed,
        quizzes=quizzes,
        questions=questions,
        min_learners=minimum,
        shown_for=shown_for if minimum < MIN_SHOWN else None,
    )


def _typed_withheld(
    question: QuestionFigures, minimum: int, course: Course | None
) -> QuestionFigures:
    """The question, its most chosen wrong answer withheld when it is typed words given by fewer
    than `minimum` learners."""
    if course is None or question.wrong is None or not is_withheld(question.wrong.count, minimum):
        return question
    quiz = course.quizzes.get(question.quiz_id)
    try:
        asked = quiz.question(question.question_id) if quiz is not None else None
    except KeyError:
        return question
    if not isinstance(asked, TextAnswer):
        return question
    return replace(question, wrong=WrongAnswer(withheld_mark(minimum), question.wrong.count))
