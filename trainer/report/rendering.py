"""The trainer's report as a table for the terminal or as CSV (`trainer report`, the report app).

The table fits 80 columns, in four sections: overview, quizzes, questions hardest first with their
discrimination, and the most missed questions with the wrong answer chosen most often.

The CSV has one row per question, every figure in its own column (the quiz's and the course's
repeated on each row), so that a spreadsheet can sort and filter it as it is:
course, learners, completed, quiz, quiz_title, quiz_attempted, quiz_passed, quiz_pass_rate,
question, prompt, answered, right, difficulty, discrimination, missed, most_chosen_wrong,
most_chosen_wrong_count, group, withheld. Rates are numbers from 0 to 1 (4 decimals); a figure
that cannot be computed is an empty cell. Text that a spreadsheet would take for a formula is
quoted with `'`.

A figure over fewer learners than the report's threshold (5 unless lowered) is withheld: its cell
holds `<5` and the row's `withheld` column says `fewer than 5 learners` (see
`trainer.report.groups`); `group` is the group the report is limited to, if any.
"""

from __future__ import annotations

import io
import textwrap

from trainer.course.model import Course
from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.report.figures import MIN_LEARNERS, QuestionFigures, Report
from trainer.report.groups import withheld_mark
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
    lines += _preamble(report, width)
    mark = withheld_mark(report.min_learners)
    lines += ["", _("Overview")]
    lines.append(f"  {cell(_('Learners'), 28)} {report.learners:>6}")
    completed = f"{report.completed:>6}  {bar(report.completion)}  {percent(report.completion)}"
    if report.completion_withheld:
        completed = f"{mark:>6}"
    lines.append(f"  {cell(_('Completed the course'), 28)} {completed}")

    lines += ["", _("Quizzes")]
    title_width = width - 2 - 1 - 6 - 1 - 6 - 2 - BAR - 2 - 5
    lines.append(
        f"  {cell(_('quiz'), title_width)} {_('tried'):>6} {_('passed'):>6}  {_('pass rate')}"
    )
    for quiz in report.quizzes:
        if quiz.withheld:
            lines.append(f"  {cell(quiz.title, title_width)} {quiz.attempted:>6} {mark:>6}")
            continue
        lines.append(
            f"  {cell(quiz.title, title_width)} {quiz.attempted:>6} {quiz.passed:>6}  "
            f"{bar(quiz.pass_rate)}  {percent(quiz.pass_rate):>5}".rstrip()
        )

    lines += ["", _("Questions, hardest first")]
    ordered = report.by_difficulty()
    withheld = [q for q in report.questions if q.withheld]
    if not ordered and not withheld:
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
        for question in withheld:  # in course order: their place by difficulty would tell
            lines.append(
                f"  {cell(question_name(question), name_width)} {question.answered:>8}  {mark}"
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
        lines.append("  " + nothing_missed(report))
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
    if report.withheld:
        lines.append("")
        lines += textwrap.wrap(withheld_note(report.min_learners), width)
    return "\n".join(lines) + "\n"


def nothing_missed(report: Report) -> str:
    """What "most missed" says when it lists no question."""
    if any(question.withheld for question in report.questions):
        return _("None to show: some questions had too few learners to tell.")
    return _("No question missed yet.")


def withheld_note(minimum: int) -> str:
    """The note under a report some of whose figures are withheld."""
    return ngettext(
        "{mark}: withheld, fewer than {n} learner: a figure over so few would tell how each of "
        "them did.",
        "{mark}: withheld, fewer than {n} learners: a figure over so few would tell how each of "
        "them did.",
        minimum,
    ).format(mark=withheld_mark(minimum), n=minimum)


def _preamble(report: Report, width: int) -> list[str]:
    """The lines under the title that say what the report covers: the group, the sources left
    out, a threshold lowered."""
    lines: list[str] = []
    if report.group is not None:
        lines.append(cell(_("Group: {group}").format(group=report.group), width).rstrip())
    if report.skipped:
        lines.append(
            ngettext(
                "{n} progress file left out: it cannot be read (see the warnings)",
                "{n} progress files left out: they cannot be read (see the warnings)",
                len(report.skipped),
            ).format(n=len(report.skipped))
        )
    if report.shown_for is not None:
        lines += _wrapped(
            _(
                "Figures over as few as {n} learners shown, for {name} only: do not share this "
                "report."
            ).format(n=report.min_learners, name=inert(report.shown_for)),
            width,
            "",
        )
    return lines


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
    "group",
    "withheld",
)


def render_csv(report: Report) -> str:
    """The report as CSV, one row per question (see the module's docstring)."""
    output = io.StringIO()
    writer = csv_writer(output)
    writer.writerow(CSV_COLUMNS)
    quizzes = {quiz.quiz_id: quiz for quiz in report.quizzes}
    mark = withheld_mark(report.min_learners)
    group = text_cell(report.group) if report.group is not None else ""
    for question in report.questions:
        quiz = quizzes[question.quiz_id]
        withheld = report.completion_withheld or quiz.withheld or question.withheld
        writer.writerow(
            (
                # Every text, ids included: a collected progress file may hold anything.
                text_cell(report.course_id),
                report.learners,
                mark if report.completion_withheld else report.completed,
                text_cell(quiz.quiz_id),
                text_cell(quiz.title),
                quiz.attempted,
                mark if quiz.withheld else quiz.passed,
                mark if quiz.withheld else _number(quiz.pass_rate),
                text_cell(question.question_id),
                text_cell(question.prompt),
                question.answered,
                *((mark,) * 4 if question.withheld else ()),
                *(
                    ()
                    if question.withheld
                    else (
                        question.right,
                        _number(question.difficulty),
                        _number(question.discrimination),
                        question.missed,
                    )
                ),
                mark
                if question.withheld
                else (text_cell(question.wrong.text) if question.wrong else ""),
                mark if question.withheld else (question.wrong.count if question.wrong else ""),
                group,
                # Fixed English words for scripts, like the column names.
                f"fewer than {report.min_learners} learners" if withheld else "",
            )
        )
    return output.getvalue()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    rounded = round(value, 4)
    return f"{rounded:.4f}".rstrip("0").rstrip(".") if rounded else "0"
