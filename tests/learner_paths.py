"""A learner's way through a pack, recorded in a store: events the xAPI tests make statements of."""

from __future__ import annotations

from trainer.progress.store import Learner, Store
from trainer.quiz.grading import answer_key
from trainer.session import Session


def take_course(
    store: Store, pack, name: str, clock, language: str = "en", right: bool = True
) -> Learner:
    """`name` opens every lesson and takes its quiz, answering right (the course completes) or
    leaving every answer blank (every quiz failed); the seeds are fixed."""
    from tests.conftest import seeds_from

    course = pack.course(language)
    learner = store.learner(name) or store.add_learner(name, clock())
    session = Session(course, store, learner, clock, seeds_from())
    for lesson in course.lessons:
        session.open_lesson(lesson)
        quiz = course.quiz_of(lesson)
        if quiz is None:
            continue
        run = session.start(quiz, lesson.id)
        for question in run.questions:
            run.answer(question, answer_key(question) if right else None)
        run.finish()
    return learner
