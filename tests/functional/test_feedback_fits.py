"""Every bundled question, answered wrongly, shows its feedback at 80x24 without scrolling: the
prompt stays on top, each picked choice shows its verdict, and the verdict and the first lines of
the explanation are on screen."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

from tests.conftest import FixedClock
from trainer.course.model import (
    ChoiceQuestion,
    MultipleChoice,
    Question,
)
from trainer.i18n import set_language
from trainer.locations import bundled_course
from trainer.progress.store import Store
from trainer.quiz.attempts import present
from trainer.quiz.grading import grade
from trainer.quiz.pack_check import check_pack
from trainer.session import Session
from trainer.tui.screens.quiz import QuizScreen
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.choice_row import ChoiceRow
from trainer.tui.widgets.match_board import MatchBoard
from trainer.tui.widgets.order_board import OrderBoard

SIZE = (80, 24)
EXPLANATION_LINES = 2
"""How many lines of the explanation must be on screen with the verdict."""


def lines_of(widget: Widget) -> list[str]:
    """The text a widget shows, line after line."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return ["".join(segment.text for segment in strip) for strip in strips]


def answer_wrongly(question: Question, view: Widget) -> None:
    """Answer as a learner who misses it would, with the most to show: the wrong choice with the
    longest feedback; in a several-answer question every right choice but the first, plus the
    wrong choice with the longest feedback (a pick marked wrong, a right one marked missed); the
    first two items of an order swapped; two left sides of a match swapped."""
    if isinstance(view, ChoiceList):
        if isinstance(question, ChoiceQuestion):
            right = [n for n, p in enumerate(view.values, 1) if question.choices[p - 1].correct]
            wrong = [n for n, p in enumerate(view.values, 1) if not question.choices[p - 1].correct]
            picks = [max(wrong, key=lambda n: len(view.feedbacks[n - 1] or ""))] if wrong else []
            if isinstance(question, MultipleChoice):
                picks += right[1:]
            for number in picks:
                view.pick(number)
        else:
            view.pick(2 if question.answer else 1)
    elif isinstance(view, OrderBoard):
        shown = {p: n for n, p in enumerate(view.positions, 1)}
        for position in [2, 1, *range(3, len(view.texts) + 1)]:
            view.pick(shown[position])
    elif isinstance(view, MatchBoard):
        for index in range(len(view.lefts)):
            view.assigned[index] = view.right_side_of(index)
        view.assigned[0], view.assigned[1] = view.assigned[1], view.assigned[0]
    else:
        view.value = "nothing like it"


def verdicts_hidden(panel, feedback) -> list[tuple[int, int]]:
    """The choices picked whose verdict (first on their first line) the feedback hides, with how
    many lines it would take to show them."""
    if not isinstance(panel.view, ChoiceList):
        return []
    return [
        (row.number, row.region.y + 1 - feedback.region.y)
        for row in panel.view.query(ChoiceRow)
        if row.number in panel.view.chosen and row.region.y >= feedback.region.y
    ]


class Harness(App):
    CSS_PATH = "../../trainer/tui/app.tcss"


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_every_bundled_feedback_fits_at_80x24(language: str) -> None:
    set_language(language)
    pack, _ = check_pack(bundled_course())
    course = pack.course(language)
    store = Store.in_memory()
    learner = store.add_learner("Anne", FixedClock()())
    session = Session(course, store, learner, clock=FixedClock())
    misfits: list[str] = []
    scrolled: list[str] = []
    """Questions too long for the screen: scrolled just enough to show the verdicts."""
    checked = 0
    app = Harness()
    async with app.run_test(size=SIZE) as pilot:
        # One quiz screen, as the app lays it out, asks every question of the course in turn.
        screen = QuizScreen(session.start(next(iter(course.quizzes.values()))), None)
        await app.push_screen(screen)
        await pilot.pause()
        panel = screen.panel
        for quiz in course.quizzes.values():
            order = present(quiz, seed=7)
            for question in quiz.questions:
                await panel.query_one(
                    "#answer-area"
                ).remove_children()  # the last question's widgets gone first
                panel.ask(question, order.order_of(question))
                await pilot.pause()  # the view built and laid out, as the app's keys wait for it
                answer_wrongly(question, panel.view)
                panel.reveal(grade(question, panel.response()), "Next")
                await pilot.pause()
                checked += 1
                where = f"{quiz.path} `{question.id}` ({question.type.value})"
                feedback = panel.query_one("#feedback")
                # The scroll that shows the verdicts follows the layout, a few refreshes later: on a
                # loaded machine that can take seconds, so wait for it (up to 10 s), never fail
                # on it.
                for _ in range(200):
                    hidden = verdicts_hidden(panel, feedback)
                    if not hidden:
                        break
                    await pilot.pause(0.05)
                for number, lines in hidden:
                    misfits.append(f"{where}: choice {number}'s verdict hidden by {lines} line(s)")
                if panel.scroll_y != 0:
                    scrolled.append(where)
                shown = lines_of(feedback)
                head = " ".join((question.explanation or "").split()[:2])
                start = next((i for i, line in enumerate(shown) if head and head in line), 1)
                needed = (
                    feedback.content_region.y + start + min(EXPLANATION_LINES, len(shown) - start)
                )
                if needed > panel.content_region.bottom:
                    misfits.append(
                        f"{where}: {needed - panel.content_region.bottom} line(s) of the "
                        "feedback below the screen"
                    )
    assert checked > 150
    assert not misfits, f"{len(misfits)} of {checked}:\n" + "\n".join(misfits)
    # The prompt stays on top but for a few questions whose long choices cannot all show with it:
    # there the question is scrolled just enough for the verdicts (page up shows the prompt).
    print(
        f"{len(scrolled)} of {checked} questions scrolled to show their verdicts:",
        *scrolled,
        sep="\n  ",
    )
    assert len(scrolled) <= checked // 8, scrolled  # 18 in French, 8 in English when written
