"""The learner's progress as data and as text, for `trainer progress`."""

from __future__ import annotations

import io
import json

from trainer.course.model import Course
from trainer.i18n import _
from trainer.progress.store import Learner, Store
from trainer.quiz.completion import Status, standing
from trainer.spreadsheet import csv_writer, text_cell

BAR_WIDTH = 20
MARKS = {Status.NEW: "○", Status.READ: "◐", Status.DONE: "●"}


def progress_report(course: Course, store: Store | None, learner: Learner | None) -> dict[str, object]:
    """The learner's standing in `course`, as a JSON-ready mapping."""
    record = store.course_record(learner, course.id) if store is not None and learner is not None else None
    opened = record.opened if record else frozenset()
    passed = record.passed if record else frozenset()
    best = record.best_scores if record else {}
    current = standing(course, opened, passed)
    modules = []
    for module in course.modules:
        done, total = current.modules[module.id]
        lessons = []
        for lesson in module.lessons:
            quiz = course.quiz_of(lesson)
            lessons.append({
                "id": lesson.id,
                "title": lesson.title,
                "status": current.statuses[lesson.id].value,
                "quiz": quiz.id if quiz else None,
                "best_score": best.get(quiz.id) if quiz else None,
                "passed": (quiz.id in passed) if quiz else None,
            })
        modules.append({"id": module.id, "title": module.title, "done": done, "total": total, "lessons": lessons})
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


def render_text(report: dict[str, object]) -> str:
    """The report as lines of text."""
    lines = []
    learner = report["learner"] or _("no learner yet")
    lines.append(f"{learner} — {report['course']}")
    lines.append(f"{bar(report['done'], report['total'])} {report['done']}/{report['total']} {_('lessons complete')}")
    for module in report["modules"]:
        lines.append("")
        lines.append(f"{module['title']}  {bar(module['done'], module['total'], 10)} {module['done']}/{module['total']}")
        for lesson in module["lessons"]:
            score = lesson["best_score"]
            shown = f"  {round(score * 100)} %" if score is not None else ""
            lines.append(f"  {MARKS[Status(lesson['status'])]} {lesson['title']}{shown}")
    return "\n".join(lines)


CSV_COLUMNS = ("time", "event", "lesson", "quiz", "question", "language", "response", "score", "passed")


def record_csv(store: Store | None, learner: Learner | None, course: Course) -> str:
    """The learner's own record in a course, one event a row, as CSV (for a spreadsheet)."""
    output = io.StringIO()
    writer = csv_writer(output)
    writer.writerow(CSV_COLUMNS)
    if store is None or learner is None:
        return output.getvalue()
    for event in store.events(learner):
        if event["course_id"] != course.id:
            continue
        payload = json.loads(str(event["payload"]))
        response = payload.get("response")
        # Every text is a cell: ids and answers come from a file anyone can write to.
        writer.writerow((
            text_cell(str(event["at"])),
            text_cell(str(event["kind"])),
            text_cell(event["lesson_id"] or ""),
            text_cell(event["quiz_id"] or ""),
            text_cell(event["question_id"] or ""),
            text_cell(event["language"] or ""),
            "" if response is None else text_cell(json.dumps(response, ensure_ascii=False)),
            "" if payload.get("score") is None else payload["score"],
            "" if payload.get("passed") is None else str(payload["passed"]).lower(),
        ))
    return output.getvalue()
