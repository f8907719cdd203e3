"""Pilot tests: the whole journey of a trainee, driven by keys and by mouse."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.first_run import FirstRunScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.learners import LearnerScreen
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.screens.quiz import QuizScreen
from trainer.tui.screens.results import ResultsScreen

SIZE = (80, 24)


def make_app(pack, store: Store, language: str = "fr", **options) -> TrainerApp:
    options.setdefault("default_name", "agent")
    return TrainerApp(
        pack.course(language), store, clock=FixedClock(), seeds=seeds_from(), **options
    )


def widget_text(widget) -> str:
    """The text a widget shows on screen, line after line."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def highlighted_id(app: TrainerApp) -> str | None:
    option = app.screen.query_one(OptionList).highlighted_option
    return option.id if option else None


async def test_first_run_asks_a_name_without_guessing_it(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = TrainerApp(pack.course("en"), store, clock=FixedClock(), seeds=seeds_from())
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, FirstRunScreen)
        assert (
            app.screen.query_one(Input).value == ""
        )  # never the login name: it goes on the certificate
        assert "printed on your certificate" in widget_text(app.screen.query_one(".intro"))
        await pilot.press(*"Marie", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
    assert [learner.name for learner in store.learners()] == ["Marie"]


async def test_a_blank_name_is_refused(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    async with make_app(pack, store, default_name="").run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, FirstRunScreen)
    assert store.learners() == []


async def test_whole_journey_then_relaunch_resumes(pack, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store = Store.open(path)
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+u", *"Anne", "enter")
        await pilot.pause()
        assert highlighted_id(app) == "lesson-premiere"  # the first lesson on a first run
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "premiere"
        await pilot.press("enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert str(quiz.query_one("#question-number").render()).startswith("Question 1/3")
        await pilot.press("1", "enter")  # right: Google
        assert quiz.answered is not None and quiz.answered.correct
        await pilot.press("enter", "1", "3", "enter")  # wrong: one right, one wrong pick
        assert quiz.answered.score == 0
        await pilot.press("enter", "2", "enter", "enter")  # true/false: false is right
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result.score == 2 / 3 and not results.result.passed
        assert "67 %" in str(results.query_one("#score").render())
        assert str(results.query_one("#summary").render()) == "2 right, 1 wrong"
        assert "re-read the lesson (escape), then retry the quiz (r)" in str(
            results.query_one("#next-step").render()
        )
        await pilot.press("enter")
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("q")
    store.close()

    reopened = Store.open(path)
    app = make_app(pack, reopened)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # the only learner is remembered
        assert app.session.learner.name == "Anne"
        prompts = [
            str(app.screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(3)
        ]
        assert "67\u00a0%" in prompts[1]  # the best score shows on the map
        assert highlighted_id(app) == "lesson-premiere"  # not passed yet: still the place to work


async def test_an_interrupted_quiz_resumes_at_the_next_question(pack, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    app = make_app(pack, Store.open(path), learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "1", "enter")  # lesson, quiz, first answer
    app = make_app(pack, Store.open(path), learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "quiz in progress" in str(
            app.screen.query_one(OptionList).get_option_at_index(1).prompt
        )
        await pilot.press("enter", "enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.question.id == "traits"
        assert str(quiz.query_one("#question-number").render()).startswith("Question 2/3")


async def test_text_order_and_match_questions_from_the_keyboard(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # second lesson
        assert app.screen.lesson.id == "deuxieme"
        await pilot.press("enter")
        quiz = app.screen
        await pilot.press(*"Article 226-4-1 ", "enter")
        assert quiz.answered.correct
        await pilot.press("enter")
        order = quiz.run.presentation.order_of(quiz.question)
        # Type each shown number in the order of the authored positions 1, 2, 3.
        await pilot.press(*[str(order.index(p) + 1) for p in (1, 2, 3)], "enter")
        assert quiz.answered.correct
        await pilot.press("enter")
        rights = quiz.run.presentation.order_of(quiz.question)
        wrong_first = str(rights.index(2) + 1)  # left A gets the right side of pair 2
        await pilot.press(wrong_first, str(rights.index(2) + 1), "enter")
        assert quiz.answered.response == [2, 2] and quiz.answered.score == 0.5
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        # points: 1 + 1 + 2 × 0.5 over 4
        assert app.screen.result.score == 0.75 and app.screen.result.passed


async def test_hint_is_shown_and_noted(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "h")
        assert app.screen.query_one("#hint").display
        await pilot.press("1", "enter")
    learner = store.learner("Anne")
    attempt = store.open_attempt(learner, pack.id, "premiere")
    assert attempt.answers["moteur"].hinted


async def test_retry_and_max_attempts(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(
            "enter", "enter", "s", "enter", "s", "enter", "s", "enter"
        )  # every question skipped
        assert isinstance(app.screen, ResultsScreen) and app.screen.result.score == 0
        await pilot.press("r")
        assert isinstance(app.screen, QuizScreen)
        assert len(store.attempts(store.learner("Anne"), pack.id, "premiere")) == 2


async def test_help_lists_the_keys_of_the_current_screen(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = widget_text(app.screen.query_one("#help-keys"))
        assert "Hint" in keys and "Answer" in keys
        assert "One answer" in widget_text(app.screen.query_one("#help-answering"))
        await pilot.press("escape")
        assert isinstance(app.screen, QuizScreen)


async def test_help_is_in_french_with_trainer_keys_only_and_reads_whole_at_80x24(
    pack, tmp_path: Path
) -> None:
    from trainer.i18n import set_language

    set_language("fr")
    try:
        app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), learner_name="Anne")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")  # from the course map
            keys = widget_text(app.screen.query_one("#help-keys"))
            lines = [line.rstrip() for line in keys.splitlines()]
            for key, what in (
                ("d", "Tableau de bord"),
                ("s", "Réglages"),
                ("c", "Attestation"),
                ("v", "Révision"),
                ("l", "Apprenants"),
            ):
                assert any(line.split()[0] == key and what in line for line in lines), (key, keys)
            assert len(lines) == len(set(lines))
            assert sum("Quitter" in line for line in lines) == 2  # q here, ctrl+q everywhere
            for generic in ("Focus", "Scroll", "Copy", "Page Up", "super+", "home"):
                assert generic not in keys
            await pilot.press(
                "escape", "enter", "question_mark"
            )  # from a lesson: the map's keys are not listed
            keys = widget_text(app.screen.query_one("#help-keys"))
            assert (
                "Suivante" in keys and "Tableau de bord" not in keys and "Attestation" not in keys
            )
            await pilot.press("escape", "enter", "question_mark")  # from the quiz
            help_screen = app.screen
            assert "Comment répondre" in " ".join(
                str(w.render()) for w in help_screen.query(".subtitle")
            )
            closing = help_screen.query_one("#help-close")
            assert "fermer" in str(closing.render()) or "ferme" in str(closing.render())
            assert (
                closing.region.bottom <= SIZE[1] and closing.region.height == 1
            )  # visible at 80x24
            scroll = help_screen.query_one("#help-scroll")
            await pilot.press("end")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y  # the end can be reached
    finally:
        set_language("en")


async def test_lesson_navigation_with_n_p_and_escape(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        assert app.screen.lesson.id == "deuxieme"
        await pilot.press("n")
        assert app.screen.lesson.id == "lecture"
        await pilot.press("p")
        assert app.screen.lesson.id == "deuxieme"
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)


async def test_a_lesson_without_quiz_is_complete_once_opened(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")
        assert app.screen.lesson.id == "lecture"
        await pilot.press("escape")
        assert app.session.standing().statuses["lecture"].value == "done"


async def test_everything_works_by_mouse(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        option_list = app.screen.query_one(OptionList)
        option_list.highlighted = 1
        await pilot.click(OptionList, offset=(6, 1))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.click("ChoiceRow")  # the first choice shown
        await pilot.pause()
        await pilot.click("#submit")
        await pilot.pause()
        assert app.screen.answered is not None
        await pilot.click("#submit")
        await pilot.pause()
        assert app.screen.question.id == "traits"


async def test_several_learners_are_asked_which_one(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Anne", clock())
    store.add_learner("Bruno", clock())
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LearnerScreen)
        assert highlighted_id(app) == f"learner-{store.learner('Bruno').id}"  # the last one active
        assert (
            app.screen.active_bindings["escape"].binding.description == "Quit"
        )  # what escape does here
        await pilot.press("up", "enter")
        assert isinstance(app.screen, CourseMapScreen)
        assert app.session.learner.name == "Anne"


async def test_pack_text_is_content_never_markup(tmp_path: Path) -> None:
    from tests.helpers.packs import write_pack
    from trainer.quiz.pack_check import check_pack

    root = write_pack(
        tmp_path / "pack",
        lesson_title="[bold]Gras[/bold] \x1b[31mrouge",
        body="[link=https://x.invalid]clic[/link]",
    )
    loaded, _ = check_pack(root)
    app = TrainerApp(
        loaded.course(),
        Store.in_memory(),
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(1).prompt)
        assert "[bold]Gras[/bold]" in prompt and "\\x1b[31m" in prompt and "\x1b" not in prompt
        await pilot.press("enter")
        assert "[link=https://x.invalid]clic[/link]" in widget_text(app.screen.query_one("#body"))


async def test_english_interface_and_content(pack, tmp_path: Path) -> None:
    from trainer.i18n import set_language

    set_language("en")
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), language="en", learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        assert "The basics" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert "First lesson" in str(app.screen.query_one(".title").render())


async def test_resize_keeps_the_screen_usable(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), learner_name="Anne")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.resize_terminal(80, 24)
        await pilot.press("1", "enter")
        assert app.screen.answered.correct


async def test_learners_are_added_renamed_and_deleted_with_a_confirmation(
    pack, tmp_path: Path, clock
) -> None:
    from trainer.tui.screens.confirm import ConfirmScreen
    from trainer.tui.screens.name_dialog import NameScreen

    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # a lesson opened: Anne has a record
        await pilot.press("escape", "l")
        assert isinstance(app.screen, LearnerScreen)
        await pilot.press("a")
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"Bruno", "enter")
        assert app.session.learner.name == "Bruno"  # a new learner starts at once
        await pilot.press("l")
        assert highlighted_id(app) == f"learner-{store.learner('Bruno').id}"
        await pilot.press("r", "ctrl+u", *"Bruno Martin", "enter")
        assert store.learner("Bruno Martin") is not None
        assert app.sub_title == "Bruno Martin"  # the header follows at once
        await pilot.press("up", "d")  # Anne
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 recorded step" in str(app.screen.message)
        await pilot.press("n")
        assert store.learner("Anne") is not None  # cancelled: nothing lost
        await pilot.press("d", "y")
        assert store.learner("Anne") is None
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)
        assert app.sub_title == "Bruno Martin"


async def test_deleting_the_current_learner_clears_the_header_at_once(
    pack, tmp_path: Path, clock
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Anne", clock())
    store.add_learner("Bruno", clock())  # an existing learner: a new name would be confirmed first
    app = make_app(pack, store, learner_name="Bruno")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        while highlighted_id(app) != f"learner-{store.learner('Bruno').id}":
            await pilot.press("down")
        await pilot.press("d", "y")
        assert store.learner("Bruno") is None and app.sub_title == ""
        await pilot.press("escape")  # the one left takes over
        assert isinstance(app.screen, CourseMapScreen) and app.sub_title == "Anne"


async def test_an_answer_that_cannot_be_saved_gets_no_feedback(
    pack, tmp_path: Path, monkeypatch
) -> None:
    from trainer.progress.store import StoreError

    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        quiz = app.screen

        def full(*args, **kwargs):
            raise StoreError("the disk is full")

        monkeypatch.setattr(store, "record_answer", full)
        await pilot.press("1", "enter")
        assert quiz.answered is None  # no feedback for an answer not saved
        monkeypatch.undo()
        await pilot.press("enter")
        assert quiz.answered is not None and quiz.answered.correct


async def test_a_paused_quiz_says_where_it_resumes(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en", learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "Start the quiz (3 questions)" in str(app.screen.query_one("#start").label)
        await pilot.press("enter", "1", "enter", "escape")  # one answer, then pause
        assert isinstance(app.screen, LessonScreen)
        assert str(app.screen.query_one("#start").label) == "Resume — question 2 of 3 ⏎"
        assert "resume at question 2 of 3" in " ".join(str(n.message) for n in app._notifications)
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en", learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # a later launch says it too
        assert str(app.screen.query_one("#start").label) == "Resume — question 2 of 3 ⏎"


async def test_after_a_pass_the_map_cursor_moves_to_the_next_lesson(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en", learner_name="Anne")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(
            "enter",
            "enter",
            "1",
            "enter",
            "enter",
            "1",
            "2",
            "enter",
            "enter",
            "2",
            "enter",
            "enter",
        )
        assert isinstance(app.screen, ResultsScreen) and app.screen.result.passed
        assert str(app.screen.query_one("#summary").render()) == "3 right, 0 wrong"
        assert "Second lesson" in str(app.screen.query_one("#next-step").render())
        await pilot.press("enter")
        assert isinstance(app.screen, CourseMapScreen)
        assert highlighted_id(app) == "lesson-deuxieme"
        await pilot.press("up", "enter", "enter")  # the first lesson's quiz again…
        await pilot.press("1", "enter", "enter", "1", "2", "enter", "enter", "2", "enter", "enter")
        assert isinstance(app.screen, ResultsScreen) and app.screen.result.passed
        await pilot.press("n")  # …and n goes straight on to the next lesson
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"
        assert isinstance(app.screen_stack[-2], CourseMapScreen)
