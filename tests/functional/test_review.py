"""Pilot tests of spaced review: the count on the course map follows a fixed clock, the review
screen asks the questions due and the count drops once they are answered right."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.review import ReviewScreen

SIZE = (80, 24)
DAY = timedelta(days=1)

# The first lesson's quiz, in its authored order: Google is right; flow and participation (1, 3
# picks one right and one wrong); a feed is not chronological (2 = false); then from the results
# back to the course map.
FIRST_QUIZ_ONE_WRONG = (
    "enter",
    "enter",
    "1",
    "enter",
    "enter",
    "1",
    "3",
    "enter",
    "enter",
    "2",
    "enter",
    "enter",
    "enter",
)


def make_app(pack, store: Store, clock: FixedClock | None = None) -> TrainerApp:
    return TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=clock or FixedClock(),
        seeds=seeds_from(),
        default_name="agent",
    )


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def back_to_the_map(pilot) -> CourseMapScreen:
    """Open a lesson and come back, as a learner would: the map counts again on resume."""
    await pilot.press("enter", "escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CourseMapScreen)
    return pilot.app.screen


async def test_the_review_count_follows_the_clock_and_drops_after_a_right_review(
    pack, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    clock = FixedClock()
    app = make_app(pack, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*FIRST_QUIZ_ONE_WRONG)
        course_map = app.screen
        assert isinstance(course_map, CourseMapScreen)
        assert course_map.due == 0  # the wrong answer comes back tomorrow, not now
        assert not course_map.query_one("#review-count").display

        clock.now += DAY
        course_map = await back_to_the_map(pilot)
        assert course_map.due == 1
        assert course_map.query_one("#review-count").display
        assert "1 question due" in text_of(course_map, "#review-count")

        await pilot.press("v")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "Review 1/1" in text_of(review, "#question-number")
        assert "First lesson" in text_of(review, "#review-lesson")
        assert review.question.id == "traits"
        await pilot.press("1", "2", "enter")  # flow and participation: right
        assert review.answered is not None and review.answered.correct
        assert "Right" in text_of(review, "#feedback") and "Flow and participation." in text_of(
            review, "#feedback"
        )
        assert store.answer_history(app.session.learner, pack.id)[-1][:4] == (
            "premiere",
            "traits",
            1.0,
            False,
        )

        await pilot.press("enter")  # the summary
        assert review.done
        summary = text_of(review, "#score")
        assert "1 of 1 question right." in summary
        assert "Next review in 1 day" in summary  # Google and the feed, answered right a day ago
        enter = review.active_bindings["enter"].binding.description
        assert enter == "Course map" and str(review.query_one("#submit").label).startswith(
            enter
        )  # footer and button agree

        await pilot.press("enter")
        course_map = app.screen
        assert isinstance(course_map, CourseMapScreen)
        assert course_map.due == 0
        assert not course_map.query_one("#review-count").display

        clock.now += DAY
        course_map = await back_to_the_map(pilot)
        assert course_map.due == 2  # the two right answers of the quiz, two days on


async def test_a_wrong_review_is_shown_with_the_right_answer_and_stays_scheduled(
    pack, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    clock = FixedClock()
    app = make_app(pack, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*FIRST_QUIZ_ONE_WRONG)
        clock.now += DAY
        await back_to_the_map(pilot)
        await pilot.press("v", "3", "enter")  # wrong again
        review = app.screen
        feedback = text_of(review, "#feedback")
        assert "Incorrect answer" in feedback and "Flow and participation." in feedback
        choices = " ".join(str(text.render()) for text in review.query("ChoiceRow .text"))
        assert "No." in choices  # the chosen choice's own feedback
        assert (
            "right answer, not ticked" in choices
        )  # the right ones, marked on the choices themselves
        await pilot.press("enter")
        assert "0 of 1 question right." in text_of(review, "#score")
        await pilot.press("escape")
        course_map = app.screen
        assert isinstance(course_map, CourseMapScreen) and course_map.due == 0
        clock.now += DAY
        assert (await back_to_the_map(pilot)).due == 3  # wrong again: due again a day later


async def test_schedules_survive_a_relaunch(pack, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    app = make_app(pack, Store.open(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*FIRST_QUIZ_ONE_WRONG)
    app.store.close()

    later = FixedClock()
    later.now += DAY + timedelta(hours=1)  # the new run's clock starts again from 9:00
    app = make_app(pack, Store.open(path), later)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.due == 1
        assert "1 question due" in text_of(app.screen, "#review-count")


async def test_review_mixes_lessons_and_notes_the_hint(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    clock = FixedClock()
    app = make_app(pack, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(
            "enter", "enter", *["s", "enter"] * 3
        )  # the first quiz skipped whole: three wrong
        await pilot.press("enter")  # results → map
        await pilot.press(
            "down", "enter", "enter", *"wrong", "enter", "enter"
        )  # second lesson: one wrong…
        await pilot.press("escape", "escape")  # …then paused
        assert isinstance(app.screen, CourseMapScreen)
        clock.now += DAY
        course_map = await back_to_the_map(pilot)
        assert course_map.due == 4
        await pilot.press("v")
        review = app.screen
        lessons = []
        for _ in range(4):
            lessons.append("First" in text_of(review, "#review-lesson"))
            if review.question.id == "moteur":
                await pilot.press("h", "1", "enter")  # right after the hint: Hard
            else:
                await pilot.press(
                    "tab", "s"
                )  # skipped (tab first leaves a text field): wrong again
            await pilot.press("enter")
        assert lessons == [True, False, True, True]  # the second lesson's question comes second
        assert review.done
    hinted = [
        entry
        for entry in store.answer_history(store.learner("Anne"), pack.id)
        if entry[1] == "moteur"
    ]
    assert hinted[-1][2:4] == (1.0, True)


async def test_v_with_nothing_due_says_so_and_stays_on_the_map(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert any("Nothing to review" in str(n.message) for n in app._notifications)
        # The footer offers Review only when something is due.
        assert "review" not in {
            b.binding.action for b in app.screen.active_bindings.values() if b.binding.show
        }


async def test_escape_leaves_the_rest_due(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    clock = FixedClock()
    app = make_app(pack, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", *["s", "enter"] * 3, "enter")  # three wrong answers
        clock.now += DAY
        await back_to_the_map(pilot)
        await pilot.press("v", "1", "enter", "escape")  # one reviewed right, then back
        course_map = app.screen
        assert isinstance(course_map, CourseMapScreen)
        assert course_map.due == 2
