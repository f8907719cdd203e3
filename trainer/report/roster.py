"""The roster (`trainer report --roster`): who did what of the course, when, how well, how long.

One row per learner and item of the course, in course order: the course itself, then each lesson
followed by its quiz, every item listed even when not begun (an empty row says what is left). It
reads collected progress files, never altered, as the report does (`collected_store`), and names
the learners: it is the training department's register, not a figure to share; `--group` limits
it to one group.

- `completed_at`: the course, when it was complete; a lesson, when first opened; a quiz, when
  first passed.
- `best_score` (quizzes): the best finished attempt's score, from 0 to 1.
- `attempts` (quizzes): the finished attempts.
- `time_spent`: a quiz, from each attempt's start to its last answer, summed; a lesson, its
  reading (see below); the course, the sum of its lessons' and quizzes'.

Reading time is not recorded: the trainer knows when a lesson was opened, not when it was left.
A lesson's time is the time from each opening to the learner's next event in the course, each
gap counted up to `READING_CAP` (an agent who left for lunch did not read for an hour); the last
opening of a record, with nothing after it, counts nothing.

Plain CSV for scripts: commas, fixed English column names, ISO times, seconds, scores from 0 to 1.
The `--excel` flavour for a spreadsheet in the interface's language, as `trainer progress
--excel`: semicolons, CRLF, columns in that language, local times, minutes and percentages with a
decimal comma where the language has one (the caller adds the UTF-8 byte order mark).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from trainer.course.model import Course
from trainer.i18n import N_, _, current_language
from trainer.progress.groups import group_key
from trainer.progress.outbox import LEARNER_KEY
from trainer.progress.records import Event, Kind, event_moment, payload_of
from trainer.progress.store import Store
from trainer.quiz.completion import standing
from trainer.report.groups import store_groups
from trainer.report.sources import SourceError, collected_store
from trainer.report.spreadsheet import excel_cell, table_writer, text_cell

READING_CAP = timedelta(minutes=30)
"""The longest a lesson's opening counts as reading (see the module's docstring)."""

COURSE, LESSON, QUIZ = "course", "lesson", "quiz"
"""The kinds of item a row is about."""

CSV_COLUMNS = (
    "learner",
    "learner_id",
    "group",
    "source",
    "kind",
    "item",
    "title",
    "completed_at",
    "best_score",
    "attempts",
    "time_spent_seconds",
)
"""The columns of the plain CSV: fixed names for scripts, whatever the interface's language."""

EXCEL_COLUMNS = (
    N_("Learner"),
    N_("Learner id"),
    N_("Group"),
    N_("Progress file"),
    N_("Kind"),
    N_("Item"),
    N_("Title"),
    N_("Completed on"),
    N_("Best score (%)"),
    N_("Attempts"),
    N_("Time spent (min)"),
)
"""The columns of `--excel`, in the interface's language."""

KIND_NAMES = {COURSE: N_("course"), LESSON: N_("lesson"), QUIZ: N_("quiz")}

DECIMAL_COMMA = frozenset({"fr", "de", "es", "it"})
"""Languages whose spreadsheets write 0,5 for a half."""


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One learner and one item of the course."""

    learner: str
    """The learner's name, as in their progress file."""
    learner_id: str
    """Their opaque id in statements sent to an LRS, if one was made; else empty."""
    group: str
    source: str
    """The collected file they are in."""
    kind: str
    """`course`, `lesson` or `quiz`."""
    item: str
    """The course's, lesson's or quiz's id."""
    title: str
    completed_at: str | None
    """ISO 8601 time; None when not completed."""
    best_score: float | None = None
    attempts: int | None = None
    time_spent: float = 0.0
    """Seconds."""


@dataclass(frozen=True)
class Roster:
    """The roster's rows, and why each unreadable file was left out."""

    rows: tuple[RosterRow, ...]
    skipped: tuple[str, ...] = ()


def read_roster(paths: Sequence[str | Path], course: Course, group: str | None = None) -> Roster:
    """The roster of `course` from collected files (a file named twice is read once), of the
    learners of `group` only when given. A file that cannot be read is left out and `skipped`
    says why, in one line naming it."""
    rows: list[RosterRow] = []
    skipped: list[str] = []
    seen: set[Path] = set()
    wanted = group_key(group) if group is not None else None
    for path in paths:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        try:
            with collected_store(path) as store:
                found = list(_file_rows(store, str(path), course, wanted))
        except SourceError as error:
            skipped.append(str(error))
            continue
        rows.extend(found)
    return Roster(tuple(rows), tuple(skipped))


def _file_rows(
    store: Store, source: str, course: Course, wanted: str | None
) -> Iterable[RosterRow]:
    groups = dict(store_groups(store))
    for learner in store.learners():
        group = groups.get(learner.id, "")
        if wanted is not None and group_key(group) != wanted:
            continue
        events = [e for e in store.events(learner) if e["course_id"] == course.id]
        if not events:
            continue  # a learner of another course in the same file
        key = _learner_id(store, learner.id)
        yield from learner_rows(course, str(learner.name), key, group, source, events)


def _learner_id(store: Store, learner_id: int) -> str:
    row = store.connection.execute(
        "SELECT value FROM settings WHERE learner_id = ? AND key = ?", (learner_id, LEARNER_KEY)
    ).fetchone()
    return str(row[0]) if row is not None else ""


