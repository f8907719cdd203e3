"""The session's side of spaced review: due questions from the store, a review run that records
each answer before returning its grade, choice orders stable per question."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers.clock import FixedClock
from trainer.progress.store import Store
from trainer.session import Session

DAY = timedelta(days=1)


def session_with_wrong_answers(pack, clock: FixedClock) -> Session:
    store = Store.in_memory()
    session = Session(
        pack.course("en"), store, store.add_learner("Anne", clock()), clock, seeds=lambda: 7
    )
    for quiz_id in ("premiere", "deuxieme"):
        run = session.start(pack.course("en").quizzes[quiz_id])
        for question in run.questions:
            run.answer(question, None)  # no answer: wrong
        run.finish()
    return session


def test_nothing_is_due_before_a_day_has_passed(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    assert session.due_reviews() == []
    assert session.start_review().items == ()
    assert session.next_review() is not None


def test_due_questions_are_mixed_across_lessons(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    assert len(session.due_reviews()) == 6
    run = session.start_review()
    assert [item.quiz.id for item in run.items[:4]] == [
        "premiere",
        "deuxieme",
        "premiere",
        "deuxieme",
    ]
    assert run.items[0].lesson.id == "premiere" and run.items[1].lesson.id == "deuxieme"


def test_an_answer_is_recorded_before_its_grade_is_returned(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    run = session.start_review()
    item = next(i for i in run.items if i.question.id == "moteur")
    run.hinted.add(item.key)
    grade = run.answer(item, 1)
    assert grade.correct and run.right == 1
    assert session.store.answer_history(session.learner, session.course.id)[-1][:4] == (
        "premiere",
        "moteur",
        1.0,
        True,
    )
    assert ("premiere", "moteur") not in session.due_reviews()
    assert run.current is not None and run.current.key != item.key
    events = [e for e in session.store.events(session.learner) if e["kind"] == "reviewed"]
    assert len(events) == 1 and events[0]["attempt_id"] is None


def test_choice_orders_are_drawn_from_the_seed_and_stable(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    run = session.start_review(seed=3)
    order_item = next(i for i in run.items if i.question.id == "etapes")
    assert run.order_of(order_item) == run.order_of(order_item)
    assert sorted(run.order_of(order_item)) == [1, 2, 3]
    assert session.start_review(seed=3).order_of(order_item) == run.order_of(order_item)


def test_questions_removed_from_the_course_are_not_due(pack, clock) -> None:
    from trainer.records import replace

    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    course = session.course
    quizzes = {k: q for k, q in course.quizzes.items() if k != "deuxieme"}
    session.course = replace(course, quizzes=quizzes)
    assert {key[0] for key in session.due_reviews()} == {"premiere"}


def test_the_count_due_today_stops_at_the_daily_review_size(pack, clock) -> None:
    session = session_with_wrong_answers(pack, clock)
    clock.now += DAY
    session.store.save_setting(session.learner, "review_size", "4")
    assert len(session.due_reviews()) == 6 and session.due_today() == 4
    run = session.start_review()
    assert len(run.items) == 4
    for item in run.items:
        run.answer(item, None)
    # Today's four are done: the two left wait for tomorrow, and the map counts none.
    assert session.due_today() == 0 and len(session.due_reviews()) == 2
