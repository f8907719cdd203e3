"""Completion: a lesson is complete once opened and its quiz, if any, passed; modules, course."""

from __future__ import annotations

import pytest

from trainer.course.model import TrueFalse
from trainer.quiz.completion import Standing, Status, lesson_status, standing

QUESTION = TrueFalse(id="q", prompt="?")


@pytest.fixture
def course(build):
    """Two modules. `intro` has quiz `intro` (same id); `notes` has none; `practice` names quiz
    `final` in its front matter; `wrap-up` has quiz `wrap-up`; `extra` has none."""
    return build.course(
        {
            "basics": [build.lesson("intro"), build.lesson("notes")],
            "advanced": [
                build.lesson("practice", quiz="final"),
                build.lesson("wrap-up"),
                build.lesson("extra"),
            ],
        },
        quizzes=[build.quiz(qid, [QUESTION]) for qid in ("intro", "final", "wrap-up", "unused")],
    )


ORDER = ["intro", "notes", "practice", "wrap-up", "extra"]
ALL_QUIZZES = {"intro", "final", "wrap-up"}


# --- one lesson -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lesson_id", "opened", "passed", "expected"),
    [
        # a lesson with a quiz
        ("intro", set(), set(), Status.NEW),
        ("intro", set(), {"intro"}, Status.NEW),  # passing the quiz without opening is not enough
        ("intro", {"intro"}, set(), Status.READ),
        ("intro", {"intro"}, {"final"}, Status.READ),  # another lesson's quiz
        ("intro", {"intro"}, {"intro"}, Status.DONE),
        # a lesson without a quiz is complete once opened
        ("notes", set(), set(), Status.NEW),
        ("notes", {"notes"}, set(), Status.DONE),
        ("extra", {"extra"}, set(), Status.DONE),
        # the quiz named by the front matter is the one that counts
        ("practice", {"practice"}, set(), Status.READ),
        ("practice", {"practice"}, {"practice"}, Status.READ),
        ("practice", {"practice"}, {"final"}, Status.DONE),
        ("practice", set(), {"final"}, Status.NEW),
        ("wrap-up", {"wrap-up"}, {"wrap-up"}, Status.DONE),
        ("wrap-up", {"intro", "notes"}, {"wrap-up"}, Status.NEW),
    ],
)
def test_lesson_status(course, lesson_id: str, opened: set, passed: set, expected: Status) -> None:
    assert lesson_status(course, course.lesson(lesson_id), opened, passed) is expected
    assert standing(course, opened, passed).statuses[lesson_id] is expected


# --- modules and course -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opened", "passed", "basics", "advanced", "done"),
    [
        (set(), set(), (0, 2), (0, 3), 0),
        (set(), ALL_QUIZZES, (0, 2), (0, 3), 0),
        ({"notes"}, set(), (1, 2), (0, 3), 1),
        ({"intro"}, set(), (0, 2), (0, 3), 0),
        ({"intro", "notes"}, {"intro"}, (2, 2), (0, 3), 2),
        ({"intro", "notes"}, set(), (1, 2), (0, 3), 1),
        ({"extra", "practice"}, {"final"}, (0, 2), (2, 3), 2),
        ({"extra", "practice", "wrap-up"}, {"final"}, (0, 2), (2, 3), 2),
        (set(ORDER), set(), (1, 2), (1, 3), 2),
        (set(ORDER), {"intro", "final"}, (2, 2), (2, 3), 4),
        (set(ORDER), ALL_QUIZZES, (2, 2), (3, 3), 5),
        (set(ORDER), ALL_QUIZZES | {"unused"}, (2, 2), (3, 3), 5),
    ],
)
def test_module_and_course_shares(course, opened, passed, basics, advanced, done: int) -> None:
    result = standing(course, opened, passed)
    assert result.modules == {"basics": basics, "advanced": advanced}
    assert result.done == done
    assert result.total == 5
    assert result.fraction == pytest.approx(done / 5)
    assert result.complete is (done == 5)


def test_statuses_follow_course_order(course) -> None:
    assert list(standing(course, set(), set()).statuses) == ORDER


# --- next lesson ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opened", "passed", "expected"),
    [
        (set(), set(), "intro"),  # the first lesson on a first run
        ({"intro"}, set(), "intro"),  # read, quiz not passed: still to do
        ({"intro"}, {"intro"}, "notes"),
        ({"intro", "notes"}, {"intro"}, "practice"),  # on to the next module
        ({"notes"}, set(), "intro"),  # the first incomplete one, not the one after the last done
        ({"notes", "practice", "wrap-up", "extra"}, {"final", "wrap-up"}, "intro"),
        ({"intro", "notes", "practice", "extra"}, {"intro", "final"}, "wrap-up"),
        ({"intro", "notes", "practice", "wrap-up"}, ALL_QUIZZES, "extra"),
        (set(ORDER), ALL_QUIZZES - {"final"}, "practice"),
        (set(ORDER), ALL_QUIZZES, None),  # complete
    ],
)
def test_next_lesson_is_the_first_incomplete_in_course_order(
    course, opened, passed, expected
) -> None:
    result = standing(course, opened, passed)
    assert result.next_lesson == expected
    assert result.complete is (expected is None)


def test_a_complete_course(course) -> None:
    result = standing(course, set(ORDER), ALL_QUIZZES)
    assert result.complete
    assert result.fraction == 1.0
    assert result.next_lesson is None
    assert set(result.statuses.values()) == {Status.DONE}


def test_a_course_without_quizzes_is_complete_once_every_lesson_is_opened(build) -> None:
    course = build.course({"only": [build.lesson("a"), build.lesson("b")]})
    assert standing(course, {"a"}, set()).next_lesson == "b"
    assert standing(course, {"a"}, set()).fraction == 0.5
    assert standing(course, {"a", "b"}, set()).complete


def test_a_standing_from_plain_numbers() -> None:
    result = Standing(
        {"a": Status.DONE, "b": Status.READ, "c": Status.NEW, "d": Status.DONE}, {}, "b"
    )
    assert (result.done, result.total, result.fraction, result.complete) == (2, 4, 0.5, False)
