"""Where the learner stands, in plain mode: what the app's dashboard and certificate dialog say,
as lines to read."""

from __future__ import annotations

from pathlib import Path

from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.plain.conversation import Conversation
from trainer.plain.markdown import item, wrap
from trainer.quiz.scoring import shown_percent
from trainer.review_words import due_date
from trainer.session import Session

CERTIFICATE_FOLDER = "certificates"
"""Where certificates are written, inside the data folder."""


def show_standing(talk: Conversation, session: Session, number_of) -> None:
    """The course in a few lines: lessons and modules complete, the quizzes to work on, the
    questions due for review, and the certificate."""
    course = session.course
    record = session.record()
    current = session.standing(record)
    talk.blank()
    talk.say(_("Where you stand"))
    talk.say(
        _("{done} of {total} lessons complete.").format(done=current.done, total=current.total)
    )
    for module in course.modules:
        done, total = current.modules[module.id]
        talk.say(
            *item(
                "- ",
                _("{title}: {done} of {total} complete.").format(
                    title=inert(module.title), done=done, total=total
                ),
            )
        )
    to_work_on = [
        (lesson, quiz)
        for lesson in course.lessons
        if (quiz := course.quiz_of(lesson)) is not None
        and quiz.id in record.best_scores
        and quiz.id not in record.passed
    ]
    if to_work_on:
        talk.say(_("Quizzes to work on:"))
        for lesson, quiz in to_work_on:
            percent = shown_percent(record.best_scores[quiz.id], course.pass_mark_of(quiz))
            talk.say(
                *item(
                    f"{number_of(lesson)}. ",
                    _("{title}: best score {percent} %.").format(
                        title=inert(lesson.title), percent=percent
                    ),
                )
            )
    now = session.clock()
    due = len(session.due_reviews(now))
    if due:
        talk.say(
            ngettext(
                "{n} question is due for review: type v.",
                "{n} questions are due for review: type v.",
                due,
            ).format(n=due)
        )
    else:
        upcoming = session.next_review(now)
        if upcoming is not None:
            talk.say(
                _("Nothing to review now: the next review is on {date}.").format(
                    date=due_date(upcoming, now)
                )
            )
    if current.complete:
        talk.say(_("The course is complete: type c for your certificate."))


def give_certificate(talk: Conversation, session: Session) -> None:
    """Write the certificate when the course is complete, and say the name on it, where it was
    written and its verification code; before that, say what is left."""
    from trainer.certificate.award import current_award
    from trainer.certificate.files import (
        CertificateError,
        default_file_name,
        what_is_left,
        write_certificate,
    )

    course, store, learner = session.course, session.store, session.learner
    talk.blank()
    if current_award(course, store, learner) is None:
        talk.say(*wrap(what_is_left(course, store, learner) + "."))
        return
    folder = (store.path.parent if store.path is not None else Path.cwd()) / CERTIFICATE_FOLDER
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        award = write_certificate(
            course, store, learner, folder / default_file_name(course, learner), session.clock()
        )
    except OSError as error:
        talk.say(
            *wrap(
                _("The certificate could not be written: {error}").format(
                    error=error.strerror or error
                )
            )
        )
        return
    except CertificateError as error:
        talk.say(*wrap(str(error)))
        return
    path = folder / default_file_name(course, learner)
    talk.say(_("Your certificate is written."))
    talk.say(*wrap(_("Name on the certificate: {name}").format(name=inert(award.learner))))
    talk.say(
        _("File: {path}").format(path=path)
    )  # one line, however long: a path cut in two misleads
    talk.say(_("Verification code: {code}").format(code=award.code))
    talk.say(
        *wrap(
            _("Anyone can check it with: trainer certificate verify {code}").format(code=award.code)
        )
    )
