"""Regression tests of the two crashes of the trainee review (B1, B2): a free-text question after
another (in a quiz and in review), and a burst of enter on a free-text question. Each ends with
the app still running and the record's invariants whole."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input

from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.keys import burst, invariant_breaches, load_pack, write_text_after_text
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.quiz import QuizScreen
from trainer.tui.screens.results import ResultsScreen
from trainer.tui.screens.review import ReviewScreen

SIZE = (80, 24)


def answers(store: Store) -> list[tuple[str, str]]:
    return [
        (e["kind"], e["question_id"])
        for e in store.events()
        if e["kind"] in ("answered", "reviewed")
    ]


def text_field(app: TrainerApp) -> Input:
    (field,) = app.screen.query(Input)
    return field


async def type_answer(pilot, text: str) -> None:
    await pilot.pause()
    text_field(pilot.app).value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_two_text_questions_in_a_row_in_a_quiz(tmp_path: Path) -> None:
    pack = load_pack(write_text_after_text(tmp_path / "pack"))
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    app = TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")  # the first lesson, its quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await type_answer(pilot, "stock")
        await pilot.press("enter")  # on to the second free-text question: DuplicateIds here before
        await pilot.pause()
        assert app.screen.question.id == "moteur"
        await type_answer(pilot, "google")
        assert "Right" in str(app.screen.query_one("#feedback").render())
    assert answers(store) == [("answered", "stock"), ("answered", "moteur")]
    assert invariant_breaches(store.path) == []


async def test_a_review_of_text_after_text(tmp_path: Path) -> None:
    pack = load_pack(write_text_after_text(tmp_path / "pack"))
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    clock = FixedClock()
    app = TrainerApp(pack.course("en"), store, learner_name="Anne", clock=clock, seeds=seeds_from())
    async with app.run_test(size=SIZE) as pilot:
        # Both free-text questions of the first quiz answered wrong; then pause.
        await pilot.press("enter", "enter")
        await pilot.pause()
        await type_answer(pilot, "stock")
        await pilot.press("enter")
        await pilot.pause()
        await type_answer(pilot, "bing")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)

        clock.now += timedelta(days=2)
        await pilot.press("enter", "escape")  # the map counts again when it comes back
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(app.screen.run.items) == 2
        await type_answer(pilot, "flow")
        await pilot.press("enter")  # the second free-text question of the review: the crash of B1
        await pilot.pause()
        await type_answer(pilot, "google")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.done
    assert [q for kind, q in answers(store) if kind == "reviewed"] == ["stock", "moteur"]
    assert invariant_breaches(store.path) == []


async def test_a_burst_of_enter_on_a_free_text_question(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    app = TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("deuxieme")
        await pilot.pause()
        await pilot.press("enter")  # its quiz: a free-text question, then an order one
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and isinstance(app.focused, Input)
        await burst(pilot, *["enter"] * 30)  # NoMatches '#sequence' on OrderBoard here before
        await burst(pilot, *["enter"] * 30)
        assert isinstance(app.screen, (QuizScreen, ResultsScreen))
    # Whatever the burst answered, nothing twice, and one finish at most.
    assert invariant_breaches(store.path) == []
    kinds = [e["kind"] for e in store.events()]
    assert kinds.count("attempt_finished") <= 1
    assert kinds.index("lesson_opened") < kinds.index("attempt_started")


async def test_a_burst_of_enter_from_the_map_keeps_the_record_whole(pack, tmp_path: Path) -> None:
    """Enter held on the course map runs through lessons and quizzes: the record stays whole (and
    each quiz's lesson is opened before its attempt starts)."""
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    app = TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await burst(pilot, *["enter"] * 40)
    assert invariant_breaches(store.path) == []


async def test_a_key_that_reaches_a_lesson_before_it_is_up_is_dropped(pack, tmp_path: Path) -> None:
    """Why a burst recorded `attempt_started` before `lesson_opened`: the key after the one that
    opened a lesson reached the lesson screen before its mount recorded the opening, and started
    the quiz. Such a key is dropped now."""
    from trainer.tui.screens.lesson import LessonScreen

    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    app = TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(LessonScreen(app.session, app.session.course.lesson("deuxieme")))
        assert not app.screen.is_mounted
        assert (
            await app.run_action("continue", app.screen) is False
        )  # enter, as its binding runs it
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("enter")  # once it is up, enter starts the quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
    assert [e["kind"] for e in store.events()] == ["lesson_opened", "attempt_started"]
