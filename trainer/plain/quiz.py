"""A quiz in plain mode: each question as text, the answer typed, feedback as text, the score.

Every answer goes through `QuizRun.answer`, which records it before it returns: the feedback
printed after it always matches a record that outlives the session, and a quiz left at any prompt
resumes at the next question.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import partial

from trainer.course.model import Matching, Question
from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.plain.conversation import Conversation
from trainer.plain.markdown import markdown_lines, wrap
from trainer.plain.responses import (
    Unreadable,
    given_answer,
    instruction,
    listed,
    options,
    read_response,
    right_answer,
    verdict,
)
from trainer.quiz.feedback import own_remarks, remark_text
from trainer.quiz.grading import Grade
from trainer.quiz.scoring import QuizResult, shown_percent
from trainer.session import QuizRun


class Left(Enum):
    """How the learner left a quiz."""

    FINISHED = "finished"
    PAUSED = "paused"
    """Back to the menu; the attempt resumes at the next question."""
    QUIT = "quit"
    """Out of trainer; the attempt resumes at the next question."""


def quiz_help() -> list[str]:
    """The commands of a quiz, one a line."""
    return [
        _("Commands in a quiz:"),
        _("h: the hint, when the question has one."),
        _("s: skip the question; it counts 0."),
        _("m: pause the quiz and go back to the menu."),
        _("q: pause the quiz and quit."),
        _("?: this help."),
        _("Every answer is saved at once: a paused quiz resumes at the next question."),
    ]


def quiz_heading(title: str) -> str:
    """The line that names a quiz: « Quiz: Les quatre traits », or its title alone when the title
    already says it is a quiz (the bundled course's « Quiz – … »), never « Quiz: Quiz – … »."""
    word = _("Quiz")
    if title.casefold().startswith(word.casefold()):
        return title
    return _("Quiz: {title}").format(title=title)


def show_question(
    talk: Conversation, question: Question, order: tuple[int, ...], heading: str
) -> None:
    """Write a question: its heading (« Question 2 of 5 »), its prompt, what to pick from, and
    how to answer."""
    talk.blank()
    talk.say(heading)
    talk.say(*markdown_lines(inert(question.prompt)))
    if isinstance(question, Matching):
        talk.say(_("Left sides:"), *listed([inert(left) for left in question.lefts], numbered=True))
        talk.say(_("Right sides:"))
    talk.say(*listed(options(question, order), numbered=True))
    if question.hint:
        talk.say(_("A hint is available: type h."))
    talk.say(*wrap(instruction(question)))


def show_feedback(talk: Conversation, question: Question, grade: Grade) -> None:
    """Write what the answer was worth: the verdict, the answer given (each choice once, with the
    author's feedback on it), the right answer when it was missed, and the explanation."""
    talk.say(verdict(grade))
    if grade.answered:
        talk.say(*given_answer(question, grade))
    for remark in own_remarks(question, grade):
        talk.say(*wrap(remark_text(remark)))
    if not grade.correct:
        talk.say(*right_answer(question))
    if question.explanation:
        talk.say(*wrap(_("Explanation: {text}").format(text=inert(question.explanation))))


def ask_question(
    talk: Conversation,
    question: Question,
    order: tuple[int, ...],
    answer: Callable[[object], Grade],
    hinted: Callable[[], None],
    help_lines: list[str],
    pause_note: str | None,
) -> Grade | Left:
    """Ask until the line typed answers the question (or skips it, or leaves); the grade, once
    `answer` recorded it. `hinted` notes that the hint was shown; `pause_note` is said
    on leaving."""
    while True:
        line = talk.ask(_("Your answer:"))
        command = line.strip().casefold()
        if command == "?":
            talk.say(*help_lines)
            continue
        if command == "h":
            if question.hint:
                hinted()
                talk.say(*wrap(_("Hint: {hint}").format(hint=inert(question.hint))))
            else:
                talk.say(_("This question has no hint."))
            continue
        if command in ("m", "q"):
            if pause_note:
                talk.say(pause_note)
            return Left.PAUSED if command == "m" else Left.QUIT
        if command == "s":
            return answer(None)
        try:
            response = read_response(question, order, line)
        except Unreadable as why:
            talk.say(str(why), _("Try again, or type ? for help."))
            continue
        return answer(response)


def take_quiz(talk: Conversation, run: QuizRun) -> Left:
    """Ask every question not answered yet, then write the result."""
    quiz = run.quiz
    total = run.total  # the questions drawn, for a quiz that draws from a bank
    talk.blank()
    talk.say(*wrap(quiz_heading(inert(quiz.title))))
    talk.say(
        ngettext("{n} question.", "{n} questions.", total).format(n=total)
        + " "
        + _("Pass mark: {percent} %.").format(percent=round(run.pass_mark * 100))
    )
    if run.grades and run.current is not None:
        talk.say(
            _("Resuming at question {n} of {total}: your earlier answers are kept.").format(
                n=run.number_of(run.current), total=total
            )
        )
    talk.say(_("Type ? for the commands of a quiz."))
    while (question := run.current) is not None:
        order = run.presentation.order_of(question)
        heading = _("Question {n} of {total}").format(n=run.number_of(question), total=total)
        show_question(talk, question, order, heading)
        answer = ask_question(
            talk,
            question,
            order,
            answer=partial(run.answer, question),
            hinted=partial(run.hinted.add, question.id),
            help_lines=quiz_help(),
            # The question it resumes at, by number: « the next question » read as one skipped.
            pause_note=_(
                "Quiz paused, your answers are kept: it will resume at question {n} of {total}."
            ).format(n=run.number_of(question), total=total)
            if run.grades
            else None,
        )
        if isinstance(answer, Left):
            return answer
        show_feedback(talk, question, answer)
    show_result(talk, run, run.finish())
    return Left.FINISHED


def show_result(talk: Conversation, run: QuizRun, result: QuizResult) -> None:
    """Write the score, pass or fail, the best score and the attempts left."""
    total = len(result.grades)
    right = sum(1 for grade in result.grades if grade.correct)
    talk.blank()
    talk.say(*wrap(_("Finished: {title}").format(title=inert(run.quiz.title))))
    talk.say(
        ngettext("{right} of {n} question right.", "{right} of {n} questions right.", total).format(
            right=right, n=total
        )
    )
    if run.quiz.draw is not None:  # a retry draws other questions from the bank
        talk.say(
            ngettext(
                "{n} question drawn from {total}.", "{n} questions drawn from {total}.", total
            ).format(n=total, total=len(run.quiz.questions))
        )
    talk.say(
        _("Score: {percent} %. Pass mark: {mark} %.").format(
            percent=result.percent, mark=round(result.pass_mark * 100)
        )
    )
    talk.say(_("Passed.") if result.passed else _("Not passed yet."))
    finished = run.session.finished_attempts(run.quiz)
    if len(finished) > 1:
        best = max(a.score for a in finished if a.score is not None)
        talk.say(
            _("Your best score: {percent} %.").format(percent=shown_percent(best, result.pass_mark))
        )
    left = run.attempts_left
    if left is not None:
        talk.say(ngettext("{n} attempt left.", "{n} attempts left.", left).format(n=left))