def learner_rows(
    course: Course,
    name: str,
    learner_id: str,
    group: str,
    source: str,
    events: Sequence[Event],
) -> list[RosterRow]:
    """One learner's rows from their events in the course, oldest first."""
    opened_at: dict[str, str] = {}
    reading: dict[str, float] = {}
    started: dict[str, tuple[str, datetime]] = {}
    """Attempt uuid → (quiz id, when it began)."""
    quiz_time: dict[str, float] = {}
    last_of_attempt: dict[str, datetime] = {}
    best: dict[str, float] = {}
    finished: dict[str, int] = {}
    passed_at: dict[str, str] = {}
    opened: set[str] = set()
    passed: set[str] = set()
    completed_at: str | None = None
    reading_since: tuple[str, datetime] | None = None
    for event in events:
        data = payload_of(event["kind"], event["payload"])
        at = event_moment(event["at"])
        if data is None or at is None:
            continue  # not an event the trainer writes: it counts for nothing
        if reading_since is not None:
            lesson_id, since = reading_since
            gap = min(max(at - since, timedelta(0)), READING_CAP)
            reading[lesson_id] = reading.get(lesson_id, 0.0) + gap.total_seconds()
            reading_since = None
        kind = event["kind"]
        if kind == Kind.LESSON_OPENED and event["lesson_id"]:
            lesson_id = str(event["lesson_id"])
            opened_at.setdefault(lesson_id, str(event["at"]))
            opened.add(lesson_id)
            reading_since = (lesson_id, at)
        elif kind == Kind.ATTEMPT_STARTED and event["quiz_id"]:
            started[event["uuid"]] = (str(event["quiz_id"]), at)
        elif kind in (Kind.ANSWERED, Kind.ATTEMPT_FINISHED) and event["attempt_id"] in started:
            last_of_attempt[str(event["attempt_id"])] = at
            if kind == Kind.ATTEMPT_FINISHED:
                quiz_id = started[str(event["attempt_id"])][0]
                finished[quiz_id] = finished.get(quiz_id, 0) + 1
                best[quiz_id] = max(best.get(quiz_id, 0.0), float(data["score"]))
                if data["passed"]:
                    passed_at.setdefault(quiz_id, str(event["at"]))
                    passed.add(quiz_id)
        if (
            completed_at is None
            and kind in (Kind.LESSON_OPENED, Kind.ATTEMPT_FINISHED)
            and standing(course, opened, passed).complete
        ):
            completed_at = str(event["at"])
    for attempt, (quiz_id, began) in started.items():
        end = last_of_attempt.get(attempt, began)
        quiz_time[quiz_id] = quiz_time.get(quiz_id, 0.0) + max((end - began).total_seconds(), 0.0)

    def row(
        kind: str,
        item: str,
        title: str,
        done: str | None,
        best_score: float | None = None,
        attempts: int | None = None,
        time_spent: float = 0.0,
    ) -> RosterRow:
        return RosterRow(
            name,
            learner_id,
            group,
            source,
            kind,
            item,
            title,
            done,
            best_score,
            attempts,
            time_spent,
        )

    items: list[RosterRow] = []
    seen_quizzes: set[str] = set()
    for lesson in course.lessons:
        items.append(
            row(
                LESSON,
                lesson.id,
                lesson.title,
                opened_at.get(lesson.id),
                time_spent=reading.get(lesson.id, 0.0),
            )
        )
        quiz = course.quiz_of(lesson)
        if quiz is not None and quiz.id not in seen_quizzes:
            seen_quizzes.add(quiz.id)
            items.append(
                row(
                    QUIZ,
                    quiz.id,
                    quiz.title,
                    passed_at.get(quiz.id),
                    best_score=best.get(quiz.id),
                    attempts=finished.get(quiz.id, 0),
                    time_spent=quiz_time.get(quiz.id, 0.0),
                )
            )
    total = sum(item.time_spent for item in items)
    return [row(COURSE, course.id, course.title, completed_at, time_spent=total), *items]


# as CSV ------------------------------------------------------------------------------------------


def render_roster_csv(roster: Roster, excel: bool = False) -> str:
    """The roster as CSV, plain or for a spreadsheet (see the module's docstring)."""
    output = io.StringIO()
    header = [_(column) for column in EXCEL_COLUMNS] if excel else CSV_COLUMNS
    writer = table_writer(output, header, excel)
    comma = excel and current_language() in DECIMAL_COMMA
    cell: Callable[[str], str] = excel_cell if excel else text_cell

    def number(value: float | None, places: int) -> str:
        if value is None:
            return ""
        text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".") or "0"
        return text.replace(".", ",") if comma else text

    for row in roster.rows:
        if excel:
            moment = event_moment(row.completed_at) if row.completed_at else None
            # Local time, as Excel reads a date: the trainer's spreadsheet is in their time zone.
            when = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else ""
            kind = _(KIND_NAMES[row.kind])
            score = number(None if row.best_score is None else row.best_score * 100, 1)
            spent = number(row.time_spent / 60, 1)
        else:
            when = row.completed_at or ""
            kind = row.kind
            score = number(row.best_score, 4)
            spent = str(round(row.time_spent))
        writer.writerow(
            (
                # Every text is a cell: names, ids and groups come from files anyone can write to.
                cell(row.learner),
                cell(row.learner_id),
                cell(row.group),
                cell(row.source),
                cell(kind),
                cell(row.item),
                cell(row.title),
                cell(when),
                score,
                "" if row.attempts is None else row.attempts,
                spent,
            )
        )
    return output.getvalue()
