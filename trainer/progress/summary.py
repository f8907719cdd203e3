"""The learner's progress as data and as text, for `trainer progress`."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from trainer.course.model import Course
from trainer.i18n import N_, _, current_language
from trainer.progress.records import Kind, payload_of
from trainer.progress.store import Learner, Store
from trainer.quiz.completion import Status, standing

BAR_WIDTH = 20
MARKS = {Status.NEW: "○", Status.READ: "◐", Status.DONE: "●"}


class LessonProgress(TypedDict):
    """A lesson in `trainer progress --json`."""

    id: str
    title: str
    status: str
    quiz: str | None
    best_score: float | None
    passed: bool | None


class ModuleProgress(TypedDict):
    """A module in `trainer progress --json`: its lessons complete of all."""

    id: str
    title: str
    done: int
    total: int
    lessons: list[LessonProgress]


class ProgressReport(TypedDict):
    """`trainer progress --json`: the learner's standing in the course."""

    learner: str | None
    course: str
    language: str
    done: int
    total: int
    complete: bool
    next_lesson: str | None
    modules: list[ModuleProgress]


def progress_report(course: Course, store: Store | None, learner: Learner | None) -> ProgressReport:
    """The learner's standing in `course`, as a JSON-ready mapping."""
    record = (
        store.course_record(learner, course.id)
        if store is not None and learner is not None
        else None
    )
    opened = record.opened if record else frozenset()
    passed = record.passed if record else frozenset()
    best = record.best_scores if record else {}
    current = standing(course, opened, passed)
    modules: list[ModuleProgress] = []
    for module in course.modules:
        done, total = current.modules[module.id]
        lessons: list[LessonProgress] = []
        for lesson in module.lessons:
            quiz = course.quiz_of(lesson)
            lessons.append(
                {
                    "id": lesson.id,
                    "title": lesson.title,
                    "status": current.statuses[lesson.id].value,
                    "quiz": quiz.id if quiz else None,
                    "best_score": best.get(quiz.id) if quiz else None,
                    "passed": (quiz.id in passed) if quiz else None,
                }
            )
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "done": done,
                "total": total,
                "lessons": lessons,
            }
        )
    return {
        "learner": learner.name if learner else None,
        "course": course.id,
        "language": course.language,
        "done": current.done,
        "total": current.total,
        "complete": current.complete,
        "next_lesson": current.next_lesson,
        "modules": modules,
    }


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text progress bar."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def render_text(report: ProgressReport) -> str:
    """The report as lines of text."""
    lines = []
    learner = report["learner"] or _("no learner yet")
    lines.append(f"{learner} — {report['course']}")
    lines.append(
        f"{bar(report['done'], report['total'])} {report['done']}/{report['total']} "
        f"{_('lessons complete')}"
    )
    for module in report["modules"]:
        lines.append("")
        lines.append(
            f"{module['title']}  {bar(module['done'], module['total'], 10)} "
            f"{module['done']}/{module['total']}"
        )
        for lesson in module["lessons"]:
            score = lesson["best_score"]
            shown = f"  {round(score * 100)} %" if score is not None else ""
            lines.append(f"  {MARKS[Status(lesson['status'])]} {lesson['title']}{shown}")
    return "\n".join(lines)


CSV_COLUMNS = (
    "time",
    "event",
    "lesson",
    "quiz",
    "question",
    "language",
    "response",
    "score",
    "passed",
)
"""The columns of `--csv`: fixed names for scripts, whatever the interface's language."""

EXCEL_COLUMNS = (
    N_("Time"),
    N_("Event"),
    N_("Lesson"),
    N_("Quiz"),
    N_("Question"),
    N_("Language"),
    N_("Response"),
    N_("Score"),
    N_("Passed"),
)
"""The columns of `--excel`, in the interface's language."""

EVENT_NAMES = {
    Kind.LESSON_OPENED: N_("lesson opened"),
    Kind.ATTEMPT_STARTED: N_("quiz started"),
    Kind.ANSWERED: N_("question answered"),
    Kind.ATTEMPT_FINISHED: N_("quiz finished"),
    Kind.REVIEWED: N_("question reviewed"),
}
"""Each event in words, for `--excel`."""

DECIMAL_COMMA = frozenset({"fr", "de", "es", "it"})
"""Languages whose spreadsheets write 0,5 for a half (a 0.5 would be read as text, or a date)."""


def record_csv(
    store: Store | None, learner: Learner | None, course: Course, excel: bool = False
) -> str:
    """The learner's own record in a course, one event a row, as CSV.

    Plain, for scripts: commas, fixed English column and event names, ISO times, scores with a
    point. With `excel`, for a spreadsheet opened in the interface's language: semicolons, CRLF,
    columns, events and yes/no in that language, local times Excel reads as dates, and decimal
    commas where the language has them (the caller adds the UTF-8 byte order mark).
    """
    # Only `trainer progress --csv` writes CSV: `trainer progress` alone starts without these.
    import io
    import json

    from trainer.report.spreadsheet import excel_cell, table_writer, text_cell

    output = io.StringIO()
    header = [_(column) for column in EXCEL_COLUMNS] if excel else CSV_COLUMNS
    writer = table_writer(output, header, excel)
    if store is None or learner is None:
        return output.getvalue()
    comma = current_language() in DECIMAL_COMMA
    cell = excel_cell if excel else text_cell
    for event in store.events(learner):
        if event["course_id"] != course.id:
            continue
        payload = payload_of(event["kind"], event["payload"])
        if payload is None:
            continue  # not an event the trainer writes (a row edited by hand)
        response = payload.get("response")
        score, passed = payload.get("score"), payload.get("passed")
        if excel:
            at = datetime.fromisoformat(str(event["at"])).astimezone().strftime("%Y-%m-%d %H:%M:%S")
            kind = _(EVENT_NAMES[event["kind"]]) if event["kind"] in EVENT_NAMES else event["kind"]
            shown_score = (
                "" if score is None else (str(score).replace(".", ",") if comma else str(score))
            )
            shown_passed = "" if passed is None else (_("yes") if passed else _("no"))
        else:
            at, kind = event["at"], event["kind"]
            shown_score = "" if score is None else score
            shown_passed = "" if passed is None else str(passed).lower()
        writer.writerow(
            (
                # Every text is a cell: ids and answers come from a file anyone can write to.
                cell(str(at)),
                cell(str(kind)),
                cell(event["lesson_id"] or ""),
                cell(event["quiz_id"] or ""),
                cell(event["question_id"] or ""),
                cell(event["language"] or ""),
                "" if response is None else cell(json.dumps(response, ensure_ascii=False)),
                shown_score,
                shown_passed,
            )
        )
    return output.getvalue()
