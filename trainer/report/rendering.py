"""The trainer's report as a table for the terminal or as CSV (`trainer report`, the report app).

The table fits 80 columns, in four sections: overview, quizzes, questions hardest first with their
discrimination, and the most missed questions with the wrong answer chosen most often.

The CSV has one row per question, every figure in its own column (the quiz's and the course's
repeated on each row), so that a spreadsheet can sort and filter it as it is:
course, learners, completed, quiz, quiz_title, quiz_attempted, quiz_passed, quiz_pass_rate,
question, prompt, answered, right, difficulty, discrimination, missed, most_chosen_wrong,
most_chosen_wrong_count. Rates are numbers from 0 to 1 (4 decimals); a figure that cannot be
computed is an empty cell. Text that a spreadsheet would take for a formula is quoted with `'`.
"""

from __future__ import annotations

import io
import textwrap

from trainer.course.model import Course
from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.report.figures import MIN_LEARNERS, QuestionFigures, Report
from trainer.report.spreadsheet import csv_writer, text_cell

WIDTH = 80
NONE = "–"
"""A figure that cannot be computed: nobody answered, or too few learners for discrimination."""
BAR = 10


# figures as text ---------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    """A share as a whole percentage, `–` when there is none."""
    return NONE if value is None else f"{round(value * 100)} %"


def index(value: float | None) -> str:
    """A discrimination index with two decimals, `–` when it is not computed."""
    return NONE if value is None else f"{value:.2f}"


def bar(value: float | None, width: int = BAR) -> str:
    """A bar of characters for a share from 0 to 1."""
    filled = round(width * value) if value is not None else 0
    return "█" * filled + "░" * (width - filled)


def cell(text: str, width: int) -> str:
    """`text` on one line, made inert, cut with `…` to `width`, padded to it."""
    flat = inert(" ".join(text.split()))
    if len(flat) > width:
        flat = flat[: width - 1] + "…"
    return f"{flat:<{width}}"


def question_name(question: QuestionFigures) -> str:
    """`quiz/question`: the ids that name a question across the course."""
    return f"{question.quiz_id}/{question.question_id}"


# the table ---------------------------------------------------------------------------------------


def render_table(course: Course, report: Report, width: int = WIDTH) -> str:
    """The report as plain text lines no wider than `width`."""
    lines = [cell(f"{_('Report')} — {course.title} ({course.id})", width).rstrip()]
    sources = len(report.sources)
    lines.append(ngettext("{n} source", "{n} sources", sources).format(n=sources))
    lines += ["", _("Overview")]
    lines.append(f"  {cell(_('Learners'), 28)} {report.learners:>6}")
    completed = f"{report.completed:>6}  {bar(report.completion)}  {percent(report.completion)}"
    lines.append(f"  {cell(_('Completed the course'), 28)} {completed}")

    lines += ["", _("Quizzes")]
    title_width = width - 2 - 1 - 6 - 1 - 6 - 2 - BAR - 2 - 5
    lines.append(
        f"  {cell(_('quiz'), title_width)} {_('tried'):>6} {_('passed'):>6}  {_('pass rate')}"
    )
    for quiz in report.quizzes:
        lines.append(
            f"  {cell(quiz.title, title_width)} {quiz.attempted:>6} {quiz.passed:>6}  "
            f"{bar(quiz.pass_rate)}  {percent(quiz.pass_rate):>5}".rstrip()
        )

    lines += ["", _("Questions, hardest first")]
    ordered = report.by_difficulty()
    if not ordered:
        lines.append("  " + _("No answer yet."))
    else:
        name_width = width - 2 - 1 - 8 - 2 - BAR - 1 - 5 - 1 - 6
        lines.append(
            f"  {cell(_('question'), name_width)} {_('learners'):>8}  {_('right'):<{BAR + 6}} "
            f"{'D':>6}"
        )
        for question in ordered:
            lines.append(
                f"  {cell(question_name(question), name_width)} {question.answered:>8}  "
                f"{bar(question.difficulty)} {percent(question.difficulty):>5} "
                f"{index(question.discrimination):>6}"
            )
        lines.append(
            "  " + _("right: share of first answers fully right; D: discrimination, from −1 to 1")
        )
        lines.append(
            "  "
            + _("(upper 27 % minus lower 27 % of learners; – under {n} learners)").format(
                n=MIN_LEARNERS
            )
        )

    lines += ["", _("Most missed")]
    missed = report.most_missed()
    if not missed:
        lines.append("  " + _("No question missed yet."))
    for question in missed:
        lines.append(
            "  "
            + cell(
                _("{question}: {missed} of {answered} missed it").format(
                    question=question_name(question),
                    missed=question.missed,
                    answered=question.answered,
                ),
                width - 2,
            ).rstrip()
        )
        lines += _wrapped(inert(question.prompt), width, "    ")
        if question.wrong is not None:
            lines += _wrapped(
                _("most chosen wrong answer ({count}): {answer}").format(
                    count=question.wrong.count, answer=inert(question.wrong.text)
                ),
                width,
                "    ",
            )
    return "\n".join(lines) + "\n"


def _wrapped(text: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


# CSV ---------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "course",
    "learners",
    "completed",
    "quiz",
    "quiz_title",
    "quiz_attempted",
    "quiz_passed",
    "quiz_pass_rate",
    "question",
    "prompt",
    "answered",
    "right",
    "difficulty",
    "discrimination",
    "missed",
    "most_chosen_wrong",
    "most_chosen_wrong_count",
)


def render_csv(report: Report) -> str:
    """The report as CSV, one row per question (see the module's docstring)."""
    output = io.StringIO()
    writer = csv_writer(output)
    writer.writerow(CSV_COLUMNS)
    quizzes = {quiz.quiz_id: quiz for quiz in report.quizzes}
    for question in report.questions:
        quiz = quizzes[question.quiz_id]
        writer.writerow(
            (
                # Every text, ids included: a collected progress file may hold anything.
                text_cell(report.course_id),
                report.learners,
                report.completed,
                text_cell(quiz.quiz_id),
                text_cell(quiz.title),
                quiz.attempted,
                quiz.passed,
                _number(quiz.pass_rate),
                text_cell(question.question_id),
                text_cell(question.prompt),
                question.answered,
                question.right,
                _number(question.difficulty),
                _number(question.discrimination),
                question.missed,
                text_cell(question.wrong.text) if question.wrong else "",
                question.wrong.count if question.wrong else "",
            )
        )
    return output.getvalue()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    rounded = round(value, 4)
    return f"{rounded:.4f}".rstrip("0").rstrip(".") if rounded else "0"
