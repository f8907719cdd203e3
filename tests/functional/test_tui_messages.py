"""Textual's patterns in the app: the answering widgets redraw from their reactives and post
their own `Changed`; screens ask the app by messages, and a request from a screen already
replaced is dropped."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.messages import LearnerSwitchRequested, LessonRequested, ResponseChanged
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.learners import LearnerScreen
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.choice_row import ChoiceRow
from trainer.tui.widgets.match_board import MatchBoard
from trainer.tui.widgets.order_board import OrderBoard

SIZE = (80, 24)


class BoardApp(App[None]):
    """One answering widget alone, and the `ResponseChanged` it posts."""

    def __init__(self, board) -> None:
        super().__init__()
        self.board = board
        self.changes: list[type] = []

    def compose(self) -> ComposeResult:
        yield self.board

    @on(ResponseChanged)
    def _note(self, event: ResponseChanged) -> None:
        self.changes.append(type(event))


def picked_rows(board) -> list[int]:
    return [row.number for row in board.query(ChoiceRow) if row.has_class("-picked")]


async def test_a_choice_list_redraws_from_its_state_and_says_it_changed() -> None:
    board = ChoiceList(["one", "two", "three"], [1, 2, 3], multiple=True)
    app = BoardApp(board)
    async with app.run_test() as pilot:
        board.focus()
        board.pick(2)  # a digit, as the question's screen passes it on
        board.pick(3)
        await pilot.pause()
        assert board.chosen == (2, 3) and picked_rows(board) == [2, 3]
        assert app.changes == [ChoiceList.Changed, ChoiceList.Changed]
        board.chosen = (1,)  # set from outside: the watcher draws it all the same
        await pilot.pause()
        assert picked_rows(board) == [1] and board.response() == [1]
        await pilot.press("up", "space")  # space still picks the highlighted choice (two)
        assert board.chosen == (1, 2)
        board.reveal({2})
        await pilot.pause()
        assert board.locked
        board.pick(3)
        await pilot.press("space")
        assert board.chosen == (1, 2)  # answered: locked


async def test_an_order_board_and_a_match_board_post_their_own_changed() -> None:
    order = OrderBoard(["a", "b", "c"], [3, 1, 2])
    app = BoardApp(order)
    async with app.run_test() as pilot:
        order.focus()
        order.pick(2)
        await pilot.pause()
        assert order.sequence == (2,) and app.changes == [OrderBoard.Changed]
        order.pick(1)  # the last item follows the last but one
        assert order.complete and order.response() == [1, 3, 2]
        await pilot.press("backspace")
        assert order.sequence == (2, 1)
    match = MatchBoard(["A", "B"], ["x", "y"], [2, 1])
    app = BoardApp(match)
    async with app.run_test() as pilot:
        match.focus()
        match.pick(2)
        await pilot.pause()
        assert match.assigned == {0: 2} and match.current == 1
        assert app.changes == [MatchBoard.Changed]
        assert match.response() == [1, None] and match.unmatched == ["B"]


def make_app(pack, tmp_path: Path) -> TrainerApp:
    store = Store.open(tmp_path / "p.sqlite3")
    return TrainerApp(
        pack.course("en"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )


async def test_the_app_answers_a_screens_requests(pack, tmp_path: Path) -> None:
    app = make_app(pack, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        course_map = app.screen
        assert isinstance(course_map, CourseMapScreen)
        course_map.post_message(LessonRequested(course_map, "deuxieme"))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"
        await pilot.press("escape")
        await pilot.press("l")  # the course map asks for the learners
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)


async def test_a_request_from_a_screen_already_replaced_is_dropped(pack, tmp_path: Path) -> None:
    app = make_app(pack, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        course_map = app.screen
        await pilot.press("enter")
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        # Queued by a burst of keys before the lesson covered the map: not acted on.
        course_map.post_message(LearnerSwitchRequested(course_map))
        course_map.post_message(LessonRequested(course_map, "deuxieme"))
        await pilot.pause()
        assert app.screen is lesson
