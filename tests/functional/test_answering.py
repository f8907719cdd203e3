"""Answering by keyboard: nothing graded by accident, the highlight, take-back, skip and hint."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp
from trainer.tui.screens.quiz import QuizScreen
from trainer.tui.widgets.choice_list import ChoiceList

SIZE = (80, 24)


def make_app(course, store: Store) -> TrainerApp:
    store.add_learner("Anne", FixedClock()())
    return TrainerApp(
        course,
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        default_name="agent",
    )


def answers(store: Store, course_id: str, quiz_id: str) -> dict:
    attempt = store.open_attempt(store.learner("Anne"), course_id, quiz_id)
    return attempt.answers if attempt else {}


async def test_a_burst_of_enter_on_a_fresh_question_grades_nothing(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack.course("en"), store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        choices = quiz.query_one(ChoiceList)
        assert choices.cursor is None and not quiz.query(".-cursor")  # nothing highlighted
        await pilot.press(*["enter"] * 30)
        assert quiz.answered is None and quiz.question.id == "moteur"
        assert "Choose an answer, or press s to skip the question." in str(
            quiz.query_one("#nudge").render()
        )
        assert answers(store, pack.id, "premiere") == {}
        await pilot.press("up")  # from nothing, up goes to the last choice…
        await pilot.press("down")  # …and down from the last one stays there, no wrap-around
        assert choices.cursor == len(choices.texts) - 1
        await pilot.press(
            "home", "enter"
        )  # enter answers the highlighted choice: Google, the first
        assert quiz.answered is not None and quiz.answered.correct
        assert not quiz.query_one("#nudge").display


async def test_backspace_unticks_and_s_skips(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack.course("en"), store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "s")
        quiz = app.screen
        assert quiz.answered is not None and not quiz.answered.answered  # skipped: no answer
        await pilot.press("enter", "1", "2", "3", "backspace")  # 3 ticked, then taken back
        assert quiz.panel.response() == [1, 2]
        await pilot.press("down", "space")  # the highlight was on 3: ticked again with space
        assert quiz.panel.response() == [1, 2, 3]
        await pilot.press("enter")
        assert quiz.answered.score < 1
    recorded = answers(store, pack.id, "premiere")
    assert recorded["moteur"].response is None and recorded["traits"].response == [1, 2, 3]


async def test_a_match_with_sides_left_is_refused_with_their_letters(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack.course("en"), store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(
            "down", "enter", "enter", "tab", "s", "enter"
        )  # the text question skipped
        await pilot.press("s", "enter")  # the order question skipped
        quiz = app.screen
        assert quiz.question.id == "paires"
        await pilot.press("1", "enter")
        assert quiz.answered is None
        assert "B still to match" in str(quiz.query_one("#nudge").render())
        await pilot.press("2", "enter")
        assert quiz.answered is not None


async def test_the_hint_of_a_text_question_by_keyboard(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: c\ntitle: C\nlanguages: [en]\nmodules: [{id: m, title: M, lessons: [one]}]\n"
    )
    (root / "lessons" / "one.md").write_text("---\ntitle: One\n---\nText.\n")
    (root / "quizzes" / "one.yaml").write_text(
        "title: Q\nquestions:\n"
        "  - {id: t, type: text, prompt: How many?, accept: ['90'], hint: About nine in ten., "
        "explanation: E}\n"
    )
    pack, diagnostics = check_pack(root)
    assert pack is not None and not diagnostics, diagnostics
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack.course("en"), store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "h")
        quiz = app.screen
        field = quiz.query_one(Input)
        assert (
            field.value == "h" and not quiz.query_one("#hint").display
        )  # h is a letter of the answer
        await pilot.press("backspace", "tab", "h")  # tab leaves the field: h is the hint key again
        assert quiz.query_one("#hint").display
        assert "About nine in ten." in str(quiz.query_one("#hint").render())
        await pilot.press("shift+tab", *"90", "enter")
        assert quiz.answered is not None and quiz.answered.correct
    assert answers(store, pack.id, "one")["t"].hinted
