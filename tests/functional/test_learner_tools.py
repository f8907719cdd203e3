"""Settings, dashboard and command palette: what a learner reaches from the course map."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, RadioSet, Select, Switch

from tests.conftest import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.dashboard import DashboardScreen
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.screens.settings import SettingsScreen

SIZE = (100, 30)


def make_app(pack, store: Store, language: str = "fr") -> TrainerApp:
    from trainer.i18n import set_language

    set_language(language)
    return TrainerApp(pack.course(language), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from(), pack=pack)


async def test_language_switches_live_and_is_kept(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # a lesson open under the settings
        assert app.screen.lesson.title == "Première leçon"
        app.action_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one(RadioSet).query("RadioButton")[1].value = True  # English
        await pilot.pause()
        assert app.course.language == "en"
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.title == "First lesson"
    assert store.settings(store.learner("Anne"))["language"] == "en"
    app = make_app(pack, store)  # relaunched in French: the learner's language wins
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.course.language == "en"
        assert "The basics" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)


async def test_theme_shuffle_and_pass_mark_are_saved(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one(Select).value = "trainer-high-contrast"
        screen.query_one("#show_pass_mark", Switch).value = False
        await pilot.pause()
        assert app.theme == "trainer-high-contrast"
    settings = store.settings(store.learner("Anne"))
    assert settings["theme"] == "trainer-high-contrast" and settings["show_pass_mark"] == "off"
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "trainer-high-contrast"


async def test_dashboard_shows_modules_scores_and_weak_quizzes(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "2", "enter", "enter", "s", "enter", "s", "enter")
        await pilot.press("enter")  # results → course map
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "0/3 lessons complete" in texts
        assert "Quiz of the first lesson" in texts
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)


async def test_command_palette_opens_a_lesson_by_name(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Open lesson 2: Second lesson" in titles and "Dashboard" in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Open lesson 2: Second lesson")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"


async def test_settings_and_dashboard_keys_only_on_the_course_map(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert isinstance(app.screen, LessonScreen)


async def test_the_pass_mark_can_be_hidden_from_the_results(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.save_setting(store.add_learner("Anne", FixedClock()()), "show_pass_mark", "off")
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "1", "enter", "enter", "s", "enter", "s", "enter")
        assert "pass mark" not in str(app.screen.query_one("#score").render())


async def test_a_completed_course_offers_its_certificate(pack, tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import FixedClock as Clock

    clock = Clock()
    store = Store.open(tmp_path / "p.sqlite3")
    anne = store.add_learner("Anne", clock())
    for lesson in pack.course("fr").lessons:
        store.record_lesson_opened(anne, pack.id, lesson.id, "fr", clock())
    for quiz_id in ("premiere", "deuxieme"):
        attempt = store.start_attempt(anne, pack.id, quiz_id, quiz_id, 1, "fr", clock())
        store.finish_attempt(anne, pack.id, attempt, 1.0, True, "fr", clock())
    monkeypatch.chdir(tmp_path)
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
    written = list(tmp_path.glob("*.pdf"))
    assert len(written) == 1 and written[0].read_bytes().startswith(b"%PDF")


async def test_no_certificate_key_before_the_course_is_complete(pack, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
    assert list(tmp_path.glob("*.pdf")) == []


async def test_turning_shuffle_off_keeps_the_authored_order(tmp_path: Path) -> None:
    from tests.unit_helpers import write_pack
    from trainer.quiz.selftest import check_pack

    quiz = "title: Q\nshuffle: true\nquestions:\n" + "".join(
        f"  - {{id: q{n}, type: true_false, prompt: 'Statement {n}', answer: true, explanation: E}}\n" for n in range(1, 9)
    )
    pack, _ = check_pack(write_pack(tmp_path / "pack", quiz=quiz))
    store = Store.open(tmp_path / "p.sqlite3")
    store.save_setting(store.add_learner("Anne", FixedClock()()), "shuffle", "off")
    app = TrainerApp(pack.course(), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from(), pack=pack)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        assert app.screen.run.presentation.question_ids == tuple(f"q{n}" for n in range(1, 9))
