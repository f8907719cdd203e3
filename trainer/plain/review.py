"""Spaced review in plain mode: the questions due, mixed across lessons, asked as in a quiz.

The same `Session.start_review` as the app's `v`: the same FSRS schedule replayed from the store,
the same daily size, each answer recorded before its feedback is written.
"""

from __future__ import annotations

from functools import partial

from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.plain.conversation import Conversation
from trainer.plain.markdown import wrap
from trainer.plain.quiz import Left, ask_question, show_feedback, show_question
from trainer.review_words import review_outcome
from trainer.session import Session


def review_help() -> list[str]:
    """The commands of a review, one a line."""
    return [
        _("Commands in a review:"),
        _("h: the hint, when the question has one."),
        _("s: skip the question; it comes back soon."),
        _("m: stop the review and go back to the menu; the questions not answered stay due."),
        _("q: stop the review and quit."),
        _("?: this help."),
        _("Every answer is saved at once."),
    ]


def take_review(talk: Conversation, session: Session) -> Left:
    """Ask the questions due now, up to today's review size, then say how it went and when the
    next review falls due."""
    run = session.start_review()
    talk.blank()
    if not run.items:
        talk.say(
            *[line for sentence in review_outcome(run, session.clock()) for line in wrap(sentence)]
        )
        return Left.FINISHED
    total = len(run.items)
    talk.say(
        ngettext(
            "Review: {n} question due, from every lesson you answered.",
            "Review: {n} questions due, from every lesson you answered.",
            total,
        ).format(n=total)
    )
    talk.say(_("Type ? for the commands of a review."))
    while (item := run.current) is not None:
        source = item.lesson.title if item.lesson is not None else item.quiz.title
        heading = _("Review {n} of {total}, from: {source}").format(
            n=run.number_of(item), total=total, source=inert(source)
        )
        order = run.order_of(item)
        show_question(talk, item.question, order, heading)
        answer = ask_question(
            talk,
            item.question,
            order,
            answer=partial(run.answer, item),
            hinted=partial(run.hinted.add, item.key),
            help_lines=review_help(),
            pause_note=_("Review stopped: the questions not answered stay due."),
        )
        if isinstance(answer, Left):
            return answer
        show_feedback(talk, item.question, answer)
    talk.blank()
    talk.say(_("Review finished."))
    talk.say(
        *[line for sentence in review_outcome(run, session.clock()) for line in wrap(sentence)]
    )
    return Left.FINISHED
